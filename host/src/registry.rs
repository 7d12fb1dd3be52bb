//! The cores a process has loaded, one per `.wasm` path, kept warm between calls: shared by the
//! PHP extension and the FFI library, so that both reuse loads the same way.
//!
//! PHP (NTS) runs one request at a time per process, so a thread-local map needs no locking.
//! A file that changes on disk (size, mtime or inode, as after a deploy) is loaded again; to
//! keep calls cheap the file is looked at no more than once per [`REVALIDATE_EVERY`].

use crate::{Core, ErrorKind, HostError, Options};
use std::cell::RefCell;
use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

const REVALIDATE_EVERY: Duration = Duration::from_secs(1);

/// A process rarely needs more than one core; the cap bounds memory if a script cycles
/// through many paths (each core reserves its own linear memory).
const MAX_LOADED: usize = 8;

struct Loaded {
    core: Core,
    /// Whether `ispapi_core_info()` has described this load yet: a note about it (e.g. why the
    /// cache was refused) is logged once per load, not on every page.
    described: bool,
    stamp: Option<Stamp>,
    checked_at: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

fn stamp(path: &str) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        inode: meta.ino(),
    })
}

thread_local! {
    static CORES: RefCell<HashMap<String, Loaded>> = RefCell::new(HashMap::new());
}

/// Runs `f` on the core loaded from `path`, loading it first (with `options`) if needed.
pub fn with_core<R>(
    path: &str,
    options: impl FnOnce(&Path) -> Options,
    f: impl FnOnce(&mut Core) -> R,
) -> Result<R, HostError> {
    with_loaded(path, options, |loaded| f(&mut loaded.core))
}

/// Runs `f` on the core loaded from `path` and says whether this is the first description of
/// this load.
pub fn describe<R>(
    path: &str,
    options: impl FnOnce(&Path) -> Options,
    f: impl FnOnce(&Core, bool) -> R,
) -> Result<R, HostError> {
    with_loaded(path, options, |loaded| {
        let first = !loaded.described;
        loaded.described = true;
        f(&loaded.core, first)
    })
}

fn with_loaded<R>(
    path: &str,
    options: impl FnOnce(&Path) -> Options,
    f: impl FnOnce(&mut Loaded) -> R,
) -> Result<R, HostError> {
    CORES.with_borrow_mut(|cores| {
        let now = Instant::now();
        let current = match cores.get_mut(path) {
            Some(loaded) if now.duration_since(loaded.checked_at) < REVALIDATE_EVERY => true,
            Some(loaded) if stamp(path) == loaded.stamp && loaded.stamp.is_some() => {
                loaded.checked_at = now;
                true
            }
            _ => false,
        };
        if !current {
            cores.remove(path);
            // Taken before reading, so that a change during the load is seen next time.
            let stamp = stamp(path);
            let core = Core::load(path, options(Path::new(path)))?;
            if cores.len() >= MAX_LOADED {
                cores.clear();
            }
            cores.insert(
                path.to_owned(),
                Loaded {
                    core,
                    described: false,
                    stamp,
                    checked_at: now,
                },
            );
        }
        let loaded = cores.get_mut(path).ok_or_else(|| {
            HostError::new(
                ErrorKind::Internal,
                "the loaded core vanished from the registry",
            )
        })?;
        Ok(f(loaded))
    })
}

/// Drops every loaded core, e.g. after a panic left one in an unknown state.
pub fn forget_all() {
    // `try_` because this runs after a panic, when the map might still be borrowed.
    let _ = CORES.try_with(|cores| cores.try_borrow_mut().map(|mut cores| cores.clear()));
}

/// Runs a shell's entry point (`shell`: "the PHP bridge", "the FFI library"): a panic becomes
/// an `internal` error and discards every loaded core, so nothing unwinds into PHP or C.
pub fn guarded<T>(
    shell: &str,
    function: &str,
    body: impl FnOnce() -> Result<T, HostError>,
) -> Result<T, HostError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        forget_all();
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Err(HostError::new(
            ErrorKind::Internal,
            format!(
                "{shell} failed unexpectedly while running {function} (Rust panic: {reason}); \
                 every loaded core was discarded"
            ),
        ))
    })
}
