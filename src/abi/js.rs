//! wasm-bindgen exports for JavaScript (the npm package in `pkg/`). Same functions and JSON
//! shapes as the PHP side: `call(name, args)` plus one typed wrapper per public function.
//! Errors are thrown as `{code, message}` objects.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** An error thrown by every export: a stable code and a human message. */
export interface CoreError { code: string; message: string; }
export type Api = "ispapi" | "cnr";
export type Environment = "live" | "ote";
export type CommandValue = string | number | boolean | null | Array<string | number | boolean | null>;
/** A registrar API command, e.g. `{ COMMAND: "CheckDomains", DOMAIN: ["a.com"] }`. */
export type Command = { COMMAND: string } & Record<string, CommandValue>;
export interface Pagination {
  first: number; last: number | null; count: number; total: number; limit: number;
  page: number; pages: number; next_first: number | null;
}
export interface ApiResponse {
  code: number; description: string; success: boolean;
  kind: "success" | "temporary_error" | "error";
  queuetime: number | null; runtime: number | null;
  columns: string[]; properties: Record<string, string[]>; pagination: Pagination;
}
export interface RequestInput {
  api: Api; environment?: Environment; login: string; password: string;
  role?: string | null; subuser?: string | null; url?: string | null; proxy?: string | null;
  session?: string | null; start_session?: boolean; end_session?: boolean; command?: Command;
  /** What limits the reply's size: the core's memory limit, the host's own (PHP's memory_limit) and its use. */
  core_memory_limit_mb?: number | null; host_memory_limit?: string | null; host_memory_used?: number | null;
}
export interface ApiRequest {
  url: string; proxy: string | null; method: "POST"; content_type: string; fields: [string, string][]; body: string;
  redacted: { url: string; fields: [string, string][]; command: string };
  /** Stop reading the reply past this many bytes and report `transport_failure` with `reply_limit_bytes`. */
  max_reply_bytes: number;
}
export interface RetryInput {
  command: string | Command; attempt: number;
  outcome: "connect_failed" | "timeout" | "network_error" | "http" | "api" | "reply_too_large";
  http_status?: number | null; code?: number | null; elapsed_ms?: number; session?: boolean;
}
export interface RetryDecision { retry: boolean; delay_ms: number; reason: string; }
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // json_compatible: objects become plain JS objects, not Maps.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Calls a core function by name with a plain JS object; returns its result or throws.
#[wasm_bindgen]
pub fn call(name: &str, args: JsValue) -> Result<JsValue, JsValue> {
    let args: Value = if args.is_undefined() {
        Value::Null
    } else {
        serde_wasm_bindgen::from_value(args).map_err(|e| {
            to_js(&crate::CoreError::invalid_args(format!(
                "arguments are not JSON-like: {}",
                crate::error::shown(&e.to_string(), crate::error::TEXT_CHARS)
            )))
            .unwrap_or_else(|e| e)
        })?
    };
    let bytes = serde_json::to_vec(&args).map_err(|e| JsValue::from_str(&e.to_string()))?;
    match super::dispatch(name, &bytes) {
        Ok(v) => to_js(&v),
        Err(e) => Err(to_js(&e)?),
    }
}

#[wasm_bindgen(js_name = encodeCommand, unchecked_return_type = "string")]
pub fn encode_command(
    #[wasm_bindgen(unchecked_param_type = "Command")] command: JsValue,
) -> Result<JsValue, JsValue> {
    let out = call("encode_command", wrap("command", command)?)?;
    js_sys_get(&out, "text")
}

#[wasm_bindgen(js_name = parseResponse, unchecked_return_type = "ApiResponse")]
pub fn parse_response(text: &str) -> Result<JsValue, JsValue> {
    call(
        "parse_response",
        to_js(&serde_json::json!({ "text": text }))?,
    )
}

#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "ApiRequest")]
pub fn build_request(
    #[wasm_bindgen(unchecked_param_type = "RequestInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call("build_request", input)
}

#[wasm_bindgen(js_name = retryPolicy, unchecked_return_type = "RetryDecision")]
pub fn retry_policy(
    #[wasm_bindgen(unchecked_param_type = "RetryInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call("retry_policy", input)
}

fn wrap(field: &str, value: JsValue) -> Result<JsValue, JsValue> {
    let inner: Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| to_js(&crate::CoreError::invalid_args(e.to_string())).unwrap_or_else(|e| e))?;
    let mut outer = serde_json::Map::new();
    outer.insert(field.to_owned(), inner);
    to_js(&Value::Object(outer))
}

fn js_sys_get(object: &JsValue, field: &str) -> Result<JsValue, JsValue> {
    let value: Value = serde_wasm_bindgen::from_value(object.clone())?;
    to_js(&value[field])
}
