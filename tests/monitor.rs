//! The monitoring rules and flows from their fixtures (`fixtures/monitor/`): every rule over
//! recorded WHMCS rows and API lists, every flow over its recorded exchanges, and the rules'
//! speed on a 100 000-domain account. (php-bridge/tests/MonitorFixturesTest.php runs the rule
//! fixtures through the built `.wasm`.)

mod common;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Call = fn(&str, &Value) -> Value;

fn call(name: &str, args: &Value) -> Value {
    let bytes = ispapi_core::abi::call(name, args.to_string().as_bytes());
    serde_json::from_slice(&bytes).unwrap()
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = common::fixtures().join("monitor").join(dir);
    for group in std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())) {
        let group = group.unwrap().path();
        for f in std::fs::read_dir(&group).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "json") {
                out.push(f);
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no fixtures under {}", root.display());
    out
}

fn run_rules(path: &Path, call: Call) -> Result<(), String> {
    let case = common::read_json(path);
    let out = call(
        "monitor_detect",
        &json!({"api": case["api"], "whmcs": case["whmcs"], "lists": case["lists"]}),
    );
    let out = out.get("ok").ok_or_else(|| format!("core error: {out}"))?;
    let found: BTreeMap<String, Vec<String>> = out["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let names = c["items"].as_array().unwrap().iter();
            let names = names
                .map(|i| i["domain"].as_str().unwrap().to_owned())
                .collect();
            (c["id"].as_str().unwrap().to_owned(), names)
        })
        .collect();
    let want: BTreeMap<String, Vec<String>> =
        serde_json::from_value(case["found"].clone()).unwrap();
    if found != want {
        return Err(format!("found {found:?}, want {want:?}"));
    }
    for c in out["cases"].as_array().unwrap() {
        if c["count"] != json!(c["items"].as_array().unwrap().len()) {
            return Err(format!("{}: count does not match the items", c["id"]));
        }
    }
    let skipped: Vec<&str> = out["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let want_skipped: Vec<&str> = case
        .get("skipped")
        .and_then(Value::as_array)
        .map(|v| v.iter().map(|s| s.as_str().unwrap()).collect())
        .unwrap_or_default();
    if skipped != want_skipped {
        return Err(format!("skipped {skipped:?}, want {want_skipped:?}"));
    }
    Ok(())
}

fn run_flow(path: &Path, call: Call) -> Result<(), String> {
    let case = common::read_json(path);
    let exchanges = case["exchanges"].as_array().unwrap();
    let step = |transcript: &[Value]| {
        call(
            "monitor_step",
            &json!({"function": case["function"], "params": case["params"], "args": case["args"], "transcript": transcript}),
        )
    };
    let done = common::drive_flow(call, step, exchanges)?;
    for (field, default) in [
        ("result", Value::Null),
        ("db", json!([])),
        ("activity", json!([])),
    ] {
        let want = case.get(field).cloned().unwrap_or(default);
        if done[field] != want {
            return Err(format!("{field}: got {} want {want}", done[field]));
        }
    }
    Ok(())
}

fn run_all(dir: &str, run: fn(&Path, Call) -> Result<(), String>, call: Call) {
    let mut failures = Vec::new();
    let all = files(dir);
    for path in &all {
        if let Err(e) = run(path, call) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_fixture_finds_what_it_records() {
    run_all("rules", run_rules, call);
}

#[test]
fn every_case_has_a_rule_fixture() {
    let cases = call("monitor_cases", &json!({"api": "ispapi"}));
    let dir = common::fixtures().join("monitor/rules");
    for c in cases["ok"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert!(dir.join(id).is_dir(), "no fixtures/monitor/rules/{id}");
    }
}

#[test]
fn every_flow_fixture_runs_as_recorded() {
    run_all("flows", run_flow, call);
}

#[test]
fn an_unknown_case_is_an_error() {
    let out = call("monitor_csv", &json!({"case": "nope", "rows": []}));
    assert_eq!(out["error"]["code"], "unknown_case");
}

/// 100 000 WHMCS domains, a tenth of them in each API list: the rules take one pass each.
#[test]
fn the_rules_are_fast_on_a_hundred_thousand_domains() {
    let n = 100_000;
    let whmcs: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": i, "domain": format!("bench{i:06}.com"), "idprotection": i % 2,
                   "notes": if i % 97 == 0 { "INIT_TRANSFER_SUCCESS" } else { "" },
                   "premium": if i % 501 == 0 { json!(1) } else { Value::Null }})
        })
        .collect();
    let list = |m: usize| -> Vec<String> {
        (0..n)
            .filter(|i| i % m == 0)
            .map(|i| format!("bench{i:06}.com"))
            .collect()
    };
    let args = json!({"api": "ispapi", "whmcs": whmcs,
        "lists": {"id_protection": list(11), "transfer_lock": list(7), "premium_at_registrar": list(1001)}});
    let text = args.to_string();
    let started = std::time::Instant::now();
    let out = ispapi_core::abi::call("monitor_detect", text.as_bytes());
    let took = started.elapsed();
    let out: Value = serde_json::from_slice(&out).unwrap();
    let counts: BTreeMap<String, u64> = out["ok"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts["transfer_lock"], 14_286);
    // Multiples of 11 that are even (ID protection off in WHMCS).
    assert_eq!(counts["id_protection"], 4_546);
    assert_eq!(counts["migration_notes"], 1_031);
    assert_eq!(counts["premium_renewal_cost"], 200);
    // Multiples of 1001 that are not multiples of 501 (the only common one is 0).
    assert_eq!(counts["premium_at_registrar"], 99);
    eprintln!(
        "monitor_detect on {n} domains ({} bytes of JSON): {took:?}",
        text.len()
    );
    assert!(took.as_secs_f64() < 10.0, "took {took:?}");
}
