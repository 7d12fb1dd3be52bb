//! The extension's INI settings. All but `wasm_path` are PHP_INI_SYSTEM (php.ini or `php -d`):
//! they shape a core when it is loaded, which happens once per process, so a runtime
//! `ini_set()` could only ever apply to some of the cores.

use core_host::Options;
use ext_php_rs::ffi::zend_ini_entry;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs};
use std::path::Path;

pub static INI_ENTRIES: IniEntryDefs<6> = IniEntryDefs::new([
    // Empty: a directory beside the .wasm (never a shared temp directory). "off": compile on
    // every load.
    IniEntryDef::new(c"ispapi_core.cache_dir", c"", IniEntryPermission::System),
    // Empty: a file beside the .wasm. The key that authenticates cache files.
    IniEntryDef::new(
        c"ispapi_core.cache_key_file",
        c"",
        IniEntryPermission::System,
    ),
    IniEntryDef::new(
        c"ispapi_core.memory_limit_mb",
        c"256",
        IniEntryPermission::System,
    ),
    IniEntryDef::new(
        c"ispapi_core.deadline_ms",
        c"10000",
        IniEntryPermission::System,
    ),
    // Read by the PHP library (IspapiCore\Core) only, so scripts may set it too.
    IniEntryDef::new(c"ispapi_core.wasm_path", c"", IniEntryPermission::All),
    IniEntryDef::end(),
]);

/// The options for loading the core at `wasm_path` now, from the ini settings (core-host
/// turns them into options the same way for the FFI library). `ispapi_core_info()` shows the
/// values in effect.
pub fn options(wasm_path: &Path) -> Options {
    core_host::settings::options(wasm_path, ini)
}

/// The current value of an ini setting, looked up by name. (ext-php-rs's `ini_values()` copies
/// every ini directive into a map: about 50 µs, paid on every call for open_basedir.)
pub fn ini(name: &str) -> Option<String> {
    let globals = ExecutorGlobals::get();
    // SAFETY: `EG(ini_directives)` is set at engine startup and lives as long as the request;
    // it is null only before startup, which `as_ref` turns into None.
    let directives = unsafe { globals.ini_directives.as_ref() }?;
    let entry = directives.get(name)?;
    // SAFETY: the table holds `zend_ini_entry` pointers owned by PHP, valid for the request;
    // a null pointer or value is None.
    let entry = unsafe { entry.ptr::<zend_ini_entry>()?.as_ref() }?;
    let value = unsafe { entry.value.as_ref() }?;
    // php.ini may hold any bytes; the settings read here are paths and numbers.
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}
