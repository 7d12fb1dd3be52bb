#!/usr/bin/env python3
"""Cross-checks the shared wire fixtures (fixtures/wire/) against the official Python SDKs.

The SDKs are the vendors' own reading of the protocol: `hexonet.apiconnector` (ISPAPI) and
`centralnicreseller.apiconnector` (CNR). This script installs nothing; install the pinned
versions first:

    pip install -r tests/sdk_crosscheck/requirements.txt
    python3 tests/sdk_crosscheck/crosscheck.py          # unittest summary, exit 1 on failure

What is compared
- responses/NAME.txt: the SDK's `Response(raw)` against NAME.json: code, description (or
  description_prefix), success/kind, queuetime/runtime, columns, properties and pagination.
  SDK names map to ours as: getColumnKeys -> columns, getColumn(k).getData() -> properties[k],
  getFirstRecordIndex -> first, getLastRecordIndex -> last, getRecordsCount -> count,
  getRecordsTotalCount -> total, getRecordsLimitation -> limit, getCurrentPageNumber -> page,
  getNumberOfPages -> pages, hasNextPage -> (next_first is not None).
  Conventions that differ only in how "nothing" is spelled are mapped, not counted as
  disagreements (see `_MAPPED`).
- commands.json: the SDK's own flattening (`APIClient.__flattenCommand`) and serialisation
  (`APIClient.getPOSTData`, the `s_command` field) against `text`, compared as a multiset of
  lines because the SDKs sort the keys while we keep the caller's order. The SDK's automatic
  IDN conversion (`__autoIDNConvert`, which for ISPAPI is a network call) is deliberately
  bypassed: our encoder never converts. Error fixtures have no SDK counterpart (the SDKs
  validate nothing) and are only checked for internal consistency.

Where the SDKs and our contract disagree, the difference is listed in `KNOWN_DIFFERENCES`
with the reason we keep our behaviour. Those entries are asserted to still differ, so a list
that goes stale fails the run.
"""

import copy
import json
import math
import os
import re
import sys
import unittest
from urllib.parse import unquote

try:
    from hexonet.apiconnector.apiclient import APIClient as IspapiClient
    from hexonet.apiconnector.response import Response as IspapiResponse
    from centralnicreseller.apiconnector.apiclient import APIClient as CnrClient
    from centralnicreseller.apiconnector.response import Response as CnrResponse
except ImportError as exc:  # pragma: no cover - environment problem, not a test failure
    sys.stderr.write(
        "crosscheck: the SDKs are not installed ({}).\n"
        "Install them with: pip install -r tests/sdk_crosscheck/requirements.txt\n".format(exc)
    )
    sys.exit(2)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WIRE = os.path.join(ROOT, "fixtures", "wire")
RESPONSES = os.path.join(WIRE, "responses")

SDKS = {
    "ispapi": (IspapiClient, IspapiResponse),
    "cnr": (CnrClient, CnrResponse),
}

