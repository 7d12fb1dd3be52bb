#!/usr/bin/env python3
"""Turns one run's raw figures into bench/RESULTS.md: the tables, the ratios and each target
met or its distance.

    python3 bench/report.py CRITERION_DIR PHP_RAW PEERS_RAW OUT.md

CRITERION_DIR is criterion's output (scripts/bench sets CRITERION_HOME); PHP_RAW and PEERS_RAW
come from bench/bench.php and bench/peers.py. Standard library only; every number below is
read from those files.
"""

import datetime
import json
import os
import sys

JOBS = [
    ("wire_parse_1000", "wire parse, 1 000-row QueryDomainList"),
    ("wire_parse_50000", "wire parse, 50 000-row QueryDomainList"),
    ("wire_encode_check_domains_32", "wire encode, CheckDomains of 32 names"),
    ("idn_to_ascii_10000", "IDN bulk to ASCII, 10 000 names"),
    ("idn_to_unicode_10000", "IDN bulk to Unicode, 10 000 names"),
    ("fields_map_fixture_cases", "additional fields, every fixture case"),
    ("monitor_detect_100000", "monitoring diff, 100 000 domains"),
    ("pricing_rows_1000_tlds", "pricing rows, 1 000 TLDs"),
]


def criterion(root, group, bench):
    path = os.path.join(root, group, bench, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)["median"]["point_estimate"] / 1e6  # ms


def ms(value):
    if value is None:
        return "–"
    if value >= 100:
        return "%.0f ms" % value
    if value >= 1:
        return "%.1f ms" % value
    return "%.1f µs" % (value * 1000)


def x(value):
    return "–" if value is None else "%.2f×" % value


def status(ok, distance):
    return "**met**" if ok else "missed: " + distance


