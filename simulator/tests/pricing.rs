//! What the TLD price sync reads: price classes, terms that differ between registration and
//! renewal, redemption days, and a catalog of a thousand TLDs on request.

mod common;

use common::{column, TestSim};
use serde_json::json;

#[test]
fn registration_and_renewal_terms_differ_as_in_the_seed_table() {
    let sim = TestSim::demo();
    let r = sim.call(json!({
        "COMMAND": "QueryDomainOptions",
        "DOMAIN": ["example.tm", "example.com.au", "example.com.my", "example.as"]
    }));
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(
        column(&r, "ZONEREGISTRATIONPERIODS"),
        [
            "10Y",
            "1Y,2Y,3Y,4Y,5Y",
            "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y",
            "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y"
        ]
    );
    assert_eq!(
        column(&r, "ZONERENEWALPERIODS"),
        [
            "1Y,2Y,5Y",
            "1Y,2Y,3Y,4Y",
            "1Y,2Y,3Y,4Y,5Y",
            "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y"
        ]
    );
    assert_eq!(column(&r, "ZONEDELETIONRESTORABLEPERIOD")[0], "30d");
}

#[test]
fn multi_label_tlds_have_classes_without_dots() {
    let sim = TestSim::demo();
    let r = sim.call(json!({"COMMAND": "StatusUser"}));
    let relations = column(&r, "RELATIONTYPE");
    assert!(relations.contains(&"PRICE_CLASS_DOMAIN_COUK_ANNUAL".to_owned()));
    assert!(relations.contains(&"PRICE_CLASS_DOMAIN_COMAU_CURRENCY".to_owned()));
}

#[test]
fn extra_tlds_come_and_go_with_the_control_call_and_reset() {
    let sim = TestSim::demo();
    let seeded = sim.control(json!({"extra_tlds": 0}))["tlds"]
        .as_u64()
        .unwrap();
    let grown = sim.control(json!({"extra_tlds": 1000}))["tlds"]
        .as_u64()
        .unwrap();
    assert_eq!(grown, seeded + 1000);
    let r = sim.call(json!({"COMMAND": "StatusUser"}));
    let relations = column(&r, "RELATIONTYPE");
    assert!(relations.contains(&"PRICE_CLASS_DOMAIN_GEN1000_ANNUAL".to_owned()));
    let names: Vec<String> = (1..=200).map(|i| format!("example.gen{i}")).collect();
    let o = sim.call(json!({"COMMAND": "QueryDomainOptions", "DOMAIN": names}));
    assert_eq!(o.code, 200, "{}", o.description);
    assert_eq!(column(&o, "ZONERENEWALPERIODS").len(), 200);
    sim.control(json!({"reset": true}));
    let r = sim.call(json!({"COMMAND": "StatusUser"}));
    assert!(!column(&r, "RELATIONTYPE").contains(&"PRICE_CLASS_DOMAIN_GEN1_ANNUAL".to_owned()));
}
