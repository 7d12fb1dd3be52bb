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

// ---- Attacks: the cache must never load code this host did not compile. ----

/// The scripted guest, but its `echo` answers `{"ok":0}` whatever it is given: the attacker's
/// code. A load that answers `echo [1]` with anything but `[1]` ran it.
fn attacker_guest(dir: &TempDir) -> PathBuf {
    let honest = std::fs::read_to_string(common::guest_wat("scripted")).unwrap();
    let echo = "(then (return (call $pack (local.get $args) (local.get $args_len)))))";
    assert!(honest.contains(echo));
    let evil = honest.replace(
        echo,
        "(then (return (call $pack (i32.const 16) (i32.const 8)))))",
    );
    dir.write("attacker.wasm", &wat::parse_str(evil).unwrap())
}

/// Whether a load through `options` ran someone else's code (`None`: the load failed).
fn ran_attacker(wasm: &Path, options: &Options) -> Option<bool> {
    let mut core = Core::load(wasm, options.clone()).ok()?;
    let answer = core.call("echo", b"[1]").ok()?;
    Some(answer != b"[1]")
}

/// The attacker's compiled module, as this host writes cache files, under the name the victim's
/// cache uses for the real `.wasm`: the attacker compiles their own `.wasm` through the same
/// host into a cache of their own (their own key, if any, beside their `.wasm`), then gives the
/// file the victim's name (the part of the name that identifies the `.wasm`; whatever follows,
/// such as a checksum of the contents, is the attacker's file's own).
fn forged_cache_file(victim_file: &Path, attacker: &TempDir) -> (String, Vec<u8>) {
    let attacker_wasm = attacker_guest(attacker);
    let attacker_cache = attacker.path().join("cache");
    assert_eq!(
        ran_attacker(&attacker_wasm, &cached(&attacker_cache)),
        Some(true)
    );
    let own = cache_files(&attacker_cache).pop().unwrap();
    let victim_name = victim_file.file_name().unwrap().to_str().unwrap();
    let own_name = own.file_name().unwrap().to_str().unwrap();
    let name = format!("{}{}", &victim_name[..64], &own_name[64..]);
    (name, std::fs::read(&own).unwrap())
}

#[test]
fn a_file_planted_by_a_script_of_the_same_user_is_recompiled_never_run() {
    let victim = TempDir::new();
    let wasm = guest(&victim, "scripted");
    let dir = victim.path().join("cache");
    let options = cached(&dir);
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Miss);
    let real = cache_files(&dir).pop().unwrap();

    let attacker = TempDir::new();
    let (name, forged) = forged_cache_file(&real, &attacker);
    for file in cache_files(&dir) {
        std::fs::remove_file(file).unwrap();
    }
    std::fs::write(dir.join(&name), &forged).unwrap();
    assert_eq!(
        ran_attacker(&wasm, &options),
        Some(false),
        "planted as {name}"
    );
    // And as the victim's exact file name, too.
    std::fs::write(&real, &forged).unwrap();
    assert_eq!(ran_attacker(&wasm, &options), Some(false));
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Hit);
}

#[test]
fn a_link_in_place_of_a_cache_file_is_not_followed() {
    let victim = TempDir::new();
    let wasm = guest(&victim, "scripted");
    let dir = victim.path().join("cache");
    let options = cached(&dir);
    outcome(&wasm, &options);
    let real = cache_files(&dir).pop().unwrap();
    let attacker = TempDir::new();
    let (_, forged) = forged_cache_file(&real, &attacker);
    let elsewhere = attacker.write("elsewhere.cwasm", &forged);
    std::fs::remove_file(&real).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &real).unwrap();
    assert_eq!(ran_attacker(&wasm, &options), Some(false));
    assert!(!std::fs::symlink_metadata(&real).unwrap().is_symlink());
}

#[test]
fn a_cache_key_others_can_read_is_refused() {
    let tmp = TempDir::new();
    let wasm = guest(&tmp, "scripted");
    let options = cached(&tmp.path().join("cache"));
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Miss);
    let key = core_host::default_key_file(&wasm);
    assert_eq!(std::fs::read(&key).unwrap().len(), 32);
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let result = outcome(&wasm, &options);
    assert!(
        matches!(&result, CacheOutcome::Unavailable(r) if r.contains("read by other users")),
        "{result:?}"
    );
}

