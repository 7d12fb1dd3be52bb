//! The wire fixtures run against the core as a native library (fast feedback, precise errors).
//! `wire_wasm.rs` runs the same fixtures against the built `.wasm`.

mod common;

use serde_json::{json, Value};

fn call(name: &str, args: &Value) -> Value {
    let bytes = ispapi_core::abi::call(name, args.to_string().as_bytes());
    serde_json::from_slice(&bytes).expect("envelope is JSON")
}

#[test]
fn every_response_fixture_parses_as_expected() {
    let mut failures = Vec::new();
    for (name, body, expected) in common::response_cases() {
        let got = call("parse_response", &json!({ "text": body }));
        for p in common::compare_parse(&got["ok"], &expected) {
            failures.push(format!("{name}: {p}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_command_fixture_encodes_as_expected() {
    let mut failures = Vec::new();
    for (name, command, want) in common::command_cases() {
        let got = call("encode_command", &json!({ "command": command }));
        let got = match (&got["ok"]["text"], &got["error"]["code"]) {
            (Value::String(t), _) => Ok(t.clone()),
            (_, Value::String(c)) => Err(c.clone()),
            _ => panic!("{name}: neither ok nor error: {got}"),
        };
        if got != want {
            failures.push(format!("{name}: got {got:?} want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
