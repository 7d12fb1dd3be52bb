//! Registrant verification: a gTLD trade no designated agent confirmed leaves the new
//! registrant's verification pending (StatusDomain, the pending list) and its e-mail can be
//! sent again; a confirmed trade, a country code or CNR start none.

mod common;

use common::{column, prop, TestSim, DEMO};
use serde_json::json;

fn new_registrant(sim: &TestSim) -> String {
    let r = sim.call(json!({
        "COMMAND": "AddContact", "FIRSTNAME": "Nia", "LASTNAME": "Newowner",
        "STREET": "5 Change Rd", "CITY": "Leeds", "ZIP": "LS1 1AA", "COUNTRY": "GB",
        "PHONE": "+44.1131234567", "EMAIL": "nia@example.org", "NEW": 1,
    }));
    assert_eq!(r.code, 200, "{}", r.description);
    prop(&r, "CONTACT")
}

#[test]
fn a_gtld_trade_without_designated_agent_leaves_a_pending_verification_to_resend() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("irtp-trade.com").code, 200);
    assert_eq!(sim.register("irtp-da.com").code, 200);
    let owner = new_registrant(&sim);
    let resend =
        json!({"COMMAND": "ResendDomainRegistrantVerificationEmail", "DOMAIN": "irtp-trade.com"});
    assert_eq!(sim.call(resend.clone()).code, 552, "nothing pending yet");

    let t = sim.call(
        json!({"COMMAND": "TradeDomain", "DOMAIN": "irtp-trade.com", "OWNERCONTACT0": owner}),
    );
    assert_eq!(t.code, 200, "{}", t.description);
    let da = sim.call(
        json!({"COMMAND": "TradeDomain", "DOMAIN": "irtp-da.com", "OWNERCONTACT0": owner,
        "X-CONFIRM-DA-OLD-REGISTRANT": 1, "X-CONFIRM-DA-NEW-REGISTRANT": 1}),
    );
    assert_eq!(da.code, 200, "{}", da.description);

    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "irtp-trade.com"}));
    assert_eq!(prop(&s, "X-REGISTRANT-VERIFICATION-STATUS"), "PENDING");
    assert_eq!(
        prop(&s, "X-REGISTRANT-VERIFICATION-EMAIL"),
        "nia@example.org"
    );
    assert_eq!(prop(&s, "X-REGISTRANT-VERIFICATION-NAME"), "Nia Newowner");
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "irtp-da.com"}));
    assert!(
        column(&s, "X-REGISTRANT-VERIFICATION-STATUS").is_empty(),
        "the agent confirmed it"
    );

    let list = sim.call(json!({"COMMAND": "QueryDomainPendingRegistrantVerificationList"}));
    assert_eq!(list.code, 200, "{}", list.description);
    assert_eq!(column(&list, "DOMAIN"), ["irtp-trade.com"]);
    let requested = prop(&list, "X-REGISTRANT-VERIFICATION-REQUESTEDDATE");
    let due = prop(&list, "X-REGISTRANT-VERIFICATION-DUEDATE");
    assert!(due > requested, "due {due} after requested {requested}");
    let none = sim.call(
        json!({"COMMAND": "QueryDomainPendingRegistrantVerificationList", "DOMAIN": "irtp-da.com"}),
    );
    assert_eq!(prop(&none, "COUNT"), "0");

    let r = sim.call(resend);
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(
        sim.call(
            json!({"COMMAND": "ResendDomainRegistrantVerificationEmail", "DOMAIN": "irtp-da.com"})
        )
        .code,
        552
    );
}

#[test]
fn cnr_has_no_registrant_verification_commands() {
    let sim = TestSim::demo();
    let pw = sim.password(DEMO);
    let cnr = |command: serde_json::Value| sim.call_as("cnr", DEMO, &pw, None, None, command);
    assert_eq!(
        cnr(json!({"COMMAND": "QueryDomainPendingRegistrantVerificationList"})).code,
        500
    );
    sim.take_violations();
}

#[test]
fn on_cnr_the_registrants_handle_awaits_verification_and_its_address_gets_the_mail_again() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("cnr-verify.com").code, 200);
    let s = sim.call_cnr(json!({"COMMAND": "StatusDomain", "DOMAIN": "cnr-verify.com"}));
    let owner = prop(&s, "OWNERCONTACT");
    let contact =
        |sim: &TestSim| sim.call_cnr(json!({"COMMAND": "StatusContact", "CONTACT": owner}));
    let c = contact(&sim);
    assert_eq!(c.code, 200, "{}", c.description);
    assert_eq!(
        (prop(&c, "VERIFICATIONREQUESTED"), prop(&c, "VERIFIED")),
        ("0".into(), "0".into())
    );
    let email = prop(&c, "EMAIL");
    let resend =
        json!({"COMMAND": "ResendNotification", "TYPE": "contactverification", "OBJECT": email});
    assert_eq!(
        sim.call_cnr(resend.clone()).code,
        545,
        "nothing pending yet"
    );

    let asked = sim.control(json!({"request_verification": "cnr-verify.com"}));
    assert_eq!(asked["verification_requested"], true);
    let c = contact(&sim);
    assert_eq!(
        (prop(&c, "VERIFICATIONREQUESTED"), prop(&c, "VERIFIED")),
        ("1".into(), "0".into())
    );
    let s = sim.call_cnr(json!({"COMMAND": "StatusDomain", "DOMAIN": "cnr-verify.com"}));
    assert!(!prop(&s, "X-TIME-TO-SUSPENSION").is_empty());
    let r = sim.call_cnr(resend);
    assert_eq!(r.code, 200, "{}", r.description);
    // ISPAPI's form is not a CNR command.
    let isp = sim.call_cnr(
        json!({"COMMAND": "ResendDomainRegistrantVerificationEmail", "DOMAIN": "cnr-verify.com"}),
    );
    assert_eq!(isp.code, 500, "{}", isp.description);
    assert_eq!(sim.take_violations().len(), 1);
}
