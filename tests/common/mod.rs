//! Fixture loading shared by the native and the wasm test suites.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(name, raw body, expected fields)` for every response fixture.
pub fn response_cases() -> Vec<(String, String, Value)> {
    let dir = fixtures().join("wire/responses");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures/wire/responses")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_owned))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no response fixtures found");
    names
        .into_iter()
        .map(|n| {
            let body = std::fs::read(dir.join(format!("{n}.txt"))).unwrap();
            let body = String::from_utf8(body).expect("fixtures are UTF-8");
            let expected = read_json(&dir.join(format!("{n}.json")));
            (n, body, expected)
        })
        .collect()
}

/// Checks a parse result against a fixture's expected fields; returns the mismatches.
pub fn compare_parse(actual: &Value, expected: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (field, want) in expected.as_object().expect("expected is an object") {
        if field == "description_prefix" {
            let got = actual["description"].as_str().unwrap_or_default();
            if !got.starts_with(want.as_str().unwrap()) {
                problems.push(format!("description {got:?} does not start with {want}"));
            }
        } else if !json_eq(&actual[field], want) {
            problems.push(format!("{field}: got {} want {}", actual[field], want));
        }
    }
    problems
}

/// Equality where 0 and 0.0 are the same number.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Every `commands.json` case: `(name, command, Ok(text) | Err(error_code))`.
pub fn command_cases() -> Vec<(String, Value, Result<String, String>)> {
    let cases = read_json(&fixtures().join("wire/commands.json"));
    cases
        .as_array()
        .expect("commands.json is an array")
        .iter()
        .map(|c| {
            let name = c["name"].as_str().unwrap().to_owned();
            let outcome = match (c.get("text"), c.get("error_code")) {
                (Some(t), None) => Ok(t.as_str().unwrap().to_owned()),
                (None, Some(e)) => Err(e.as_str().unwrap().to_owned()),
                _ => panic!("{name}: needs text or error_code"),
            };
            (name, c["command"].clone(), outcome)
        })
        .collect()
}

/// The core's `.wasm`: `$CORE_WASM` when set (CI points it at the file PHP loads), otherwise
/// built now into its own target directory so a test never runs a stale module.
pub fn core_wasm() -> PathBuf {
    if let Some(path) = std::env::var_os("CORE_WASM") {
        return PathBuf::from(path);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target/host-tests");
    let status = std::process::Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "build",
            "-q",
            "-p",
            "ispapi-core",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--profile", "wasm", "--target-dir"])
        .arg(&target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the core's .wasm failed");
    target.join("wasm32-unknown-unknown/wasm/ispapi_core.wasm")
}

/// Runs every response fixture through `call` (native or wasm); returns the mismatches.
pub fn response_fixture_failures(mut call: impl FnMut(&str, &Value) -> Value) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, body, expected) in response_cases() {
        let got = call("parse_response", &serde_json::json!({ "text": body }));
        for p in compare_parse(&got["ok"], &expected) {
            failures.push(format!("{name}: {p}"));
        }
    }
    failures
}

/// Runs every command fixture through `call` (native or wasm); returns the mismatches.
pub fn command_fixture_failures(mut call: impl FnMut(&str, &Value) -> Value) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, command, want) in command_cases() {
        let got = call("encode_command", &serde_json::json!({ "command": command }));
        let got = match (&got["ok"]["text"], &got["error"]["code"]) {
            (Value::String(t), _) => Ok(t.clone()),
            (_, Value::String(c)) => Err(c.clone()),
            _ => panic!("{name}: neither ok nor error: {got}"),
        };
        if got != want {
            failures.push(format!("{name}: got {got:?} want {want:?}"));
        }
    }
    failures
}

/// Drives a replayed flow (`registrar_step`, `monitor_step`) through a fixture's exchanges:
/// `step(transcript)` asks the core for the next step; each command must encode exactly as
/// the fixture's, and gets the fixture's raw reply. Returns the final `done` step.
pub fn drive_flow(
    mut call: impl FnMut(&str, &Value) -> Value,
    mut step: impl FnMut(&[Value]) -> Value,
    exchanges: &[Value],
) -> Result<Value, String> {
    use serde_json::json;
    let mut transcript: Vec<Value> = Vec::new();
    loop {
        let reply = step(&transcript);
        let s = reply
            .get("ok")
            .ok_or_else(|| format!("core error: {reply}"))?;
        match s["step"].as_str() {
            Some("send") => {
                let i = transcript.len();
                let want = exchanges
                    .get(i)
                    .ok_or_else(|| format!("unexpected command #{}: {}", i + 1, s["command"]))?;
                let got = call("encode_command", &json!({"command": s["command"]}));
                let expected = call("encode_command", &json!({"command": want["command"]}));
                if got != expected {
                    return Err(format!(
                        "command #{}: got {} want {}",
                        i + 1,
                        got["ok"]["text"],
                        expected["ok"]["text"]
                    ));
                }
                let response =
                    call("parse_response", &json!({"text": want["response"]}))["ok"].clone();
                transcript.push(json!({"command": s["command"], "response": response}));
            }
            Some("done") => {
                if transcript.len() != exchanges.len() {
                    return Err(format!(
                        "finished after {} of {} commands",
                        transcript.len(),
                        exchanges.len()
                    ));
                }
                return Ok(s.clone());
            }
            _ => return Err(format!("not a step: {s}")),
        }
    }
}