def main():
    crit_dir, php_path, peers_path, workflows_path, out = sys.argv[1:6]
    with open(php_path, encoding="utf-8") as f:
        php = json.load(f)
    with open(workflows_path, encoding="utf-8") as f:
        jobs = json.load(f)
    with open(peers_path, encoding="utf-8") as f:
        peers = json.load(f)
    env = php["environment"]
    lines = []
    add = lines.append

    add("# Benchmark results")
    add("")
    add("Written by `scripts/bench` on %s. %d CPUs shared with other work (load average %.1f before, "
        "%.1f after the PHP run), PHP %s with ICU %s, Python %s, wasmtime %s, extension %s, "
        "core .wasm %s… (%d KiB)." % (
            datetime.date.today().isoformat(), env["cpus"], env["load_before"][0], env["load_after"][0],
            env["php"], env["intl_icu"], peers["python"], env["wasmtime"], env["extension"],
            env["wasm_sha256"][:12], env["wasm_bytes"] // 1024))
    add("")
    add("Every figure is a median; inputs come from `bench/generate.py` (fixed seed). Absolute times "
        "depend on the machine and its load; the ratios are what the targets are about. PHP "
        "contenders run back to back within each run, and a PHP ratio is the median of the per-run "
        "ratios. Python peers run in their own process right after PHP, criterion's native and wasm "
        "benchmarks one after the other.")
    add("")

    # --- figures the targets need
    parse = {p["rows"]: p for p in php["parse"]}
    peer = {p["rows"]: p for p in peers["parse"]}
    p50 = parse[50000]
    mon = php["monitoring"]
    ov = php["overhead"]
    idn = php["idn"]
    mem = php["memory"]
    wasm_ratios = []
    for group, _ in JOBS:
        native, wasm = criterion(crit_dir, group, "native"), criterion(crit_dir, group, "wasm")
        if native and wasm:
            wasm_ratios.append((wasm / native, group))

    add("## Targets")
    add("")
    add("| target | measured | status |")
    add("| --- | --- | --- |")
    speedup = mon["ratio"]["plain_php/core"]
    add("| monitoring check, 100 000 domains, end to end from PHP: ≥ 20× faster than plain PHP | "
        "plain PHP ÷ core = %s | %s |" % (x(speedup), status(speedup >= 20, "needs %.0f× more" % (20 / speedup))))
    t = mon["median_ms"]["core"]
    add("| … ≤ 100 ms | %s | %s |" % (ms(t), status(t <= 100, "%s over" % ms(t - 100))))
    peak = mon["memory"]["core"]["peak_mb"]
    add("| … ≤ 64 MB PHP peak | %.1f MB | %s |" % (peak, status(peak <= 64, "%.1f MB over" % (peak - 64))))
    r = p50["ratio"]["core/plain_php"]
    add("| parse 50 000 rows into PHP arrays: faster than the plain-PHP parser | core ÷ plain PHP = %s | %s |"
        % (x(r), status(r < 1, "%.0f %% slower" % ((r - 1) * 100))))
    for name, label in (("hexonet_sdk", "HEXONET"), ("centralnicreseller_sdk", "CNR")):
        r = p50["median_ms"]["core"] / peer[50000]["median_ms"][name]
        add("| … faster than the %s Python SDK | core ÷ SDK = %s | %s |"
            % (label, x(r), status(r < 1, "%.0f %% slower" % ((r - 1) * 100))))
    r = p50["ratio"]["core/json_decode"]
    add("| … within 1.5× of `json_decode` of the same data | core ÷ json_decode = %s | %s |"
        % (x(r), status(r <= 1.5, "%.1f× too slow" % (r / 1.5))))
    worst = max(wasm_ratios) if wasm_ratios else (None, "")
    add("| the core in wasm within 1.5× of native (every job) | worst: %s (%s) | %s |"
        % (x(worst[0]), worst[1], status(worst[0] is not None and worst[0] <= 1.5,
                                          "%d of %d jobs over 1.5×" % (sum(r > 1.5 for r, _ in wasm_ratios), len(wasm_ratios)))))
    steady = ov["steady_us"]["ispapi_core_call"]
    add("| steady per-call overhead, trivial call, warm worker ≤ 2 µs | %.2f µs (`ispapi_core_call`), %.2f µs (`Core::call`) | %s |"
        % (steady, ov["steady_us"]["Core::call"], status(steady <= 2, "%.2f µs over" % (steady - 2))))
    first = ov["first_call_ms"]["warm_cache"]
    add("| first call in a fresh PHP process with the compiled-module cache ≤ 10 ms | %s (empty cache: %s) | %s |"
        % (ms(first), ms(ov["first_call_ms"]["empty_cache"]), status(first <= 10, "%s over" % ms(first - 10))))
    for mode in ("to_ascii_transitional", "to_ascii_nontransitional", "to_unicode"):
        r = idn[mode]["ratio"]["core/intl"]
        add("| IDN %s, 10 000 names: faster than intl | core ÷ intl = %s | %s |"
            % (mode.replace("_", " "), x(r), status(r < 1, "%.1f× slower" % r)))
    modes = ("to_ascii_transitional", "to_ascii_nontransitional", "to_unicode")
    diffs = sum(idn[m]["differences"] for m in modes)
    both = sum(idn[m]["both_defined_and_different"] for m in modes)
    unexplained = sum(len(classify(idn[m]["differing_names"])[1]) for m in modes)
    add("| IDN: identical results where both are defined | %d names converted differently by both; %d accepted by one side only (%d unexplained), listed below | %s |"
        % (both, diffs - both, unexplained, status(both == 0 and unexplained == 0, "see the list below")))
    w = mem["worker"]
    add("| guest memory bounded across 10 000 calls in one worker | %s | %s |" % (
        "10 000 calls ran within the %s MiB limit the first 100 need" % w["limit_mb"] if w.get("ok")
        else "failed at call %s: %s" % (w.get("at_call"), w.get("error")),
        status(bool(w.get("ok")), "grows")))
    core_mem = p50["memory"]["core"]
    transient = core_mem["peak_mb"] - core_mem["kept_mb"]
    needs = mem["parse_needs_mb"]["50000"]
    add("| no large response kept twice: PHP side (50 000 rows) | peak %.1f MB for %.1f MB of arrays kept: %.1f MB transient (%.2f× the %.1f MB body) | %s |"
        % (core_mem["peak_mb"], core_mem["kept_mb"], transient, transient / needs["response_mb"], needs["response_mb"],
           status(transient <= needs["response_mb"], "more than one transient copy")))
    add("| … wasm side (50 000 rows) | the guest needs %d MiB for a %.1f MB body (%.1f× the body; one copy of the body and one table no larger would fit in 2×) | %s |"
        % (needs["needs_mb"], needs["response_mb"], needs["needs_mb"] / needs["response_mb"],
           status(needs["needs_mb"] <= 2 * needs["response_mb"], "the arguments, the unescaped body, the cell index and the JSON table are alive at once")))
    add("")

    # --- native vs wasm
    add("## The core natively and in wasm (criterion, `cargo bench --bench core`)")
    add("")
    add("| job | native | wasm (shipped, opt-level 3) | wasm ÷ native |")
    add("| --- | --- | --- | --- |")
    for group, label in JOBS:
        native, wasm = criterion(crit_dir, group, "native"), criterion(crit_dir, group, "wasm")
        add("| %s | %s | %s | %s |" % (label, ms(native), ms(wasm), x(wasm / native if native and wasm else None)))
    h = {b: criterion(crit_dir, "host", b) for b in ("call_version_native", "call_version_wasm", "load_warm_cache")}
    add("")
    add("Host alone (no PHP): `version` natively %s, through core-host %s; loading the core from a warm "
        "compiled-module cache %s." % (ms(h["call_version_native"]), ms(h["call_version_wasm"]), ms(h["load_warm_cache"])))
    add("")

    # --- parse
    add("## Parsing a QueryDomainList reply into PHP arrays")
    add("")
    add("`core` is `Core::call('parse_response', ['text' => $body])` as `ApiClient` calls it; `plain PHP` is "
        "the PHP SDK's line-by-line regex parser (`bench/baseline_plain_php.php`); `json_decode` decodes "
        "the same table from JSON, the floor for building PHP arrays; the Python SDKs build their "
        "`Response(raw)`.")
    add("")
    add("| rows | body | core | plain PHP | json_decode | HEXONET SDK (Python) | CNR SDK (Python) | core ÷ plain PHP | core ÷ json_decode | core ÷ HEXONET SDK | core ÷ CNR SDK |")
    add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for rows in sorted(parse):
        p, q = parse[rows], peer.get(rows, {"median_ms": {}})
        core = p["median_ms"]["core"]
        hx, cn = q["median_ms"].get("hexonet_sdk"), q["median_ms"].get("centralnicreseller_sdk")
        add("| %d | %.1f MB | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            rows, p["bytes"] / 1e6, ms(core), ms(p["median_ms"]["plain_php"]), ms(p["median_ms"]["json_decode"]),
            ms(hx), ms(cn), x(p["ratio"]["core/plain_php"]), x(p["ratio"]["core/json_decode"]),
            x(core / hx if hx else None), x(core / cn if cn else None)))
    add("")
    add("Where the core's time goes (the three steps of `Core::call`), and PHP's peak memory above the body:")
    add("")
    add("| rows | json_encode of the arguments | extension call (into wasm, parse, JSON out) | json_decode of the envelope | PHP peak: core | plain PHP | json_decode | same table as plain PHP |")
    add("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for rows in sorted(parse):
        p = parse[rows]
        m, mm = p["median_ms"], p["memory"]
        add("| %d | %s | %s | %s | %.1f MB | %.1f MB | %.1f MB | %s |" % (
            rows, ms(m["step_args_json_encode"]), ms(m["step_extension_call"]), ms(m["step_envelope_json_decode"]),
            mm["core"]["peak_mb"], mm["plain_php"]["peak_mb"], mm["json_decode"]["peak_mb"], "yes" if p["same_result"] else "**no**"))
    add("")

    # --- monitoring
    add("## Monitoring check of a 100 000-domain account")
    add("")
    add("Inputs: the three QueryDomainList replies of the monitoring filters (%s rows) and WHMCS's "
        "100 000 rows as JSON, the same rows for both: keyed objects for the original widget (as Eloquent's "
        "`toJson()` gave them), the compact arrays `Monitoring::whmcsDomainsJson()` writes for the core. "
        "`core` makes every core call "
        "`Monitoring::detect()` makes (per list: `monitor_step` ListPage, `build_request`, "
        "`parse_response`, `redact_response`, `retry_policy`; then `monitor_detect`), without curl "
        "and the database; `plain PHP` is the original widget's loops over the SDK parser. Both "
        "find the same domains: %s." % (
            ", ".join("%s %d" % (k, v) for k, v in mon["list_rows"].items()),
            "yes (" + ", ".join("%s %d" % (k, c["core"]) for k, c in mon["counts"].items()) + ")" if mon["same_result"] else "**no**"))
    add("")
    add("| | core | plain PHP | of which `monitor_detect` alone |")
    add("| --- | --- | --- | --- |")
    m = mon["median_ms"]
    add("| time | %s | %s | %s |" % (ms(m["core"]), ms(m["plain_php"]), ms(m["step_monitor_detect"])))
    mm = mon["memory"]
    add("| PHP peak | %.1f MB | %.1f MB | %.1f MB |"
        % (mm["core"]["peak_mb"], mm["plain_php"]["peak_mb"], mm["step_monitor_detect"]["peak_mb"]))
    add("| plain PHP ÷ core | %s | | |" % x(mon["ratio"]["plain_php/core"]))
    add("")

    # --- IDN
    add("## IDN bulk conversion, 10 000 mixed names")
    add("")
    add("`core` is one `idn_convert` call for all names; `intl` calls `idn_to_ascii`/`idn_to_utf8` per name "
        "with %s." % idn["intl_options"])
    add("")
    add("| conversion | core | intl | core ÷ intl | differing names |")
    add("| --- | --- | --- | --- | --- |")
    for mode in ("to_ascii_transitional", "to_ascii_nontransitional", "to_unicode"):
        d = idn[mode]
        add("| %s | %s | %s | %s | %d |" % (mode.replace("_", " "), ms(d["median_ms"]["core"]), ms(d["median_ms"]["intl"]),
                                         x(d["ratio"]["core/intl"]), d["differences"]))
    add("")
    for mode in ("to_ascii_transitional", "to_ascii_nontransitional", "to_unicode"):
        groups, unexplained = classify(idn[mode]["differing_names"])
        for reason, names in groups.items():
            examples = ", ".join("`%s` (core: %s; intl: `%s`)" % (n, short(v["core"]), v["intl"]) for n, v in names[:2])
            add("- %s, %d names, e.g. %s: %s" % (mode.replace("_", " "), len(names), examples, reason))
        for n, v in unexplained[:20]:
            add("- %s, **unexplained**: `%s`: core %s, intl %s" % (mode.replace("_", " "), n, v["core"], v["intl"]))
    add("")

    # --- overhead and memory
    add("## Call overhead and memory")
    add("")
    add("- Steady, `version` from a warm worker, per call: `ispapi_core_call()` %.2f µs, `Core::call()` %.2f µs "
        "(a PHP function call in the same loop: %.3f µs)." % (
            ov["steady_us"]["ispapi_core_call"], ov["steady_us"]["Core::call"], ov["steady_us"]["php_function"]))
    add("- First call in a fresh PHP process: %s with a warm cache dir (of which loading the core %s), %s with an empty one." % (
        ms(ov["first_call_ms"]["warm_cache"]), ms(ov["first_call_load_ms"]["warm_cache"]), ms(ov["first_call_ms"]["empty_cache"])))
    for rows, n in sorted(mem["parse_needs_mb"].items(), key=lambda kv: int(kv[0])):
        add("- Smallest `ispapi_core.memory_limit_mb` that parses the %s-row list (%.1f MB): %s MiB."
            % (rows, n["response_mb"], n["needs_mb"]))
    big = mem.get("after_big_parse", {})
    if big.get("ok"):
        add("- A fresh worker that parses the 100 000-row list: RSS %.0f MB before, %.0f MB after (PHP itself %.1f MB): "
            "the guest's linear memory stays at its high-water mark for the life of the worker." % (
                big["rss_before_mb"], big["rss_after_mb"], big["php_mb"]))
    if w.get("ok"):
        s = w["samples"]
        add("- 10 000 mixed calls in one worker under a %s MiB guest limit: process RSS %s MB; PHP memory %s MB (after calls %s)." % (
            w["limit_mb"], " → ".join("%.1f" % v["rss_mb"] for v in s.values()),
            " → ".join("%.2f" % v["php_mb"] for v in s.values()), ", ".join(s.keys())))
    add("")

    workflows(add, jobs)
    why(add, crit_dir, php, peers, wasm_ratios)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def workflows(add, jobs):
    """Whole jobs from bench/workflows.php: the modules in the WHMCS harness, the simulator on loopback."""
    add("## Whole jobs through the WHMCS harness")
    add("")
    add("Our modules installed into the WHMCS harness (SQLite), against the simulator on loopback, "
        "as the module tests run them; one run each (`bench/workflows.php`). The tests check these "
        "jobs are right; their times are measured only here.")
    add("")
    imp = jobs["import"]
    add("| job | time | PHP peak | result |")
    add("| --- | --- | --- | --- |")
    for key, label in (("dry_run", "dry run"), ("apply", "`--apply`"), ("rerun", "`--apply` again")):
        r = imp["runs"][key]
        add("| import a %s-domain account: `import.php` %s | %.2f s | %.0f MB | %d %s, %d skipped, %d failed |"
            % (f"{imp['domains']:,}".replace(",", " "), label, r["wall_s"], r["php_peak_mb"], r["imported"],
               "would be imported" if key == "dry_run" else "imported", r["skipped"], r["failed"]))
    p = jobs["pricing"]
    add("| WHMCS's TLD sync (GetTldPricing) of %d TLDs | %.2f s | | %d TLDs listed |"
        % (p["tlds"], p["get_tld_pricing_s"], p["items"]))
    add("| the daily price sync of those TLDs | %.2f s | | %d tblpricing rows written |"
        % (p["daily_sync_s"], p["pricing_rows_written"]))
    z = jobs["zone"]
    add("| a %d-record DNS zone: first SaveDNS, GetDNS, one edit saved | %.2f s, %.2f s, %.2f s | | |"
        % (z["records"], z["first_save_s"], z["load_s"], z["edit_save_s"]))
    add("")
    add("The import runs in its own PHP process (its peak is its own); the TLD sync and the zone ran in "
        "the bench's process, whose peak was %.0f MB." % jobs["php_peak_mb"])
    add("")


def why(add, crit_dir, php, peers, wasm_ratios):
    """Where the time of each missed target goes, from this run's own breakdowns."""
    add("## Where the time goes")
    add("")
    mon, p50, ov, idn = php["monitoring"], {p["rows"]: p for p in php["parse"]}[50000], php["overhead"], php["idn"]
    m = mon["median_ms"]
    detect_native = criterion(crit_dir, "monitor_detect_100000", "native")
    add("- Monitoring: of the core's %s, `monitor_detect` alone takes %s from PHP (%s natively in criterion: "
        "WHMCS's rows read in place from compact JSON arrays, the listed names indexed, the items back as JSON "
        "and decoded by `callJson`); the remaining %s bring the three lists through PHP (each reply parsed into "
        "PHP arrays, JSON-encoded again as the ListPage transcript, and copied in once more for "
        "`redact_response`, which copies nothing back when nothing is secret). The original widget runs three "
        "`isset()` loops over arrays it already has after decoding WHMCS's rows (%s in all). Only reading the "
        "WHMCS rows from keyed JSON objects takes %s natively (criterion `floor`), more than the %s that 20× "
        "allows: the 20× would need the rows and lists never to cross the boundary as JSON." % (
            ms(m["core"]), ms(m["step_monitor_detect"]), ms(detect_native),
            ms(m["core"] - m["step_monitor_detect"]), ms(m["plain_php"]),
            ms(criterion(crit_dir, "floor", "whmcs_rows_from_json_100000")), ms(m["plain_php"] / 20)))
    s = p50["median_ms"]
    add("- Parsing 50 000 rows: `json_encode` of the arguments alone takes %s (%.1f× `json_decode` of the result) and "
        "decoding the envelope %s, so the JSON boundary costs about %.1f× `json_decode` before any parsing; the "
        "extension call (%s) copies the body into the guest, unescapes it (a second copy), parses it, writes "
        "the table as JSON straight from the body into the envelope, and PHP copies the envelope out." % (
            ms(s["step_args_json_encode"]), s["step_args_json_encode"] / s["json_decode"], ms(s["step_envelope_json_decode"]),
            (s["step_args_json_encode"] + s["step_envelope_json_decode"]) / s["json_decode"], ms(s["step_extension_call"])))
    over = sorted((r, g) for r, g in wasm_ratios if r > 1.5)
    if over:
        add("- wasm ÷ native over 1.5×: %s. Cranelift's code for the guest (bounds-checked linear memory, "
            "no SIMD: a build with simd128 measured no faster) against LLVM's native code; the allocations of JSON-heavy jobs cost more "
            "in the guest's allocator." % "; ".join("%s %s" % (g, x(r)) for r, g in over))
    h = {b: criterion(crit_dir, "host", b) for b in ("call_version_native", "call_version_wasm", "load_warm_cache")}
    if h["call_version_wasm"]:
        add("- Per-call overhead: core-host alone takes %s per `version` call (natively the function itself %s); "
            "the extension and PHP add %.2f µs." % (
                ms(h["call_version_wasm"]), ms(h["call_version_native"]),
                ov["steady_us"]["ispapi_core_call"] - h["call_version_wasm"] * 1000))
        add("- First call: core-host alone loads the core from a warm cache in %s: it reads the %d KiB .wasm and "
            "hashes it once (SHA-256, the cache key), reads the %d KiB compiled module once to check its CRC-32 "
            "and maps it (no copy); PHP's first call adds %s (the engine, the extension's registry, the "
            "autoloader)." % (
                ms(h["load_warm_cache"]), php["environment"]["wasm_bytes"] // 1024,
                ov["compiled_module_bytes"] // 1024,
                ms(ov["first_call_ms"]["warm_cache"] - h["load_warm_cache"])))
    a_native = criterion(crit_dir, "idn_to_ascii_10000", "native")
    a_wasm = criterion(crit_dir, "idn_to_ascii_10000", "wasm")
    add("- IDN: intl converts a name in %.2f µs; the core's `idn_convert` takes %s natively and %s in wasm for "
        "10 000 names (processing by TLD, one result object per name through JSON), and PHP decodes 10 000 "
        "result arrays." % (idn["to_ascii_transitional"]["median_ms"]["intl"] * 1000 / idn["names"], ms(a_native), ms(a_wasm)))
    add("")


def short(answer):
    """An error message without the name it repeats."""
    return "refused" if answer.startswith("error") else "`%s`" % answer


# Known reasons for a difference between the core and ICU, each a test on the name and both answers.
REASONS = [
    (lambda n, v: n.endswith(".") and v["core"].startswith("error") and v["intl"] != "error",
     "a trailing dot (the DNS root) is accepted by ICU; the core refuses it because a registrar "
     "command never takes one (UTS #46 VerifyDnsLength)"),
]


def classify(differences):
    """Groups differing names by known reason; returns (reason -> [(name, answers)], unexplained)."""
    groups, unexplained = {}, []
    items = differences.items() if isinstance(differences, dict) else []
    for name, answers in items:
        for test, reason in REASONS:
            if test(name, answers):
                groups.setdefault(reason, []).append((name, answers))
                break
        else:
            unexplained.append((name, answers))
    return groups, unexplained


if __name__ == "__main__":
    main()
