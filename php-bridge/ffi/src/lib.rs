//! `libispapi_core_ffi.so`: the same host as the PHP extension (core-host: wasmtime, the
//! compiled-module cache, the memory limit and the deadline) behind a small C ABI, for PHP's
//! FFI. One binary serves every PHP version, where the extension must be built per PHP minor.
//! The declarations are in `ispapi_core_ffi.h`; `IspapiCore\Core` uses them when the extension
//! is not loaded.
//!
//! Every function returns 0 or an error kind's number and always sets `*out`; nothing unwinds
//! into C (each entry catches panics).

use core_host::{registry, ErrorKind, HostError, Options, ABI_VERSION, WASMTIME_VERSION};
use serde_json::{json, Map, Value};
use std::ffi::{c_char, c_int, CStr};
use std::panic;
use std::path::Path;

/// Calls `function` of the core at `wasm_path` with the JSON `args` (`args_len` bytes, not
/// NUL-terminated) and puts its envelope `{"ok":…}` / `{"error":…}` in `*out`.
///
/// # Safety
/// `wasm_path`, `function` and `settings` are NUL-terminated strings (or null), `args` points
/// to `args_len` readable bytes (or is null with `args_len` 0), and `out`/`out_len` are
/// writable.
#[no_mangle]
pub unsafe extern "C" fn ispapi_core_call(
    wasm_path: *const c_char,
    function: *const c_char,
    args: *const c_char,
    args_len: usize,
    settings: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> c_int {
    // SAFETY: the caller's contract above.
    let function = unsafe { text(function) };
    let entry = function.clone().unwrap_or_default();
    let result = guarded(&entry, || {
        let path = unsafe { text(wasm_path) }?;
        let function = function?;
        let args = match (args.is_null(), args_len) {
            (_, 0) => &[][..],
            (true, _) => return Err(argument_error("args")),
            // SAFETY: `args` points to `args_len` readable bytes.
            (false, len) => unsafe { std::slice::from_raw_parts(args.cast::<u8>(), len) },
        };
        let settings = unsafe { settings_reader(settings) };
        let envelope = registry::with_core(
            &path,
            |p| options(p, &settings),
            |core| core.call(&function, args),
        )??;
        Ok(envelope)
    });
    unsafe { answer(result, out, out_len) }
}

/// A JSON object describing the core loaded from `wasm_path` (loading it if needed) and this
/// runtime: the same keys as the extension's `ispapi_core_info()`, plus `library_version`.
///
/// # Safety
/// As [`ispapi_core_call`].
#[no_mangle]
pub unsafe extern "C" fn ispapi_core_info(
    wasm_path: *const c_char,
    settings: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> c_int {
    let result = guarded("ispapi_core_info", || {
        // SAFETY: the caller's contract.
        let path = unsafe { text(wasm_path) }?;
        let settings = unsafe { settings_reader(settings) };
        let options = options(Path::new(&path), &settings);
        let (report, first) = registry::describe(
            &path,
            |p| self::options(p, &settings),
            |core, first| (core.load_report().clone(), first),
        )?;
        Ok(info(&options, &report, first).to_string().into_bytes())
    });
    unsafe { answer(result, out, out_len) }
}

/// Releases a buffer that one of the functions above put in `*out`.
///
/// # Safety
/// `out` and `out_len` are exactly what a call returned, released once (null is ignored).
#[no_mangle]
pub unsafe extern "C" fn ispapi_core_free(out: *mut c_char, out_len: usize) {
    if out.is_null() {
        return;
    }
    // SAFETY: made by `answer` from a boxed slice of `out_len` bytes plus its NUL.
    let _ = panic::catch_unwind(|| unsafe {
        drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
            out.cast::<u8>(),
            out_len + 1,
        )))
    });
}

fn info(options: &Options, report: &core_host::LoadReport, first: bool) -> Value {
    let note = match &report.cache {
        core_host::CacheOutcome::Unavailable(reason) => Some(reason.clone()),
        _ => None,
    };
    json!({
        "library_version": env!("CARGO_PKG_VERSION"),
        "wasmtime_version": WASMTIME_VERSION,
        "abi_version": ABI_VERSION,
        "cache_dir": options.cache_dir.as_ref().map(|d| d.to_string_lossy().into_owned()),
        "cache": report.cache.label(),
        "cache_hit": report.cache.is_hit(),
        "cache_note": note,
        "first_description": first,
        "load_time_us": u64::try_from(report.duration.as_micros()).unwrap_or(u64::MAX),
        "wasm_sha256": report.wasm_sha256,
        "memory_limit_mb": options.memory_limit_bytes / (1024 * 1024),
        "deadline_ms": u64::try_from(options.deadline.as_millis()).unwrap_or(u64::MAX),
    })
}

fn options(wasm_path: &Path, settings: &Map<String, Value>) -> Options {
    core_host::settings::options(wasm_path, |name| {
        settings.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    })
}

/// The settings object; anything that is not a JSON object counts as no settings (defaults).
unsafe fn settings_reader(settings: *const c_char) -> Map<String, Value> {
    // SAFETY: the caller's contract.
    match unsafe { text(settings) }
        .ok()
        .map(|s| serde_json::from_str(&s))
    {
        Some(Ok(Value::Object(map))) => map,
        _ => Map::new(),
    }
}

/// A NUL-terminated UTF-8 argument.
unsafe fn text(ptr: *const c_char) -> Result<String, HostError> {
    if ptr.is_null() {
        return Err(argument_error("a string argument"));
    }
    // SAFETY: the caller passes a NUL-terminated string.
    let s = unsafe { CStr::from_ptr(ptr) };
    s.to_str()
        .map(str::to_owned)
        .map_err(|_| argument_error("a string argument that is not UTF-8"))
}

fn argument_error(what: &str) -> HostError {
    HostError::new(
        ErrorKind::Internal,
        format!("the FFI library was called with a null or invalid {what}"),
    )
}

/// Runs an entry's body; a panic becomes an `internal` error and discards every loaded core.
fn guarded(
    function: &str,
    body: impl FnOnce() -> Result<Vec<u8>, HostError>,
) -> Result<Vec<u8>, HostError> {
    registry::guarded("the FFI library", function, body)
}

/// Writes the bytes (or the error sentence, `ispapi core (<kind>): …`) to `*out` with a
/// trailing NUL not counted in `*out_len`, and returns 0 or the kind's number.
unsafe fn answer(
    result: Result<Vec<u8>, HostError>,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> c_int {
    let (status, mut bytes) = match result {
        Ok(bytes) => (0, bytes),
        Err(error) => (error.kind().number(), error.to_string().into_bytes()),
    };
    if out.is_null() || out_len.is_null() {
        return ErrorKind::Internal.number();
    }
    let len = bytes.len();
    bytes.push(0);
    let buffer = Box::into_raw(bytes.into_boxed_slice()).cast::<c_char>();
    // SAFETY: both pointers are writable (checked non-null; the caller's contract).
    unsafe {
        *out = buffer;
        *out_len = len;
    }
    status
}
