//! The on-disk cache of compiled modules.

mod common;

use common::{guest, TempDir};
use core_host::{CacheOutcome, Core, Options};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn cached(dir: &Path) -> Options {
    Options {
        cache_dir: Some(dir.to_path_buf()),
        ..Options::default()
    }
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn outcome(wasm: &Path, options: &Options) -> CacheOutcome {
    let mut core = Core::load(wasm, options.clone()).expect("guest loads");
    // Whatever the cache did, the module must work.
    assert_eq!(core.call("echo", b"[1]").unwrap(), b"[1]");
    core.load_report().cache.clone()
}

#[test]
fn the_second_load_hits_the_cache() {
    let tmp = TempDir::new();
    let wasm = guest(&tmp, "scripted");
    let options = cached(&tmp.path().join("cache"));
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Miss);
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Hit);
    assert_eq!(
        cache_files(&tmp.path().join("cache")).len(),
        1,
        "no temp files are left behind"
    );
}

#[test]
fn the_cache_dir_is_created_private() {
    let tmp = TempDir::new();
    let dir = tmp.path().join("a/b/cache");
    outcome(&guest(&tmp, "scripted"), &cached(&dir));
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn changed_wasm_gets_its_own_cache_entry() {
    let tmp = TempDir::new();
    let wasm = guest(&tmp, "scripted");
    let options = cached(&tmp.path().join("cache"));
    outcome(&wasm, &options);
    // One more byte in a custom section: the same code, but other bytes.
    let mut changed = std::fs::read(&wasm).unwrap();
    changed.extend_from_slice(b"\0\x02\x01x");
    let changed = tmp.write("changed.wasm", &changed);
    assert_eq!(outcome(&changed, &options), CacheOutcome::Miss);
    assert_eq!(cache_files(&tmp.path().join("cache")).len(), 2);
}

#[test]
fn a_damaged_cache_file_is_recompiled_and_replaced() {
    let tmp = TempDir::new();
    let wasm = guest(&tmp, "scripted");
    let dir = tmp.path().join("cache");
    let options = cached(&dir);
    outcome(&wasm, &options);
    let file = cache_files(&dir).pop().unwrap();
    let good = std::fs::read(&file).unwrap();

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let damages: [(&str, Vec<u8>); 4] = [
        ("garbage", b"not a compiled module".to_vec()),
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("one bit flipped", flipped),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(outcome(&wasm, &options), CacheOutcome::Replaced, "{what}");
        assert_eq!(outcome(&wasm, &options), CacheOutcome::Hit, "{what}");
    }
}

#[test]
fn a_cache_dir_others_can_write_is_not_used() {
    let tmp = TempDir::new();
    let dir = tmp.path().join("cache");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let result = outcome(&guest(&tmp, "scripted"), &cached(&dir));
    assert!(
        matches!(&result, CacheOutcome::Unavailable(reason) if reason.contains("writable by other users")),
        "{result:?}"
    );
    assert!(cache_files(&dir).is_empty());
}

#[test]
fn a_cache_path_that_is_a_file_is_not_used() {
    let tmp = TempDir::new();
    let file = tmp.write("not-a-dir", b"");
    let result = outcome(&guest(&tmp, "scripted"), &cached(&file));
    assert!(matches!(result, CacheOutcome::Unavailable(_)), "{result:?}");
}

#[test]
fn no_cache_dir_means_no_cache() {
    let tmp = TempDir::new();
    assert_eq!(
        outcome(&guest(&tmp, "scripted"), &Options::default()),
        CacheOutcome::Disabled
    );
}
