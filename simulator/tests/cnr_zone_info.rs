//! CNR's GetZoneInfo under the property names the provider's CNR module reads
//! (lib/Helpers/ZoneInfo.php), from the catalog's TLD rules.

mod common;

use common::{column, TestSim};
use serde_json::json;

#[test]
fn get_zone_info_answers_the_modules_property_names() {
    let sim = TestSim::demo();
    // .fr charges for a registrant change: its registry trades.
    let fr = sim.call_cnr(json!({ "COMMAND": "GetZoneInfo", "ZONE": "fr" }));
    assert_eq!(fr.code, 200, "{}", fr.description);
    assert_eq!(column(&fr, "OWNERCHANGEPROCESS"), ["TRADE"]);
    assert_eq!(column(&fr, "RENEWALATTRANSFER"), ["1"]);
    assert_eq!(column(&fr, "AUTHCODE"), ["required"]);
    assert!(column(&fr, "PERIODS")[0].starts_with("1Y,2Y"));

    let com = sim.call_cnr(json!({ "COMMAND": "GetZoneInfo", "ZONE": "com" }));
    assert_eq!(column(&com, "OWNERCHANGEPROCESS"), [""]);
    assert_eq!(column(&com, "RRPSUPPORTSWHOISPRIVACY"), ["1"]);
    assert!(sim.take_violations().is_empty());

    // ZONE names the TLD; a domain is not a zone.
    let unknown = sim.call_cnr(json!({ "COMMAND": "GetZoneInfo", "ZONE": "nope" }));
    assert_eq!(unknown.code, 545, "{}", unknown.description);
    let missing = sim.call_cnr(json!({ "COMMAND": "GetZoneInfo", "DOMAIN": "example.fr" }));
    assert_ne!(missing.code, 200);
    sim.take_violations();
}
