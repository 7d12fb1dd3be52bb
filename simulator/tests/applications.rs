//! Applications over HTTP: AddDomainApplication leaves an application REQUESTED until the
//! control API decides it; StatusDomainApplication reports it, and a successful one is a domain
//! in the account for the applied period.

mod common;

use common::{prop, TestSim};
use serde_json::json;

fn apply(sim: &TestSim, domain: &str) -> String {
    let c = sim.contact();
    let r = sim.call(json!({
        "COMMAND": "AddDomainApplication", "CLASS": "GOLIVE", "DOMAIN": domain, "PERIOD": "2",
        "OWNERCONTACT0": c, "ADMINCONTACT0": c, "TECHCONTACT0": c, "BILLINGCONTACT0": c,
        "NAMESERVER": ["ns1.ispapi.net", "ns2.ispapi.net"],
    }));
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(prop(&r, "STATUS"), "REQUESTED");
    prop(&r, "APPLICATION")
}

fn status(sim: &TestSim, id: &str) -> ispapi_core::wire::Response {
    sim.call(json!({"COMMAND": "StatusDomainApplication", "APPLICATION": id}))
}

#[test]
fn a_successful_application_becomes_a_domain_for_its_period() {
    let sim = TestSim::demo();
    let id = apply(&sim, "app-yes.swiss");
    let r = status(&sim, &id);
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(prop(&r, "STATUS"), "REQUESTED");
    assert_eq!(prop(&r, "DOMAIN"), "app-yes.swiss");
    assert_eq!(prop(&r, "PERIOD"), "2");
    let none = json!({"COMMAND": "StatusDomain", "DOMAIN": "app-yes.swiss"});
    assert_eq!(sim.call(none.clone()).code, 545);

    let out = sim.control(
        json!({"decide_application": {"domain": "app-yes.swiss", "status": "SUCCESSFUL"}}),
    );
    assert_eq!(out["decided_application"], true);
    assert_eq!(prop(&status(&sim, &id), "STATUS"), "SUCCESSFUL");
    let d = sim.call(none);
    assert_eq!(d.code, 200, "{}", d.description);
    let created: i32 = prop(&d, "CREATEDDATE")[..4].parse().unwrap();
    let expires: i32 = prop(&d, "EXPIRATIONDATE")[..4].parse().unwrap();
    assert_eq!(expires - created, 2);
    // Decided once: nothing is open for the name any more.
    let again =
        sim.control(json!({"decide_application": {"domain": "app-yes.swiss", "status": "FAILED"}}));
    assert_eq!(again["decided_application"], false);
}

#[test]
fn a_failed_application_leaves_no_domain_and_unknown_ids_are_not_found() {
    let sim = TestSim::demo();
    let id = apply(&sim, "app-no.swiss");
    sim.control(json!({"decide_application": {"domain": "app-no.swiss", "status": "FAILED"}}));
    assert_eq!(prop(&status(&sim, &id), "STATUS"), "FAILED");
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "app-no.swiss"}))
            .code,
        545
    );
    assert_eq!(status(&sim, "999999").code, 545);
    assert_eq!(status(&sim, "not-a-number").code, 545);
    // APPLICATION is documented as required.
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomainApplication"})).code,
        504
    );
    assert_eq!(sim.take_violations().len(), 1);
}
