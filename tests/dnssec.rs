//! DS and DNSKEY fields of the DNSSEC page, from `fixtures/dns/dnssec.json`: the value each
//! valid row gives the API, and the message for each mistake (in English: the texts are
//! src/registrar/texts.toml's).

mod common;

use ispapi_core::dnssec::{self, DnsKey, Ds, DsFields, Form, KeyFields, Problem};
use ispapi_core::registrar::texts::Lang;
use serde_json::{json, Value};

fn english(p: Problem) -> String {
    Lang::new(None, Default::default()).problem(&p)
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

fn check(name: &Value, got: Result<String, String>, case: &Value, failures: &mut Vec<String>) {
    match (got, case.get("api"), case.get("error")) {
        (Ok(api), Some(want), None) if want == &json!(api) => {}
        (Err(e), None, Some(want)) if e.contains(want.as_str().unwrap()) => {}
        (got, _, _) => failures.push(format!("{name}: got {got:?}, want {case}")),
    }
}

#[test]
fn every_field_is_checked() {
    let doc = common::read_json(&common::fixtures().join("dns/dnssec.json"));
    let mut failures = Vec::new();
    for case in doc["ds"].as_array().unwrap() {
        let f = &case["fields"];
        let fields = DsFields {
            keytag: text(f, "keytag"),
            alg: text(f, "alg"),
            digesttype: text(f, "digesttype"),
            digest: text(f, "digest"),
        };
        let got = Ds::check(&fields).map(|d| d.api()).map_err(english);
        check(&case["name"], got, case, &mut failures);
    }
    for case in doc["keys"].as_array().unwrap() {
        let f = &case["fields"];
        let fields = KeyFields {
            flags: text(f, "flags"),
            protocol: text(f, "protocol"),
            alg: text(f, "alg"),
            pubkey: text(f, "pubkey"),
        };
        let got = DnsKey::check(&fields).map(|k| k.api()).map_err(english);
        check(&case["name"], got, case, &mut failures);
    }
    for case in doc["maxsiglife"].as_array().unwrap() {
        let got = dnssec::max_sig_life(case["value"].as_str().unwrap()).map_err(english);
        let ok = match (&got, case.get("error")) {
            (Ok(v), None) => json!(v) == case["api"],
            (Err(e), Some(want)) => e.contains(want.as_str().unwrap()),
            _ => false,
        };
        if !ok {
            failures.push(format!("maxsiglife {}: got {got:?}", case["value"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_posted_form_skips_empty_rows_and_reports_every_mistake() {
    let doc = common::read_json(&common::fixtures().join("dns/dnssec.json"));
    let good_ds = &doc["ds"][0]["fields"];
    let bad_ds = &doc["ds"][3]["fields"];
    let good_key = &doc["keys"][0]["fields"];
    // PHP posts rows as objects keyed by index; the empty "add" rows keep their selects.
    let posted = json!({
        "ds": {"0": good_ds, "1": bad_ds, "2": {"keytag": "", "alg": "13", "digesttype": "2", "digest": ""}},
        "key": {"0": good_key, "1": {"flags": "257", "protocol": "3", "alg": "13", "pubkey": ""}},
        "maxsiglife": "0",
    });
    let form = Form::from_value(&posted);
    assert_eq!((form.ds.len(), form.keys.len()), (2, 1));
    let errors: Vec<String> = form.check().unwrap_err().into_iter().map(english).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("DS record 2: a SHA-256 digest has 64"),
        "{errors:?}"
    );
    assert!(errors[1].starts_with("Signature lifetime:"), "{errors:?}");

    let fine =
        Form::from_value(&json!({"ds": [good_ds, good_ds], "key": [good_key], "maxsiglife": ""}));
    let saved = fine.check().unwrap();
    assert_eq!(saved.ds.len(), 1, "a repeated row is one record");
    assert_eq!(saved.max_sig_life, None);
}

#[test]
fn status_domain_values_are_read_back_into_rows() {
    let ds =
        Ds::from_api("2371 13 2 1F987CC6583E92DF0890718C4291C4A3 FBC1F1AD2F2B2C4DCAD51C9A4AB0D0EE")
            .unwrap();
    assert_eq!(ds.digest.len(), 64, "a digest split by spaces is joined");
    let key = DnsKey::from_api("257 3 15 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").unwrap();
    assert_eq!(DnsKey::check(&key).unwrap().algorithm, 15);
    assert!(DnsKey::from_api("257 3").is_none());
}
