//! The on-disk cache of compiled modules: compiling the core takes far longer than loading
//! machine code that was compiled before, and PHP CLI processes start cold every time.
//!
//! Loading a cache file runs its machine code unsandboxed in the PHP process, so the cache must
//! never load code that this host did not compile itself. Two layers hold that:
//!
//! - **Nobody else can write where we read.** The directory is opened once, component by
//!   component from `/`, without following links ([`SafeDir`]); every directory on the way must
//!   belong to root or to us and be closed to other writers (or sticky, like `/tmp`), the last
//!   one must be ours. Files are then opened relative to that handle, never by path again, so a
//!   directory swapped after the check is never the one read.
//! - **What we read is authenticated.** Each file starts with a keyed BLAKE3 MAC over its name
//!   and contents; the key lives outside the cache ([`CacheKey`], by default beside the
//!   `.wasm`), so a script of the same user that can write the cache but not read the module's
//!   own directory (`open_basedir`) cannot forge a file. The file is read into memory, checked,
//!   and the checked bytes are what wasmtime loads: nothing can change between check and use.
//!
//! A file is named by a SHA-256 over the `.wasm` bytes, the wasmtime version, the target and
//! the engine's compilation settings, so new core code or a new runtime never loads stale code.
//! Writes are whole (temp file + rename, never changed in place).

use crate::error::{ErrorKind, HostError};
use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, Mode, OFlags, CWD};
use rustix::io::Errno;
use sha2::{Digest, Sha256};
use std::ffi::OsStr;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use wasmtime::{Engine, Module};

/// The wasmtime version this host was built with.
pub const WASMTIME_VERSION: &str = env!("CORE_HOST_WASMTIME_VERSION");

/// Part of every cache key; bump the digit when the layout below changes.
const MAGIC: &[u8; 8] = b"ISPCWAS4";

/// Bytes of the MAC at the start of every cache file.
const MAC_LEN: usize = 32;

/// A compiled core is a few MB; anything far larger is not ours and is not read.
const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The default cache directory's name, beside the `.wasm`.
pub const DEFAULT_CACHE_DIR_NAME: &str = ".ispapi-core-cache";

/// The default key file's name, beside the `.wasm`. The `.ht` prefix: web servers in their
/// default configuration refuse to serve such files (Apache's `^\.ht` rule, LiteSpeed too), and
/// the file is mode 0600, which a web server running as another user cannot read either.
pub const DEFAULT_KEY_FILE_NAME: &str = ".htispapi-core-cache.key";

/// What the cache did during one load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheOutcome {
    /// No cache directory was configured.
    Disabled,
    /// The compiled module was loaded from the cache.
    Hit,
    /// Nothing was cached yet; the module was compiled and stored.
    Miss,
    /// A cached file was unusable (corrupt, truncated, incompatible, not authentic); it was
    /// recompiled and overwritten.
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

/// Where the cache and its key are, for a `.wasm` at `wasm_path`, when none is configured:
/// beside the `.wasm` (the module's own directory), never in a shared temp directory that
/// another user or a restricted script could prepare.
pub fn default_cache_dir(wasm_path: &Path) -> PathBuf {
    beside(wasm_path, DEFAULT_CACHE_DIR_NAME)
}

/// See [`default_cache_dir`].
pub fn default_key_file(wasm_path: &Path) -> PathBuf {
    beside(wasm_path, DEFAULT_KEY_FILE_NAME)
}

fn beside(wasm_path: &Path, name: &str) -> PathBuf {
    let dir = wasm_path.parent().filter(|p| !p.as_os_str().is_empty());
    dir.unwrap_or(Path::new(".")).join(name)
}

