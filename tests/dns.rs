//! WHMCS's DNS editor and mail forwarding over a zone listing, from `fixtures/dns/`: the rows
//! GetDNS shows, the one change a save makes, and the refusals that leave the zone unchanged.

mod common;

use ispapi_core::dns::{self, EditorRecord, Zone, ZoneChange};
use proptest::prelude::*;
use serde_json::Value;
use std::time::Instant;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn lines(v: &Value) -> Vec<String> {
    strings(v)
}

fn as_refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The editor rows of a fixture; `recid_of` takes the recid GetDNS gives that listing line.
fn rows(zone: &Zone, case: &Value) -> Vec<EditorRecord> {
    case["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut row = EditorRecord::from_value(r);
            if let Some(line) = r["recid_of"].as_str() {
                row.recid = dns::editor_view(zone, &[line])[0].recid.clone();
            }
            row
        })
        .collect()
}

fn without_recid(rows: Vec<EditorRecord>) -> Vec<EditorRecord> {
    rows.into_iter()
        .map(|r| EditorRecord {
            recid: String::new(),
            ..r
        })
        .collect()
}

fn check_outcome(
    name: &str,
    case: &Value,
    got: Result<ZoneChange, Vec<String>>,
    failures: &mut Vec<String>,
) {
    match (got, case.get("errors")) {
        (Ok(change), None) => {
            let want = ZoneChange {
                delete: lines(&case["delete"]),
                add: lines(&case["add"]),
            };
            if change != want {
                failures.push(format!("{name}: got {change:?}\n want {want:?}"));
            }
        }
        (Err(errors), Some(expected)) => {
            let text = errors.join(" ");
            for e in strings(expected) {
                if !text.contains(&e) {
                    failures.push(format!("{name}: {e:?} not in {text:?}"));
                }
            }
        }
        (Ok(change), Some(_)) => failures.push(format!("{name}: accepted with {change:?}")),
        (Err(errors), None) => failures.push(format!("{name}: refused: {errors:?}")),
    }
}

