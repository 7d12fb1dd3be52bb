//! Zones, forwardings and DNSSEC data over HTTP: what the registrar's DNS management, mail
//! forwarding and DNSSEC pages rely on.

mod common;

use common::{column, prop, TestSim};
use serde_json::json;

#[test]
fn internaldns_creates_the_zone_that_a_5000_record_update_fills() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("zone-test.com").code, 200);
    let query =
        json!({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "zone-test.com.", "EXTENDED": 1});
    assert_eq!(
        sim.call(query.clone()).code,
        545,
        "no zone before INTERNALDNS"
    );

    let m =
        sim.call(json!({"COMMAND": "ModifyDomain", "DOMAIN": "zone-test.com", "INTERNALDNS": 1}));
    assert_eq!(m.code, 200, "{}", m.description);
    let rr = column(&sim.call(query.clone()), "RR");
    assert!(rr[0].contains(" IN SOA "), "{rr:?}");
    assert!(rr.contains(&"zone-test.com. 3600 IN NS ns1.ispapi.net.".to_owned()));

    let add: Vec<String> = (0..5000)
        .map(|i| format!("h{i}.zone-test.com. 3600 IN A 10.0.{}.{}", i / 256, i % 256))
        .collect();
    let u =
        sim.call(json!({"COMMAND": "UpdateDNSZone", "DNSZONE": "zone-test.com.", "ADDRR": add}));
    assert_eq!(u.code, 200, "{}", u.description);
    assert_eq!(column(&sim.call(query.clone()), "RR").len(), 1 + 3 + 5000);

    // One update deletes and adds; a duplicate addition refuses the whole update.
    let u = sim.call(
        json!({"COMMAND": "UpdateDNSZone", "DNSZONE": "zone-test.com.",
        "DELRR": ["h0.zone-test.com. 3600 IN A 10.0.0.0", "h1.zone-test.com. 3600 IN A 10.0.0.1"],
        "ADDRR": ["t.zone-test.com. 3600 IN TXT \"two  spaces\""]}),
    );
    assert_eq!(u.code, 200, "{}", u.description);
    let dup = sim.call(
        json!({"COMMAND": "UpdateDNSZone", "DNSZONE": "zone-test.com.",
        "DELRR": ["h2.zone-test.com. 3600 IN A 10.0.0.2"],
        "ADDRR": ["h3.zone-test.com. 3600 IN A 10.0.0.3"]}),
    );
    assert_eq!(dup.code, 541);
    let rr = column(&sim.call(query), "RR");
    assert_eq!(rr.len(), 1 + 3 + 4999);
    assert!(
        rr.contains(&"h2.zone-test.com. 3600 IN A 10.0.0.2".to_owned()),
        "the refused update left h2"
    );
    assert!(
        rr.contains(&"t.zone-test.com. 3600 IN TXT \"two  spaces\"".to_owned()),
        "TXT data is kept as sent"
    );
}

#[test]
fn secdns_records_and_the_signature_lifetime_round_trip() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("secdns-test.com").code, 200);
    let ds = "2371 13 2 1F987CC6583E92DF0890718C4291C4A3FBC1F1AD2F2B2C4DCAD51C9A4AB0D0EE";
    let key = "257 3 15 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    let m = sim.call(
        json!({"COMMAND": "ModifyDomain", "DOMAIN": "secdns-test.com",
        "SECDNS-DS": [ds], "SECDNS-KEY": [key], "SECDNS-MAXSIGLIFE": "86400"}),
    );
    assert_eq!(m.code, 200, "{}", m.description);
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "secdns-test.com"}));
    assert_eq!(column(&s, "SECDNS-DS"), [ds]);
    assert_eq!(column(&s, "SECDNS-KEY"), [key]);
    assert_eq!(prop(&s, "SECDNS-MAXSIGLIFE"), "86400");

    let m = sim.call(
        json!({"COMMAND": "ModifyDomain", "DOMAIN": "secdns-test.com",
        "DELSECDNS-DS": [ds], "SECDNS-MAXSIGLIFE": ""}),
    );
    assert_eq!(m.code, 200, "{}", m.description);
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "secdns-test.com"}));
    assert!(column(&s, "SECDNS-DS").is_empty());
    assert_eq!(column(&s, "SECDNS-KEY"), [key]);
    assert!(!s.columns.contains(&"SECDNS-MAXSIGLIFE".to_owned()));
}

#[test]
fn the_repository_info_says_how_a_registry_takes_dnssec() {
    let sim = TestSim::demo();
    for (domain, interface) in [("any.com", "DS"), ("any.de", "KEY"), ("any.ai", "NONE")] {
        let r = sim.call(json!({"COMMAND": "QueryDomainRepositoryInfo", "DOMAIN": domain}));
        assert_eq!(r.code, 200, "{}", r.description);
        assert_eq!(prop(&r, "ZONESECDNSINTERFACE"), interface, "{domain}");
    }
    let r = sim.call(json!({"COMMAND": "QueryDomainRepositoryInfo", "DOMAIN": "any.invalidtld"}));
    assert_eq!(r.code, 549);
}

