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
type Handler = fn(Codec, &[u8], &mut Vec<u8>) -> Result<()>;

/// Every function a host can call, by its public name. Add new ones here.
const FUNCTIONS: &[(&str, Handler)] = &[
    ("version", |c, _, out| encode(c, out, version())),
    ("functions", |c, _, out| {
        encode(
            c,
            out,
            FUNCTIONS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        )
    }),
    ("encode_command", |c, a, out| {
        run(c, a, out, wire::encode_command)
    }),
    ("build_request", |c, a, out| {
        run(c, a, out, wire::build_request)
    }),
    ("session_id", |c, a, out| run(c, a, out, wire::session_id)),
    ("parse_response", |c, a, out| {
        // The table is written from the body as parsed, not from a copy per cell.
        let input: wire::ParseInput = parse_args(c, a)?;
        let parsed = wire::parse_borrowed(&input.text);
        out.reserve(parsed.encoded_size_hint());
        encode(c, out, parsed)
    }),
    ("retry_policy", |c, a, out| {
        run(c, a, out, wire::retry_policy)
    }),
    ("transport_failure", |c, a, out| {
        run(c, a, out, wire::transport_failure)
    }),
    ("redact_response", |c, a, out| {
        run(c, a, out, wire::redact_response)
    }),
    ("registrar_config", |c, a, out| {
        run(c, a, out, registrar::config_array)
    }),
    ("registrar_account", |c, a, out| {
        run(c, a, out, registrar::account)
    }),
    ("registrar_step", |c, a, out| {
        run(c, a, out, registrar::registrar_step)
    }),
    ("registrar_migration", |c, a, out| {
        run(c, a, out, registrar::migration)
    }),
    ("registrar_import", |c, a, out| {
        run(c, a, out, registrar::import)
    }),
    ("registrar_texts", |c, a, out| {
        run(c, a, out, registrar::texts::texts)
    }),
    ("monitor_cases", |c, a, out| {
        run(c, a, out, monitor::case_table)
    }),
    ("monitor_detect", |c, a, out| {
        encode(c, out, monitor::detect_with(c, a)?)
    }),
    ("monitor_step", |c, a, out| {
        run(c, a, out, monitor::monitor_step)
    }),
    ("monitor_csv", |c, a, out| run(c, a, out, monitor::csv)),
    ("fields_definitions", |c, a, out| {
        run(c, a, out, fields::definitions)
    }),
    ("fields_map", |c, a, out| run(c, a, out, fields::map_values)),
    ("fields_whmcs_file", |c, a, out| {
        run(c, a, out, fields::whmcs_file)
    }),
    ("fields_lang", |c, a, out| run(c, a, out, fields::lang_file)),
    ("idn_convert", |c, a, out| run(c, a, out, idn::convert)),
    ("transliterate", |c, a, out| {
        run(c, a, out, translit::transliterate)
    }),
    ("pricing_rows", |c, a, out| {
        run(c, a, out, pricing::pricing_rows)
    }),
    ("pricing_diff", |c, a, out| {
        run(c, a, out, pricing::pricing_diff)
    }),
    ("renewal_minimums", |c, a, out| {
        run(c, a, out, pricing::renewal_minimums)
    }),
    ("price_classes", |c, a, out| {
        run(c, a, out, pricing::price_classes)
    }),
    ("lookup_classify", |c, a, out| {
        run(c, a, out, lookup::lookup_classify)
    }),
    ("lookup_names", |c, a, out| {
        run(c, a, out, lookup::lookup_names)
    }),
    ("lookup_whois_json", |c, a, out| {
        run(c, a, out, lookup::whois_json)
    }),
    ("version_source", |c, a, out| {
        run(c, a, out, version_check::source)
    }),
    ("version_check", |c, a, out| {
        run(c, a, out, version_check::check)
    }),
];

fn version() -> Value {
    serde_json::json!({
        "core": env!("CARGO_PKG_VERSION"),
        "abi": ABI_VERSION,
    })
}

/// How a call's arguments and result are encoded. JSON for the npm package, the FFI library
/// and tests; MessagePack for the PHP extension, which builds PHP arrays from it directly (no
/// JSON text on either side, strings as length-prefixed bytes that need no escaping).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Json,
    MessagePack,
}

/// Deserialises the arguments into the function's own input type and serialises its output.
fn run<A: DeserializeOwned, R: Serialize>(
    codec: Codec,
    args: &[u8],
    out: &mut Vec<u8>,
    f: fn(A) -> Result<R>,
) -> Result<()> {
    encode(codec, out, f(parse_args(codec, args)?)?)
}

