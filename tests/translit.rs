//! Transliteration of real names (fixtures/translit/names.json), through the Rust API and the
//! `transliterate` boundary function, and a property: any text gives ASCII, never a panic.

mod common;

use ispapi_core::translit;
use proptest::prelude::*;
use serde_json::{json, Value};

fn cases() -> Vec<Value> {
    let v = common::read_json(&common::fixtures().join("translit/names.json"));
    v.as_array().expect("names.json is an array").clone()
}

#[test]
fn real_names_transliterate_as_their_schemes_say() {
    let mut failures = Vec::new();
    let mut scripts = std::collections::BTreeSet::new();
    for case in cases() {
        let input = case["input"].as_str().unwrap();
        let country = case["country"].as_str();
        let want = case["ascii"].as_str().unwrap();
        let want_unmapped: Vec<String> = case["unmapped"]
            .as_array()
            .map(|a| a.iter().map(|c| c.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        scripts.insert(case["script"].as_str().unwrap().to_owned());
        let got = translit::transliterate_text(input, country);
        let got_unmapped: Vec<String> = got.unmapped.iter().map(char::to_string).collect();
        if got.ascii != want || got_unmapped != want_unmapped {
            failures.push(format!(
                "{input:?} ({country:?}): got {:?} {got_unmapped:?}, want {want:?} {want_unmapped:?}",
                got.ascii
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for script in ["Greek", "German", "Polish", "Turkish"] {
        assert!(scripts.iter().any(|s| s.starts_with(script)), "{script}");
    }
    assert!(scripts.iter().any(|s| s.starts_with("Cyrillic")));
}

#[test]
fn the_boundary_function_transliterates_a_contact() {
    let args = json!({
        "contact": {"firstname": "Łukasz", "lastname": "Żółtowski", "city": "Wrocław"},
        "country": "PL"
    });
    let out: Value = serde_json::from_slice(&ispapi_core::abi::call(
        "transliterate",
        args.to_string().as_bytes(),
    ))
    .unwrap();
    assert_eq!(out["ok"]["contact"]["lastname"], "Zoltowski");
    assert_eq!(out["ok"]["contact"]["city"], "Wroclaw");
    assert_eq!(out["ok"]["unmapped"], json!({}));
}

#[test]
fn the_boundary_refuses_an_empty_request() {
    let out: Value =
        serde_json::from_slice(&ispapi_core::abi::call("transliterate", b"{}")).unwrap();
    assert_eq!(out["error"]["code"], "invalid_args");
}

proptest! {
    #[test]
    fn any_text_becomes_ascii(text in any::<String>(), country in "[A-Z]{0,2}") {
        let r = translit::transliterate_text(&text, Some(&country));
        prop_assert!(r.ascii.is_ascii());
        for c in &r.unmapped {
            prop_assert!(text.contains(*c) || translit::decode_html_entities(&text).contains(*c));
        }
    }

    #[test]
    fn ascii_without_entities_is_unchanged(text in "[ -%'-~]*") {
        prop_assert_eq!(translit::to_ascii(&text), text);
    }
}