#[test]
fn a_registry_privacy_parameter_is_kept_and_listed() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("privacy-test.ca").code, 200);
    let m = sim.call(
        json!({"COMMAND": "ModifyDomain", "DOMAIN": "privacy-test.ca",
        "X-CA-LEGALTYPE": "CCT", "X-CA-DISCLOSE": 0}),
    );
    assert_eq!(m.code, 200, "{}", m.description);
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "privacy-test.ca"}));
    assert_eq!(prop(&s, "X-CA-DISCLOSE"), "0");
    assert_eq!(prop(&s, "X-CA-LEGALTYPE"), "CCT");
}

/// CNR's zone commands (AddDNSZone, ModifyDNSZone, CheckDNSZone, QueryDNSZoneRRList WIDE=1) as
/// the provider's CNR module uses them; ISPAPI's UpdateDNSZone and INTERNALDNS are refused.
#[test]
fn cnr_zones_are_added_and_modified_with_its_own_commands() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("cnr-zone.com").code, 200);
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let check = json!({"COMMAND": "CheckDNSZone", "DNSZONE": "cnr-zone.com"});
    assert_eq!(cnr(check.clone()).code, 210, "no zone yet");

    // ISPAPI's ways to make and change a zone are not CNR's.
    assert_eq!(
        cnr(json!({"COMMAND": "ModifyDomain", "DOMAIN": "cnr-zone.com", "INTERNALDNS": 1})).code,
        503
    );
    assert_eq!(
        cnr(json!({"COMMAND": "UpdateDNSZone", "DNSZONE": "cnr-zone.com", "ADDRR0": "@ 3600 IN A 192.0.2.1"}))
            .code,
        500
    );
    let violations = sim.take_violations();
    assert!(
        violations
            .iter()
            .any(|v| v.starts_with("500 UpdateDNSZone")),
        "{violations:?}"
    );
    // …nor a modification of a zone that does not exist.
    let modify = |add: &str, del: Option<&str>| {
        let mut c = json!({"COMMAND": "ModifyDNSZone", "DNSZONE": "cnr-zone.com", "ADDRR0": add});
        if let Some(d) = del {
            c["DELRR0"] = json!(d);
        }
        cnr(c)
    };
    assert_eq!(modify("@ 3600 IN A 192.0.2.1", None).code, 545);

    let add = cnr(json!({"COMMAND": "AddDNSZone", "DNSZONE": "cnr-zone.com"}));
    assert_eq!(add.code, 200, "{}", add.description);
    assert_eq!(cnr(check).code, 211, "the zone exists now");
    assert_eq!(
        cnr(json!({"COMMAND": "AddDNSZone", "DNSZONE": "cnr-zone.com"})).code,
        540
    );
    let m = modify("@ 3600 IN A 192.0.2.1", None);
    assert_eq!(m.code, 200, "{}", m.description);
    assert_eq!(modify("@ 3600 IN MX 10 mx.example.net.", None).code, 200);
    // Forwardings are not zone records at CNR.
    assert_eq!(
        modify("@ 3600 IN X-HTTP / URL https://example.net/", None).code,
        506
    );

    let list = cnr(
        json!({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "cnr-zone.com", "WIDE": 1, "ORDERBY": "type"}),
    );
    assert_eq!(list.code, 200, "{}", list.description);
    let names = column(&list, "NAME");
    let types = column(&list, "TYPE");
    let i = types.iter().position(|t| t == "MX").expect("the MX row");
    assert_eq!(names[i], "@");
    assert_eq!(column(&list, "PRIO")[i], "10");
    assert_eq!(column(&list, "CONTENT")[i], "mx.example.net.");
    assert!(types.contains(&"A".to_owned()) && !types.contains(&"SOA".to_owned()));
    assert_eq!(prop(&list, "COUNT"), names.len().to_string());

    // A record is deleted by the line the listing gives.
    let m = modify("@ 3600 IN A 192.0.2.2", Some("@ 3600 IN A 192.0.2.1"));
    assert_eq!(m.code, 200, "{}", m.description);
    let list = cnr(json!({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "cnr-zone.com", "WIDE": 1}));
    let contents = column(&list, "CONTENT");
    assert!(
        contents.contains(&"192.0.2.2".to_owned()) && !contents.contains(&"192.0.2.1".to_owned())
    );

    // ISPAPI's listing parameter is not one of CNR's.
    assert_eq!(
        cnr(json!({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "cnr-zone.com", "EXTENDED": 1}))
            .code,
        503
    );
    assert_eq!(sim.take_violations().len(), 1);
}

