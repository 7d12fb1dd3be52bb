//! Additional domain fields: the data checked against the API documentation, a generated
//! mapping test for every TLD and action, the hand-written cases (fixtures/fields/cases.json),
//! the WHMCS shapes (evaluated by PHP), the texts, and the wasm build.

mod common;

use core_host::{Core, Options};
use ispapi_core::fields::{self, Action, Kind};
use ispapi_core::wire::Api;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

fn call(name: &str, args: &Value) -> Value {
    let bytes = ispapi_core::abi::call(name, args.to_string().as_bytes());
    serde_json::from_slice(&bytes).expect("envelope is JSON")
}

fn ok(name: &str, args: &Value) -> Value {
    let v = call(name, args);
    assert!(v.get("error").is_none(), "{name} {args}: {v}");
    v["ok"].clone()
}

fn rules() -> &'static [fields::TldRules] {
    fields::all_rules().expect("the TLD data loads")
}

/// A value each format accepts, for building complete submissions.
fn sample(hint: Option<&str>) -> &'static str {
    match hint {
        Some("format_date") => "1990-05-17",
        Some("format_country") => "US",
        Some("format_uri") => "hostmaster@example.com",
        Some("format_dk_hostmaster_id") => "ABCD1234-DK",
        Some("format_duns") => "123456789",
        Some("format_no_identity") => "123456789",
        Some("format_swiss_uid") => "CHE-123.456.789",
        Some(other) => panic!("no sample for {other}"),
        None => "Sample 1",
    }
}

/// A client the TLD's registry accepts: an organisation in the ccTLD's country (or the US).
fn client_for(tld: &str) -> Value {
    let last = tld.rsplit('.').next().unwrap_or_default().to_uppercase();
    let country = match last.as_str() {
        "EU" => "DE".to_owned(),
        "UK" => "GB".to_owned(),
        c if c.len() == 2 && c.is_ascii() => c.to_owned(),
        _ => "US".to_owned(),
    };
    json!({"companyname": "Example Holding", "countrycode": country, "tax_id": "XX123456789"})
}

/// Every field filled: the first option, a ticked box, a value of the right format.
fn complete_values(r: &fields::TldRules, action: Action) -> Map<String, Value> {
    let mut values = Map::new();
    for f in r.fields.iter().filter(|f| f.applies_to(action)) {
        let v = match f.kind {
            Kind::Dropdown | Kind::Radio => f.options[0].clone(),
            Kind::Tickbox => "on".to_owned(),
            Kind::Display => continue,
            Kind::Text => sample(f.pattern_hint.as_deref()).to_owned(),
        };
        values.insert(f.name.clone(), Value::String(v));
    }
    values
}

