//! TLD pricing through the boundary: price classes from a StatusUser reply, the seed's
//! registration/renewal term table, margin rules, rows in two currencies, the dry-run report
//! and the renewal minimums (fixtures in `fixtures/pricing/`).

mod common;

use serde_json::{json, Value};

fn call(name: &str, args: &Value) -> Value {
    let bytes = ispapi_core::abi::call(name, args.to_string().as_bytes());
    serde_json::from_slice(&bytes).unwrap()
}

fn ok(name: &str, args: &Value) -> Value {
    let v = call(name, args);
    v.get("ok")
        .cloned()
        .unwrap_or_else(|| panic!("{name} failed: {v}"))
}

fn fixture(name: &str) -> Value {
    common::read_json(&common::fixtures().join("pricing").join(name))
}

/// The years a row offers (its prices not -1).
fn offered(prices: &Value) -> Vec<u64> {
    prices
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.as_f64().unwrap() >= 0.0)
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

#[test]
fn price_classes_of_a_status_user_reply_map_to_extensions() {
    let text = std::fs::read_to_string(common::fixtures().join("pricing/status_user.txt")).unwrap();
    let response = ok("parse_response", &json!({ "text": text }));
    let classes = ok("price_classes", &json!({ "response": response }));
    assert_eq!(classes, fixture("price_classes.json"));
}