/// DNSSEC on CNR: DNSKEY records as ModifyDomain DNSSEC#, removed with DNSSECDELALL, listed as
/// StatusDomain's DNSSEC# (the provider's CNR module); ISPAPI's SECDNS-* are refused there.
#[test]
fn cnr_dnskey_records_have_cnrs_names() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("cnr-sec.com").code, 200);
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let key = "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==";
    assert_eq!(
        cnr(json!({"COMMAND": "ModifyDomain", "DOMAIN": "cnr-sec.com", "SECDNS-KEY0": key})).code,
        503
    );
    let m = cnr(json!({"COMMAND": "ModifyDomain", "DOMAIN": "cnr-sec.com", "DNSSEC0": key}));
    assert_eq!(m.code, 200, "{}", m.description);
    let status = || cnr(json!({"COMMAND": "StatusDomain", "DOMAIN": "cnr-sec.com"}));
    let s = status();
    assert_eq!(column(&s, "DNSSEC"), vec![key.to_owned()]);
    assert!(!s.properties.contains_key("SECDNS-KEY"));
    let m = cnr(json!({"COMMAND": "ModifyDomain", "DOMAIN": "cnr-sec.com", "DNSSECDELALL": 1}));
    assert_eq!(m.code, 200, "{}", m.description);
    assert!(column(&status(), "DNSSEC").is_empty());
}

/// CNR's web and mail forwarding, beside the zone (KB AddWebFwd, QueryWebFwdList, AddMailFwd,
/// QueryMailFwdList; DeleteWebFwd and DeleteMailFwd as CNR's module sends them): a web
/// forwarding shows in the wide listing as a LOCKED row of its name.
#[test]
fn cnr_forwardings_are_kept_beside_the_zone() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("cnr-fwd.com").code, 200);
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let web = json!({"COMMAND": "AddWebFwd", "SOURCE": "www.cnr-fwd.com",
        "TARGET": "https://example.net/", "TYPE": "RD"});
    let mail =
        json!({"COMMAND": "AddMailFwd", "FROM": "info@cnr-fwd.com", "TO": "ada@example.org"});
    assert_eq!(cnr(web.clone()).code, 545, "no zone yet");
    assert_eq!(cnr(mail.clone()).code, 545, "no zone yet");
    assert_eq!(
        cnr(json!({"COMMAND": "AddDNSZone", "DNSZONE": "cnr-fwd.com"})).code,
        200
    );
    let r = cnr(web.clone());
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(cnr(web).code, 540, "one forwarding per name");
    let r = cnr(mail.clone());
    assert_eq!(r.code, 200, "{}", r.description);

    let list = cnr(json!({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "cnr-fwd.com", "WIDE": 1}));
    let names = column(&list, "NAME");
    let locked = column(&list, "LOCKED");
    let i = names
        .iter()
        .position(|n| n == "www")
        .expect("the forwarding's row");
    assert_eq!(locked[i], "1");
    assert_eq!(locked.iter().filter(|l| *l == "1").count(), 1);
    let plain = cnr(json!({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "cnr-fwd.com"}));
    assert!(column(&plain, "RR").iter().all(|rr| !rr.contains(" X-")));

    let w = cnr(json!({"COMMAND": "QueryWebFwdList", "SOURCE": "www.cnr-fwd.com", "WIDE": 1}));
    assert_eq!(w.code, 200, "{}", w.description);
    assert_eq!(
        (prop(&w, "TARGET"), prop(&w, "TYPE"), prop(&w, "TOTAL")),
        ("https://example.net/".into(), "RD".into(), "1".into())
    );
    let m = cnr(json!({"COMMAND": "QueryMailFwdList", "DNSZONE": "cnr-fwd.com", "WIDE": 1}));
    assert_eq!(
        (prop(&m, "FROM"), prop(&m, "TO")),
        ("info@cnr-fwd.com".into(), "ada@example.org".into())
    );

    let d = cnr(json!({"COMMAND": "DeleteWebFwd", "SOURCE": "www.cnr-fwd.com"}));
    assert_eq!(d.code, 200, "{}", d.description);
    let d = cnr(
        json!({"COMMAND": "DeleteMailFwd", "FROM": "info@cnr-fwd.com", "TO": "ada@example.org"}),
    );
    assert_eq!(d.code, 200, "{}", d.description);
    let w = cnr(json!({"COMMAND": "QueryWebFwdList", "SOURCE": "www.cnr-fwd.com", "WIDE": 1}));
    assert_eq!(prop(&w, "TOTAL"), "0");
    let m = cnr(json!({"COMMAND": "QueryMailFwdList", "DNSZONE": "cnr-fwd.com"}));
    assert_eq!(prop(&m, "TOTAL"), "0");
    // The KB's TYPE values only.
    let bad = cnr(json!({"COMMAND": "AddWebFwd", "SOURCE": "cnr-fwd.com",
        "TARGET": "https://example.net/", "TYPE": "URL"}));
    assert_eq!(bad.code, 505);
    assert_eq!(sim.take_violations().len(), 1);
}
