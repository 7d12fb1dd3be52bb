//! CNR's QueryRegisteredPremiumDomainList (KB api-command/QueryRegisteredPremiumDomainList):
//! the account's premium domains, paged and sorted by DOMAIN; ISPAPI has no such command and
//! CNR refuses ISPAPI's list parameters.

mod common;

use common::{column, prop, TestSim};
use serde_json::json;

#[test]
fn cnr_lists_the_premium_domains_of_the_account_page_by_page() {
    let sim = TestSim::demo();
    let all = sim.call_cnr(json!({
        "COMMAND": "QueryRegisteredPremiumDomainList", "ORDER": "ASC", "ORDERBY": "DOMAIN",
        "FIRST": 0, "LIMIT": 1000
    }));
    assert_eq!(all.code, 200, "{}", all.description);
    let names = column(&all, "DOMAIN");
    for premium in ["vip.ai", "crypto.io"] {
        assert!(names.iter().any(|n| n == premium), "{names:?}");
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(prop(&all, "TOTAL"), names.len().to_string());
    // Standard domains of the same account are not listed.
    let plain = sim.call_cnr(json!({ "COMMAND": "QueryDomainList", "LIMIT": 1000 }));
    let standard: Vec<String> = column(&plain, "DOMAIN")
        .into_iter()
        .filter(|n| !names.contains(n))
        .collect();
    assert!(!standard.is_empty());

    let second = sim.call_cnr(json!({
        "COMMAND": "QueryRegisteredPremiumDomainList", "ORDERBY": "DOMAIN", "FIRST": 1, "LIMIT": 1
    }));
    assert_eq!(column(&second, "DOMAIN"), vec![names[1].clone()]);
    assert_eq!(prop(&second, "FIRST"), "1");

    let ispapi_style = sim.call_cnr(json!({
        "COMMAND": "QueryRegisteredPremiumDomainList", "USERDEPTH": "SELF", "ORDERBY": "OBJECTID"
    }));
    assert_ne!(ispapi_style.code, 200);
    let seen = sim.take_violations();
    assert!(seen.iter().any(|v| v.contains("USERDEPTH")), "{seen:?}");

    let on_ispapi = sim.call(json!({ "COMMAND": "QueryRegisteredPremiumDomainList" }));
    assert_eq!(on_ispapi.code, 500, "{}", on_ispapi.description);
    sim.take_violations();
}
