//! How the host treats a misbehaving or wrong module, with small WAT guests in tests/guests.

mod common;

use common::{guest, TempDir};
use core_host::{Core, ErrorKind, HostError, Options};
use std::time::Duration;

fn load(dir: &TempDir, name: &str, options: Options) -> Result<Core, HostError> {
    Core::load(guest(dir, name), options)
}

fn scripted(dir: &TempDir) -> Core {
    load(dir, "scripted", Options::default()).expect("scripted guest loads")
}

fn kind_of<T>(result: Result<T, HostError>) -> ErrorKind {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            assert!(!e.message().is_empty());
            e.kind()
        }
    }
}

#[test]
fn arguments_reach_the_guest_and_come_back_unchanged() {
    let dir = TempDir::new();
    let mut core = scripted(&dir);
    for args in [&b"{}"[..], b"", "{\"name\":\"m\u{fc}ller.de\"}".as_bytes()] {
        assert_eq!(core.call("echo", args).unwrap(), args);
    }
}

#[test]
fn an_error_envelope_is_a_successful_call() {
    let dir = TempDir::new();
    let envelope = scripted(&dir).call("nothing_here", b"{}").unwrap();
    assert!(envelope.starts_with(b"{\"error\":{\"code\":\"unknown_function\""));
}

#[test]
fn the_instance_stays_warm_between_calls() {
    let dir = TempDir::new();
    let mut core = scripted(&dir);
    assert_eq!(core.call("peek", b"").unwrap(), b"{\"ok\":0}");
    core.call("mark", b"").unwrap();
    assert_eq!(core.call("peek", b"").unwrap(), b"{\"ok\":1}");
}

#[test]
fn a_trap_is_reported_and_the_next_call_gets_a_fresh_instance() {
    let dir = TempDir::new();
    let mut core = scripted(&dir);
    core.call("mark", b"").unwrap();
    let error = core.call("trap", b"{}").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Trap);
    assert!(error.message().contains("(unreachable)"), "{error}");
    assert!(error.message().contains("trap"), "{error}");
    // The mark was in the discarded instance.
    assert_eq!(core.call("peek", b"").unwrap(), b"{\"ok\":0}");
}

#[test]
fn an_endless_call_is_stopped_at_the_deadline() {
    let dir = TempDir::new();
    let options = Options {
        deadline: Duration::from_millis(100),
        ..Options::default()
    };
    let mut core = load(&dir, "scripted", options).unwrap();
    let error = core.call("loop", b"").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Deadline);
    assert!(error.message().contains("100 ms"), "{error}");
    assert_eq!(core.call("peek", b"").unwrap(), b"{\"ok\":0}");
}

#[test]
fn growing_memory_past_the_limit_is_out_of_memory() {
    let dir = TempDir::new();
    let options = Options {
        memory_limit_bytes: 4 * 1024 * 1024,
        ..Options::default()
    };
    let mut core = load(&dir, "scripted", options).unwrap();
    let error = core.call("grow", b"").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::OutOfMemory);
    assert!(error.message().contains("4 MiB"), "{error}");
    assert_eq!(core.call("peek", b"").unwrap(), b"{\"ok\":0}");
}

#[test]
fn a_module_whose_initial_memory_exceeds_the_limit_does_not_load() {
    let dir = TempDir::new();
    assert_eq!(
        kind_of(load(&dir, "huge_memory", Options::default())),
        ErrorKind::OutOfMemory
    );
}

#[test]
fn a_refused_allocation_is_out_of_memory() {
    let dir = TempDir::new();
    let mut core = scripted(&dir);
    // The scripted guest's core_alloc returns 0 from 60000 bytes on.
    assert_eq!(
        kind_of(core.call("echo", &[b' '; 60_000])),
        ErrorKind::OutOfMemory
    );
    assert_eq!(core.call("echo", b"{}").unwrap(), b"{}");
}

#[test]
fn arguments_larger_than_the_memory_limit_are_refused_before_the_guest_runs() {
    let dir = TempDir::new();
    let options = Options {
        memory_limit_bytes: 1024 * 1024,
        ..Options::default()
    };
    let mut core = load(&dir, "scripted", options).unwrap();
    let error = core.call("echo", &vec![b'x'; 2 * 1024 * 1024]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::OutOfMemory);
}

#[test]
fn an_envelope_that_is_not_utf8_is_a_bad_envelope() {
    let dir = TempDir::new();
    assert_eq!(
        kind_of(scripted(&dir).call("utf8", b"")),
        ErrorKind::BadEnvelope
    );
}

#[test]
fn a_result_buffer_outside_memory_is_an_abi_violation() {
    let dir = TempDir::new();
    assert_eq!(
        kind_of(scripted(&dir).call("oob", b"")),
        ErrorKind::AbiViolation
    );
}

#[test]
fn another_abi_version_is_refused_at_load() {
    let dir = TempDir::new();
    let error = load(&dir, "abi_v2", Options::default()).err().unwrap();
    assert_eq!(error.kind(), ErrorKind::AbiMismatch);
    assert!(error.message().contains("version 2"), "{error}");
}

#[test]
fn a_missing_export_is_an_abi_mismatch() {
    let dir = TempDir::new();
    let error = load(&dir, "missing_call", Options::default())
        .err()
        .unwrap();
    assert_eq!(error.kind(), ErrorKind::AbiMismatch);
    assert!(error.message().contains("core_call"), "{error}");
}

#[test]
fn a_module_with_imports_is_invalid() {
    let dir = TempDir::new();
    let error = load(&dir, "imports", Options::default()).err().unwrap();
    assert_eq!(error.kind(), ErrorKind::WasmInvalid);
    assert!(error.message().contains("env::now"), "{error}");
}

#[test]
fn garbage_and_empty_files_are_invalid_wasm() {
    let dir = TempDir::new();
    for (name, bytes) in [
        ("garbage.wasm", &b"this is not wasm at all"[..]),
        ("empty.wasm", b""),
        ("truncated.wasm", b"\0asm\x01\0\0\0\x01\x05"),
    ] {
        let path = dir.write(name, bytes);
        assert_eq!(
            kind_of(Core::load(&path, Options::default())),
            ErrorKind::WasmInvalid,
            "{name}"
        );
    }
}

#[test]
fn a_missing_file_is_reported_as_missing() {
    let dir = TempDir::new();
    let error = Core::load(dir.path().join("nope.wasm"), Options::default())
        .err()
        .unwrap();
    assert_eq!(error.kind(), ErrorKind::WasmMissing);
    assert!(error.message().contains("nope.wasm"), "{error}");
}