#[test]
fn every_tld_and_action_maps_a_complete_submission() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for r in rules() {
        for action in r.actions.iter().copied() {
            for tld in &r.tlds {
                *counts.entry(action.name()).or_default() += 1;
                let values = complete_values(r, action);
                let args = json!({"tld": tld, "action": action, "values": values, "client": client_for(tld)});
                let out = ok("fields_map", &args);
                if out["valid"] != true {
                    failures.push(format!("{tld} {}: {}", action.name(), out["errors"]));
                    continue;
                }
                // Every field with a parameter whose condition holds is sent, mapped.
                let params = out["params"].as_object().unwrap();
                for f in r
                    .fields
                    .iter()
                    .filter(|f| f.applies_to(action) && f.param.is_some())
                {
                    let Some(param) = f.param_for(tld) else {
                        continue;
                    };
                    if f.send_if.is_none() && !params.contains_key(&param) {
                        failures.push(format!(
                            "{tld} {}: {param} missing in {params:?}",
                            action.name()
                        ));
                    }
                }
                for (param, value) in params {
                    if !param.starts_with("X-") && param != "AUTH" {
                        failures.push(format!("{tld}: unexpected parameter {param}"));
                    }
                    if value.as_str().is_none_or(str::is_empty) {
                        failures.push(format!("{tld}: empty {param}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("TLDs with fields: {counts:?}");
}

#[test]
fn every_required_field_is_reported_when_missing() {
    let mut failures = Vec::new();
    for r in rules() {
        for action in r.actions.iter().copied() {
            let tld = &r.tlds[0];
            for f in r
                .fields
                .iter()
                .filter(|f| f.applies_to(action) && f.required)
            {
                let mut values = complete_values(r, action);
                values.remove(&f.name);
                let args = json!({"tld": tld, "action": action, "values": values, "client": client_for(tld)});
                let out = ok("fields_map", &args);
                let reported = out["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["field"] == f.name.as_str() && e["code"] == "required");
                // A field with a prefill from the client is completed, not missing.
                if !reported && f.prefill.is_none() {
                    failures.push(format!("{tld} {} {:?}: {out}", action.name(), f.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_tld_coverage_matches_the_original_module() {
    let register = fields::tlds_with_fields(Action::Register);
    let transfer = fields::tlds_with_fields(Action::Transfer);
    let trade = fields::tlds_with_fields(Action::Trade);
    println!(
        "register {} transfer {} trade {}",
        register.len(),
        transfer.len(),
        trade.len()
    );
    // The original v6 module: 77 with registration fields, 26 transfer, 51 trade (its .film
    // trade entry had no fields). .be has trade fields only.
    assert_eq!(register.len(), 77, "{register:?}");
    assert_eq!(transfer.len(), 26, "{transfer:?}");
    assert_eq!(trade.len(), 51, "{trade:?}");
    for tld in [
        ".ca",
        ".de",
        ".dk",
        ".es",
        ".eu",
        ".fr",
        ".hk",
        ".it",
        ".nu",
        ".ro",
        ".ru",
        ".se",
        ".sg",
        ".swiss",
        ".travel",
        ".us",
        ".com.au",
        ".nyc",
        ".law",
        ".abogado",
        ".bank",
        ".insurance",
    ] {
        assert!(register.contains(&tld.to_owned()), "{tld}");
    }
}

/// The parameter names of each command in the API's public documentation.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let v = common::read_json(&common::fixtures().join("fields/api_parameters.json"));
    v.as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| {
            let names = v
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_owned());
            (k.clone(), names.collect())
        })
        .collect()
}

#[test]
fn every_parameter_is_documented_or_marked_unverified() {
    let docs = documented();
    let mut failures = Vec::new();
    for r in rules() {
        let register_command = r
            .register_command
            .get("COMMAND")
            .map(String::as_str)
            .unwrap_or("AddDomain");
        for f in &r.fields {
            for tld in &r.tlds {
                let Some(param) = f.param_for(tld) else {
                    continue;
                };
                for action in f.actions.iter().copied() {
                    let command = match action {
                        Action::Register => register_command,
                        Action::Transfer => "TransferDomain",
                        Action::Trade => "TradeDomain",
                    };
                    let listed = docs[command].contains(&param);
                    let marked = f.unverified.contains(&action);
                    if listed == marked {
                        failures.push(format!(
                            "{tld} {:?} {param} for {command}: documented {listed}, marked unverified {marked}",
                            f.name
                        ));
                    }
                }
            }
        }
        for d in &r.derived {
            assert!(docs[register_command].contains(&d.param), "{}", d.param);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_case(case: &Value, out: &Value) -> Vec<String> {
    let name = case["name"].as_str().unwrap();
    let mut problems = Vec::new();
    if let Some(want) = case.get("params") {
        if out["valid"] != true {
            return vec![format!("{name}: not valid: {}", out["errors"])];
        }
        if &out["params"] != want {
            problems.push(format!("{name}: params {} want {want}", out["params"]));
        }
        let command = out.get("command").cloned().unwrap_or(json!({}));
        if command != case.get("command").cloned().unwrap_or(json!({})) {
            problems.push(format!("{name}: command {command}"));
        }
        let drops = out.get("drop_contact_fields").cloned().unwrap_or(json!([]));
        if drops
            != case
                .get("drop_contact_fields")
                .cloned()
                .unwrap_or(json!([]))
        {
            problems.push(format!("{name}: drop_contact_fields {drops}"));
        }
    }
    if let Some(want) = case.get("errors") {
        if out["valid"] != false || out["params"] != json!({}) {
            problems.push(format!("{name}: expected errors, got {out}"));
        }
        let got: Vec<String> = out["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| match e["field"].as_str() {
                Some(f) if !e["code"].as_str().unwrap().starts_with("error_") => {
                    format!("{}:{f}", e["code"].as_str().unwrap())
                }
                _ => e["code"].as_str().unwrap().to_owned(),
            })
            .collect();
        let want: Vec<String> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_owned())
            .collect();
        if got != want {
            problems.push(format!("{name}: errors {got:?} want {want:?}"));
        }
        for e in out["errors"].as_array().unwrap() {
            let message = e["message"].as_str().unwrap();
            if message.contains('{') || message.contains("error_") {
                problems.push(format!("{name}: message not filled in: {message}"));
            }
        }
    }
    problems
}

#[test]
fn hand_written_cases_map_as_the_registries_require() {
    let cases = common::read_json(&common::fixtures().join("fields/cases.json"));
    let mut problems = Vec::new();
    for case in cases.as_array().unwrap() {
        let args = json!({
            "tld": case["tld"], "action": case["action"],
            "values": case["values"], "client": case["client"],
        });
        problems.extend(check_case(case, &ok("fields_map", &args)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_rust_api_returns_messages_the_registrar_flows_can_show() {
    let client = fields::Client {
        countrycode: "CH".to_owned(),
        companyname: "Muster AG".to_owned(),
        ..Default::default()
    };
    let errors = fields::map(
        ".swiss",
        Action::Register,
        &BTreeMap::new(),
        &client,
        Api::Ispapi,
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "Enterprise ID (UID): please fill in this field.",
            "Intended Use: please fill in this field."
        ]
    );
    let values = BTreeMap::from([
        ("Intended use".to_owned(), "Shop".to_owned()),
        ("Enterprise ID".to_owned(), "CHE-123.456.789".to_owned()),
    ]);
    let m = fields::map(".swiss", Action::Register, &values, &client, Api::Ispapi).unwrap();
    assert!(m
        .command
        .contains(&("COMMAND".to_owned(), "AddDomainApplication".to_owned())));
}

/// `fields_map` on `api` ("ispapi", "cnr" or none): the parameters it gives, or its errors.
fn mapped_on(api: Option<&str>, tld: &str, action: &str, values: Value, client: Value) -> Value {
    let mut args = json!({"tld": tld, "action": action, "values": values, "client": client});
    if let Some(api) = api {
        args["api"] = json!(api);
    }
    let out = ok("fields_map", &args);
    assert_eq!(out["valid"], true, "{tld} on {api:?}: {out}");
    out["params"].clone()
}

#[test]
fn on_cnr_the_fields_go_by_cnrs_own_names() {
    let canadian = json!({"countrycode": "CA"});
    let ca = json!({"Legal Type": "Canadian Citizen", "Contact Language": "French"});
    // ISPAPI, by default and by name: as before.
    let ispapi = json!({"X-CA-LEGALTYPE": "CCT", "X-CA-LANGUAGE": "FR"});
    assert_eq!(
        mapped_on(None, ".ca", "register", ca.clone(), canadian.clone()),
        ispapi
    );
    assert_eq!(
        mapped_on(
            Some("ispapi"),
            ".ca",
            "register",
            ca.clone(),
            canadian.clone()
        ),
        ispapi
    );
    // CNR: the same code under X-CA-LEGAL-TYPE; CNR has no language parameter (cnr_param "").
    assert_eq!(
        mapped_on(Some("cnr"), ".ca", "register", ca, canadian.clone()),
        json!({"X-CA-LEGAL-TYPE": "CCT"})
    );
    // A value CNR names differently (.au's state business number) and a tick CNR answers Y.
    let au = json!({"Registrant ID Number": "123", "Registrant ID Type": "RBN"});
    let au_client = json!({"countrycode": "AU", "companyname": "Example Pty"});
    assert_eq!(
        mapped_on(
            Some("cnr"),
            ".com.au",
            "register",
            au.clone(),
            au_client.clone()
        ),
        json!({"X-AU-DOMAIN-IDNUMBER": "123", "X-AU-DOMAIN-IDTYPE": "OTHER"})
    );
    assert_eq!(
        mapped_on(Some("ispapi"), ".com.au", "register", au, au_client),
        json!({"X-AU-REGISTRANT-ID-NUMBER": "123", "X-AU-REGISTRANT-ID-TYPE": "RBN"})
    );
    let travel = json!({".travel Industry": "on"});
    assert_eq!(
        mapped_on(
            Some("cnr"),
            ".travel",
            "register",
            travel.clone(),
            json!({})
        ),
        json!({"X-TRAVEL-INDUSTRY": "Y"})
    );
    assert_eq!(
        mapped_on(None, ".travel", "register", travel, json!({})),
        json!({"X-TRAVEL-INDUSTRY": "1"})
    );
    // A derived parameter CNR does not take (.swiss's owner type) is left out there.
    let swiss = json!({"Intended use": "Shop", "Enterprise ID": "CHE-123.456.789"});
    let swiss_client = json!({"countrycode": "CH", "companyname": "Muster AG"});
    let cnr = mapped_on(
        Some("cnr"),
        ".swiss",
        "register",
        swiss.clone(),
        swiss_client.clone(),
    );
    assert_eq!(
        cnr,
        json!({"X-SWISS-UID": "CHE-123.456.789", "X-INTENDED-USE": "Shop"})
    );
    let ispapi = mapped_on(None, ".swiss", "register", swiss, swiss_client);
    assert_eq!(ispapi["X-SWISS-OWNER-TYPE"], "O");
    // A TLD without a CNR source keeps its ISPAPI names (unverified).
    let de =
        json!({"General Request Contact": "a@example.de", "Abuse Team Contact": "b@example.de"});
    assert_eq!(
        mapped_on(
            Some("cnr"),
            ".de",
            "register",
            de.clone(),
            json!({"countrycode": "DE"})
        ),
        mapped_on(None, ".de", "register", de, json!({"countrycode": "DE"}))
    );
    // The Rust API takes the flavour too: .pt's ROID is not a CNR parameter.
    let roid = BTreeMap::from([("ROID".to_owned(), "1234-DNS".to_owned())]);
    let client = fields::Client::default();
    let on = |api| {
        fields::map(".pt", Action::Transfer, &roid, &client, api)
            .unwrap()
            .params
    };
    assert_eq!(
        on(Api::Ispapi),
        [("X-PT-ROID".to_owned(), "1234-DNS".to_owned())]
    );
    assert!(on(Api::Cnr).is_empty());
}

#[test]
fn every_cnr_name_has_its_source_and_every_value_map_a_known_value() {
    for r in rules() {
        for f in &r.fields {
            let renamed = f.cnr_param.is_some() || !f.cnr_values.is_empty();
            assert!(
                !renamed || r.cnr_source.is_some(),
                "{:?} {}: cnr_ keys without the TLD's cnr_source",
                r.tlds,
                f.name
            );
            for from in f.cnr_values.keys() {
                let known = if f.kind == Kind::Tickbox {
                    from == "1"
                } else {
                    f.options.is_empty() || f.options.contains(from)
                };
                assert!(known, "{:?} {}: cnr_values maps {from:?}", r.tlds, f.name);
            }
            if let Some(p) = f.cnr_param.as_deref().filter(|p| !p.is_empty()) {
                assert!(p.starts_with("X-"), "{:?} {}: {p}", r.tlds, f.name);
            }
        }
    }
}

#[test]
fn messages_follow_the_language_and_the_admins_texts() {
    let args = |language: &str| {
        json!({"tld": "us", "action": "register", "values": {"Application Purpose": "P1"},
               "client": {"countrycode": "US"}, "language": language})
    };
    let de = ok("fields_map", &args("german"));
    assert_eq!(
        de["errors"][0]["message"],
        "Nexus-Kategorie: Bitte füllen Sie dieses Feld aus."
    );
    let ar = ok("fields_map", &args("ar"));
    assert!(ar["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("يرجى"));
    let mut custom = args("english");
    custom["translations"] = json!({"ispapi_nexus_category": "US Nexus"});
    assert_eq!(
        ok("fields_map", &custom)["errors"][0]["message"],
        "US Nexus: please fill in this field."
    );
}

#[test]
fn definitions_are_what_additionalfields_php_would_hold() {
    let out = ok(
        "fields_definitions",
        &json!({"tld": "ca", "action": "register", "language": "french",
        "client": {"language": "french"}, "existing": ["Legal Type", "Some Old Field"]}),
    );
    assert_eq!(out["tld"], ".ca");
    let fields = out["fields"].as_array().unwrap();
    let legal = &fields[0];
    assert_eq!(legal["Name"], "Legal Type");
    assert_eq!(legal["LangVar"], "ispapi_legal_type");
    assert_eq!(legal["DisplayName"], "Forme juridique");
    assert_eq!(legal["Type"], "dropdown");
    assert_eq!(legal["Required"], true);
    assert_eq!(legal["Default"], "CCO");
    let options = legal["Options"].as_str().unwrap();
    assert!(
        options.starts_with("CCO|Société (Canada ou province ou territoire canadien),CCT|"),
        "{options}"
    );
    assert!(
        options.contains("LAM|Bibliothèque\u{201A} archives ou musée canadien"),
        "{options}"
    );
    assert_eq!(
        options.split(',').count(),
        18,
        "a comma in a label would split it"
    );
    assert_eq!(
        fields[1]["Default"], "FR",
        "the contact language comes from the client's"
    );
    assert_eq!(fields[2]["Type"], "display");
    assert!(fields[2]["Description"]
        .as_str()
        .unwrap()
        .contains("cira.ca"));
    let removed: Vec<&str> = fields
        .iter()
        .filter(|f| f["Remove"] == true)
        .map(|f| f["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        removed,
        ["CIRA Agreement", "WHOIS Opt-out", "Some Old Field"]
    );

    let dk = ok(
        "fields_definitions",
        &json!({"tld": "dk", "client": {"tax_id": "DK1", "dk_hostmaster_id": "AB1-DK"}}),
    );
    let vat = dk["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["Name"] == "Registrant VAT ID")
        .unwrap();
    assert_eq!(vat["Required"], json!({"Registrant Legal Type": ["ORG"]}));
    assert_eq!(vat["Default"], "DK1");
    let dkid = dk["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["Name"] == "Registrant contact")
        .unwrap();
    assert_eq!(dkid["Default"], "AB1-DK");

    let transfer = ok(
        "fields_definitions",
        &json!({"tld": "ca", "action": "transfer"}),
    );
    let names: Vec<&str> = transfer["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Legal Type", "CIRA Agreement", "WHOIS Opt-out"]);
    let terms = ok("fields_definitions", &json!({"tld": "law"}));
    assert!(terms["fields"][0]["Description"]
        .as_str()
        .unwrap()
        .contains("http://nic.law/eligibilitycriteria/"));
    assert!(terms["fields"][0]["Description"]
        .as_str()
        .unwrap()
        .contains(".LAW"));
    assert_eq!(
        ok("fields_definitions", &json!({"tld": "com"}))["fields"],
        json!([])
    );
}

fn php(code: &str) -> String {
    let out = std::process::Command::new("php")
        .args(["-d", "display_errors=stderr", "-r", code])
        .output()
        .expect("php is installed (scripts/setup)");
    assert!(
        out.status.success(),
        "php failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_generated_additionalfields_php_is_what_the_definitions_say() {
    let file = ok("fields_whmcs_file", &json!({"language": "german"}))["php"]
        .as_str()
        .unwrap()
        .to_owned();
    let dir = std::env::temp_dir().join(format!("ispapi-fields-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("additionalfields.php");
    std::fs::write(&path, &file).unwrap();
    let json_text = php(&format!(
        "$additionaldomainfields = []; include {:?}; echo json_encode($additionaldomainfields, JSON_UNESCAPED_UNICODE);",
        path.display().to_string()
    ));
    let from_php: Value = serde_json::from_str(&json_text).unwrap();
    let tlds = from_php.as_object().unwrap();
    assert!(tlds.len() >= 77, "{} TLDs", tlds.len());
    for (tld, fields) in tlds {
        let defs = ok(
            "fields_definitions",
            &json!({"tld": tld, "language": "german"}),
        );
        assert_eq!(fields, &defs["fields"], "{tld}");
    }
    assert!(
        tlds.contains_key(".co.uk"),
        "WHMCS's .uk fields are removed"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_lang_files_have_every_text_in_four_languages() {
    for language in ["english", "german", "french", "arabic"] {
        let out = ok("fields_lang", &json!({"language": language}));
        let entries = out["entries"].as_object().unwrap();
        assert_eq!(out["file"], format!("lang/overrides/{language}.php"));
        let code = format!(
            "{} echo json_encode($_LANG, JSON_UNESCAPED_UNICODE);",
            out["php"].as_str().unwrap().trim_start_matches("<?php")
        );
        let from_php: Value = serde_json::from_str(&php(&code)).unwrap();
        assert_eq!(from_php.as_object().unwrap(), entries, "{language}");
        assert!(entries.keys().all(|k| k.starts_with("ispapi_")));
    }
    let en = ok("fields_lang", &json!({"language": "en"}))["entries"].clone();
    let ar = ok("fields_lang", &json!({"language": "ar"}))["entries"].clone();
    let mut same = 0;
    for (k, v) in en.as_object().unwrap() {
        // Placeholders must survive translation.
        for p in ["{field}", "{value}", "{hint}", "{tld}", "{TERMS}", "{TLD}"] {
            assert_eq!(
                v.as_str().unwrap().contains(p),
                ar[k].as_str().unwrap().contains(p),
                "{k} {p}"
            );
        }
        same += usize::from(v == &ar[k]);
    }
    assert!(same < 5, "{same} Arabic texts equal the English ones");
}

#[test]
fn every_text_the_data_uses_is_defined_and_none_is_unused() {
    let used = fields::used_text_keys().unwrap();
    let missing: Vec<&String> = used
        .iter()
        .filter(|(_, known)| !**known)
        .map(|(k, _)| k)
        .collect();
    assert!(missing.is_empty(), "missing texts: {missing:?}");
    let unused: Vec<String> = fields::defined_text_keys()
        .unwrap()
        .into_iter()
        .filter(|k| !used.contains_key(k))
        .collect();
    assert!(unused.is_empty(), "unused texts: {unused:?}");
}

#[test]
fn fields_work_in_the_wasm_build() {
    let mut core = Core::load(common::core_wasm(), Options::default()).expect("core loads");
    let cases = common::read_json(&common::fixtures().join("fields/cases.json"));
    let mut problems = Vec::new();
    for case in cases.as_array().unwrap() {
        let args = json!({"tld": case["tld"], "action": case["action"], "values": case["values"], "client": case["client"]});
        let bytes = core
            .call("fields_map", args.to_string().as_bytes())
            .expect("no trap");
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        problems.extend(check_case(case, &v["ok"]));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let bytes = core.call("fields_whmcs_file", b"{}").expect("no trap");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        v["ok"]["php"].as_str().unwrap().contains("X-")
            || v["ok"]["php"].as_str().unwrap().contains("ispapi_")
    );
}

#[test]
fn malformed_requests_are_errors_not_panics() {
    assert_eq!(
        call("fields_map", &json!({"tld": "ca"}))["error"]["code"],
        "invalid_args"
    );
    assert_eq!(
        call("fields_map", &json!({"tld": "ca", "action": "delete"}))["error"]["code"],
        "invalid_args"
    );
    let nested = json!({"tld": "ca", "action": "register", "values": {"Legal Type": {"a": 1}}});
    assert_eq!(call("fields_map", &nested)["error"]["code"], "invalid_args");
    let huge =
        json!({"tld": "ca", "action": "register", "values": {"Legal Type": "x".repeat(5000)}});
    assert_eq!(call("fields_map", &huge)["error"]["code"], "invalid_args");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_submission_gives_a_result(
        tld in prop_oneof![Just("ca".to_owned()), Just("dk".to_owned()), Just("eu".to_owned()),
                           Just("swiss".to_owned()), Just("us".to_owned()), Just("fr".to_owned()),
                           "[a-z.\\-]{0,12}", any::<String>()],
        action in prop_oneof![Just("register"), Just("transfer"), Just("trade")],
        value in any::<String>(),
        country in "[A-Z]{0,3}",
        company in "[a-zA-Z ]{0,5}",
    ) {
        let mut values = Map::new();
        for name in ["Legal Type", "Enterprise ID", "Nexus Category", "Registrant Citizenship",
                     "Registrant Legal Type", "Intended use", "Contact Language"] {
            values.insert(name.to_owned(), Value::String(value.clone()));
        }
        let args = json!({"tld": tld, "action": action, "values": values,
                          "client": {"countrycode": country, "companyname": company}});
        let v = call("fields_map", &args);
        prop_assert!(v.get("ok").is_some() || v["error"]["code"] == "invalid_args", "{}", v);
        let d = call("fields_definitions", &json!({"tld": tld, "action": action}));
        prop_assert!(d.get("ok").is_some(), "{}", d);
    }
}

#[test]
fn a_swiss_application_takes_each_apis_class() {
    let swiss = json!({"Intended use": "Shop", "Enterprise ID": "CHE-123.456.789"});
    let client = json!({"countrycode": "CH", "companyname": "Muster AG"});
    let command = |api: &str| {
        let args = json!({"tld": ".swiss", "action": "register", "values": swiss,
            "client": client, "api": api});
        ok("fields_map", &args)["command"].clone()
    };
    // ISPAPI: the original module's GOLIVE; CNR: SWISS-GOLIVE (its .swiss page and module).
    assert_eq!(
        command("ispapi"),
        json!({"COMMAND": "AddDomainApplication", "CLASS": "GOLIVE"})
    );
    assert_eq!(
        command("cnr"),
        json!({"COMMAND": "AddDomainApplication", "CLASS": "SWISS-GOLIVE"})
    );
}
