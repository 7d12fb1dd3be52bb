//! Round trips through the real core's .wasm (built on demand into target/host-tests).

mod common;

use common::{real_core, TempDir};
use core_host::{CacheOutcome, Core, Options, ABI_VERSION};
use serde_json::{json, Value};

fn call(core: &mut Core, function: &str, args: &str) -> Value {
    let envelope = core
        .call(function, args.as_bytes())
        .expect("the call succeeds");
    serde_json::from_slice(&envelope).expect("the envelope is JSON")
}

#[test]
fn version_reports_the_abi_this_host_speaks() {
    let mut core = Core::load(real_core(), Options::default()).unwrap();
    let version = call(&mut core, "version", "{}");
    assert_eq!(version["ok"]["abi"], json!(ABI_VERSION));
    assert!(version["ok"]["core"].is_string());
}

#[test]
fn encode_command_round_trips() {
    let mut core = Core::load(real_core(), Options::default()).unwrap();
    let args = r#"{"command":{"COMMAND":"CheckDomains","DOMAIN":["a.com","b.net"]}}"#;
    let encoded = call(&mut core, "encode_command", args);
    assert_eq!(
        encoded,
        json!({"ok": {"text": "COMMAND=CheckDomains\nDOMAIN0=a.com\nDOMAIN1=b.net"}})
    );
}

#[test]
fn bad_input_is_an_error_envelope_and_the_instance_survives() {
    let mut core = Core::load(real_core(), Options::default()).unwrap();
    let unknown = call(&mut core, "no_such_function", "{}");
    assert_eq!(unknown["error"]["code"], "unknown_function");
    for args in [&b"{not json"[..], b"\xff\xfe", b"", b"[]", b"null"] {
        let envelope = core
            .call("encode_command", args)
            .expect("a core error, not a host error");
        let value: Value = serde_json::from_slice(&envelope).unwrap();
        assert_eq!(value["error"]["code"], "invalid_args", "{args:?}");
    }
    assert!(call(&mut core, "functions", "{}")["ok"].is_array());
}

#[test]
fn many_calls_reuse_one_instance_without_growing_memory_unbounded() {
    let options = Options {
        memory_limit_bytes: 16 * 1024 * 1024,
        ..Options::default()
    };
    let mut core = Core::load(real_core(), options).unwrap();
    let args = r#"{"command":{"COMMAND":"StatusDomain","DOMAIN":"example.com"}}"#;
    for _ in 0..20_000 {
        core.call("encode_command", args.as_bytes())
            .expect("no leak reaches the limit");
    }
}

#[test]
fn the_real_core_is_served_from_the_cache_on_the_second_load() {
    let tmp = TempDir::new();
    let options = Options {
        cache_dir: Some(tmp.path().to_path_buf()),
        ..Options::default()
    };
    let first = Core::load(real_core(), options.clone()).unwrap();
    assert_eq!(first.load_report().cache, CacheOutcome::Miss);
    let mut second = Core::load(real_core(), options).unwrap();
    assert_eq!(second.load_report().cache, CacheOutcome::Hit);
    assert_eq!(
        second.load_report().wasm_sha256,
        first.load_report().wasm_sha256
    );
    assert_eq!(call(&mut second, "version", "{}")["ok"]["abi"], json!(1));
}
