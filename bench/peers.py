#!/usr/bin/env python3
"""The Python peers: the API's own SDKs from PyPI parsing the same QueryDomainList replies.

    .cache/venv/bin/python bench/peers.py OUT.json

`hexonet.apiconnector` (HEXONET/ISPAPI) and `centralnicreseller.apiconnector` (CNR), as
installed by scripts/setup from tests/sdk_crosscheck/requirements.txt. Each figure is the median
of several `Response(raw)` constructions (the SDKs parse the body and build their records there),
timed in this process. Writes raw figures as JSON for bench/report.py.
"""

import gc
import json
import os
import statistics
import sys
import time

from centralnicreseller.apiconnector.response import Response as CnrResponse
from hexonet.apiconnector.response import Response as IspapiResponse

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
# Fewer runs for bigger lists keep the whole suite within minutes.
RUNS = {1000: 15, 50000: 3, 100000: 1}
SDKS = {"hexonet_sdk": IspapiResponse, "centralnicreseller_sdk": CnrResponse}


def timed(make, raw):
    gc.collect()
    started = time.perf_counter()
    response = make(raw)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(DATA, "..", "results", "peers.raw")
    results = {"python": sys.version.split()[0], "parse": []}
    for rows, runs in RUNS.items():
        with open(os.path.join(DATA, "list_%d.txt" % rows), encoding="utf-8") as f:
            raw = f.read()
        entry = {"rows": rows, "runs": runs, "median_ms": {}, "records": {}}
        for name, make in SDKS.items():
            samples = []
            for _ in range(runs):
                ms, response = timed(make, raw)
                samples.append(ms)
                entry["records"][name] = response.getRecordsCount()
                del response
            entry["median_ms"][name] = statistics.median(samples)
        sys.stderr.write("peers.py: %d rows %s\n" % (rows, entry["median_ms"]))
        results["parse"].append(entry)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
