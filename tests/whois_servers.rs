//! The sample WHOIS server file for WHMCS (`php-bridge/modules/registrars/ispapi/sample_whois.json`,
//! to be copied to `resources/domains/whois.json`): the committed file is what the core
//! generates from `src/lookup/whois_servers.toml`, it is valid JSON in WHMCS's format, and it
//! covers TLDs this module sells.
//!
//! After a change of the table, `ISPAPI_WRITE_SAMPLE_WHOIS=1 cargo test --test whois_servers`
//! writes the file anew.

mod common;

use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

fn generated() -> Value {
    let bytes = ispapi_core::abi::call("lookup_whois_json", b"{}");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(v["error"].is_null(), "{v}");
    v["ok"].clone()
}

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("php-bridge/modules/registrars/ispapi/sample_whois.json")
}

/// Every TLD the module sells: the TLD data's and the simulator catalog's.
fn sold() -> HashSet<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("src/fields/tlds.toml")).unwrap();
    let data: toml::Table = toml::from_str(&text).unwrap();
    let mut tlds: HashSet<String> = data["tld"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["tlds"].as_array().unwrap().iter())
        .map(|t| t.as_str().unwrap().to_owned())
        .collect();
    let demo = common::read_json(&common::fixtures().join("simulator/demo.json"));
    tlds.extend(
        demo["catalog"]["tlds"]
            .as_object()
            .unwrap()
            .keys()
            .map(|t| format!(".{t}")),
    );
    tlds
}

#[test]
fn the_committed_sample_is_what_the_table_generates() {
    let text = generated()["json"].as_str().unwrap().to_owned();
    let path = committed_path();
    if std::env::var_os("ISPAPI_WRITE_SAMPLE_WHOIS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not what src/lookup/whois_servers.toml gives; regenerate it with \
         ISPAPI_WRITE_SAMPLE_WHOIS=1 cargo test --test whois_servers",
        path.display()
    );
}

#[test]
fn the_committed_sample_is_whmcs_whois_json() {
    let text = std::fs::read_to_string(committed_path()).unwrap();
    let entries: Value = serde_json::from_str(&text).expect("valid JSON");
    let entries = entries.as_array().expect("a JSON array, as WHMCS reads it");
    assert!(entries.len() >= 10, "{} entries", entries.len());
    let sold = sold();
    let mut seen = HashSet::new();
    for e in entries {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["extensions", "uri", "available"], "{e}");
        let uri = e["uri"].as_str().unwrap();
        assert!(
            ["socket://", "http://", "https://"]
                .iter()
                .any(|p| uri.starts_with(p) && uri.len() > p.len()),
            "{e}"
        );
        assert!(!e["available"].as_str().unwrap().trim().is_empty(), "{e}");
        // WHMCS splits at commas and takes each part as it is.
        let mut unicode_before = false;
        for ext in e["extensions"].as_str().unwrap().split(',') {
            assert!(ext.starts_with('.') && ext.len() > 1, "{ext:?} in {e}");
            assert_eq!(ext, ext.trim(), "{e}");
            assert!(seen.insert(ext.to_owned()), "{ext} is listed twice");
            if ext.starts_with(".xn--") {
                assert!(unicode_before, "{ext}: the A-label follows its TLD");
            } else {
                assert!(sold.contains(ext), "{ext} is not a TLD this module sells");
                unicode_before = !ext.is_ascii();
            }
        }
    }
    for tld in [".ai", ".app", ".香港", ".xn--j6w193g"] {
        assert!(seen.contains(tld), "{tld}");
    }
}

#[test]
fn the_file_covers_what_the_entries_say() {
    let out = generated();
    let from_text: Value = serde_json::from_str(out["json"].as_str().unwrap()).unwrap();
    assert_eq!(from_text, out["entries"]);
}