/// The arguments as the function's input type, or an `invalid_args` error naming the problem.
pub(crate) fn parse_args<'a, A: serde::Deserialize<'a>>(codec: Codec, args: &'a [u8]) -> Result<A> {
    let problem = match codec {
        Codec::Json => serde_json::from_slice(args).map_err(|e| e.to_string()),
        Codec::MessagePack => rmp_serde::from_slice(args).map_err(|e| e.to_string()),
    };
    problem.map_err(|e| {
        // serde quotes the unexpected key or value: shown escaped, as any input.
        CoreError::invalid_args(format!(
            "arguments are not of the expected shape: {}",
            crate::error::shown(&e, crate::error::TEXT_CHARS)
        ))
    })
}

fn encode<R: Serialize>(codec: Codec, out: &mut Vec<u8>, output: R) -> Result<()> {
    let failed = |e: &dyn std::fmt::Display| {
        CoreError::new("internal", format!("result could not be encoded: {e}"))
    };
    match codec {
        Codec::Json => serde_json::to_writer(out, &output).map_err(|e| failed(&e)),
        // Structs as maps with their field names, as in JSON.
        Codec::MessagePack => rmp_serde::encode::write_named(out, &output).map_err(|e| failed(&e)),
    }
}

/// Calls the named function, appending its encoded result to `out`; or a [`CoreError`].
fn dispatch_into(codec: Codec, name: &str, args: &[u8], out: &mut Vec<u8>) -> Result<()> {
    match FUNCTIONS.iter().find(|(n, _)| *n == name) {
        Some((_, handler)) => handler(codec, args, out),
        None => Err(CoreError::new(
            "unknown_function",
            format!("no core function is named {}", crate::error::quoted(name)),
        )),
    }
}

/// Calls the named function; the result is the function's output or a [`CoreError`].
pub fn dispatch(name: &str, args: &[u8]) -> Result<Value> {
    let mut bytes = Vec::new();
    dispatch_into(Codec::Json, name, args, &mut bytes)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| CoreError::new("internal", format!("result could not be read: {e}")))
}

/// Calls the named function with JSON arguments and wraps the outcome in the JSON envelope
/// every JSON host reads.
pub fn call(name: &str, args: &[u8]) -> Vec<u8> {
    call_with(Codec::Json, name, args)
}

/// [`call`] in either codec: `{"ok": <result>}` or `{"error": {"code", "message"}}`, the
/// envelope a map of one entry in MessagePack as in JSON.
pub fn call_with(codec: Codec, name: &str, args: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    match codec {
        Codec::Json => out.extend_from_slice(b"{\"ok\":"),
        // fixmap of 1 entry, fixstr "ok"
        Codec::MessagePack => out.extend_from_slice(b"\x81\xa2ok"),
    }
    match dispatch_into(codec, name, args, &mut out) {
        Ok(()) => {
            if codec == Codec::Json {
                out.push(b'}');
            }
            out
        }
        Err(e) => {
            let error = serde_json::json!({ "error": e });
            let mut out = Vec::new();
            // Encoding the error cannot fail: its fields are strings.
            match encode(codec, &mut out, &error) {
                Ok(()) => out,
                Err(_) => match codec {
                    Codec::Json => {
                        br#"{"error":{"code":"internal","message":"result could not be encoded"}}"#
                            .to_vec()
                    }
                    Codec::MessagePack => b"\x81\xa5error\x82\xa4code\xa8internal\xa7message\xbbresult could not be encoded".to_vec(),
                },
            }
        }
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

    fn call_packed(name: &str, args: &Value) -> Value {
        let bytes = call_with(
            Codec::MessagePack,
            name,
            &rmp_serde::to_vec_named(args).unwrap(),
        );
        rmp_serde::from_slice(&bytes).unwrap()
    }

    #[test]
    fn message_pack_answers_as_json_does() {
        let cases = [
            ("version", serde_json::json!({})),
            (
                "encode_command",
                serde_json::json!({"command": {"COMMAND": "CheckDomains", "DOMAIN": ["a.com", "b.net"]}}),
            ),
            (
                "parse_response",
                serde_json::json!({"text": "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[total][0] = 2\nproperty[domain][0] = a.com\nproperty[domain][1] = b.net\nEOF\n"}),
            ),
            ("registrar_config", serde_json::json!({})),
            ("monitor_cases", serde_json::json!({"api": "cnr"})),
            ("encode_command", serde_json::json!({"command": 5})),
            ("no_such_thing", serde_json::json!({})),
        ];
        for (name, args) in cases {
            let (packed, json) = (call_packed(name, &args), call_json(name, &args.to_string()));
            if json.get("error").is_some() {
                // The messages differ only in JSON's "at line 1 column 12".
                assert_eq!(packed["error"]["code"], json["error"]["code"], "{name}");
            } else {
                assert_eq!(packed, json, "{name}");
            }
        }
    }

    #[test]
    fn malformed_message_pack_is_an_error_envelope() {
        let bytes = call_with(Codec::MessagePack, "encode_command", b"\xc1\xff");
        let v: Value = rmp_serde::from_slice(&bytes).unwrap();
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