#[test]
fn a_new_cache_key_makes_old_files_recompile() {
    let tmp = TempDir::new();
    let wasm = guest(&tmp, "scripted");
    let options = cached(&tmp.path().join("cache"));
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Miss);
    std::fs::remove_file(core_host::default_key_file(&wasm)).unwrap();
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Replaced);
    assert_eq!(outcome(&wasm, &options), CacheOutcome::Hit);
}

#[test]
fn the_default_cache_is_beside_the_wasm_not_in_a_temp_dir() {
    let wasm = Path::new("/srv/whmcs/modules/registrars/ispapi/ispapi_core.wasm");
    let dir = core_host::default_cache_dir(wasm);
    let key = core_host::default_key_file(wasm);
    assert_eq!(dir.parent(), wasm.parent());
    assert_eq!(key.parent(), wasm.parent());
    assert!(!dir.starts_with(std::env::temp_dir()));
}

#[test]
fn a_cache_under_a_directory_another_user_owns_is_refused() {
    let tmp = TempDir::new();
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let result = outcome(&guest(&tmp, "scripted"), &cached(&shared.join("cache")));
    assert!(
        matches!(&result, CacheOutcome::Unavailable(r) if r.contains("shared") && r.contains("writable by other users")),
        "{result:?}"
    );
}

/// Another local user owns a directory on the cache's path and swaps the cache directory for
/// one of their own, in a loop, while this process loads the core again and again: what was
/// checked and what is read must never differ. Needs root (to act as two users); CI runs as root.
#[test]
fn another_user_swapping_the_cache_directory_never_gets_code_run() {
    use std::os::unix::process::CommandExt;
    if !is_root() {
        eprintln!("skipped: needs root to act as a second user");
        return;
    }
    const NOBODY: u32 = 65534;
    let tmp = TempDir::new();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let wasm = guest(&tmp, "scripted");
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::os::unix::fs::chown(&shared, Some(NOBODY), Some(NOBODY)).unwrap();
    let cache = shared.join("cache");

    // The victim's own cache, filled once under a path nobody else controls, tells the attacker
    // which name to forge (the name is no secret: it derives from the public .wasm).
    let private = tmp.path().join("private");
    outcome(&wasm, &cached(&private));
    let real = cache_files(&private).pop().unwrap();
    let attacker = TempDir::new();
    let (name, forged) = forged_cache_file(&real, &attacker);
    let evil = shared.join("evil");
    std::fs::create_dir(&evil).unwrap();
    std::fs::write(evil.join(&name), &forged).unwrap();
    for path in [&evil, &evil.join(&name)] {
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::fs::set_permissions(&evil, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).unwrap();

    // The attacker: swap `cache` and `evil` back and forth, and now and then put a link there,
    // as fast as renames go (Python: no process per rename), until killed.
    let script = r#"
import os, sys
os.chdir(sys.argv[1])
def mv(a, b):
    try: os.rename(a, b)
    except OSError: pass
while True:
    mv("cache", "real"); mv("evil", "cache"); mv("cache", "evil"); mv("real", "cache")
    try: os.symlink("evil", "link")
    except OSError: pass
    mv("cache", "real"); mv("link", "cache")
    try: os.unlink("cache") if os.path.islink("cache") else None
    except OSError: pass
    mv("real", "cache")
"#;
    let mut swapper = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&shared)
        .uid(NOBODY)
        .gid(NOBODY)
        .spawn()
        .expect("python3 runs as nobody");

    let options = cached(&cache);
    let mut ran = 0;
    let mut loads = 0;
    let started = std::time::Instant::now();
    // Bounded by time, not count: loads from the cache take microseconds, compiles milliseconds.
    // On the code before the handle-based cache this ran the attacker's code about once in
    // 20 000 loads (one or two per 8 s here), so 15 s, ending early once it happened.
    while ran == 0 && started.elapsed() < std::time::Duration::from_secs(15) {
        if ran_attacker(&wasm, &options) == Some(true) {
            ran += 1;
        }
        loads += 1;
    }
    let _ = swapper.kill();
    let _ = swapper.wait();
    assert_eq!(ran, 0, "the attacker's code ran in {ran} of {loads} loads");
    // And the reason is said, not silent.
    let mut core = Core::load(&wasm, options).unwrap();
    let cache_outcome = core.load_report().cache.clone();
    assert!(
        matches!(&cache_outcome, CacheOutcome::Unavailable(r) if r.contains("another user")),
        "{cache_outcome:?}"
    );
    assert_eq!(core.call("echo", b"[1]").unwrap(), b"[1]");
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}
