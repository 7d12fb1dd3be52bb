//! The lookup provider: CheckDomains rows → SearchResult statuses, the names checked per TLD
//! (IDN), and the batching of CheckDomains (fixtures in `fixtures/lookup/`; the whole flows
//! with recorded replies are in `fixtures/registrar/CheckAvailability/` and friends).

mod common;

use serde_json::{json, Value};

fn call(name: &str, args: &Value) -> Value {
    let bytes = ispapi_core::abi::call(name, args.to_string().as_bytes());
    serde_json::from_slice(&bytes).unwrap()
}

fn fixture(name: &str) -> Value {
    common::read_json(&common::fixtures().join("lookup").join(name))
}

#[test]
fn every_check_row_gets_the_fixture_status() {
    let cases = fixture("classify.json");
    for case in cases["cases"].as_array().unwrap() {
        let v = call(
            "lookup_classify",
            &json!({"rows": [case["row"]], "premium_enabled": case["premium_enabled"]}),
        );
        let got = &v["ok"][0];
        assert_eq!(got["status"], case["status"], "{}: {v}", case["name"]);
        assert_eq!(got["premium"], case["premium"], "{}: {v}", case["name"]);
    }
}

#[test]
fn each_tld_is_checked_in_its_registrys_idn_form() {
    let cases = fixture("names.json");
    for case in cases["cases"].as_array().unwrap() {
        let input = json!({
            "searchTerm": case["searchTerm"],
            "punyCodeSearchTerm": case["punyCodeSearchTerm"],
            "tldsToInclude": case["tldsToInclude"],
        });
        let v = call("lookup_names", &input);
        let ok = v.get("ok").unwrap_or_else(|| panic!("{v}"));
        assert_eq!(ok["names"], case["names"], "{}", case["searchTerm"]);
        assert_eq!(ok["invalid"], case["invalid"], "{}", case["searchTerm"]);
    }
}

/// Runs CheckAvailability for `tlds` answering every CheckDomains with "210 Available";
/// returns the DOMAIN count of each command sent and the result.
fn run_check(tlds: &[String]) -> (Vec<usize>, Value) {
    let params = json!({
        "searchTerm": "batch", "tldsToInclude": tlds, "premiumEnabled": false,
        "API": "CNR", "Username": "u", "Password": "p",
    });
    let mut transcript: Vec<Value> = Vec::new();
    let mut sizes = Vec::new();
    loop {
        let step = call(
            "registrar_step",
            &json!({"function": "CheckAvailability", "params": params, "transcript": transcript}),
        );
        let step = &step["ok"];
        if step["step"] == "done" {
            return (sizes, step["result"].clone());
        }
        let command = step["command"].clone();
        assert_eq!(command["COMMAND"], "CheckDomains");
        let n = command["DOMAIN"].as_array().unwrap().len();
        assert!(command.get("PREMIUMCHANNELS").is_none());
        sizes.push(n);
        let mut text =
            String::from("[RESPONSE]\ncode = 200\ndescription = Command completed successfully\n");
        for i in 0..n {
            text.push_str(&format!("property[DOMAINCHECK][{i}] = 210 Available\n"));
        }
        text.push_str("EOF\n");
        let response = call("parse_response", &json!({ "text": text }))["ok"].clone();
        transcript.push(json!({"command": command, "response": response}));
    }
}

fn statuses(result: &Value) -> Vec<String> {
    result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["setters"][0][1]["constant"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn check_domains_takes_at_most_32_names_per_command() {
    let tlds: Vec<String> = (0..70).map(|i| format!(".t{i}")).collect();
    let (sizes, result) = run_check(&tlds);
    assert_eq!(sizes, [32, 32, 6]);
    let s = statuses(&result);
    assert_eq!(s.len(), 70);
    assert!(s.iter().all(|s| s == "STATUS_NOT_REGISTERED"));
    assert_eq!(result["items"][69]["args"], json!(["batch", "t69"]));
}

#[test]
fn names_beyond_the_command_budget_are_unknown_not_an_error() {
    let tlds: Vec<String> = (0..1200).map(|i| format!(".t{i}")).collect();
    let (sizes, result) = run_check(&tlds);
    assert_eq!(sizes.len(), 36);
    let s = statuses(&result);
    assert_eq!(s.len(), 1200);
    assert_eq!(
        s.iter().filter(|s| *s == "STATUS_UNKNOWN").count(),
        1200 - 36 * 32
    );
}

#[test]
fn an_empty_search_sends_nothing() {
    let (sizes, result) = run_check(&[".com".to_owned()][..0]);
    assert!(sizes.is_empty());
    assert_eq!(result["items"], json!([]));
    assert!(ispapi_core::lookup::safe_search_entries() > 0);
}