#[test]
fn the_editor_shows_what_it_can_save_back() {
    let doc = common::read_json(&common::fixtures().join("dns/editor.json"));
    let mut failures = Vec::new();
    for case in doc["view"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let zone = Zone::new(case["zone"].as_str().unwrap()).unwrap();
        let listing = lines(&case["listing"]);
        let shown = dns::editor_view(&zone, &as_refs(&listing));
        let want: Vec<EditorRecord> = rows(&zone, case);
        if without_recid(shown.clone()) != want {
            failures.push(format!("{name}: got {shown:#?}"));
        }
        // Saving the rows as shown changes nothing, whatever the editor hides.
        match dns::plan_save(&zone, &as_refs(&listing), &shown) {
            Ok(change) if change.is_empty() => {}
            other => failures.push(format!("{name}: an unchanged save gave {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_save_is_one_change_or_a_refusal() {
    let doc = common::read_json(&common::fixtures().join("dns/editor.json"));
    let mut failures = Vec::new();
    for case in doc["save"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let zone = Zone::new(case["zone"].as_str().unwrap()).unwrap();
        let listing = lines(&case["listing"]);
        let got = dns::plan_save(&zone, &as_refs(&listing), &rows(&zone, case));
        check_outcome(name, case, got, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mail_forwardings_are_read_and_saved() {
    let doc = common::read_json(&common::fixtures().join("dns/forwarding.json"));
    let mut failures = Vec::new();
    for case in doc["view"].as_array().unwrap() {
        let zone = Zone::new(case["zone"].as_str().unwrap()).unwrap();
        let got =
            serde_json::to_value(dns::forwards(&zone, &as_refs(&lines(&case["listing"])))).unwrap();
        if got != case["forwards"] {
            failures.push(format!("{}: got {got}", case["name"]));
        }
    }
    for case in doc["save"].as_array().unwrap() {
        let zone = Zone::new(case["zone"].as_str().unwrap()).unwrap();
        let pairs: Vec<(String, String)> = case["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
            .collect();
        let got = dns::plan_forwards(&zone, &as_refs(&lines(&case["listing"])), &pairs);
        check_outcome(case["name"].as_str().unwrap(), case, got, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A zone of 5 000 records (every editor type), as a big customer zone: it loads, an unchanged
/// save is no change, and an edit of three rows is three deletions and three additions.
#[test]
fn a_zone_of_5000_records_loads_and_saves() {
    let zone = Zone::new("big.example").unwrap();
    let mut listing = vec![
        "big.example. 3600 IN SOA ns1.ispapi.net. hostmaster.big.example. 1 86400 7200 3600000 172800".to_owned(),
        "big.example. 3600 IN NS ns1.ispapi.net.".to_owned(),
    ];
    for i in 0..5000 {
        listing.push(match i % 5 {
            0 => format!(
                "h{i}.big.example. 3600 IN A 10.{}.{}.{}",
                i / 65536,
                i / 256 % 256,
                i % 256
            ),
            1 => format!("h{i}.big.example. 3600 IN AAAA 2001:db8::{i:x}"),
            2 => format!("h{i}.big.example. 3600 IN TXT \"record {i} ☕\""),
            3 => format!(
                "h{i}.big.example. 3600 IN MX {} mail{i}.example.net.",
                i % 100
            ),
            _ => format!("h{i}.big.example. 3600 IN CNAME target{i}.example.net."),
        });
    }
    let refs = as_refs(&listing);
    let started = Instant::now();
    let mut shown = dns::editor_view(&zone, &refs);
    assert_eq!(shown.len(), 5000);
    assert!(dns::plan_save(&zone, &refs, &shown).unwrap().is_empty());
    shown[0].address = "192.0.2.1".into();
    shown[2].address = "changed".into();
    shown.remove(4);
    shown.push(EditorRecord {
        hostname: "new".into(),
        rtype: "A".into(),
        address: "192.0.2.9".into(),
        ..EditorRecord::default()
    });
    let change = dns::plan_save(&zone, &refs, &shown).unwrap();
    assert_eq!(change.delete.len(), 3, "{change:?}");
    assert_eq!(change.add.len(), 3, "{change:?}");
    let elapsed = started.elapsed();
    eprintln!("5000-record zone: view and two saves planned in {elapsed:?}");
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
}

#[test]
fn more_rows_than_a_zone_may_have_are_refused() {
    let zone = Zone::new("example.com").unwrap();
    let rows = vec![
        EditorRecord {
            hostname: "a".into(),
            rtype: "A".into(),
            address: "192.0.2.1".into(),
            ..EditorRecord::default()
        };
        dns::MAX_RECORDS + 1
    ];
    let errors = dns::plan_save(&zone, &[], &rows).unwrap_err();
    assert!(errors[0].contains("at most 10000"), "{errors:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the API lists and whatever a customer types: no panic, a save deletes only
    /// lines that were listed, and what it adds is one line each (no line break can start a
    /// new API parameter).
    #[test]
    fn any_listing_and_any_rows_give_a_change_or_messages(
        listing in prop::collection::vec("(@|[a-z*_.-]{0,12}|\\PC{0,20}) (3600 )?(IN )?(A|AAAA|CNAME|MX|TXT|SRV|NS|X-HTTP|X-SMTP|CAA|\\PC{1,6}) \\PC{0,40}", 0..12),
        rows in prop::collection::vec(
            ("\\PC{0,20}|@|www|[a-z]{1,5}/[a-z]{0,5}", "A|AAAA|CNAME|MX|MXE|TXT|SRV|NS|URL|FRAME|\\PC{0,5}", "\\PC{0,60}|\"[^\"]{0,10}\" \"x\"|[a-z ]{0,5}[\\n\\r\\t\\x00][a-z ]{0,5}", "\\PC{0,6}|N/A"),
            0..12,
        ),
    ) {
        let zone = Zone::new("example.com").unwrap();
        let rows: Vec<EditorRecord> = rows
            .into_iter()
            .map(|(hostname, rtype, address, priority)| EditorRecord { hostname, rtype, address, priority, recid: String::new() })
            .collect();
        let refs = as_refs(&listing);
        let _ = dns::editor_view(&zone, &refs);
        let _ = dns::forwards(&zone, &refs);
        if let Ok(change) = dns::plan_save(&zone, &refs, &rows) {
            for line in &change.delete {
                prop_assert!(listing.iter().any(|l| l.trim() == line), "{line:?} was not listed");
            }
            for line in &change.add {
                prop_assert!(!line.contains(['\n', '\r']), "{line:?}");
            }
        }
    }
}
