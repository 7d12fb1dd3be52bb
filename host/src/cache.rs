//! The on-disk cache of compiled modules: compiling the core takes far longer than loading
//! machine code that was compiled before, and PHP CLI processes start cold every time.
//!
//! A file is named by a SHA-256 over the `.wasm` bytes, the wasmtime version, the target and
//! the engine's compilation settings, so new core code or a new runtime never loads stale code.
//! Loading machine code is only sound for files we wrote, so the directory must be ours and
//! closed to others, files are written whole (temp file + rename, never changed in place), and
//! each file's name carries a CRC-32 of its contents: a torn or decayed file is recompiled,
//! never executed. (A checksum cannot stop someone who can write the directory: they could
//! write our PHP files too.) A file that passes is mapped, not copied (wasmtime's
//! `deserialize_file`): a warm start reads 6 MB once for the check and maps them.

use crate::error::{ErrorKind, HostError};
use sha2::{Digest, Sha256};
use std::fs::{self, DirBuilder, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use wasmtime::{Engine, Module};

/// The wasmtime version this host was built with.
pub const WASMTIME_VERSION: &str = env!("CORE_HOST_WASMTIME_VERSION");

/// Part of every cache key; bump the digit when the layout below changes.
const MAGIC: &[u8; 8] = b"ISPCWAS3";

/// What the cache did during one load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheOutcome {
    /// No cache directory was configured.
    Disabled,
    /// The compiled module was loaded from the cache.
    Hit,
    /// Nothing was cached yet; the module was compiled and stored.
    Miss,
    /// A cached file was unusable (corrupt, truncated, incompatible); it was recompiled and
    /// overwritten.
    Replaced,
    /// The module was compiled but the cache could not be used; the reason says why.
    Unavailable(String),
}

impl CacheOutcome {
    pub fn is_hit(&self) -> bool {
        *self == CacheOutcome::Hit
    }

    /// A short stable word for reports: `disabled`, `hit`, `miss`, `replaced`, `unavailable`.
    pub fn label(&self) -> &'static str {
        match self {
            CacheOutcome::Disabled => "disabled",
            CacheOutcome::Hit => "hit",
            CacheOutcome::Miss => "miss",
            CacheOutcome::Replaced => "replaced",
            CacheOutcome::Unavailable(_) => "unavailable",
        }
    }
}

/// Compiles `wasm`, or loads its compiled form from `cache_dir` when one is there;
/// `wasm_sha256` is the digest of `wasm` (the caller reports it too: it is computed once).
pub(crate) fn load_module(
    engine: &Engine,
    wasm: &[u8],
    wasm_sha256: &[u8],
    cache_dir: Option<&Path>,
) -> Result<(Module, CacheOutcome), HostError> {
    let Some(dir) = cache_dir else {
        return Ok((compile(engine, wasm)?, CacheOutcome::Disabled));
    };
    if let Err(reason) = prepare_dir(dir) {
        return Ok((compile(engine, wasm)?, CacheOutcome::Unavailable(reason)));
    }
    let key = cache_key(engine, wasm_sha256);
    // `KEY-CRC.cwasm`; normally one, but a damaged one may sit beside a good one.
    let candidates = match entries(dir, &key) {
        Ok(found) => found,
        Err(e) => {
            let reason = format!("{} could not be read: {e}", dir.display());
            return Ok((compile(engine, wasm)?, CacheOutcome::Unavailable(reason)));
        }
    };
    for (path, crc) in &candidates {
        if let Some(module) = map_checked(engine, path, *crc) {
            return Ok((module, CacheOutcome::Hit));
        }
    }
    let module = compile(engine, wasm)?;
    let outcome = match store(&module, dir, &key) {
        Ok(kept) => {
            // The damaged files of this key go; the one just written stays.
            for (path, _) in candidates.iter().filter(|(p, _)| *p != kept) {
                let _ = fs::remove_file(path);
            }
            if candidates.is_empty() {
                CacheOutcome::Miss
            } else {
                CacheOutcome::Replaced
            }
        }
        Err(reason) => CacheOutcome::Unavailable(reason),
    };
    Ok((module, outcome))
}

