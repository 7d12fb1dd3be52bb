#!/usr/bin/env python3
"""Writes the benchmark inputs into bench/data/ (deterministic: the same seed gives the same bytes).

    python3 bench/generate.py [OUT_DIR]

- list_1000.txt, list_50000.txt, list_100000.txt: QueryDomainList (VERSION=2, WIDE=1) replies
  as the ISPAPI sends them (`property[NAME][i] = value`, one column after the other), with the
  columns a portfolio sync reads.
- whmcs_100000.json: WHMCS's active domains of the registrar, in the shape monitor_detect reads
  (`SELECT id, domain, idprotection, additionalnotes AS notes, is_premium AS premium`, plus the
  premium domains' tbldomains_extra names), as keyed objects: what the original widget read
  from WHMCS's database layer (the plain-PHP baseline's input).
- whmcs_100000_rows.json: the same rows as Monitoring::whmcsDomainsJson() writes them for the
  core (`[id, domain, idprotection, notes, premium, extras]`, trailing defaults left out).
- monitor_<case>.txt: the three monitoring lists of that 100 000-domain account (the filters of
  src/monitor/cases.json; OBJECTCLASS and OBJECTID, as the widget asks for them), one reply each.
- monitor_detect.json: monitor_detect's arguments for the same account (for the Rust benches).
- idn_10000.txt: 10 000 mixed internationalised names, one a line (some invalid on purpose).
- pricing_rows.json: pricing_rows's arguments for 1 000 TLDs.
- fields_map.json: fields_map arguments, one per case of fixtures/fields/cases.json.

Standard library only.
"""

import json
import os
import random
import sys

SEED = 20240610
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "bench", "data")

TLDS = ["com", "net", "org", "de", "eu", "io", "app", "shop", "info", "co.uk", "ch", "at"]
WORDS = [
    "alpha", "blue", "cloud", "delta", "eagle", "forest", "garden", "harbor", "island", "jungle",
    "kitchen", "lemon", "maple", "north", "ocean", "pixel", "quartz", "river", "stone", "tiger",
    "urban", "valley", "winter", "yellow", "zen", "market", "studio", "design", "travel", "sport",
]
LIST_COLUMNS = [
    "OBJECTID", "OBJECTCLASS", "SUBCLASS", "STATUS", "CREATEDDATE", "EXPIRATIONDATE",
    "RENEWALMODE", "TRANSFERLOCK", "X-ACCEPT-WHOISTRUSTEE-TAC",
]


