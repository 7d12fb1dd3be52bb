"""Regenerates countries.json and states.json (run by hand; CI reads the committed files).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install phonenumbers pycountry
    /tmp/venv/bin/python php-bridge/harness/data/generate.py

Country names are CLDR English names (as WHMCS shows them, e.g. "United Kingdom"), calling
codes come from libphonenumber's metadata, states from ISO 3166-2 via pycountry.
"""

import json
import pathlib

import phonenumbers
import pycountry
from phonenumbers.geocoder import _region_display_name

HERE = pathlib.Path(__file__).parent

countries = []
for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
    code = country.alpha_2
    name = _region_display_name(code, "en") or country.name
    countries.append({"code": code, "name": name, "phonecc": phonenumbers.country_code_for_region(code)})

# WHMCS converts state names to codes for a few countries; the harness models the two whose
# codes registrars most often require (US states, Canadian provinces).
KINDS = {"US": {"State", "District"}, "CA": {"Province", "Territory"}}
states = {}
for cc, kinds in KINDS.items():
    rows = [s for s in pycountry.subdivisions.get(country_code=cc) if s.type in kinds]
    states[cc] = {s.code.split("-", 1)[1]: s.name for s in sorted(rows, key=lambda s: s.code)}

(HERE / "countries.json").write_text(json.dumps(countries, ensure_ascii=False, indent=1) + "\n")
(HERE / "states.json").write_text(json.dumps(states, ensure_ascii=False, indent=1) + "\n")
