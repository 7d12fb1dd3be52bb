//! The wire fixtures run against the built `.wasm` through wasmtime, the way PHP runs it.

mod common;

use core_host::{Core, Options};
use serde_json::{json, Value};
use std::sync::{Mutex, OnceLock};

fn core() -> &'static Mutex<Core> {
    static CORE: OnceLock<Mutex<Core>> = OnceLock::new();
    CORE.get_or_init(|| {
        let path = common::core_wasm();
        Mutex::new(Core::load(&path, Options::default()).expect("the core's .wasm loads"))
    })
}

fn call(name: &str, args: &Value) -> Value {
    let mut core = core().lock().unwrap_or_else(|e| e.into_inner());
    let bytes = core
        .call(name, args.to_string().as_bytes())
        .expect("no trap");
    serde_json::from_slice(&bytes).expect("envelope is JSON")
}

#[test]
fn every_response_fixture_parses_as_expected_in_wasm() {
    let failures = common::response_fixture_failures(call);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_command_fixture_encodes_as_expected_in_wasm() {
    let failures = common::command_fixture_failures(call);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn wasm_and_native_agree_on_every_fixture() {
    for (name, body, _) in common::response_cases() {
        let args = json!({ "text": body });
        let native: Value = serde_json::from_slice(&ispapi_core::abi::call(
            "parse_response",
            args.to_string().as_bytes(),
        ))
        .unwrap();
        assert_eq!(call("parse_response", &args), native, "{name}");
    }
}

#[test]
fn a_hostile_megabyte_value_stays_on_one_line_in_wasm() {
    let value = "x\nCOMMAND=DeleteDomain\r\n\0".repeat(50_000);
    let got = call(
        "encode_command",
        &json!({"command": {"COMMAND": "ModifyContact", "STREET": value}}),
    );
    let text = got["ok"]["text"].as_str().unwrap();
    assert_eq!(text.split('\n').count(), 2);
}

#[test]
fn invalid_json_arguments_are_an_error_envelope_not_a_trap() {
    let mut core = core().lock().unwrap_or_else(|e| e.into_inner());
    let bytes = core.call("parse_response", b"\xff\xfe{").expect("no trap");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["error"]["code"], "invalid_args");
}
