//! The extension's INI settings. All but `wasm_path` are PHP_INI_SYSTEM (php.ini or `php -d`):
//! they shape a core when it is loaded, which happens once per process, so a runtime
//! `ini_set()` could only ever apply to some of the cores.

use core_host::Options;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const CACHE_DIR: &str = "ispapi_core.cache_dir";
pub const CACHE_KEY_FILE: &str = "ispapi_core.cache_key_file";
pub const MEMORY_LIMIT_MB: &str = "ispapi_core.memory_limit_mb";
pub const DEADLINE_MS: &str = "ispapi_core.deadline_ms";

const DEFAULT_MEMORY_LIMIT_MB: u64 = 256;
const DEFAULT_DEADLINE_MS: u64 = 10_000;

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

/// The options for loading the core at `wasm_path` now. An unparsable number falls back to its
/// default; `ispapi_core_info()` shows the values in effect.
pub fn options(wasm_path: &Path) -> Options {
    let value = |name: &str| ini(name).unwrap_or_default();
    let number = |name: &str, default: u64| value(name).trim().parse::<u64>().unwrap_or(default);
    let key_file = value(CACHE_KEY_FILE);
    Options {
        cache_dir: cache_dir(value(CACHE_DIR).trim(), wasm_path),
        cache_key_file: Some(key_file.trim())
            .filter(|f| !f.is_empty())
            .map(PathBuf::from),
        memory_limit_bytes: usize::try_from(number(MEMORY_LIMIT_MB, DEFAULT_MEMORY_LIMIT_MB))
            .unwrap_or(usize::MAX / (1024 * 1024))
            .saturating_mul(1024 * 1024),
        deadline: Duration::from_millis(number(DEADLINE_MS, DEFAULT_DEADLINE_MS)),
    }
}

fn cache_dir(setting: &str, wasm_path: &Path) -> Option<PathBuf> {
    match setting {
        "off" => None,
        // Not a shared temp directory: there, another user could take the name first (and so
        // switch the cache off), and a script confined to it by open_basedir could plant files.
        "" => Some(core_host::default_cache_dir(wasm_path)),
        dir => Some(PathBuf::from(dir)),
    }
}

/// The current value of an ini setting.
pub fn ini(name: &str) -> Option<String> {
    ExecutorGlobals::get()
        .ini_values()
        .get(name)
        .cloned()
        .flatten()
}
