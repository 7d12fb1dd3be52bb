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

/// Every unmapped character must be one the input had (after HTML entities are decoded).
fn unmapped_are_from_the_input(text: &str, country: Option<&str>) -> Result<(), String> {
    let r = translit::transliterate_text(text, country);
    if !r.ascii.is_ascii() {
        return Err(format!(
            "{text:?} ({country:?}) gave non-ASCII {:?}",
            r.ascii
        ));
    }
    let decoded = translit::decode_html_entities(text);
    match r
        .unmapped
        .iter()
        .find(|c| !text.contains(**c) && !decoded.contains(**c))
    {
        Some(c) => Err(format!(
            "{text:?} ({country:?}) reported {c:?}, not in the input"
        )),
        None => Ok(()),
    }
}

/// Once found by chance: "ϓ" (U+03D3) decomposes to "ϒ" + acute, and "ϒ" was reported.
#[test]
fn an_unmapped_character_is_reported_as_written() {
    let r = translit::transliterate_text("ϓ", None);
    assert_eq!(r.unmapped, vec!['ϓ']);
    unmapped_are_from_the_input("ϓ", Some("")).unwrap();
}

/// Not by chance: every BMP character whose NFKD has more than one code point, alone and
/// inside a Greek, a Cyrillic and a Latin word, with no country and with the language tables
/// that change the mapping (Greek, Ukrainian, German).
#[test]
fn every_decomposing_bmp_character_is_reported_as_written() {
    use unicode_normalization::UnicodeNormalization;
    let mut tried = 0;
    let mut failures = Vec::new();
    for c in (0u32..=0xFFFF).filter_map(char::from_u32) {
        if c.nfkd().nth(1).is_none() {
            continue;
        }
        tried += 1;
        for text in [
            c.to_string(),
            format!("α{c}β"),
            format!("д{c}ж"),
            format!("a{c}b"),
        ] {
            for country in [None, Some("GR"), Some("UA"), Some("DE")] {
                if let Err(e) = unmapped_are_from_the_input(&text, country) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(tried > 5000, "only {tried} decomposing characters found");
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}

proptest! {
    #[test]
    fn any_text_becomes_ascii(text in any::<String>(), country in "[A-Z]{0,2}") {
        let checked = unmapped_are_from_the_input(&text, Some(&country));
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
    }

    #[test]
    fn ascii_without_entities_is_unchanged(text in "[ -%'-~]*") {
        prop_assert_eq!(translit::to_ascii(&text), text);
    }
}
