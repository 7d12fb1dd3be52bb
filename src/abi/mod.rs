//! The one boundary to hosts: a named function, JSON arguments in, a JSON envelope out.
//!
//! `call("encode_command", br#"{"command":{...}}"#)` returns `{"ok": <result>}` or
//! `{"error": {"code": "...", "message": "..."}}`. The PHP extension reaches it through the raw
//! exports in [`wasm`], the npm package through [`js`]; both see exactly the same JSON.

#[cfg(feature = "js")]
pub mod js;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

use crate::error::{CoreError, Result};
use crate::{fields, idn, monitor, registrar, translit, wire};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Bumped when the raw wasm exports (not the JSON functions) change shape.
pub const ABI_VERSION: u32 = 1;

/// A function's JSON arguments in, its JSON result out (serialised straight to bytes: a large
/// result is never built as a `Value` tree first).
type Handler = fn(&[u8]) -> Result<Vec<u8>>;

/// Every function a host can call, by its public name. Add new ones here.
const FUNCTIONS: &[(&str, Handler)] = &[
    ("version", |_| encode(version())),
    ("functions", |_| {
        encode(FUNCTIONS.iter().map(|(name, _)| *name).collect::<Vec<_>>())
    }),
    ("encode_command", |a| run(a, wire::encode_command)),
    ("build_request", |a| run(a, wire::build_request)),
    ("session_id", |a| run(a, wire::session_id)),
    ("parse_response", |a| run(a, wire::parse_response)),
    ("retry_policy", |a| run(a, wire::retry_policy)),
    ("transport_failure", |a| run(a, wire::transport_failure)),
    ("redact_response", |a| run(a, wire::redact_response)),
    ("registrar_config", |a| run(a, registrar::config_array)),
    ("registrar_account", |a| run(a, registrar::account)),
    ("registrar_step", |a| run(a, registrar::registrar_step)),
    ("registrar_migration", |a| run(a, registrar::migration)),
    ("registrar_import", |a| run(a, registrar::import)),
    ("monitor_cases", |a| run(a, monitor::case_table)),
    ("monitor_detect", |a| encode(monitor::detect_json(a)?)),
    ("monitor_step", |a| run(a, monitor::monitor_step)),
    ("monitor_csv", |a| run(a, monitor::csv)),
    ("fields_definitions", |a| run(a, fields::definitions)),
    ("fields_map", |a| run(a, fields::map_values)),
    ("fields_whmcs_file", |a| run(a, fields::whmcs_file)),
    ("fields_lang", |a| run(a, fields::lang_file)),
    ("idn_convert", |a| run(a, idn::convert)),
    ("transliterate", |a| run(a, translit::transliterate)),
    ("pricing_rows", |a| run(a, crate::pricing::pricing_rows)),
    ("pricing_diff", |a| run(a, crate::pricing::pricing_diff)),
    ("renewal_minimums", |a| {
        run(a, crate::pricing::renewal_minimums)
    }),
    ("price_classes", |a| run(a, crate::pricing::price_classes)),
    ("lookup_classify", |a| {
        run(a, crate::lookup::lookup_classify)
    }),
    ("lookup_names", |a| run(a, crate::lookup::lookup_names)),
    ("lookup_whois_json", |a| run(a, crate::lookup::whois_json)),
];

fn version() -> Value {
    serde_json::json!({
        "core": env!("CARGO_PKG_VERSION"),
        "abi": ABI_VERSION,
    })
}

/// Deserialises the arguments into the function's own input type and serialises its output.
fn run<A: DeserializeOwned, R: Serialize>(args: &[u8], f: fn(A) -> Result<R>) -> Result<Vec<u8>> {
    encode(f(parse_args(args)?)?)
}

/// The arguments as the function's input type, or an `invalid_args` error naming the problem.
pub(crate) fn parse_args<'a, A: serde::Deserialize<'a>>(args: &'a [u8]) -> Result<A> {
    serde_json::from_slice(args).map_err(|e| {
        CoreError::invalid_args(format!("arguments are not of the expected shape: {e}"))
    })
}

fn encode<R: Serialize>(output: R) -> Result<Vec<u8>> {
    serde_json::to_vec(&output)
        .map_err(|e| CoreError::new("internal", format!("result could not be encoded: {e}")))
}

/// Calls the named function; its JSON result, or a [`CoreError`].
fn dispatch_json(name: &str, args: &[u8]) -> Result<Vec<u8>> {
    match FUNCTIONS.iter().find(|(n, _)| *n == name) {
        Some((_, handler)) => handler(args),
        None => Err(CoreError::new(
            "unknown_function",
            format!("no core function is named {name:?}"),
        )),
    }
}

/// Calls the named function; the result is the function's output or a [`CoreError`].
pub fn dispatch(name: &str, args: &[u8]) -> Result<Value> {
    let bytes = dispatch_json(name, args)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| CoreError::new("internal", format!("result could not be read: {e}")))
}

/// Calls the named function and wraps the outcome in the JSON envelope every host reads.
pub fn call(name: &str, args: &[u8]) -> Vec<u8> {
    match dispatch_json(name, args) {
        Ok(result) => {
            let mut out = Vec::with_capacity(result.len() + 7);
            out.extend_from_slice(b"{\"ok\":");
            out.extend_from_slice(&result);
            out.push(b'}');
            out
        }
        // Serialising the error cannot fail: its fields are strings.
        Err(e) => serde_json::to_vec(&serde_json::json!({ "error": e })).unwrap_or_else(|_| {
            br#"{"error":{"code":"internal","message":"result could not be encoded"}}"#.to_vec()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call_json(name: &str, args: &str) -> Value {
        serde_json::from_slice(&call(name, args.as_bytes())).unwrap()
    }

    #[test]
    fn unknown_function_is_an_error_envelope() {
        let v = call_json("no_such_thing", "{}");
        assert_eq!(v["error"]["code"], "unknown_function");
    }

    #[test]
    fn malformed_arguments_are_an_error_envelope() {
        let v = call_json("encode_command", "{not json");
        assert_eq!(v["error"]["code"], "invalid_args");
        let v = call_json("encode_command", r#"{"command": 5}"#);
        assert_eq!(v["error"]["code"], "invalid_args");
    }

    #[test]
    fn version_names_the_abi() {
        let v = call_json("version", "null");
        assert_eq!(v["ok"]["abi"], ABI_VERSION);
    }

    #[test]
    fn functions_lists_every_public_name() {
        let v = call_json("functions", "null");
        let names: Vec<&str> = v["ok"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert!(names.contains(&"parse_response"));
        assert!(names.contains(&"encode_command"));
    }
}