def domain_name(i):
    """The i-th domain of the account: unique, lower case, ASCII."""
    return "%s%s%d.%s" % (WORDS[i % 30], WORDS[(i // 30) % 30], i, TLDS[(i * 7) % len(TLDS)])


def reply(columns, rows, first=0, total=None):
    """An ISPAPI reply: header lines, then each column's values in row order."""
    out = ["[RESPONSE]", "code = 200", "description = Command completed successfully"]
    count = len(rows)
    paging = {"FIRST": first, "LAST": first + count - 1, "COUNT": count, "LIMIT": max(count, 1),
              "TOTAL": count if total is None else total}
    for name, value in paging.items():
        out.append("property[%s][0] = %d" % (name, value))
    for c, name in enumerate(columns):
        for i, row in enumerate(rows):
            out.append("property[%s][%d] = %s" % (name, i, row[c]))
    out += ["queuetime = 0", "runtime = 0.412", "EOF", ""]
    return "\n".join(out)


def date(rng, start_year, span_years):
    return "%04d-%02d-%02d %02d:%02d:%02d" % (
        start_year + rng.randrange(span_years), rng.randrange(1, 13), rng.randrange(1, 29),
        rng.randrange(24), rng.randrange(60), rng.randrange(60))


def domain_list(rng, n):
    rows = []
    for i in range(n):
        tld_class = TLDS[(i * 7) % len(TLDS)].upper().replace(".", "")
        premium = rng.random() < 0.01
        rows.append([
            domain_name(i),
            "DOMAIN",
            "PREMIUM_%s_A" % tld_class if premium else tld_class,
            rng.choice(["ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "REQUESTED", "ACTIVE,PENDINGTRANSFER"]),
            date(rng, 2005, 18),
            date(rng, 2025, 9),
            rng.choice(["AUTORENEW", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE"]),
            rng.choice(["1", "1", "1", "0"]),
            rng.choice(["0", "0", "0", "1"]),
        ])
    return rows


def account(rng, n):
    """WHMCS's rows and the registrar's state of the same n domains (a few only at the registrar)."""
    whmcs, protected, unlocked, premium = [], [], [], []
    for i in range(n):
        name = domain_name(i)
        row = {"id": i + 1, "domain": name, "idprotection": 0, "notes": "", "premium": None}
        api_protected = rng.random() < 0.08
        if api_protected:
            protected.append(name)
            # Most protected domains are invoiced for it in WHMCS; the rest is the case.
            row["idprotection"] = 1 if rng.random() < 0.7 else 0
        if rng.random() < 0.12:
            unlocked.append(name)
        if rng.random() < 0.01:
            premium.append(name)
            row["premium"] = 1 if rng.random() < 0.5 else rng.choice([None, 0])
        elif rng.random() < 0.002:
            row["premium"] = 1  # premium in WHMCS only
        if row["premium"] == 1:
            # Complete or missing altogether, so that the original widget's narrower check
            # (renewal cost only) finds the same domains.
            if rng.random() < 0.7:
                row["extras"] = ["registrarRenewalCostPrice", "registrarCostPrice", "registrarCurrency"]
            else:
                row["extras"] = []
        r = rng.random()
        if r < 0.003:
            row["notes"] = rng.choice(["INIT_TRANSFER_SUCCESS", "INIT_TRANSFER_FAIL", "init_transfer_fail"])
        elif r < 0.02:
            row["notes"] = "customer asked for a call before renewal"
        whmcs.append(row)
    # Domains in the account that WHMCS does not know.
    for j in range(n // 200):
        name = "unknown%d.%s" % (j, TLDS[j % len(TLDS)])
        (protected if j % 2 else unlocked).append(name)
    rng.shuffle(protected)
    rng.shuffle(unlocked)
    rng.shuffle(premium)
    return whmcs, {"id_protection": protected, "transfer_lock": unlocked, "premium_at_registrar": premium}


# Labels in many scripts, with the four UTS #46 deviation characters (ß, ς, ZWJ, ZWNJ) and
# characters whose mapping changed between Unicode versions.
IDN_LABELS = [
    "müller", "straße", "bücher", "grün", "köln", "fußball", "weiß", "schön", "MÜNCHEN", "Bäckerei",
    "café", "élève", "crème", "garçon", "hôtel", "españa", "niño", "ørsted", "åland", "æble",
    "ελληνικά", "σπίτι", "πόλις", "ΣΟΦΊΑ", "пример", "москва", "россия", "україна", "中文", "例子",
    "网络", "日本語", "ドメイン", "すし", "한국어", "مثال", "عربي", "उदाहरण", "ตัวอย่าง", "דוגמה",
    "می\u200cخواهم", "ක\u0dca\u200dය", "i❤", "☃", "ａｂｃ", "ﬁnance", "ⅷ", "dž", "İstanbul", "ǅemal",
]
IDN_INVALID = [
    "-bad", "bad-", "ab--cd", "under_score", "a" * 64, "", "xn--abc-", "xn--zz", "xn--a.b",
    "1\u0663", "\u0628\u0061", "a\u200db", "\u0301abc",
]
IDN_TLDS = ["com", "de", "net", "eu", "org", "рф", "中国", "jp", "at", "ch", "gr", "ελ", "ae"]


def idns(rng, n):
    names = []
    for _ in range(n):
        r = rng.random()
        if r < 0.05:
            label = rng.choice(IDN_INVALID)
        elif r < 0.15:
            label = rng.choice(WORDS) + str(rng.randrange(1000))  # plain ASCII
        else:
            label = rng.choice(IDN_LABELS)
            if rng.random() < 0.4:
                label += rng.choice(["-", ""]) + rng.choice(WORDS)
        name = label + "." + rng.choice(IDN_TLDS)
        if rng.random() < 0.15:
            name = rng.choice(IDN_LABELS) + "." + name
        if rng.random() < 0.02:
            name += "."
        names.append(name)
    return names


def pricing(rng, n):
    tlds = []
    for i in range(n):
        ext = ".t%d" % i if i >= len(TLDS) else "." + TLDS[i]
        annual = round(rng.uniform(2, 120), 2)
        tlds.append({
            "extension": ext,
            "class": ext[1:].upper().replace(".", ""),
            "currency": rng.choice(["EUR", "USD"]),
            "setup": 0 if rng.random() < 0.9 else round(rng.uniform(1, 50), 2),
            "annual": annual,
            "transfer": None if rng.random() < 0.05 else annual,
            "restore": round(rng.uniform(20, 150), 2),
            "register_years": rng.choice([[1, 2, 3, 5, 10], [1], [2], [10], list(range(1, 11))]),
            "renew_years": rng.choice([[1, 2, 3, 5, 10], [1], [1, 2, 5], list(range(1, 11))]),
            "epp_required": rng.random() < 0.8,
            "redemption_days": rng.choice([None, 30, 40]),
        })
    return {
        "tlds": tlds,
        "currencies": [{"id": 1, "code": "USD", "default": 1}, {"id": 2, "code": "EUR", "default": 0},
                       {"id": 3, "code": "GBP", "default": 0}],
        "rates": {"USD": 1.085, "GBP": 0.857},
        "margin": {"default": {"percent": 20, "fixed": 0.5, "round_to": 0.99},
                   "tlds": {".com": {"percent": 10}, ".de": {"percent": 50}}},
    }


def fields_cases():
    with open(os.path.join(ROOT, "fixtures", "fields", "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    return [{k: c[k] for k in ("tld", "action", "values", "client") if k in c} for c in cases]


def row_array(d):
    """A WHMCS row as Monitoring::whmcsDomainsJson() writes it: the fields in the core's order,
    trailing defaults left out."""
    fields = [d["id"], d["domain"], d["idprotection"], d["notes"], d["premium"], d.get("extras", [])]
    while len(fields) > 2 and fields[-1] in (0, "", None, []) and fields[-1] is not False:
        fields.pop()
    return fields


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    for n in (1000, 50000, 100000):
        write("list_%d.txt" % n, reply(LIST_COLUMNS, domain_list(random.Random(SEED + n), n)))
    whmcs, lists = account(random.Random(SEED), 100000)
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    write("whmcs_100000.json", json.dumps(whmcs, **compact))
    write("whmcs_100000_rows.json", json.dumps([row_array(d) for d in whmcs], **compact))
    for case, names in lists.items():
        write("monitor_%s.txt" % case, reply(["OBJECTCLASS", "OBJECTID"], [["DOMAIN", n] for n in names]))
    rows = [row_array(d) for d in whmcs]
    write("monitor_detect.json", json.dumps({"api": "ispapi", "whmcs": rows, "lists": lists}, **compact))
    write("idn_10000.txt", "\n".join(idns(random.Random(SEED), 10000)) + "\n")
    write("pricing_rows.json", json.dumps(pricing(random.Random(SEED), 1000), **compact))
    write("fields_map.json", json.dumps(fields_cases(), **compact))
    print("generate: inputs written to %s" % OUT)


if __name__ == "__main__":
    main()
