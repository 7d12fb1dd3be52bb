//! The load options from the bridges' settings (`ispapi_core.cache_dir` and friends), shared by
//! the PHP extension (which reads its ini entries) and the FFI library (to which PHP passes
//! them), so that both paths turn the same settings into the same [`Options`].

use crate::{default_cache_dir, Options};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const CACHE_DIR: &str = "ispapi_core.cache_dir";
pub const CACHE_KEY_FILE: &str = "ispapi_core.cache_key_file";
pub const MEMORY_LIMIT_MB: &str = "ispapi_core.memory_limit_mb";
pub const DEADLINE_MS: &str = "ispapi_core.deadline_ms";

pub const DEFAULT_MEMORY_LIMIT_MB: u64 = 256;
pub const DEFAULT_DEADLINE_MS: u64 = 10_000;

/// The options for loading the core at `wasm_path`, given how to read a setting by name. A
/// missing or unparsable number falls back to its default.
pub fn options(wasm_path: &Path, setting: impl Fn(&str) -> Option<String>) -> Options {
    let value = |name: &str| setting(name).unwrap_or_default();
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
        "" => Some(default_cache_dir(wasm_path)),
        dir => Some(PathBuf::from(dir)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let wasm = Path::new("/m/ispapi_core.wasm");
        let none = options(wasm, |_| None);
        assert_eq!(none.cache_dir, Some(default_cache_dir(wasm)));
        assert_eq!(none.memory_limit_bytes, 256 * 1024 * 1024);
        assert_eq!(none.deadline, Duration::from_secs(10));
        let set = options(wasm, |name| {
            Some(
                match name {
                    CACHE_DIR => "off",
                    MEMORY_LIMIT_MB => "64",
                    DEADLINE_MS => "nonsense",
                    _ => "",
                }
                .to_owned(),
            )
        });
        assert_eq!(set.cache_dir, None);
        assert_eq!(set.memory_limit_bytes, 64 * 1024 * 1024);
        assert_eq!(set.deadline, Duration::from_secs(10));
    }
}
