//! The wire fixtures run against the core as a native library (fast feedback, precise errors).
//! `wire_wasm.rs` runs the same fixtures against the built `.wasm`.

mod common;

use serde_json::Value;

fn call(name: &str, args: &Value) -> Value {
    let bytes = ispapi_core::abi::call(name, args.to_string().as_bytes());
    serde_json::from_slice(&bytes).expect("envelope is JSON")
}

#[test]
fn every_response_fixture_parses_as_expected() {
    let failures = common::response_fixture_failures(call);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_command_fixture_encodes_as_expected() {
    let failures = common::command_fixture_failures(call);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
