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
use crate::{fields, idn, lookup, monitor, pricing, registrar, translit, version_check, wire};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Bumped when the raw wasm exports (not the JSON functions) change shape.
pub const ABI_VERSION: u32 = 1;

/// A function's JSON arguments in, its JSON result appended to the buffer (serialised straight
/// to bytes, after the envelope's opening: a large result is never built as a `Value` tree
/// first, nor copied into the envelope).
type Handler = fn(&[u8], &mut Vec<u8>) -> Result<()>;

/// Every function a host can call, by its public name. Add new ones here.
const FUNCTIONS: &[(&str, Handler)] = &[
    ("version", |_, out| encode(out, version())),
    ("functions", |_, out| {
        encode(
            out,
            FUNCTIONS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        )
    }),
    ("encode_command", |a, out| run(a, out, wire::encode_command)),
    ("build_request", |a, out| run(a, out, wire::build_request)),
    ("session_id", |a, out| run(a, out, wire::session_id)),
    ("parse_response", |a, out| {
        // The table is written from the body as parsed, not from a copy per cell.
        let input: wire::ParseInput = parse_args(a)?;
        encode(out, wire::parse_borrowed(&input.text))
    }),
    ("retry_policy", |a, out| run(a, out, wire::retry_policy)),
    ("transport_failure", |a, out| {
        run(a, out, wire::transport_failure)
    }),
    ("redact_response", |a, out| {
        run(a, out, wire::redact_response)
    }),
    ("registrar_config", |a, out| {
        run(a, out, registrar::config_array)
    }),
    ("registrar_account", |a, out| {
        run(a, out, registrar::account)
    }),
    ("registrar_step", |a, out| {
        run(a, out, registrar::registrar_step)
    }),
    ("registrar_migration", |a, out| {
        run(a, out, registrar::migration)
    }),
    ("registrar_import", |a, out| run(a, out, registrar::import)),
    ("registrar_texts", |a, out| {
        run(a, out, registrar::texts::texts)
    }),
    ("monitor_cases", |a, out| run(a, out, monitor::case_table)),
    ("monitor_detect", |a, out| {
        encode(out, monitor::detect_json(a)?)
    }),
    ("monitor_step", |a, out| run(a, out, monitor::monitor_step)),
    ("monitor_csv", |a, out| run(a, out, monitor::csv)),
    ("fields_definitions", |a, out| {
        run(a, out, fields::definitions)
    }),
    ("fields_map", |a, out| run(a, out, fields::map_values)),
    ("fields_whmcs_file", |a, out| {
        run(a, out, fields::whmcs_file)
    }),
    ("fields_lang", |a, out| run(a, out, fields::lang_file)),
    ("idn_convert", |a, out| run(a, out, idn::convert)),
    ("transliterate", |a, out| {
        run(a, out, translit::transliterate)
    }),
    ("pricing_rows", |a, out| run(a, out, pricing::pricing_rows)),
    ("pricing_diff", |a, out| run(a, out, pricing::pricing_diff)),
    ("renewal_minimums", |a, out| {
        run(a, out, pricing::renewal_minimums)
    }),
    ("price_classes", |a, out| {
        run(a, out, pricing::price_classes)
    }),
    ("lookup_classify", |a, out| {
        run(a, out, lookup::lookup_classify)
    }),
    ("lookup_names", |a, out| run(a, out, lookup::lookup_names)),
    ("lookup_whois_json", |a, out| {
        run(a, out, lookup::whois_json)
    }),
    ("version_source", |a, out| {
        run(a, out, version_check::source)
    }),
    ("version_check", |a, out| run(a, out, version_check::check)),
];

fn version() -> Value {
    serde_json::json!({
        "core": env!("CARGO_PKG_VERSION"),
        "abi": ABI_VERSION,
    })
}

/// Deserialises the arguments into the function's own input type and serialises its output.
fn run<A: DeserializeOwned, R: Serialize>(
    args: &[u8],
    out: &mut Vec<u8>,
    f: fn(A) -> Result<R>,
) -> Result<()> {
    encode(out, f(parse_args(args)?)?)
}

/// The arguments as the function's input type, or an `invalid_args` error naming the problem.
pub(crate) fn parse_args<'a, A: serde::Deserialize<'a>>(args: &'a [u8]) -> Result<A> {
    serde_json::from_slice(args).map_err(|e| {
        // serde quotes the unexpected key or value: shown escaped, as any input.
        CoreError::invalid_args(format!(
            "arguments are not of the expected shape: {}",
            crate::error::shown(&e.to_string(), crate::error::TEXT_CHARS)
        ))
    })
}

fn encode<R: Serialize>(out: &mut Vec<u8>, output: R) -> Result<()> {
    serde_json::to_writer(out, &output)
        .map_err(|e| CoreError::new("internal", format!("result could not be encoded: {e}")))
}

/// Calls the named function, appending its JSON result to `out`; or a [`CoreError`].
fn dispatch_into(name: &str, args: &[u8], out: &mut Vec<u8>) -> Result<()> {
    match FUNCTIONS.iter().find(|(n, _)| *n == name) {
        Some((_, handler)) => handler(args, out),
        None => Err(CoreError::new(
            "unknown_function",
            format!("no core function is named {}", crate::error::quoted(name)),
        )),
    }
}

/// Calls the named function; the result is the function's output or a [`CoreError`].
pub fn dispatch(name: &str, args: &[u8]) -> Result<Value> {
    let mut bytes = Vec::new();
    dispatch_into(name, args, &mut bytes)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| CoreError::new("internal", format!("result could not be read: {e}")))
}

/// Calls the named function and wraps the outcome in the JSON envelope every host reads.
pub fn call(name: &str, args: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"{\"ok\":");
    match dispatch_into(name, args, &mut out) {
        Ok(()) => {
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