/// Compiles `wasm`, or loads its compiled form from `cache_dir` when an authentic one is there;
/// `wasm_sha256` is the digest of `wasm` (the caller reports it too: it is computed once).
pub(crate) fn load_module(
    engine: &Engine,
    wasm: &[u8],
    wasm_sha256: &[u8],
    cache_dir: Option<&Path>,
    key_file: &Path,
) -> Result<(Module, CacheOutcome), HostError> {
    let Some(dir) = cache_dir else {
        return Ok((compile(engine, wasm)?, CacheOutcome::Disabled));
    };
    let prepared = CacheKey::load_or_create(key_file)
        .and_then(|key| SafeDir::open(dir, true).map(|dir| (key, dir)));
    let (key, dir) = match prepared {
        Ok(ready) => ready,
        Err(reason) => return Ok((compile(engine, wasm)?, CacheOutcome::Unavailable(reason))),
    };
    let name = format!("{}.cwasm", cache_key(engine, wasm_sha256));
    let found = match dir.read_file(&name) {
        Ok(found) => found,
        Err(reason) => return Ok((compile(engine, wasm)?, CacheOutcome::Unavailable(reason))),
    };
    if let Some(bytes) = &found {
        if let Some(module) = key.open(&name, bytes).and_then(|payload| {
            // SAFETY: `payload` carries a MAC made with a key only this host can read, over
            // this name and these bytes, which are held in memory: they are exactly what
            // `Module::serialize` produced here for this `.wasm`. wasmtime also rejects
            // artifacts of another version or configuration.
            unsafe { Module::deserialize(engine, payload) }.ok()
        }) {
            return Ok((module, CacheOutcome::Hit));
        }
    }
    let module = compile(engine, wasm)?;
    let outcome = match store(&module, &dir, &key, &name) {
        Ok(()) if found.is_some() => CacheOutcome::Replaced,
        Ok(()) => CacheOutcome::Miss,
        Err(reason) => CacheOutcome::Unavailable(reason),
    };
    Ok((module, outcome))
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

/// Compiles into a temp file, then renames it into place, so that a reader never sees a partial
/// file and concurrent writers simply replace each other.
fn store(module: &Module, dir: &SafeDir, key: &CacheKey, name: &str) -> Result<(), String> {
    let payload = module
        .serialize()
        .map_err(|e| format!("the compiled module could not be serialized: {e}"))?;
    let mac = key.mac(name, &payload);
    dir.write_file(name, &[&mac, &payload])
}

/// The secret that authenticates cache files: 32 random bytes in a file only this user can read.
pub(crate) struct CacheKey([u8; 32]);

impl CacheKey {
    /// Reads the key at `path`, or creates it there (0600, published whole by a hard link, so a
    /// concurrent reader never sees half a key and two creators agree on one).
    fn load_or_create(path: &Path) -> Result<CacheKey, String> {
        let shown = path.display();
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::open(path, flags, Mode::empty()) {
            Ok(fd) => return CacheKey::read(fd, path),
            Err(Errno::NOENT) => {}
            Err(e) => return Err(format!("the cache key {shown} could not be opened: {e}")),
        }
        let mut key = [0u8; 32];
        fill_random(&mut key).map_err(|e| format!("no random bytes for the cache key: {e}"))?;
        let temp = temp_path(path);
        let created = (|| -> std::io::Result<()> {
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW;
            let fd = rustix::fs::open(&temp, flags | OFlags::CLOEXEC, Mode::from_raw_mode(0o600))?;
            let mut file = std::fs::File::from(fd);
            file.write_all(&key)?;
            file.sync_all()?;
            match rustix::fs::linkat(CWD, &temp, CWD, path, AtFlags::empty()) {
                Ok(()) | Err(Errno::EXIST) => Ok(()),
                Err(e) => Err(e.into()),
            }
        })();
        let _ = rustix::fs::unlink(&temp);
        created.map_err(|e| {
            format!(
                "the cache key {shown} could not be created ({e}); make its directory writable \
                 for this user once, or set ispapi_core.cache_key_file"
            )
        })?;
        let fd = rustix::fs::open(path, flags, Mode::empty())
            .map_err(|e| format!("the cache key {shown} could not be opened: {e}"))?;
        CacheKey::read(fd, path)
    }

    fn read(fd: OwnedFd, path: &Path) -> Result<CacheKey, String> {
        let shown = path.display();
        let stat = rustix::fs::fstat(&fd).map_err(|e| format!("{shown}: {e}"))?;
        if rustix::fs::FileType::from_raw_mode(stat.st_mode) != rustix::fs::FileType::RegularFile {
            return Err(format!("the cache key {shown} is not a regular file"));
        }
        if stat.st_uid != rustix::process::geteuid().as_raw() {
            return Err(format!("the cache key {shown} belongs to another user"));
        }
        if stat.st_mode & 0o077 != 0 {
            return Err(format!(
                "the cache key {shown} can be read by other users (it must be mode 0600)"
            ));
        }
        let mut key = [0u8; 32];
        let mut file = std::fs::File::from(fd);
        let mut rest = Vec::new();
        file.read_exact(&mut key)
            .and_then(|()| file.read_to_end(&mut rest))
            .ok()
            .filter(|_| rest.is_empty())
            .ok_or_else(|| format!("the cache key {shown} is not 32 bytes long"))?;
        Ok(CacheKey(key))
    }

    fn mac(&self, name: &str, payload: &[u8]) -> [u8; MAC_LEN] {
        let mut mac = blake3::Hasher::new_keyed(&self.0);
        mac.update(&(name.len() as u64).to_le_bytes());
        mac.update(name.as_bytes());
        mac.update(payload);
        *mac.finalize().as_bytes()
    }

    /// The payload of a cache file whose MAC is right for `name`; `None` for any other file.
    fn open<'b>(&self, name: &str, file: &'b [u8]) -> Option<&'b [u8]> {
        let (mac, payload) = file.split_at_checked(MAC_LEN)?;
        // blake3's Hash compares in constant time.
        let expected = blake3::Hash::from(self.mac(name, payload));
        (expected == blake3::Hash::from(<[u8; MAC_LEN]>::try_from(mac).ok()?)).then_some(payload)
    }
}

