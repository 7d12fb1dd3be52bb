//! Strict mode lets out only the response properties the flavour's spec lists for the command
//! (`simulator/spec/<flavour>.json`); the rest is dropped and listed at `/_control/dropped`.

mod common;

use common::TestSim;
use serde_json::json;

#[test]
fn a_cnr_reply_carries_only_cnrs_documented_properties() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("replies-test.com").code, 200);
    let status = json!({"COMMAND": "StatusDomain", "DOMAIN": "replies-test.com"});
    // ISPAPI's StatusDomain page lists REPOSITORY and RENEWALDATE; the handler answers both.
    let isp = sim.call(status.clone());
    for column in ["REPOSITORY", "RENEWALDATE", "PAIDUNTILDATE"] {
        assert!(isp.columns.iter().any(|c| c == column), "ISPAPI {column}");
    }
    // CNR's (the provider's CNR module, StatusDomain.php) lists PAIDUNTILDATE, not those two.
    let cnr = sim.call_cnr(status);
    assert_eq!(cnr.code, 200, "{}", cnr.description);
    assert!(cnr.columns.iter().any(|c| c == "PAIDUNTILDATE"));
    for column in ["REPOSITORY", "RENEWALDATE"] {
        assert!(!cnr.columns.iter().any(|c| c == column), "CNR {column}");
    }
    let dropped = sim.take_dropped();
    assert!(
        dropped
            .iter()
            .any(|d| d.contains("StatusDomain") && d.contains("Cnr reply property REPOSITORY")),
        "{dropped:?}"
    );
}

#[test]
fn an_undocumented_ispapi_property_read_by_the_original_module_is_kept() {
    let sim = TestSim::demo();
    // QueryDomainOptions' page does not list ZONEDELETIONRESTORABLEPERIOD; the original module
    // read it (spec extra_properties), so real replies carry it.
    let r = sim.call(json!({"COMMAND": "QueryDomainOptions", "DOMAIN0": "example.com"}));
    assert_eq!(r.code, 200, "{}", r.description);
    assert!(r
        .columns
        .iter()
        .any(|c| c == "ZONEDELETIONRESTORABLEPERIOD"));
    assert!(sim.take_dropped().is_empty());
}
