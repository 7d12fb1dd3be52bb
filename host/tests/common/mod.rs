//! Helpers shared by the host's integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn guest_wat(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/guests")
        .join(format!("{name}.wat"))
}

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("core-host-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles a guest from tests/guests/NAME.wat into `dir`; returns the .wasm's path.
pub fn guest(dir: &TempDir, name: &str) -> PathBuf {
    let wasm = wat::parse_file(guest_wat(name)).expect("guest WAT compiles");
    dir.write(&format!("{name}.wasm"), &wasm)
}

/// Builds the real core's .wasm once per test binary, in its own target dir so that it never
/// waits on the lock of the `cargo test` that runs us.
pub fn real_core() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = workspace_root();
        let target_dir = root.join("target/host-tests");
        let status = Command::new(env!("CARGO"))
            .current_dir(&root)
            .args([
                "build",
                "--quiet",
                "-p",
                "ispapi-core",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args(["--profile", "wasm", "--target-dir"])
            .arg(&target_dir)
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "the core's .wasm failed to build (see cargo's output above)"
        );
        target_dir.join("wasm32-unknown-unknown/wasm/ispapi_core.wasm")
    })
}