#[test]
fn renewal_rows_offer_only_the_terms_the_registry_renews() {
    let table = fixture("seed_terms.json");
    let years = |list: &Value| -> Vec<u64> {
        list.as_str()
            .unwrap()
            .split(',')
            .map(|y| y.trim_end_matches('Y').parse().unwrap())
            .collect()
    };
    for tld in table["tlds"].as_array().unwrap() {
        let cost = json!({
            "extension": tld["extension"], "class": "X", "currency": "USD", "annual": 10.0,
            "transfer": 10.0, "register_years": years(&tld["register"]),
            "renew_years": years(&tld["renew"]),
        });
        let out = ok(
            "pricing_rows",
            &json!({
                "tlds": [cost],
                "currencies": [{"id": 1, "code": "USD", "default": 1}],
                "margin": {"default": {"percent": 0}},
            }),
        );
        let row = |kind: &str| {
            out["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["type"] == kind)
                .unwrap_or_else(|| panic!("{}: no {kind} row", tld["extension"]))
                .clone()
        };
        let name = tld["extension"].as_str().unwrap();
        assert_eq!(
            offered(&row("domainregister")["prices"]),
            years(&tld["register"]),
            "{name}"
        );
        assert_eq!(
            offered(&row("domainrenew")["prices"]),
            years(&tld["renew"]),
            "{name}"
        );
        assert_eq!(offered(&row("domaintransfer")["prices"]), [1], "{name}");
        // N years cost N annual fees, whatever the other terms.
        let renew = row("domainrenew");
        let last = *years(&tld["renew"]).last().unwrap();
        assert_eq!(
            renew["prices"][last as usize - 1],
            json!(10.0 * last as f64),
            "{name}"
        );
    }
}

#[test]
fn margin_rules_price_each_fixture_case() {
    let cases = fixture("margins.json");
    for case in cases["cases"].as_array().unwrap() {
        let out = ok(
            "pricing_rows",
            &json!({
                "tlds": [{"extension": ".test", "class": "TEST", "currency": "USD",
                          "annual": case["cost"], "register_years": [1]}],
                "currencies": [{"id": 1, "code": "USD"}],
                "margin": {"default": case["rule"]},
            }),
        );
        assert_eq!(
            out["rows"][0]["prices"][0].as_f64(),
            case["price"].as_f64(),
            "{}",
            case["name"]
        );
    }
    for rule in cases["invalid"].as_array().unwrap() {
        let v = call(
            "pricing_rows",
            &json!({"tlds": [], "currencies": [], "margin": rule}),
        );
        let code = v["error"]["code"].as_str().unwrap_or("none");
        assert!(
            code == "invalid_settings" || code == "invalid_args",
            "{rule} was accepted: {v}"
        );
    }
}

#[test]
fn rows_are_converted_and_priced_per_whmcs_currency() {
    let case = fixture("rows_two_currencies.json");
    let out = ok("pricing_rows", &case["input"]);
    assert_eq!(out, case["expected"]);
}

#[test]
fn a_cost_without_an_exchange_rate_is_left_out_with_the_reason() {
    let out = ok(
        "pricing_rows",
        &json!({
            "tlds": [{"extension": ".jp", "class": "JP", "currency": "JPY", "annual": 3200,
                      "register_years": [1], "renew_years": [1]}],
            "currencies": [{"id": 1, "code": "USD", "default": 1}],
            "rates": {"USD": 1.085},
            "margin": {},
        }),
    );
    assert_eq!(out["rows"], json!([]));
    assert_eq!(
        out["skipped"],
        json!([{"extension": ".jp", "reason": "no exchange rate from JPY to USD"}])
    );
}

#[test]
fn the_dry_run_report_lists_every_change_and_what_was_left_out() {
    let case = fixture("diff_report.json");
    let out = ok("pricing_diff", &case["input"]);
    assert_eq!(out["report"], case["expected_report"]);
    assert_eq!(out["changes"].as_array().unwrap().len(), 2);
    // The .com row only WHMCS has is left alone: a sync never removes prices.
    assert!(!out["report"].as_str().unwrap().contains(".com"));
}

#[test]
fn renewal_minimums_are_the_seed_list_and_can_be_narrowed() {
    let all = ok("renewal_minimums", &json!({}));
    let entries = all["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 30, "the seed lists 30 TLDs");
    assert!(entries.iter().all(|e| e["days"] == 61));
    assert!(all["php"]
        .as_str()
        .unwrap()
        .contains("$DomainRenewalMinimums[\".de\"] = \"61\";\n"));
    let some = ok(
        "renewal_minimums",
        &json!({"tlds": ["DE", ".com", ".co.at"]}),
    );
    assert_eq!(
        some["php"],
        "$DomainRenewalMinimums[\".co.at\"] = \"61\";\n$DomainRenewalMinimums[\".de\"] = \"61\";\n"
    );
}

#[test]
fn the_class_table_parses_and_maps_both_ways() {
    assert!(ispapi_core::pricing::table_entries() > 50);
    for (class, extension) in [
        ("COUK", ".co.uk"),
        ("COMAU", ".com.au"),
        ("COMMY", ".com.my"),
        ("TM", ".tm"),
        ("XN--P1AI", ".рф"),
    ] {
        assert_eq!(
            ispapi_core::pricing::extension_for_class(class).as_deref(),
            Some(extension)
        );
        assert_eq!(
            ispapi_core::pricing::class_for_extension(extension).as_deref(),
            Some(class)
        );
    }
}

#[test]
fn hostile_boundary_input_is_an_error_not_a_panic() {
    for (name, args) in [
        (
            "pricing_rows",
            json!({"tlds": [{"extension": ".x"}], "currencies": [], "margin": {}}),
        ),
        (
            "pricing_rows",
            json!({"tlds": [], "currencies": [{"id": "one", "code": "USD"}], "margin": {}}),
        ),
        (
            "pricing_diff",
            json!({"current": [{"extension": ".x", "type": "domainrenew", "currency": 1, "prices": [1, 2]}], "computed": []}),
        ),
        ("price_classes", json!({"response": 5})),
        ("renewal_minimums", json!({"tlds": "de"})),
    ] {
        let v = call(name, &args);
        assert_eq!(v["error"]["code"], "invalid_args", "{name} {args}: {v}");
    }
    // Absurd amounts and years are refused or ignored, never overflow.
    let v = call(
        "pricing_rows",
        &json!({"tlds": [{"extension": ".x", "class": "X", "currency": "USD", "annual": 1e11,
                          "register_years": [0, 10, 99]}],
                "currencies": [{"id": 1, "code": "USD"}], "margin": {"default": {"percent": 10000}}}),
    );
    assert!(v.get("ok").is_some() || v.get("error").is_some());
}
