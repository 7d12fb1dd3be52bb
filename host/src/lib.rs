//! Runs the ispapi core's `.wasm` under wasmtime for native hosts: the PHP extension, the Rust
//! host tests and the benchmarks.
//!
//! ```no_run
//! use core_host::{Core, Options};
//! let mut core = Core::load("target/wasm32-unknown-unknown/wasm/ispapi_core.wasm", Options::default())?;
//! let envelope = core.call("version", b"{}")?; // {"ok":{...}} or {"error":{...}}
//! # Ok::<(), core_host::HostError>(())
//! ```
//!
//! The guest is bounded: its linear memory by [`Options::memory_limit_bytes`], each call by
//! [`Options::deadline`] (wall clock). A failed call discards the instance; the next call gets
//! a fresh one from the same compiled module. Nothing here panics on any input.

mod cache;
mod engine;
mod error;
mod guest;
pub mod registry;
pub mod settings;

pub use cache::{default_cache_dir, default_key_file, CacheOutcome, WASMTIME_VERSION};
pub use error::{ErrorKind, HostError};
pub use guest::ABI_VERSION;

use guest::{Bounds, Encoding, Guest};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wasmtime::{Engine, Module};

/// How to load and bound the core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Where compiled modules are kept between processes; `None` compiles on every load.
    /// [`default_cache_dir`] gives the usual place, beside the `.wasm`.
    pub cache_dir: Option<PathBuf>,
    /// The file holding the key that authenticates cache files (created when missing);
    /// `None`: [`default_key_file`], beside the `.wasm`. It must be somewhere that whoever can
    /// write the cache directory cannot read.
    pub cache_key_file: Option<PathBuf>,
    /// The most linear memory the guest may grow to.
    pub memory_limit_bytes: usize,
    /// The longest one call (or the instantiation) may run, measured in wall-clock time.
    pub deadline: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cache_dir: None,
            cache_key_file: None,
            memory_limit_bytes: 256 * 1024 * 1024,
            deadline: Duration::from_secs(10),
        }
    }
}

/// What loading the core did, for diagnostics and measurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// Hex SHA-256 of the `.wasm` bytes that were loaded.
    pub wasm_sha256: String,
    pub cache: CacheOutcome,
    /// Reading, compiling or loading from the cache, and the first instantiation.
    pub duration: Duration,
}

/// A loaded core: the compiled module and, between calls, a warm instance.
pub struct Core {
    engine: &'static Engine,
    module: Module,
    bounds: Bounds,
    guest: Option<Guest>,
    report: LoadReport,
}

impl Core {
    /// Reads, compiles (or loads from the cache) and instantiates the core at `wasm_path`.
    pub fn load(wasm_path: impl AsRef<Path>, options: Options) -> Result<Core, HostError> {
        let started = Instant::now();
        let path = wasm_path.as_ref();
        // One message whether the file is missing or unreadable: a script may name any path,
        // and the answer must not tell it which files exist.
        let wasm = std::fs::read(path).map_err(|_| wasm_unreadable(path))?;
        let engine = engine::shared()?;
        let wasm_sha256 = Sha256::digest(&wasm);
        let key_file = options
            .cache_key_file
            .clone()
            .unwrap_or_else(|| default_key_file(path));
        let (module, cache) = cache::load_module(
            engine,
            &wasm,
            &wasm_sha256,
            options.cache_dir.as_deref(),
            &key_file,
        )
        .map_err(|e| {
            HostError::new(
                e.kind(),
                format!("{} is unusable: {}", path.display(), e.message()),
            )
        })?;
        if let Some(import) = module.imports().next() {
            return Err(HostError::new(
                ErrorKind::WasmInvalid,
                format!(
                    "{} imports {}::{}, but the core must import nothing",
                    path.display(),
                    import.module(),
                    import.name()
                ),
            ));
        }
        let bounds = Bounds {
            memory_limit_bytes: options.memory_limit_bytes,
            deadline: options.deadline,
        };
        let guest = Guest::start(engine, &module, bounds)?;
        Ok(Core {
            engine,
            module,
            bounds,
            guest: Some(guest),
            report: LoadReport {
                wasm_sha256: wasm_sha256.iter().map(|b| format!("{b:02x}")).collect(),
                cache,
                duration: started.elapsed(),
            },
        })
    }

    /// Calls a core function with JSON arguments and returns its UTF-8 JSON envelope,
    /// `{"ok":…}` or `{"error":{"code":…,"message":…}}`, exactly as the core wrote it.
    pub fn call(&mut self, function: &str, args_json: &[u8]) -> Result<Vec<u8>, HostError> {
        // A forked child (pcntl_fork, php-fpm) inherits the core but not the deadline timer.
        engine::shared()?;
        let result = self.guest()?.call(Encoding::Json, function, args_json);
        if result.is_err() {
            self.guest = None;
        }
        result
    }

    /// [`Core::call`] with MessagePack arguments, returning the MessagePack envelope (a map
    /// with `ok` or `error`), as the core wrote it.
    pub fn call_packed(&mut self, function: &str, args: &[u8]) -> Result<Vec<u8>, HostError> {
        self.call_packed_with(function, args, <[u8]>::to_vec)
    }

    /// [`Core::call_packed`] handing `read` the envelope in the guest's memory, so that a large
    /// result is read in place (the PHP extension builds its arrays from it) rather than copied
    /// out first.
    pub fn call_packed_with<R>(
        &mut self,
        function: &str,
        args: &[u8],
        read: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, HostError> {
        engine::shared()?;
        let result = self
            .guest()?
            .call_with(Encoding::MessagePack, function, args, read);
        if result.is_err() {
            self.guest = None;
        }
        result
    }

    /// The live instance, started if there is none (after an error the caller drops it: a trap
    /// can leave its memory in any state).
    fn guest(&mut self) -> Result<&mut Guest, HostError> {
        Ok(match self.guest {
            Some(ref mut guest) => guest,
            None => self
                .guest
                .insert(Guest::start(self.engine, &self.module, self.bounds)?),
        })
    }

    pub fn load_report(&self) -> &LoadReport {
        &self.report
    }
}

/// The error for a `.wasm` that cannot be read, whatever the reason.
pub fn wasm_unreadable(path: &Path) -> HostError {
    HostError::new(
        ErrorKind::WasmMissing,
        format!(
            "the core's .wasm at {} could not be read: it is missing, not readable by this \
             user, or outside open_basedir",
            path.display()
        ),
    )
}
