//! CNR's prices and premium names: QueryZoneList and the fee extension (X-FEE-*), as CNR's
//! knowledge base documents them (`src/commands/fee.rs`).

mod common;

use common::{column, TestSim};
use serde_json::json;

#[test]
fn query_zone_list_is_cnrs_price_list_and_not_an_ispapi_command() {
    let sim = TestSim::demo();
    let r = sim.call_cnr(json!({ "COMMAND": "QueryZoneList" }));
    assert_eq!(r.code, 200, "{}", r.description);
    let zones = column(&r, "ZONE");
    let tm = zones.iter().position(|z| z == "tm").expect("a .tm row");
    assert_eq!(column(&r, "3RDS")[tm], "tm");
    assert_eq!(column(&r, "PERIODTYPE")[tm], "YEAR");
    assert_eq!(column(&r, "ANNUAL")[tm], "40.00");
    assert_eq!(column(&r, "RESTORE")[tm], "80.00");
    assert_eq!(column(&r, "CURRENCY")[tm], "EUR");
    assert_eq!(column(&r, "ACTIVE")[tm], "1");

    let one = sim.call_cnr(json!({ "COMMAND": "QueryZoneList", "ZONE": "co*" }));
    assert_eq!(column(&one, "ZONE"), ["co.uk", "com", "com.au", "com.my"]);

    let ispapi = sim.call(json!({ "COMMAND": "QueryZoneList" }));
    assert_eq!(ispapi.code, 500);
    let violations = sim.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
}

#[test]
fn a_premium_name_is_available_at_its_fee_and_only_with_a_fee_block() {
    let sim = TestSim::demo();
    let plain = sim.call_cnr(json!({ "COMMAND": "CheckDomains", "DOMAIN": ["coffee.shop"] }));
    assert!(column(&plain, "DOMAINCHECK")[0].starts_with("211"));
    assert!(column(&plain, "X-FEE-CLASS").is_empty());

    let r = sim.call_cnr(json!({
        "COMMAND": "CheckDomains",
        "DOMAIN": ["coffee.shop", "coffee.net"],
        "X-FEE-DOMAIN": ["coffee.shop", "coffee.net"],
        "X-FEE-COMMAND": ["ADD", "ADD"],
        "X-FEE-PERIOD": [2, 1],
    }));
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(
        column(&r, "DOMAINCHECK"),
        ["210 Available", "210 Available"]
    );
    assert_eq!(column(&r, "X-FEE-CLASS"), ["premium", "standard"]);
    assert_eq!(column(&r, "X-FEE-AMOUNT"), ["640.00", "12.39"]);
    assert_eq!(column(&r, "X-FEE-CURRENCY"), ["USD", "USD"]);
    assert_eq!(column(&r, "X-FEE-PERIOD"), ["2", "1"]);

    let foreign = sim.call_cnr(json!({
        "COMMAND": "CheckDomains", "DOMAIN": ["coffee.shop"],
        "X-FEE-DOMAIN": ["other.shop"], "X-FEE-COMMAND": ["ADD"],
    }));
    assert_eq!(foreign.code, 541, "{}", foreign.description);
    let currency = sim.call_cnr(json!({
        "COMMAND": "CheckDomains", "DOMAIN": ["coffee.shop"],
        "X-FEE-COMMAND": ["RENEW"], "X-FEE-CURRENCY": ["EUR"],
    }));
    assert_eq!(currency.code, 541, "{}", currency.description);
}

#[test]
fn a_premium_order_must_carry_its_fee() {
    let sim = TestSim::demo();
    let contact = sim.call_cnr(json!({
        "COMMAND": "AddContact", "FIRSTNAME": "Ada", "LASTNAME": "Lovelace",
        "STREET0": "1 Analytical Way", "CITY": "London", "ZIP": "N1 1AA", "COUNTRY": "GB",
        "PHONE": "+44.2071234567", "EMAIL": "ada@example.org",
    }));
    let handle = column(&contact, "CONTACT")[0].clone();
    let add = |extra: serde_json::Value| {
        let mut c = json!({
            "COMMAND": "AddDomain", "DOMAIN": "coffee.shop", "PERIOD": 1,
            "OWNERCONTACT0": handle, "ADMINCONTACT0": handle, "TECHCONTACT0": handle,
            "BILLINGCONTACT0": handle, "NAMESERVER": ["ns1.example.net", "ns2.example.net"],
        });
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        sim.call_cnr(c)
    };
    assert_eq!(add(json!({})).code, 504);
    assert_eq!(add(json!({ "X-FEE-AMOUNT": "14.00" })).code, 541);
    let r = add(json!({ "X-FEE-AMOUNT": "320.00" }));
    assert_eq!(r.code, 200, "{}", r.description);

    let renew = |amount: Option<&str>| {
        let mut c = json!({ "COMMAND": "RenewDomain", "DOMAIN": "coffee.shop", "PERIOD": 1 });
        if let Some(a) = amount {
            c["X-FEE-AMOUNT"] = json!(a);
        }
        sim.call_cnr(c)
    };
    assert_eq!(renew(None).code, 504);
    let r = renew(Some("320.00"));
    assert_eq!(r.code, 200, "{}", r.description);
}
