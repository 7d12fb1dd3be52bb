//! Property tests: no input can make the encoder emit an extra line, and no bytes can make
//! the parser or the boundary panic.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn encode(command: &Map<String, Value>) -> Option<String> {
    let bytes = ispapi_core::abi::call(
        "encode_command",
        json!({ "command": command }).to_string().as_bytes(),
    );
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["ok"]["text"].as_str().map(str::to_owned)
}

/// `parse_response` writes the borrowed parse; the flows get the owned `Response` and hand it
/// back as JSON. Both must be the same JSON, byte for byte.
fn borrowed_json(text: &str) -> Vec<u8> {
    serde_json::to_vec(&ispapi_core::wire::parse_borrowed(text)).unwrap()
}

fn owned_json(text: &str) -> Vec<u8> {
    serde_json::to_vec(&ispapi_core::wire::parse(text)).unwrap()
}

#[test]
fn every_fuzz_corpus_body_serialises_as_its_response() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/fuzz/parse_response");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text =
            String::from_utf8_lossy(&std::fs::read(entry.unwrap().path()).unwrap()).into_owned();
        assert_eq!(borrowed_json(&text), owned_json(&text), "{text:?}");
        n += 1;
    }
    assert!(n > 1000, "the corpus has {n} files");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_value_stays_on_its_own_line(values in prop::collection::vec(any::<String>(), 1..6)) {
        let mut command = Map::new();
        command.insert("COMMAND".into(), json!("ModifyContact"));
        for (i, v) in values.iter().enumerate() {
            command.insert(format!("FIELD{i}X"), json!(v));
        }
        let text = encode(&command).expect("plain string values always encode");
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert_eq!(lines.len(), values.len() + 1);
        prop_assert_eq!(lines[0], "COMMAND=ModifyContact");
        for (i, line) in lines[1..].iter().enumerate() {
            let prefix = format!("FIELD{i}X=");
            prop_assert!(line.starts_with(&prefix));
            prop_assert!(!line.contains(['\r', '\0']));
        }
    }

    #[test]
    fn any_key_either_is_refused_or_makes_exactly_one_line(key in any::<String>(), value in any::<String>()) {
        let mut command = Map::new();
        command.insert("COMMAND".into(), json!("X"));
        command.insert(key, json!(value));
        if let Some(text) = encode(&command) {
            prop_assert!(text.split('\n').count() <= 2);
        }
    }

    #[test]
    fn parsing_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let r = ispapi_core::wire::parse(&text);
        prop_assert!(r.code >= 100);
    }

    #[test]
    fn response_like_text_never_panics_and_serialises_as_its_response(lines in prop::collection::vec(
        prop_oneof![
            Just("[RESPONSE]".to_string()),
            Just("EOF".to_string()),
            "code ?= ?[0-9]{1,6}",
            "property\\[[A-Za-z ]{0,6}\\]\\[[0-9]{0,12}\\] ?= ?.{0,10}",
            ".{0,20}",
        ], 0..40)) {
        let text = lines.join("\n");
        prop_assert_eq!(borrowed_json(&text), owned_json(&text));
    }

    #[test]
    fn redaction_masks_secret_lines_and_keeps_every_other_byte(lines in prop::collection::vec(
        prop_oneof![
            "property\\[(AUTH|DOMAIN|auth code|PASSWORD|x)\\]\\[[0-9]\\] ?= ?.{0,8}",
            ".{0,12}",
        ], 0..20), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let out = ispapi_core::abi::call("redact_response", json!({ "text": text }).to_string().as_bytes());
        let v: Value = serde_json::from_slice(&out).unwrap();
        let masked = v["ok"]["masked"].as_u64().unwrap() as usize;
        let logged = v["ok"]["text"].as_str().unwrap_or(&text).to_owned();
        prop_assert_eq!(v["ok"]["text"].is_null(), masked == 0);
        let (before, after): (Vec<&str>, Vec<&str>) = (text.split('\n').collect(), logged.split('\n').collect());
        prop_assert_eq!(before.len(), after.len());
        let mut changed = 0;
        for (b, a) in before.iter().zip(&after) {
            if b != a {
                changed += 1;
                prop_assert!(a.trim_end_matches('\r').ends_with("= ***"), "{:?} became {:?}", b, a);
                prop_assert!(b.to_ascii_uppercase().contains("AUTH") || b.to_ascii_uppercase().contains("PASSWORD"));
            }
        }
        prop_assert!(changed <= masked);
    }

    #[test]
    fn the_boundary_never_panics_on_any_arguments(name in "[a-z_]{0,20}", bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let out = ispapi_core::abi::call(&name, &bytes);
        let v: Value = serde_json::from_slice(&out).unwrap();
        prop_assert!(v.get("ok").is_some() || v.get("error").is_some());
    }
}

#[test]
fn a_megabyte_of_line_breaks_in_one_value_stays_one_line() {
    let mut command = Map::new();
    command.insert("COMMAND".into(), json!("ModifyContact"));
    command.insert(
        "STREET".into(),
        json!("x\nCOMMAND=DeleteDomain\r\n\0".repeat(50_000)),
    );
    let text = encode(&command).unwrap();
    assert_eq!(text.split('\n').count(), 2);
    assert!(text.len() > 1_000_000);
}
