//! The extension's INI settings. All but `wasm_path` are PHP_INI_SYSTEM (php.ini or `php -d`):
//! they shape a core when it is loaded, which happens once per process, so a runtime
//! `ini_set()` could only ever apply to some of the cores.

use core_host::Options;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::types::ZendCallable;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs};
use std::path::PathBuf;
use std::time::Duration;

pub const CACHE_DIR: &str = "ispapi_core.cache_dir";
pub const MEMORY_LIMIT_MB: &str = "ispapi_core.memory_limit_mb";
pub const DEADLINE_MS: &str = "ispapi_core.deadline_ms";

const DEFAULT_MEMORY_LIMIT_MB: u64 = 256;
const DEFAULT_DEADLINE_MS: u64 = 10_000;

pub static INI_ENTRIES: IniEntryDefs<5> = IniEntryDefs::new([
    // Empty: sys_get_temp_dir()/ispapi-core-cache-<uid>. "off": compile on every load.
    IniEntryDef::new(c"ispapi_core.cache_dir", c"", IniEntryPermission::System),
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

/// The options for loading a core now. An unparsable number falls back to its default;
/// `ispapi_core_info()` shows the values in effect.
pub fn options() -> Options {
    let ini = ExecutorGlobals::get().ini_values();
    let value = |name: &str| ini.get(name).cloned().flatten().unwrap_or_default();
    let number = |name: &str, default: u64| value(name).trim().parse::<u64>().unwrap_or(default);
    Options {
        cache_dir: cache_dir(value(CACHE_DIR).trim()),
        memory_limit_bytes: usize::try_from(number(MEMORY_LIMIT_MB, DEFAULT_MEMORY_LIMIT_MB))
            .unwrap_or(usize::MAX / (1024 * 1024))
            .saturating_mul(1024 * 1024),
        deadline: Duration::from_millis(number(DEADLINE_MS, DEFAULT_DEADLINE_MS)),
    }
}

fn cache_dir(setting: &str) -> Option<PathBuf> {
    match setting {
        "off" => None,
        // Per user: the cache refuses a directory another user owns, so the web server and
        // the cron user sharing one default would leave one of them compiling every time.
        // SAFETY: geteuid has no preconditions and cannot fail.
        "" => {
            Some(php_temp_dir().join(format!("ispapi-core-cache-{}", unsafe { libc::geteuid() })))
        }
        dir => Some(PathBuf::from(dir)),
    }
}

/// PHP's own idea of the temp dir (sys_temp_dir, then TMPDIR), as `sys_get_temp_dir()` gives.
fn php_temp_dir() -> PathBuf {
    ZendCallable::try_from_name("sys_get_temp_dir")
        .and_then(|f| f.try_call(vec![]))
        .ok()
        .and_then(|dir| dir.string())
        .filter(|dir| !dir.is_empty())
        .map_or_else(std::env::temp_dir, PathBuf::from)
}
