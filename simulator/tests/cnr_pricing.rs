//! What CNR's TLD price sync may ask: no QueryDomainOptions (CNR has none; its module reads a
//! zone's rules with GetZoneInfo), and QueryExchangeRates under CNR's column names.

mod common;

use common::{column, TestSim};
use serde_json::json;

#[test]
fn cnr_refuses_query_domain_options() {
    let sim = TestSim::demo();
    let r = sim.call_cnr(json!({ "COMMAND": "QueryDomainOptions", "DOMAIN0": "example.com" }));
    assert_eq!(r.code, 500, "{}", r.description);
    sim.take_violations();
    // ISPAPI documents it.
    let r = sim.call(json!({ "COMMAND": "QueryDomainOptions", "DOMAIN0": "example.com" }));
    assert_eq!(r.code, 200, "{}", r.description);
}

#[test]
fn cnr_names_the_exchange_rate_columns_with_underscores() {
    let sim = TestSim::demo();
    let r = sim.call_cnr(json!({ "COMMAND": "QueryExchangeRates" }));
    assert_eq!(r.code, 200, "{}", r.description);
    assert!(column(&r, "CURRENCY_TO").contains(&"USD".to_owned()));
    assert_eq!(column(&r, "CURRENCY_FROM").len(), column(&r, "RATE").len());
    assert!(column(&r, "CURRENCYTO").is_empty());
    assert!(sim.take_violations().is_empty());
    let r = sim.call(json!({ "COMMAND": "QueryExchangeRates" }));
    assert!(column(&r, "CURRENCYTO").contains(&"USD".to_owned()));
}