# Differences between the SDKs (both behave identically on every fixture) and our contract.
# Key: (fixture name, field). Value: why we deliberately differ.
KNOWN_DIFFERENCES = {
    # -- an index no list can reach (found by cargo-fuzz) ----------------------------------
    **{("malformed_property_index_at_u32_max", field):
        "SDK ignores the [i] index, so property[DOMAIN][4294967295] is row 0 for it; we refuse "
        "an index far beyond the body's size (423) instead of allocating billions of rows."
       for field in ("code", "description", "success", "kind", "columns", "properties")},
    # -- parsing ----------------------------------------------------------------------------
    ("sparse_property_indexes", "properties"):
        "SDK appends values in arrival order and ignores the [i] index, so a missing row "
        "shifts every later value of that column into the wrong row; we place each value at "
        "its index and fill gaps with \"\".",
    ("property_indexes_out_of_order", "properties"):
        "SDK ignores the [i] index (arrival order); we honour it.",
    ("values_with_brace_placeholders_untouched", "properties"):
        "SDK's Response() deletes every {UPPER_CASE} token anywhere in the raw body (its "
        "placeholder substitution for its own error templates), corrupting data; we never "
        "rewrite values.",
    ("query_domain_list_empty", "count"):
        "SDK counts rows as the longest column, and the one-value FIRST/COUNT/TOTAL/LIMIT "
        "columns make that 1; we use the COUNT property (0).",
    ("query_domain_list_empty", "last"):
        "Follows from count: SDK has count 1 so last = 0; we have count 0 and no LAST, so null.",
    ("cnr_query_domain_list_empty", "count"):
        "SDK counts rows as the longest column (COLUMN has 2 values); we use COUNT (0).",
    ("runtime_not_a_number", "runtime"):
        "SDK getRuntime() raises ValueError on 'runtime = 0,012'; we return null.",
    ("runtime_not_a_number", "queuetime"):
        "SDK getQueuetime() raises ValueError on 'queuetime = n/a'; we return null.",
    ("malformed_whitespace_only_body", "description"):
        "SDK only treats the exact empty string as empty ('Invalid API response'); we treat a "
        "whitespace-only body as empty too ('Empty API response'). Code 423 either way.",
    ("malformed_truncated_mid_line", "code"):
        "SDK needs neither [RESPONSE] nor EOF: a cut body still yields its code 200 and the "
        "half-received rows; we refuse it (423) so a truncated list is never taken as complete.",
    ("malformed_truncated_mid_line", "description"): "See code: the SDK keeps the body's description.",
    ("malformed_truncated_mid_line", "success"): "See code.",
    ("malformed_truncated_mid_line", "kind"): "See code.",
    ("malformed_truncated_mid_line", "columns"): "See code: the SDK keeps the partial rows.",
    ("malformed_truncated_mid_line", "properties"): "See code.",
    ("malformed_truncated_mid_line", "pagination"): "See code.",
    ("malformed_truncated_at_line_end_no_eof", "code"):
        "SDK does not require the final EOF line; we do (it is the only end-of-body marker).",
    ("malformed_truncated_at_line_end_no_eof", "description"): "See code.",
    ("malformed_truncated_at_line_end_no_eof", "success"): "See code.",
    ("malformed_truncated_at_line_end_no_eof", "kind"): "See code.",
    ("malformed_truncated_at_line_end_no_eof", "columns"): "See code.",
    ("malformed_truncated_at_line_end_no_eof", "properties"): "See code.",
    ("malformed_truncated_at_line_end_no_eof", "pagination"): "See code.",
    ("malformed_no_response_header", "code"):
        "SDK does not require the [RESPONSE] line; we do, so that any text which merely "
        "contains 'code = 200' (an echo, a proxy page) is not taken as an API answer.",
    ("malformed_no_response_header", "description"): "See code.",
    ("malformed_no_response_header", "success"): "See code.",
    ("malformed_no_response_header", "kind"): "See code.",
    ("malformed_no_response_header", "columns"): "See code.",
    ("malformed_no_response_header", "properties"): "See code.",
    ("malformed_no_response_header", "pagination"): "See code.",
    ("malformed_code_not_numeric", "code"):
        "SDK accepts 'code = OK' and then getCode() raises ValueError; we answer 423.",
    ("malformed_code_not_numeric", "description"): "See code: the SDK keeps the body's description.",
    ("malformed_code_not_numeric", "kind"): "See code: SDK classifies it as neither 2xx, 4xx nor 5xx.",
    # -- command encoding -------------------------------------------------------------------
    ("booleans_as_1_and_0", "lines"):
        "SDK writes str(True) = 'True' / 'False'; the API's flags are 1/0, so we write 1/0.",
    ("array_of_numbers_booleans_and_nulls", "lines"):
        "SDK writes booleans as 'True'/'False' and a null array element as the text 'None' "
        "(keeping its index); we write 1/0 and drop nulls with contiguous indexes.",
    ("nulls_inside_array_are_dropped_and_indexes_stay_contiguous", "lines"):
        "SDK sends a null array element as the literal text 'None' (e.g. NAMESERVER1=None); we "
        "drop it and renumber.",
    ("array_of_only_nulls_gives_no_lines", "lines"):
        "SDK sends NAMESERVER0=None and NAMESERVER1=None; we send nothing.",
    ("nul_characters_are_removed", "lines"):
        "SDK strips only CR and LF and passes NUL through; we also strip NUL (it truncates "
        "strings in C-based consumers and is never meaningful in a parameter).",
}

# "Nothing" spelled differently, mapped before comparing (not disagreements):
# - queuetime/runtime absent: SDK 0.0, ours null.
# - no rows at all: SDK first = None, ours 0.
# - limit 0 (no rows, no LIMIT): SDK page = None and pages = 0, ours page = 1 and pages = 1.
_MAPPED = None


class _Raised(object):
    """Stands for an SDK call that raised instead of returning a value."""

    def __init__(self, exc):
        self.exc = exc

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    def __repr__(self):
        return "<SDK raised {}: {}>".format(type(self.exc).__name__, self.exc)