fn fill_random(buf: &mut [u8]) -> std::io::Result<()> {
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}

/// A directory opened once and checked through its handle; its files are reached only through
/// that handle.
pub(crate) struct SafeDir {
    fd: OwnedFd,
    shown: String,
}

impl SafeDir {
    /// Opens `path` (creating missing directories, mode 0700, when `create`), walking from `/`
    /// without following links. Links the admin wrote into the path are resolved first, then the
    /// resolved path is walked: a link planted during the walk makes it fail, never redirects it.
    pub(crate) fn open(path: &Path, create: bool) -> Result<SafeDir, String> {
        let shown = path.display().to_string();
        let absolute = std::path::absolute(path).map_err(|e| format!("{shown}: {e}"))?;
        let resolved = resolve_existing(&absolute);
        let me = rustix::process::geteuid().as_raw();
        let open_dir = |at: &OwnedFd, name: &OsStr| {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            rustix::fs::openat(at, name, flags, Mode::empty())
        };
        let root = rustix::fs::open("/", OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty())
            .map_err(|e| format!("/ could not be opened: {e}"))?;
        check_parent(&root, "/", me)?;
        let names: Vec<&OsStr> = resolved
            .components()
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect();
        let mut current = root;
        let mut walked = PathBuf::from("/");
        for (i, name) in names.iter().enumerate() {
            walked.push(name);
            let here = walked.display().to_string();
            let fd = match open_dir(&current, name) {
                Err(Errno::NOENT) if create => {
                    match rustix::fs::mkdirat(&current, *name, Mode::from_raw_mode(0o700)) {
                        Ok(()) | Err(Errno::EXIST) => {}
                        Err(e) => return Err(format!("{here} could not be created: {e}")),
                    }
                    open_dir(&current, name)
                }
                other => other,
            };
            let fd = fd.map_err(|e| match e {
                Errno::LOOP | Errno::NOTDIR => {
                    format!("{here} is not a directory (or became a link while it was checked)")
                }
                e => format!("{here} could not be opened: {e}"),
            })?;
            if i + 1 < names.len() {
                check_parent(&fd, &here, me)?;
            } else {
                check_own(&fd, &here, me)?;
            }
            current = fd;
        }
        if names.is_empty() {
            check_own(&current, "/", me)?;
        }
        Ok(SafeDir { fd: current, shown })
    }

