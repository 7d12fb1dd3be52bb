//! Every registrar flow fixture (`fixtures/registrar/`) driven through `registrar_step`: the
//! exact commands in order, then the result and database changes WHMCS gets.

mod common;

use serde_json::{json, Value};
use std::path::Path;

/// Each call runs in both codecs (JSON for JS and FFI, MessagePack for the PHP extension),
/// which must answer alike.
fn call(name: &str, args: &Value) -> Value {
    use ispapi_core::abi::{call_with, Codec};
    let bytes = call_with(Codec::Json, name, args.to_string().as_bytes());
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    let packed = call_with(
        Codec::MessagePack,
        name,
        &rmp_serde::to_vec_named(args).unwrap(),
    );
    let packed: Value = rmp_serde::from_slice(&packed).unwrap();
    assert_eq!(json, packed, "{name}: JSON and MessagePack answers differ");
    json
}

fn run_case(path: &Path, base: &Value) -> Result<(), String> {
    let case = common::read_json(path);
    let mut params = base.clone();
    for (k, v) in case["params"].as_object().unwrap() {
        params[k] = v.clone();
    }
    let exchanges = case["exchanges"].as_array().unwrap();
    let step = |transcript: &[Value]| {
        call(
            "registrar_step",
            &json!({"function": case["function"], "params": params, "transcript": transcript, "today": case.get("today")}),
        )
    };
    let done = common::drive_flow(call, step, exchanges)?;
    if done["result"] != case["result"] {
        return Err(format!(
            "result: got {} want {}",
            done["result"], case["result"]
        ));
    }
    let db = case.get("db").cloned().unwrap_or(json!([]));
    if done["db"] != db {
        return Err(format!("db: got {} want {}", done["db"], db));
    }
    if let Some(activity) = case.get("activity") {
        if done["activity"] != *activity {
            return Err(format!(
                "activity: got {} want {}",
                done["activity"], activity
            ));
        }
    }
    if done["activity"].to_string().contains("secret-pw") {
        return Err("the activity log carries the password".into());
    }
    Ok(())
}

#[test]
fn every_registrar_flow_fixture_runs_as_recorded() {
    let dir = common::fixtures().join("registrar");
    let base = common::read_json(&dir.join("base_params.json"));
    let mut failures = Vec::new();
    let mut count = 0;
    for function in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        if !function.path().is_dir() {
            continue;
        }
        for case in std::fs::read_dir(function.path())
            .unwrap()
            .filter_map(Result::ok)
        {
            count += 1;
            if let Err(e) = run_case(&case.path(), &base) {
                failures.push(format!("{}: {e}", case.path().display()));
            }
        }
    }
    assert!(count >= 20, "only {count} registrar fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_transcript_that_does_not_match_the_flow_is_refused() {
    let base = common::read_json(&common::fixtures().join("registrar/base_params.json"));
    let step = call(
        "registrar_step",
        &json!({"function": "GetNameservers", "params": base, "transcript": [
            {"command": {"COMMAND": "DeleteDomain", "DOMAIN": "example.com"},
             "response": {"code": 200, "description": "ok", "success": true, "kind": "success",
                          "queuetime": null, "runtime": null, "columns": [], "properties": [],
                          "pagination": {"first":0,"last":null,"count":0,"total":0,"limit":0,"page":1,"pages":1,"next_first":null}}}
        ]}),
    );
    assert_eq!(step["ok"]["step"], "done");
    assert!(step["ok"]["result"]["error"]
        .as_str()
        .unwrap()
        .contains("does not match"));
}

#[test]
fn an_unknown_registrar_function_is_an_error() {
    let step = call(
        "registrar_step",
        &json!({"function": "FormatHardDisk", "params": {}}),
    );
    assert_eq!(step["error"]["code"], "unknown_function");
}