def _call(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # the SDK's own failure is a value we compare
        return _Raised(exc)


def _kind(r):
    if r.isSuccess():
        return "success"
    if r.isTmpError():
        return "temporary_error"
    return "error"


def _sdk_time(r, getter, key):
    if key not in r.getHash():
        return None  # mapped: SDK reports 0.0 for an absent value
    return _call(getter)


def sdk_parse(response_cls, body):
    """The SDK's reading of a body, expressed in our field names."""
    r = response_cls(body)
    columns = list(r.getColumnKeys())
    properties = {k: list(r.getColumn(k).getData()) for k in columns}
    count = r.getRecordsCount()
    limit = r.getRecordsLimitation()
    first = r.getFirstRecordIndex()
    last = r.getLastRecordIndex()
    page = r.getCurrentPageNumber()
    pages = r.getNumberOfPages()
    if first is None and count == 0:
        first = 0
    if limit == 0:
        page, pages = 1, 1
    has_next = r.hasNextPage()
    next_first = (last + 1) if (has_next and last is not None) else None
    return {
        "code": _call(r.getCode),
        "description": r.getDescription(),
        "success": r.isSuccess(),
        "kind": _call(_kind, r),
        "queuetime": _sdk_time(r, r.getQueuetime, "QUEUETIME"),
        "runtime": _sdk_time(r, r.getRuntime, "RUNTIME"),
        "columns": columns,
        "properties": properties,
        "pagination": {
            "first": first,
            "last": last,
            "count": count,
            "total": r.getRecordsTotalCount(),
            "limit": limit,
            "page": page,
            "pages": pages,
            "next_first": next_first,
        },
    }


def sdk_encode(client_cls, command):
    """The SDK's s_command lines for a command dict (flatten + getPOSTData, no IDN step)."""
    cl = client_cls()
    flat = getattr(cl, "_APIClient__flattenCommand")(copy.deepcopy(command))
    post = cl.getPOSTData(flat)
    for field in post.split("&"):
        if field.startswith("s_command="):
            return unquote(field[len("s_command="):]).split("\n")
    return []


def _load_responses():
    out = []
    for fn in sorted(os.listdir(RESPONSES)):
        if fn.endswith(".txt"):
            name = fn[:-4]
            with open(os.path.join(RESPONSES, fn), "rb") as f:
                body = f.read().decode("utf-8")
            with open(os.path.join(RESPONSES, name + ".json"), encoding="utf-8") as f:
                expected = json.load(f)
            out.append((name, body, expected))
    return out


def _load_commands():
    with open(os.path.join(WIRE, "commands.json"), encoding="utf-8") as f:
        return json.load(f)


class _Base(unittest.TestCase):
    maxDiff = None

    def check(self, fixture, field, ours, theirs):
        key = (fixture, field)
        with self.subTest(field=field):
            if key in KNOWN_DIFFERENCES:
                self.assertNotEqual(
                    ours, theirs,
                    "documented difference {} no longer observed; update KNOWN_DIFFERENCES".format(key),
                )
            else:
                self.assertEqual(ours, theirs, "{}: field {!r} differs from the SDK".format(fixture, field))


class ResponseFixtures(_Base):
    """One test per response fixture and SDK."""


class CommandFixtures(_Base):
    """One test per command fixture and SDK, plus a consistency test per error fixture."""


def _response_test(name, body, expected, response_cls):
    def test(self):
        got = sdk_parse(response_cls, body)
        for field, ours in expected.items():
            if field == "description_prefix":
                theirs = got["description"]
                ok = isinstance(theirs, str) and theirs.startswith(ours)
                self.check(name, "description", True, ok)
            elif field == "pagination":
                if (name, "pagination") in KNOWN_DIFFERENCES:
                    self.check(name, "pagination", ours, got["pagination"])
                    continue
                for k, v in ours.items():
                    self.check(name, k, v, got["pagination"][k])
            elif field in ("queuetime", "runtime") and ours is not None:
                theirs = got[field]
                same = not isinstance(theirs, _Raised) and theirs is not None and math.isclose(ours, theirs)
                self.check(name, field, True, same)
            else:
                self.check(name, field, ours, got[field])

    return test


LINE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]*=")


def _command_test(case, client_cls):
    def test(self):
        ours = case["text"].split("\n")  # never splitlines(): U+2028 is not a line break here
        theirs = sdk_encode(client_cls, case["command"])
        self.check(case["name"], "lines", sorted(ours), sorted(theirs))

    return test


def _command_fixture_consistency_test(case):
    def test(self):
        self.assertIn("command", case)
        if "text" in case:
            text = case["text"]
            self.assertTrue(text.startswith("COMMAND="), "COMMAND must be the first line")
            self.assertFalse(text.endswith("\n"), "no trailing newline")
            self.assertNotIn("\r", text)
            self.assertNotIn("\x00", text)
            for line in text.split("\n"):
                self.assertRegex(line, LINE_RE)
        else:
            self.assertIn(case["error_code"],
                          ("invalid_key", "missing_command", "duplicate_key", "invalid_value"))

    return test


def _safe(name):
    return re.sub(r"\W", "_", name)


def _build():
    responses = _load_responses()
    commands = _load_commands()
    used = set()
    for name, body, expected in responses:
        for sdk, (_, response_cls) in SDKS.items():
            setattr(ResponseFixtures, "test_{}__{}".format(_safe(name), sdk),
                    _response_test(name, body, expected, response_cls))
        used.update(k for k in KNOWN_DIFFERENCES if k[0] == name)
    for case in commands:
        setattr(CommandFixtures, "test_{}__fixture".format(_safe(case["name"])),
                _command_fixture_consistency_test(case))
        if "text" in case:
            for sdk, (client_cls, _) in SDKS.items():
                setattr(CommandFixtures, "test_{}__{}".format(_safe(case["name"]), sdk),
                        _command_test(case, client_cls))
            used.update(k for k in KNOWN_DIFFERENCES if k[0] == case["name"])
    stale = sorted(set(KNOWN_DIFFERENCES) - used)
    if stale:
        raise SystemExit("crosscheck: KNOWN_DIFFERENCES names missing fixtures: {}".format(stale))


_build()

if __name__ == "__main__":
    unittest.main(verbosity=1)
