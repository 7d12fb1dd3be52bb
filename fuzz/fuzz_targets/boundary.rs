//! Every public core function with fuzzed JSON arguments: the envelope is always well-formed
//! JSON, whatever the input. The first byte picks the function; the rest becomes a JSON value
//! (valid JSON as is, otherwise built from the bytes), so the fuzzer reaches past the parser.
#![no_main]

mod json_from_bytes;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let names: Value = serde_json::from_slice(&ispapi_core::abi::call("functions", b"null")).unwrap();
    let names = names["ok"].as_array().unwrap();
    let name = names[pick as usize % names.len()].as_str().unwrap();
    let args = match serde_json::from_slice::<Value>(rest) {
        Ok(v) => v,
        Err(_) => json_from_bytes::value(rest),
    };
    let out = ispapi_core::abi::call(name, args.to_string().as_bytes());
    let v: Value = serde_json::from_slice(&out).expect("the envelope is JSON");
    assert!(v.get("ok").is_some() ^ v.get("error").is_some());
    // Raw bytes too: invalid UTF-8 and truncated JSON.
    let raw = ispapi_core::abi::call(name, rest);
    assert!(serde_json::from_slice::<Value>(&raw).is_ok());
});
