//! CNR's object-log commands as its knowledge base documents them (api-command/
//! QueryObjectLogList, StatusObjectLog; no QueryObjectList in its command reference): the
//! ISPAPI filters the core's Sync sends on ISPAPI are refused on CNR.

mod common;

use common::TestSim;
use serde_json::json;

#[test]
fn cnr_refuses_the_ispapi_object_log_filters_and_has_no_object_list() {
    let sim = TestSim::demo();
    let ispapi_style = sim.call_cnr(json!({
        "COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN", "OBJECTID": "example.com",
        "ORDERBY": "LOGDATEDESC", "USERDEPTH": "SELF", "LIMIT": 1
    }));
    assert_ne!(ispapi_style.code, 200, "{}", ispapi_style.description);
    let seen = sim.take_violations();
    assert!(seen.iter().any(|v| v.contains("USERDEPTH")), "{seen:?}");
    assert!(seen.iter().any(|v| v.contains("LOGDATEDESC")), "{seen:?}");

    let list = sim.call_cnr(json!({
        "COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN", "OBJECTID": "example.com",
        "WIDE": 0
    }));
    assert_eq!(list.code, 500, "{}", list.description);
    sim.take_violations();
}