/// The cache files of `key` with the CRC their names promise.
fn entries(dir: &Path, key: &str) -> io::Result<Vec<(PathBuf, u32)>> {
    let prefix = format!("{key}-");
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(crc) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".cwasm"))
            .filter(|c| c.len() == 8)
            .and_then(|c| u32::from_str_radix(c, 16).ok())
        else {
            continue;
        };
        found.push((entry.path(), crc));
    }
    Ok(found)
}

/// The module in a cache file whose contents match the CRC in its name, mapped from the file.
fn map_checked(engine: &Engine, path: &Path, crc: u32) -> Option<Module> {
    let mut file = fs::File::open(path).ok()?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buffer = vec![0u8; 1 << 18];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
    }
    if hasher.finalize() != crc {
        return None;
    }
    // SAFETY: the file is exactly what `Module::serialize` produced in this directory, which
    // only this user can write (see `prepare_dir`), and files there are replaced by rename,
    // never changed in place, so the mapping stays what was checked; wasmtime itself rejects
    // artifacts of another version or configuration.
    unsafe { Module::deserialize_open_file(engine, file) }.ok()
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Module, HostError> {
    Module::from_binary(engine, wasm).map_err(|e| {
        HostError::new(
            ErrorKind::WasmInvalid,
            format!("the file is not a valid WebAssembly module ({e})"),
        )
    })
}

/// The cache file's name: everything that makes compiled code valid for this process.
pub(crate) fn cache_key(engine: &Engine, wasm_sha256: &[u8]) -> String {
    let mut key = Sha256::new();
    key.update(MAGIC);
    key.update(wasm_sha256);
    for part in [
        WASMTIME_VERSION,
        std::env::consts::ARCH,
        std::env::consts::OS,
    ] {
        key.update(part.len().to_le_bytes());
        key.update(part.as_bytes());
    }
    // Target features, tunables and wasm features as wasmtime itself compares them.
    engine
        .precompile_compatibility_hash()
        .hash(&mut DigestHasher(&mut key));
    hex(&key.finalize())
}

/// Lets `std::hash::Hash` values feed a SHA-256: `DefaultHasher` is not stable across Rust
/// releases, so it cannot name files that outlive the process.
struct DigestHasher<'a>(&'a mut Sha256);

impl Hasher for DigestHasher<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        0 // unused: the digest is read from the Sha256
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates the directory (mode 0700) and checks that no other user can plant files in it.
fn prepare_dir(dir: &Path) -> Result<(), String> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| format!("{} could not be created: {e}", dir.display()))?;
    let meta = fs::symlink_metadata(dir)
        .map_err(|e| format!("{} could not be inspected: {e}", dir.display()))?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    if meta.uid() != me {
        return Err(format!("{} belongs to another user", dir.display()));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(format!("{} is writable by other users", dir.display()));
    }
    Ok(())
}

/// Writes the compiled module under a temporary name, then renames it into place, so that a
/// reader never sees a partial file and concurrent writers simply replace each other. Returns
/// the file's path (`KEY-CRC.cwasm`).
fn store(module: &Module, dir: &Path, key: &str) -> Result<PathBuf, String> {
    let payload = module
        .serialize()
        .map_err(|e| format!("the compiled module could not be serialized: {e}"))?;
    let path = dir.join(format!("{key}-{:08x}.cwasm", crc32fast::hash(&payload)));
    let temp = temp_path(&path);
    let written = write_new(&temp, &payload).and_then(|()| fs::rename(&temp, &path));
    written.map_err(|e| {
        let _ = fs::remove_file(&temp);
        format!("{} could not be written: {e}", path.display())
    })?;
    Ok(path)
}

fn write_new(temp: &Path, payload: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(temp)?;
    file.write_all(payload)?;
    file.sync_all()
}

fn temp_path(path: &Path) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.{nanos}.tmp", std::process::id()));
    path.with_file_name(name)
}
