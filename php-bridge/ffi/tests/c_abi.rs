//! The C ABI as PHP's FFI uses it, on the real core's .wasm (built by scripts/build; the path
//! can be given in CORE_WASM).

use core_host::ErrorKind;
use ispapi_core_ffi::{ispapi_core_call, ispapi_core_free, ispapi_core_info};
use std::ffi::{c_char, CString};
use std::path::PathBuf;

fn wasm() -> CString {
    let path = std::env::var("CORE_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/wasm32-unknown-unknown/wasm/ispapi_core.wasm")
        });
    assert!(path.is_file(), "build the core first: {}", path.display());
    CString::new(path.to_str().unwrap()).unwrap()
}

fn call(path: &CString, function: &str, args: &str, settings: &str) -> (i32, String) {
    let function = CString::new(function).unwrap();
    let settings = CString::new(settings).unwrap();
    let mut out: *mut c_char = std::ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: valid strings and out pointers, as PHP passes them.
    let status = unsafe {
        ispapi_core_call(
            path.as_ptr(),
            function.as_ptr(),
            args.as_ptr().cast(),
            args.len(),
            settings.as_ptr(),
            &mut out,
            &mut len,
        )
    };
    assert!(!out.is_null());
    // SAFETY: `out` holds `len` bytes, released once below.
    let text = unsafe {
        String::from_utf8_lossy(std::slice::from_raw_parts(out.cast(), len)).into_owned()
    };
    unsafe { ispapi_core_free(out, len) };
    (status, text)
}

#[test]
fn a_call_returns_the_envelope() {
    let (status, envelope) = call(
        &wasm(),
        "encode_command",
        r#"{"command":{"COMMAND":"CheckDomains","DOMAIN":["a.com","b.net"]}}"#,
        "{}",
    );
    assert_eq!(status, 0, "{envelope}");
    assert_eq!(
        envelope,
        r#"{"ok":{"text":"COMMAND=CheckDomains\nDOMAIN0=a.com\nDOMAIN1=b.net"}}"#
    );
    let (status, envelope) = call(&wasm(), "no_such_function", "{}", "{}");
    assert_eq!(status, 0);
    assert!(
        envelope.starts_with(r#"{"error":{"code":"unknown_function""#),
        "{envelope}"
    );
}

#[test]
fn host_errors_are_numbered_sentences() {
    let missing = CString::new("/nonexistent/ispapi_core.wasm").unwrap();
    let (status, message) = call(&missing, "version", "{}", "{}");
    assert_eq!(status, ErrorKind::WasmMissing.number());
    assert!(
        message.starts_with("ispapi core (wasm_missing): "),
        "{message}"
    );
}

#[test]
fn info_reports_the_settings_in_effect() {
    let settings = CString::new(
        r#"{"ispapi_core.cache_dir":"off","ispapi_core.memory_limit_mb":"128","ispapi_core.deadline_ms":"5000"}"#,
    )
    .unwrap();
    let mut out: *mut c_char = std::ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: valid strings and out pointers.
    let status =
        unsafe { ispapi_core_info(wasm().as_ptr(), settings.as_ptr(), &mut out, &mut len) };
    let text = unsafe {
        String::from_utf8_lossy(std::slice::from_raw_parts(out.cast(), len)).into_owned()
    };
    unsafe { ispapi_core_free(out, len) };
    assert_eq!(status, 0, "{text}");
    let info: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(info["cache"], "disabled");
    assert_eq!(info["memory_limit_mb"], 128);
    assert_eq!(info["deadline_ms"], 5000);
    assert_eq!(info["library_version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn null_arguments_are_errors_not_crashes() {
    let mut out: *mut c_char = std::ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: null strings are part of the contract (reported, not dereferenced).
    let status = unsafe {
        ispapi_core_call(
            std::ptr::null(),
            std::ptr::null(),
            std::ptr::null(),
            3,
            std::ptr::null(),
            &mut out,
            &mut len,
        )
    };
    assert_eq!(status, ErrorKind::Internal.number());
    unsafe { ispapi_core_free(out, len) };
}
