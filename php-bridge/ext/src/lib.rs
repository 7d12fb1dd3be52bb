//! The PHP extension `ispapi_core`: runs the ispapi core's `.wasm` inside PHP through
//! `core-host`. Two functions, kept thin on purpose (the PHP library in php-bridge/lib wraps
//! them):
//!
//! - `ispapi_core_call(string $wasmPath, string $function, string $jsonArgs): string` returns
//!   the core's JSON envelope, or throws `IspapiCore\BridgeException`.
//! - `ispapi_core_call_array(string $wasmPath, string $function, array|object $args): array`
//!   returns the envelope as a PHP array (`['ok' => …]` or `['error' => […]]`), with no JSON
//!   on either side: MessagePack between the extension and the core.
//! - `ispapi_core_info(string $wasmPath): array` describes the loaded core and the runtime.
//!
//! Nothing may unwind into PHP: every entry point catches panics and turns them into a
//! BridgeException of kind `internal`.

mod classes;
mod packed;
mod settings;

use core_host::registry;
use core_host::{ErrorKind, HostError, Options, ABI_VERSION, WASMTIME_VERSION};
use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::IniEntryDef;
use std::panic;

/// Calls a core function; returns its envelope `{"ok":…}` or `{"error":{…}}` unchanged.
#[php_function]
pub fn ispapi_core_call(
    wasm_path: &str,
    function: &str,
    json_args: BinarySlice<u8>,
) -> PhpResult<String> {
    guarded(function, || {
        // The arguments go to the core as bytes: it answers invalid_args for bad JSON or
        // bad UTF-8 alike, with one message for every host.
        let envelope = registry::with_core(allowed(wasm_path)?, settings::options, |core| {
            core.call(function, &json_args)
        })??;
        // core-host has already checked that the envelope is UTF-8.
        String::from_utf8(envelope).map_err(|_| {
            HostError::new(
                ErrorKind::BadEnvelope,
                format!("{function} returned an envelope that is not UTF-8"),
            )
        })
    })
}

/// Calls a core function with PHP values; returns its envelope as a PHP array, built from the
/// core's MessagePack. Arguments that cannot be passed throw InvalidArgumentException.
#[php_function]
pub fn ispapi_core_call_array(
    wasm_path: &str,
    function: &str,
    args: &Zval,
) -> PhpResult<ZBox<ZendHashTable>> {
    let args = match registry::guarded("the PHP bridge", function, || Ok(packed::encode_args(args)))
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(packed::BadArgs(message))) => return Err(classes::invalid_argument(message)),
        Err(error) => return Err(classes::bridge_exception(&error)),
    };
    guarded(function, || {
        // The arrays are built from the envelope where it lies in the guest's memory.
        let decoded = registry::with_core(allowed(wasm_path)?, settings::options, |core| {
            core.call_packed_with(function, &args, packed::decode_envelope)
        })??;
        decoded.map_err(|problem| {
            HostError::new(
                ErrorKind::BadEnvelope,
                format!("{function} returned an envelope that cannot be read: {problem}"),
            )
        })
    })
}

/// Describes the core loaded from `wasm_path` (loading it if needed) and this runtime.
#[php_function]
pub fn ispapi_core_info(wasm_path: &str) -> PhpResult<ZBox<ZendHashTable>> {
    guarded("ispapi_core_info", || {
        let options = settings::options(std::path::Path::new(wasm_path));
        let (report, first) =
            registry::describe(allowed(wasm_path)?, settings::options, |core, first| {
                (core.load_report().clone(), first)
            })?;
        info_table(&options, &report, first).map_err(|e| {
            HostError::new(
                ErrorKind::Internal,
                format!("the info array could not be built ({e})"),
            )
        })
    })
}

extern "C" {
    /// PHP's own open_basedir check (main/fopen_wrappers.h, PHPAPI since PHP 5): 0 when the
    /// path may be opened, -1 when not; `warn` 0 keeps it from emitting a warning.
    fn php_check_open_basedir_ex(
        path: *const std::ffi::c_char,
        warn: std::ffi::c_int,
    ) -> std::ffi::c_int;
}

/// `wasm_path` if the calling script may open it under open_basedir, as PHP's file functions
/// decide; otherwise the same error as for a missing file, so that the answer is no oracle.
fn allowed(wasm_path: &str) -> Result<&str, HostError> {
    let refused = || core_host::wasm_unreadable(std::path::Path::new(wasm_path));
    if settings::ini("open_basedir").is_none_or(|dirs| dirs.is_empty()) {
        return Ok(wasm_path);
    }
    let c_path = std::ffi::CString::new(wasm_path).map_err(|_| refused())?;
    // SAFETY: a NUL-terminated string that outlives the call; PHP reads it and keeps nothing.
    match unsafe { php_check_open_basedir_ex(c_path.as_ptr(), 0) } {
        0 => Ok(wasm_path),
        _ => Err(refused()),
    }
}

fn info_table(
    options: &Options,
    report: &core_host::LoadReport,
    first_description: bool,
) -> ext_php_rs::error::Result<ZBox<ZendHashTable>> {
    let mut info = ZendHashTable::new();
    info.insert("extension_version", env!("CARGO_PKG_VERSION"))?;
    info.insert("wasmtime_version", WASMTIME_VERSION)?;
    info.insert("abi_version", i64::from(ABI_VERSION))?;
    info.insert(
        "cache_dir",
        options
            .cache_dir
            .as_ref()
            .map(|d| d.to_string_lossy().into_owned()),
    )?;
    info.insert("cache", report.cache.label())?;
    info.insert("cache_hit", report.cache.is_hit())?;
    let note = match &report.cache {
        core_host::CacheOutcome::Unavailable(reason) => Some(reason.clone()),
        _ => None,
    };
    info.insert("cache_note", note)?;
    // True the first time this load is described: the module logs the note then, once.
    info.insert("first_description", first_description)?;
    info.insert(
        "load_time_us",
        i64::try_from(report.duration.as_micros()).unwrap_or(i64::MAX),
    )?;
    info.insert("wasm_sha256", report.wasm_sha256.as_str())?;
    info.insert(
        "memory_limit_mb",
        (options.memory_limit_bytes / (1024 * 1024)) as i64,
    )?;
    info.insert(
        "deadline_ms",
        i64::try_from(options.deadline.as_millis()).unwrap_or(i64::MAX),
    )?;
    Ok(info)
}

/// Runs an entry point's body, turning a host error or a panic into a BridgeException.
fn guarded<T>(function: &str, body: impl FnOnce() -> Result<T, HostError>) -> PhpResult<T> {
    registry::guarded("the PHP bridge", function, body)
        .map_err(|error| classes::bridge_exception(&error))
}

extern "C" fn startup(_type: i32, module_number: i32) -> i32 {
    let registered = panic::catch_unwind(|| {
        IniEntryDef::register(settings::INI_ENTRIES.as_slice(), module_number);
        classes::register()
    });
    match registered {
        Ok(Ok(())) => 0, // SUCCESS
        _ => -1,         // FAILURE: PHP reports that the module could not start
    }
}

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .name("ispapi_core")
        .startup_function(startup)
        .function(wrap_function!(ispapi_core_call))
        .function(wrap_function!(ispapi_core_call_array))
        .function(wrap_function!(ispapi_core_info))
}
