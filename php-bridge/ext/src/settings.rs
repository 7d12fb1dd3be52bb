//! The extension's INI settings. All but `wasm_path` are PHP_INI_SYSTEM (php.ini or `php -d`):
//! they shape a core when it is loaded, which happens once per process, so a runtime
//! `ini_set()` could only ever apply to some of the cores.

use core_host::Options;
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

/// The current value of an ini setting.
pub fn ini(name: &str) -> Option<String> {
    ExecutorGlobals::get()
        .ini_values()
        .get(name)
        .cloned()
        .flatten()
}
