//! The core natively and the same core in wasm (through core-host, as the PHP extension runs
//! it), on the same inputs: bench/data, written by `python3 bench/generate.py`.
//!
//! Both sides go through the one boundary, a function name and JSON arguments in, the JSON
//! envelope out, so the ratio wasm ÷ native is the price of wasm alone. Run by `scripts/bench`;
//! `CORE_WASM` names another .wasm.

use core_host::{Core, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// One benchmarked job: a core function and the argument sets of one iteration.
struct Job {
    id: &'static str,
    function: &'static str,
    args: Vec<Vec<u8>>,
    /// A reply body: the group reports bytes per second of it, and times the parse alone
    /// natively too (`native_parse_only`: no JSON in or out, #22's 1 GB/s goal).
    body: Option<String>,
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/data")
}

fn read(file: &str) -> String {
    let path = data_dir().join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}); run `python3 bench/generate.py` first",
            path.display()
        )
    })
}

fn one(id: &'static str, function: &'static str, args: Value) -> Job {
    Job {
        id,
        function,
        args: vec![args.to_string().into_bytes()],
        body: None,
    }
}

fn parse_job(id: &'static str, file: &str) -> Job {
    let body = read(file);
    Job {
        body: Some(body.clone()),
        ..one(id, "parse_response", json!({ "text": body }))
    }
}

fn jobs() -> Vec<Job> {
    let idns: Vec<String> = read("idn_10000.txt").lines().map(str::to_owned).collect();
    // The lookup's CheckDomains batch: 32 names (src/lookup).
    let batch: Vec<String> = (0..32).map(|i| format!("name{i}.example.com")).collect();
    let fields: Vec<Value> =
        serde_json::from_str(&read("fields_map.json")).expect("fields_map.json is a list");
    vec![
        parse_job("wire_parse_1000", "list_1000.txt"),
        parse_job("wire_parse_50000", "list_50000.txt"),
        one(
            "wire_encode_check_domains_32",
            "encode_command",
            json!({ "command": { "COMMAND": "CheckDomains", "PREMIUMCHANNELS": "*", "DOMAIN": batch } }),
        ),
        one(
            "idn_to_ascii_10000",
            "idn_convert",
            json!({ "domains": idns, "to": "ascii" }),
        ),
        one(
            "idn_to_unicode_10000",
            "idn_convert",
            json!({ "domains": idns, "to": "unicode" }),
        ),
        Job {
            id: "fields_map_fixture_cases",
            function: "fields_map",
            args: fields.iter().map(|a| a.to_string().into_bytes()).collect(),
            body: None,
        },
        Job {
            id: "monitor_detect_100000",
            function: "monitor_detect",
            args: vec![read("monitor_detect.json").into_bytes()],
            body: None,
        },
        Job {
            id: "pricing_rows_1000_tlds",
            function: "pricing_rows",
            args: vec![read("pricing_rows.json").into_bytes()],
            body: None,
        },
    ]
}

/// The shipped .wasm (`CORE_WASM` or the `--profile wasm` build).
fn wasm_cores() -> Vec<(&'static str, PathBuf)> {
    let shipped = std::env::var_os("CORE_WASM").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/wasm32-unknown-unknown/wasm/ispapi_core.wasm")
        },
        PathBuf::from,
    );
    vec![("wasm", shipped)]
}

fn load(path: &Path, cache_dir: Option<PathBuf>) -> Core {
    // Room for the largest input; bench/bench.php measures what each call needs.
    let options = Options {
        memory_limit_bytes: 2 << 30,
        cache_dir,
        ..Options::default()
    };
    Core::load(path, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn native_and_wasm(c: &mut Criterion) {
    let mut cores: Vec<(&str, Core)> = wasm_cores()
        .into_iter()
        .map(|(name, path)| (name, load(&path, None)))
        .collect();
    for job in jobs() {
        // Same envelopes, or the comparison means nothing.
        for args in &job.args {
            let native = ispapi_core::abi::call(job.function, args);
            assert!(
                !native.starts_with(br#"{"error""#),
                "{}: {}",
                job.id,
                String::from_utf8_lossy(&native)
            );
            for (name, core) in &mut cores {
                let wasm = core.call(job.function, args).expect("the wasm call runs");
                assert!(
                    native == wasm,
                    "{}: {name} and native answer differently",
                    job.id
                );
            }
        }
        let mut group = c.benchmark_group(job.id);
        if let Some(body) = &job.body {
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_function("native_parse_only", |b| {
                b.iter(|| black_box(ispapi_core::wire::parse_borrowed(black_box(body))))
            });
        }
        group.bench_function("native", |b| {
            b.iter(|| {
                for args in &job.args {
                    black_box(ispapi_core::abi::call(job.function, black_box(args)));
                }
            })
        });
        if let Some(body) = &job.body {
            // The PHP extension's path: MessagePack arguments, the body borrowed in the guest.
            let packed = rmp_serde::to_vec_named(&json!({ "text": body })).expect("packs");
            for (name, core) in &mut cores {
                group.bench_function(format!("{name}_packed"), |b| {
                    b.iter(|| {
                        black_box(
                            core.call_packed(job.function, black_box(&packed))
                                .expect("no trap"),
                        )
                    })
                });
            }
        }
        for (name, core) in &mut cores {
            group.bench_function(*name, |b| {
                b.iter(|| {
                    for args in &job.args {
                        black_box(core.call(job.function, black_box(args)).expect("no trap"));
                    }
                })
            });
        }
        group.finish();
    }
}

/// What the host itself costs: a trivial call, and loading from a warm compiled-module cache
/// (the first call of a fresh PHP process, without PHP).
fn host(c: &mut Criterion) {
    let (_, path) = wasm_cores().remove(0);
    let mut core = load(&path, None);
    let mut group = c.benchmark_group("host");
    group.bench_function("call_version_native", |b| {
        b.iter(|| black_box(ispapi_core::abi::call("version", b"{}")))
    });
    group.bench_function("call_version_wasm", |b| {
        b.iter(|| black_box(core.call("version", b"{}").expect("no trap")))
    });
    let cache = std::env::temp_dir().join(format!("ispapi-bench-cache-{}", std::process::id()));
    drop(load(&path, Some(cache.clone()))); // fills the cache
    group.bench_function("load_warm_cache", |b| {
        b.iter(|| black_box(load(&path, Some(cache.clone()))))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&cache);
}

/// Floors under the monitoring diff, natively: reading WHMCS's 100 000 rows from JSON, which
/// `monitor_detect` must do before any rule runs.
fn floors(c: &mut Criterion) {
    let rows = read("whmcs_100000.json");
    let mut group = c.benchmark_group("floor");
    group.bench_function("whmcs_rows_from_json_100000", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_str::<Vec<ispapi_core::monitor::WhmcsDomain>>(black_box(&rows))
                    .expect("the rows parse"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, native_and_wasm, host, floors);
criterion_main!(benches);
