//! Applications per flavour, as each API documents them: ISPAPI's AddDomain has no CLASS
//! (ADDDOMAIN.md), a premium name is applied for with its PRICE and CURRENCY
//! (ADDDOMAINAPPLICATION.md); CNR's AddDomainApplication takes no NAMESERVER, its
//! StatusDomainApplication answers in CNR's names (kb api-command/StatusDomainApplication), and
//! its RestoreDomain takes DOMAIN only (kb api-command/RestoreDomain).

mod common;

use common::{prop, TestSim};
use serde_json::json;

#[test]
fn ispapi_premium_names_are_applied_for_with_their_price_not_added_with_a_class() {
    let sim = TestSim::demo();
    let c = sim.contact();
    let order = |command: &str, extra: serde_json::Value| {
        let mut v = json!({
            "COMMAND": command, "DOMAIN": "gold.ai", "PERIOD": "2",
            "OWNERCONTACT0": c, "ADMINCONTACT0": c, "TECHCONTACT0": c, "BILLINGCONTACT0": c,
        });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        sim.call(v)
    };
    let add = order("AddDomain", json!({"CLASS": "PREMIUM_AI_A"}));
    assert_eq!(add.code, 503, "{}", add.description);
    let seen = sim.take_violations();
    assert!(seen.iter().any(|v| v.contains("CLASS")), "{seen:?}");

    let unpriced = order("AddDomainApplication", json!({"CLASS": "PREMIUM_AI_A"}));
    assert_eq!(unpriced.code, 504, "{}", unpriced.description);
    assert!(
        unpriced.description.contains("PRICE"),
        "{}",
        unpriced.description
    );

    let applied = order(
        "AddDomainApplication",
        json!({"CLASS": "PREMIUM_AI_A", "PRICE": "1250.00", "CURRENCY": "USD"}),
    );
    assert_eq!(applied.code, 200, "{}", applied.description);
    assert_eq!(prop(&applied, "STATUS"), "REQUESTED");
}

#[test]
fn cnr_applications_take_no_transfer_lock_and_report_in_cnrs_names() {
    let sim = TestSim::demo();
    let c = sim.contact();
    let apply = |extra: serde_json::Value| {
        let mut v = json!({
            "COMMAND": "AddDomainApplication", "CLASS": "GOLIVE", "DOMAIN": "cnr-app.swiss",
            "PERIOD": "1", "OWNERCONTACT0": c, "ADMINCONTACT0": c, "TECHCONTACT0": c,
            "BILLINGCONTACT0": c,
        });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        sim.call_cnr(v)
    };
    // KB api-command/AddDomainApplication lists no TRANSFERLOCK; CNR's .swiss page shows
    // NAMESERVER# and the class SWISS-GOLIVE.
    let locked = apply(json!({"TRANSFERLOCK": "1"}));
    assert_eq!(locked.code, 503, "{}", locked.description);
    let seen = sim.take_violations();
    assert!(seen.iter().any(|v| v.contains("TRANSFERLOCK")), "{seen:?}");

    let r = apply(json!({"CLASS": "SWISS-GOLIVE", "NAMESERVER": ["ns1.example.net"]}));
    assert_eq!(r.code, 200, "{}", r.description);
    let id = prop(&r, "APPLICATION");
    let status = || sim.call_cnr(json!({"COMMAND": "StatusDomainApplication", "APPLICATION": id}));
    let s = status();
    assert_eq!(s.code, 200, "{}", s.description);
    assert_eq!(prop(&s, "APPLICATION_ID"), id);
    assert_eq!(prop(&s, "STATUS"), "REQUESTED");
    assert!(!prop(&s, "UPDATE_DATE").is_empty());
    assert!(!s.properties.contains_key("UPDATEDDATE"), "ISPAPI's name");
    sim.control(json!({"decide_application": {"domain": "cnr-app.swiss", "status": "SUCCESSFUL"}}));
    assert_eq!(prop(&status(), "STATUS"), "SUCCESSFUL");
}

#[test]
fn cnr_restore_domain_takes_its_documented_parameters_only() {
    let sim = TestSim::demo();
    let r =
        sim.call_cnr(json!({"COMMAND": "RestoreDomain", "DOMAIN": "example.com", "PERIOD": "1"}));
    assert_eq!(r.code, 503, "{}", r.description);
    let seen = sim.take_violations();
    assert!(seen.iter().any(|v| v.contains("PERIOD")), "{seen:?}");
}