    /// The whole contents of `name`, or `None` when there is no such file. A file that is not a
    /// regular file of ours, closed to other writers, is refused.
    fn read_file(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let fd = match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            // A link or another odd entry under our name: replaced by a good file below.
            Err(Errno::LOOP) => return Ok(Some(Vec::new())),
            Err(e) => return Err(format!("{}/{name} could not be opened: {e}", self.shown)),
        };
        let stat = rustix::fs::fstat(&fd).map_err(|e| format!("{}: {e}", self.shown))?;
        let me = rustix::process::geteuid().as_raw();
        let regular =
            rustix::fs::FileType::from_raw_mode(stat.st_mode) == rustix::fs::FileType::RegularFile;
        if !regular || stat.st_uid != me || stat.st_mode & 0o022 != 0 {
            return Ok(Some(Vec::new()));
        }
        let len = u64::try_from(stat.st_size).unwrap_or(0);
        if len > MAX_FILE_BYTES {
            return Ok(Some(Vec::new()));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        std::fs::File::from(fd)
            .take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}/{name} could not be read: {e}", self.shown))?;
        Ok(Some(bytes))
    }

    /// Writes `parts` to a new temp file in this directory and renames it to `name`.
    fn write_file(&self, name: &str, parts: &[&[u8]]) -> Result<(), String> {
        let temp = temp_path(Path::new(name));
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW;
        let written = (|| -> std::io::Result<()> {
            let fd = rustix::fs::openat(
                &self.fd,
                &temp,
                flags | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o600),
            )?;
            let mut file = std::fs::File::from(fd);
            for part in parts {
                file.write_all(part)?;
            }
            file.sync_all()?;
            rustix::fs::renameat(&self.fd, &temp, &self.fd, name)?;
            Ok(())
        })();
        written.map_err(|e| {
            let _ = rustix::fs::unlinkat(&self.fd, &temp, AtFlags::empty());
            format!("{}/{name} could not be written: {e}", self.shown)
        })
    }
}

/// `path` with its longest existing prefix resolved (links the admin chose), the rest as given.
fn resolve_existing(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return missing.iter().rev().fold(resolved, |p, name| p.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A directory on the way: root's or ours, and nobody else may add or swap entries in it,
/// unless it is sticky (then others may add entries but not rename or remove ours).
fn check_parent(fd: &OwnedFd, shown: &str, me: u32) -> Result<(), String> {
    let stat = rustix::fs::fstat(fd).map_err(|e| format!("{shown}: {e}"))?;
    if stat.st_uid != 0 && stat.st_uid != me {
        return Err(format!(
            "{shown} belongs to another user, who could swap the cache directory"
        ));
    }
    if stat.st_mode & 0o022 != 0 && stat.st_mode & 0o1000 == 0 {
        return Err(format!(
            "{shown} is writable by other users, who could swap the cache directory"
        ));
    }
    Ok(())
}

/// The cache directory itself: ours, and nobody else may write it.
fn check_own(fd: &OwnedFd, shown: &str, me: u32) -> Result<(), String> {
    let stat = rustix::fs::fstat(fd).map_err(|e| format!("{shown}: {e}"))?;
    if stat.st_uid != me {
        return Err(format!("{shown} belongs to another user"));
    }
    if stat.st_mode & 0o022 != 0 {
        return Err(format!("{shown} is writable by other users"));
    }
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.{nanos}.tmp", std::process::id()));
    path.with_file_name(name)
}
