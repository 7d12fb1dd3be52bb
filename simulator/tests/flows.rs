//! Registrar flows end to end over HTTP, with the core's request builder and parser.

mod common;

use common::{column, prop, TestSim, DEMO};
use serde_json::json;

#[test]
fn register_status_modify_renew_delete() {
    let sim = TestSim::demo();
    let before = prop(&sim.call(json!({"COMMAND": "StatusAccount"})), "AMOUNT");
    let r = sim.register("flow-test.com");
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(prop(&r, "STATUS"), "ACTIVE");
    let after = prop(&sim.call(json!({"COMMAND": "StatusAccount"})), "AMOUNT");
    assert!(
        after.parse::<f64>().unwrap() < before.parse::<f64>().unwrap(),
        "registration is charged"
    );

    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-test.com"}));
    assert_eq!(s.code, 200);
    assert_eq!(
        column(&s, "NAMESERVER"),
        ["ns1.ispapi.net", "ns2.ispapi.net"]
    );
    let expiry = prop(&s, "EXPIRATIONDATE");

    let m = sim.call(json!({"COMMAND": "ModifyDomain", "DOMAIN": "flow-test.com", "NAMESERVER": ["ns3.example.net", "ns4.example.net"]}));
    assert_eq!(m.code, 200, "{}", m.description);
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-test.com"}));
    assert_eq!(
        column(&s, "NAMESERVER"),
        ["ns3.example.net", "ns4.example.net"]
    );

    let n = sim.call(json!({"COMMAND": "RenewDomain", "DOMAIN": "flow-test.com", "PERIOD": "1Y", "EXPIRATION": &expiry[..4]}));
    assert_eq!(n.code, 200, "{}", n.description);
    let year: i32 = expiry[..4].parse().unwrap();
    assert_eq!(prop(&n, "EXPIRATIONDATE")[..4], (year + 1).to_string());

    let d = sim.call(json!({"COMMAND": "DeleteDomain", "DOMAIN": "flow-test.com"}));
    assert_eq!(d.code, 200);
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-test.com"}))
            .code,
        545
    );
    let restored = sim.call(json!({"COMMAND": "RestoreDomain", "DOMAIN": "flow-test.com"}));
    assert_eq!(restored.code, 200, "{}", restored.description);
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-test.com"}))
            .code,
        200
    );
}

#[test]
fn registering_a_taken_or_reserved_name_is_refused() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("flow-twice.com").code, 200);
    assert_eq!(sim.register("flow-twice.com").code, 554);
    assert_eq!(sim.register("example.com").code, 541);
    assert_eq!(sim.register("nope.invalidtld").code, 541);
}

#[test]
fn a_missing_required_parameter_is_504_with_its_name() {
    let sim = TestSim::demo();
    let r = sim.call(json!({"COMMAND": "AddDomain", "DOMAIN": "x-missing.com"}));
    assert_eq!(r.code, 504);
    assert!(r.description.contains("OWNERCONTACT0"), "{}", r.description);
    let r = sim.call(json!({"COMMAND": "StatusDomain"}));
    assert_eq!(r.code, 504);
    assert!(r.description.contains("DOMAIN"));
    // Strict mode records what the documentation refuses; these two were meant.
    assert!(!sim.take_violations().is_empty());
}

#[test]
fn renewal_of_a_pay_renewal_tld_is_510_and_pay_domain_renewal_works() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("flow-renew.de").code, 200);
    let r = sim.call(json!({"COMMAND": "RenewDomain", "DOMAIN": "flow-renew.de"}));
    assert_eq!(r.code, 510);
    let p = sim.call(json!({"COMMAND": "PayDomainRenewal", "DOMAIN": "flow-renew.de"}));
    assert_eq!(p.code, 200, "{}", p.description);
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-renew.de"}));
    assert!(prop(&s, "PAIDUNTILDATE") > prop(&s, "EXPIRATIONDATE"));
}

#[test]
fn a_transfer_is_pending_until_polled_then_the_domain_is_in_the_account() {
    let sim = TestSim::demo();
    let wrong = sim
        .call(json!({"COMMAND": "TransferDomain", "DOMAIN": "transfer-me.com", "AUTH": "wrong"}));
    assert_eq!(wrong.code, 549);
    let locked = sim.call(json!({"COMMAND": "TransferDomain", "DOMAIN": "locked-elsewhere.net", "AUTH": "L0cked!Net"}));
    assert_eq!(locked.code, 552);
    let t = sim.call(
        json!({"COMMAND": "TransferDomain", "DOMAIN": "transfer-me.com", "AUTH": "Tr4nsfer#Me"}),
    );
    assert_eq!(t.code, 200, "{}", t.description);
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "transfer-me.com"}))
            .code,
        545
    );
    let again = sim.call(
        json!({"COMMAND": "TransferDomain", "DOMAIN": "transfer-me.com", "AUTH": "Tr4nsfer#Me"}),
    );
    assert_eq!(again.code, 536);

    let s1 = sim.call(json!({"COMMAND": "StatusDomainTransfer", "DOMAIN": "transfer-me.com"}));
    assert_eq!(prop(&s1, "TRANSFERSTATUS"), "PENDING");
    let list = sim.call(json!({"COMMAND": "QueryTransferList"}));
    assert_eq!(column(&list, "DOMAIN"), ["transfer-me.com"]);
    let s3 = sim.call(json!({"COMMAND": "StatusDomainTransfer", "DOMAIN": "transfer-me.com"}));
    assert_eq!(prop(&s3, "TRANSFERSTATUS"), "SUCCESSFUL");
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomainTransfer", "DOMAIN": "transfer-me.com"}))
            .code,
        545
    );
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "transfer-me.com"}));
    assert_eq!(s.code, 200);
    assert_ne!(prop(&s, "TRANSFERDATE"), "0000-00-00 00:00:00");
}

#[test]
fn the_control_api_completes_transfers_and_cancel_refunds() {
    let sim = TestSim::demo();
    let t = sim.call(
        json!({"COMMAND": "TransferDomain", "DOMAIN": "taken-one.com", "AUTH": "taken-AUTH-1"}),
    );
    assert_eq!(t.code, 200, "{}", t.description);
    let out = sim.control(json!({"complete_transfers": true}));
    assert_eq!(out["completed_transfers"], 1);
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "taken-one.com"}))
            .code,
        200
    );

    let before = prop(&sim.call(json!({"COMMAND": "StatusAccount"})), "AMOUNT");
    assert_eq!(
        sim.call(
            json!({"COMMAND": "TransferDomain", "DOMAIN": "taken-two.com", "AUTH": "taken-AUTH-1"})
        )
        .code,
        200
    );
    let c = sim
        .call(json!({"COMMAND": "TransferDomain", "DOMAIN": "taken-two.com", "ACTION": "CANCEL"}));
    assert_eq!(c.code, 200);
    assert_eq!(
        prop(&sim.call(json!({"COMMAND": "StatusAccount"})), "AMOUNT"),
        before
    );
}

/// The object log and the deleted-domain list as the original module's Sync and TransferSync
/// read them: a transfer request, its failure, a deletion and a transfer out each leave their
/// entry, filtered as QUERYOBJECTLOGLIST.md documents.
#[test]
fn object_logs_and_the_deleted_list_follow_transfers_and_deletions() {
    let sim = TestSim::demo();
    let log = |domain: &str, extra: serde_json::Value| {
        let mut c = json!({"COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN",
            "OBJECTID": domain, "ORDERBY": "LOGDATEDESC", "USERDEPTH": "SELF", "LIMIT": 1});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        sim.call(c)
    };
    let t = sim.call(
        json!({"COMMAND": "TransferDomain", "DOMAIN": "taken-one.com", "AUTH": "taken-AUTH-1"}),
    );
    assert_eq!(t.code, 200, "{}", t.description);
    let request = log(
        "taken-one.com",
        json!({"OPERATIONTYPE": "TRANSFER", "OPERATIONSTATUS": "REQUEST"}),
    );
    assert_eq!(prop(&request, "COUNT"), "1");
    let since = prop(&request, "LOGDATE");
    let failed =
        json!({"OPERATIONTYPE": "INBOUND_TRANSFER", "OPERATIONSTATUS": "FAILED", "MINDATE": since});
    assert_eq!(prop(&log("taken-one.com", failed.clone()), "COUNT"), "0");
    let out = sim.control(json!({"fail_transfers": "rejected by the losing registrar"}));
    assert_eq!(out["failed_transfers"], 1);
    let failure = log("taken-one.com", failed);
    assert_eq!(prop(&failure, "COUNT"), "1");
    let entry =
        sim.call(json!({"COMMAND": "StatusObjectLog", "LOGINDEX": prop(&failure, "LOGINDEX")}));
    assert!(column(&entry, "OPERATIONINFO")
        .iter()
        .any(|l| l.contains("rejected by the losing registrar")));

    // A deleted domain is in the deleted list while restorable, and its newest entry is the
    // deletion, not a transfer.
    assert_eq!(sim.register("log-deleted.com").code, 200);
    assert_eq!(
        sim.call(json!({"COMMAND": "DeleteDomain", "DOMAIN": "log-deleted.com"}))
            .code,
        200
    );
    assert_eq!(
        prop(&log("log-deleted.com", json!({})), "OPERATIONTYPE"),
        "DELETE"
    );
    let deleted = json!({"COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN", "OBJECTID": "log-deleted.com", "WIDE": 0});
    let list = sim.call(deleted.clone());
    assert_eq!(prop(&list, "COUNT"), "1");
    assert!(!prop(&list, "EXPIRATIONDATE").is_empty());
    let live = json!({"COMMAND": "QueryObjectList", "OBJECTCLASS": "DOMAIN", "OBJECTID": "log-deleted.com", "WIDE": 0});
    assert_eq!(prop(&sim.call(live), "COUNT"), "0");
    // Redemption over: purged, no longer listed.
    sim.control(json!({"advance_days": 60}));
    assert_eq!(prop(&sim.call(deleted), "COUNT"), "0");

    // A domain that leaves for another registrar: gone, and the log says so.
    assert_eq!(sim.register("log-moved.com").code, 200);
    assert_eq!(
        sim.control(json!({"transfer_out": "log-moved.com"}))["transferred_out"],
        true
    );
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "log-moved.com"}))
            .code,
        545
    );
    let moved = log("log-moved.com", json!({}));
    assert_eq!(prop(&moved, "OPERATIONTYPE"), "OUTBOUND_TRANSFER");
    assert_eq!(prop(&moved, "OPERATIONSTATUS"), "SUCCESSFUL");

    // QueryObjectList documents WIDE as required.
    let r = sim.call(json!({"COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN"}));
    assert_eq!(r.code, 504);
    assert_eq!(sim.take_violations().len(), 1);
}

#[test]
fn paging_through_2500_domains_returns_each_once() {
    let sim = TestSim::scale(2500);
    let login = sim.data.scale.account.clone();
    let pw = sim.password(&login);
    let mut first = 0u64;
    let mut seen = std::collections::HashSet::new();
    let mut pages = 0;
    loop {
        let r = sim.call_as("ispapi", &login, &pw, None, None, json!({"COMMAND": "QueryDomainList", "FIRST": first, "LIMIT": 1000, "ORDERBY": "DOMAIN"}));
        assert_eq!(r.code, 200);
        assert_eq!(r.pagination.total, 2500);
        for d in column(&r, "DOMAIN") {
            assert!(seen.insert(d), "a domain came twice");
        }
        pages += 1;
        match r.pagination.next_first {
            Some(n) => first = n,
            None => break,
        }
    }
    assert_eq!((pages, seen.len()), (3, 2500));
}

#[test]
fn domain_list_filters_match_the_monitoring_cases() {
    let sim = TestSim::demo();
    let base = json!({"COMMAND": "QueryDomainList", "USERDEPTH": "SELF", "UNIQUE": 1, "VERSION": 2, "NOTOTAL": 1, "LIMIT": 10000});
    let with = |k: &str, v: serde_json::Value| {
        let mut c = base.clone();
        c[k] = v;
        sim.call(c)
    };
    let all = sim.call(base.clone()).pagination.total;
    let unlocked = with("TRANSFERLOCK", json!(0));
    let protected = with("X-ACCEPT-WHOISTRUSTEE-TAC", json!(1));
    let premium = with("SUBCLASSREGEX", json!("^PREMIUM_.+$"));
    assert!(unlocked.pagination.count > 0 && unlocked.pagination.count < all);
    assert!(protected.pagination.count > 0 && protected.pagination.count < all);
    assert_eq!(premium.pagination.count, 2);
    for d in column(&unlocked, "OBJECTID") {
        let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": d}));
        assert_eq!(prop(&s, "TRANSFERLOCK"), "0");
    }
    let pattern = sim.call(json!({"COMMAND": "QueryDomainList", "DOMAIN": "*.de"}));
    assert!(column(&pattern, "DOMAIN")
        .iter()
        .all(|d| d.ends_with(".de")));
    assert!(column(&pattern, "DOMAIN").contains(&"xn--mnchen-3ya.de".to_owned()));
}

#[test]
fn wrong_credentials_are_530() {
    let sim = TestSim::demo();
    let r = sim.call_as(
        "ispapi",
        DEMO,
        "not-the-password",
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(
        (r.code, r.description.as_str()),
        (530, "Authentication failed")
    );
    let r = sim.call_as(
        "ispapi",
        "nobody",
        "x",
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(r.code, 530);
    let r = sim.call_as(
        "cnr",
        DEMO,
        "nope",
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(r.code, 530);
}

#[test]
fn an_unknown_entity_is_refused() {
    let sim = TestSim::demo();
    let body = format!(
        "s_entity=9999&s_login={DEMO}&s_pw={}&s_command=COMMAND%3DStatusAccount",
        sim.password(DEMO).replace('!', "%21")
    );
    let (_, text) = sim
        .post(
            &format!("{}/ispapi/api/call.cgi", sim.url),
            "application/x-www-form-urlencoded",
            body.as_bytes(),
        )
        .unwrap();
    assert_eq!(ispapi_core::wire::parse(&text).code, 502);
}

#[test]
fn a_role_user_without_the_permission_gets_531() {
    let sim = TestSim::demo();
    let pw = sim.role_password(DEMO, "readonly");
    let ok = sim.call_as(
        "ispapi",
        DEMO,
        &pw,
        Some("readonly"),
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(ok.code, 200);
    let denied = sim.call_as(
        "ispapi",
        DEMO,
        &pw,
        Some("readonly"),
        None,
        json!({"COMMAND": "AddContact"}),
    );
    assert_eq!(denied.code, 531);
    let whmcs = sim.role_password(DEMO, "whmcs");
    let r = sim.call_as(
        "cnr",
        DEMO,
        &whmcs,
        Some("whmcs"),
        None,
        json!({"COMMAND": "QueryDomainList", "LIMIT": 1}),
    );
    assert_eq!(r.code, 200, "CNR role login uses account:role");
}

#[test]
fn an_unknown_command_is_500() {
    let sim = TestSim::demo();
    let r = sim.call(json!({"COMMAND": "NoSuchCommand"}));
    assert_eq!(
        (r.code, r.description.as_str()),
        (500, "Invalid command name")
    );
    assert_eq!(
        sim.take_violations(),
        vec!["500 NoSuchCommand: NoSuchCommand is not a command of this API"]
    );
}

#[test]
fn cnr_login_and_subuser_view() {
    let sim = TestSim::demo();
    let pw = sim.password(DEMO);
    let own = sim.call_as(
        "cnr",
        DEMO,
        &pw,
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(prop(&own, "REGISTRAR"), DEMO);
    let sub = sim.call_as(
        "cnr",
        DEMO,
        &pw,
        None,
        Some("demo.customer"),
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(
        (
            prop(&sub, "REGISTRAR").as_str(),
            prop(&sub, "CURRENCY").as_str()
        ),
        ("demo.customer", "EUR")
    );
    let list = sim.call_as(
        "cnr",
        DEMO,
        &pw,
        None,
        Some("demo.customer"),
        json!({"COMMAND": "QueryDomainList"}),
    );
    assert_eq!(list.pagination.total, 12);
    let ispapi_sub = sim.call_as(
        "ispapi",
        DEMO,
        &pw,
        None,
        Some("demo.customer"),
        json!({"COMMAND": "QueryDomainList"}),
    );
    assert_eq!(ispapi_sub.pagination.total, 12);
    let stranger = sim.call_as(
        "cnr",
        DEMO,
        &pw,
        None,
        Some("poor.reseller"),
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(stranger.code, 531);
}

#[test]
fn insufficient_funds_is_546_and_nothing_is_registered() {
    let sim = TestSim::demo();
    let pw = sim.password("poor.reseller");
    let c = sim.call_as("ispapi", "poor.reseller", &pw, None, None, json!({
        "COMMAND": "AddContact", "FIRSTNAME": "Pat", "LASTNAME": "Poor", "STREET": "1 Main St", "CITY": "Austin",
        "ZIP": "73301", "COUNTRY": "US", "PHONE": "+1.5125550100", "EMAIL": "pat@example.com"}));
    let handle = prop(&c, "CONTACT");
    let r = sim.call_as("ispapi", "poor.reseller", &pw, None, None, json!({
        "COMMAND": "AddDomain", "DOMAIN": "too-expensive.com", "OWNERCONTACT0": handle, "ADMINCONTACT0": handle,
        "TECHCONTACT0": handle, "BILLINGCONTACT0": handle}));
    assert_eq!(r.code, 546, "{}", r.description);
    let check = sim.call(json!({"COMMAND": "CheckDomains", "DOMAIN": ["too-expensive.com"]}));
    assert!(prop(&check, "DOMAINCHECK").starts_with("210"));
    let acc = sim.call_as(
        "ispapi",
        "poor.reseller",
        &pw,
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(prop(&acc, "AMOUNT"), "3.00");
}

#[test]
fn charges_appear_in_the_accounting_list() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("flow-booked.com").code, 200);
    let r = sim.call(json!({"COMMAND": "QueryAccountingList"}));
    let types = column(&r, "ACCOUNTINGTYPE");
    let descriptions = column(&r, "ACCOUNTINGDESCRIPTION");
    let i = descriptions
        .iter()
        .position(|d| d == "flow-booked.com")
        .expect("a row for the registration");
    assert_eq!(types[i], "ADD_DOMAIN");
    assert_eq!(column(&r, "ACCOUNTINGPRICE")[i], "-10.69");
}

#[test]
fn state_survives_a_restart() {
    let mut sim = TestSim::demo();
    assert_eq!(sim.register("flow-persist.com").code, 200);
    sim.control(json!({"advance_days": 3}));
    sim.restart();
    let s = sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-persist.com"}));
    assert_eq!(s.code, 200);
    let state: serde_json::Value = {
        let (_, t) = sim
            .post(&format!("{}/_control", sim.url), "application/json", b"{}")
            .unwrap();
        serde_json::from_str(&t).unwrap()
    };
    assert!(state["ok"].as_bool().unwrap());
}

#[test]
fn advancing_the_clock_renews_autorenew_and_deletes_autoexpire_domains() {
    let sim = TestSim::demo();
    assert_eq!(sim.register("flow-auto.com").code, 200);
    assert_eq!(sim.register("flow-expire.com").code, 200);
    let m = sim.call(json!({"COMMAND": "SetDomainRenewalmode", "DOMAIN": "flow-expire.com", "RENEWALMODE": "AUTOEXPIRE"}));
    assert_eq!(m.code, 200);
    let before = prop(
        &sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-auto.com"})),
        "EXPIRATIONDATE",
    );
    sim.control(json!({"advance_days": 380}));
    let after = prop(
        &sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-auto.com"})),
        "EXPIRATIONDATE",
    );
    assert!(after > before, "{after} > {before}");
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "flow-expire.com"}))
            .code,
        545
    );
    let pending = sim.call(json!({"COMMAND": "QueryDomainPendingDeleteList"}));
    assert!(column(&pending, "DOMAIN").contains(&"flow-expire.com".to_owned()));
}

#[test]
fn the_log_holds_the_exact_command_text() {
    let sim = TestSim::demo();
    sim.call(json!({"COMMAND": "CheckDomains", "DOMAIN": ["a-log.com", "münchen.de"]}));
    let log = sim.log();
    assert_eq!(
        log.last().unwrap(),
        "COMMAND=CheckDomains\nDOMAIN0=a-log.com\nDOMAIN1=münchen.de"
    );
}

#[test]
fn hostile_input_gets_api_errors_not_crashes() {
    let sim = TestSim::demo();
    let url = format!("{}/ispapi/api/call.cgi", sim.url);
    let form = "application/x-www-form-urlencoded";
    let pw = sim.password(DEMO).replace('!', "%21");
    let cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"%%%%&&&===".to_vec(),
        format!("s_entity=1234&s_login={DEMO}&s_pw={pw}&s_command=%00%FF%FE").into_bytes(),
        format!("s_entity=1234&s_login={DEMO}&s_pw={pw}&s_command=COMMAND%3DQueryDomainList%0AFIRST%3D-1").into_bytes(),
        format!("s_entity=1234&s_login={DEMO}&s_pw={pw}&s_command=COMMAND%3DQueryDomainList%0ALIMIT%3D99999999999999999999999").into_bytes(),
        format!("s_entity=1234&s_login={DEMO}&s_pw={pw}&s_command=COMMAND%3DQueryDomainList%0ASUBCLASSREGEX%3D(((").into_bytes(),
        format!("s_entity=1234&s_login={DEMO}&s_pw={pw}&s_command=COMMAND%3DStatusDomain%0ADOMAIN%3D{}", "a".repeat(5000)).into_bytes(),
        format!("s_entity=1234&s_login={DEMO}&s_pw={pw}&s_command=COMMAND%3DConvertIDN%0ADOMAIN0%3D%E2%80%AE%F0%9F%92%A9..").into_bytes(),
    ];
    for body in cases {
        let (status, text) = sim.post(&url, form, &body).unwrap();
        assert_eq!(status, 200);
        let r = ispapi_core::wire::parse(&text);
        assert_ne!(
            r.code,
            423,
            "a well-formed reply for {:?}",
            String::from_utf8_lossy(&body[..body.len().min(80)])
        );
    }
    let huge = vec![b'a'; 9 * 1024 * 1024];
    let (_, text) = sim.post(&url, form, &huge).unwrap_or((0, String::new()));
    if !text.is_empty() {
        assert_eq!(ispapi_core::wire::parse(&text).code, 507);
    }
    assert_eq!(
        sim.call(json!({"COMMAND": "StatusAccount"})).code,
        200,
        "still serving"
    );
}

#[test]
fn a_registered_premium_name_keeps_its_class_in_a_premium_check() {
    let sim = TestSim::demo();
    // vip.ai is held by the demo account; gold.ai is premium and free; plain names have no class.
    let r = sim.call(
        json!({"COMMAND": "CheckDomains", "DOMAIN": ["vip.ai", "gold.ai"], "PREMIUMCHANNELS": "*"}),
    );
    assert_eq!(
        column(&r, "DOMAINCHECK")[0],
        "211 Domain name not available"
    );
    assert_eq!(column(&r, "CLASS"), ["PREMIUM_AI_B", "PREMIUM_AI_A"]);
    assert_eq!(column(&r, "PRICE")[0], "");
    assert_eq!(column(&r, "PRICE")[1], "1500.00");
    let plain = sim.call(json!({"COMMAND": "CheckDomains", "DOMAIN": ["vip.ai"]}));
    assert_eq!(column(&plain, "CLASS"), [""]);
}

#[test]
fn object_statistics_count_the_users_domains_and_zones() {
    let sim = TestSim::demo();
    let r = sim.call(json!({"COMMAND": "QueryUserObjectStatistics"}));
    assert_eq!(r.code, 200, "{}", r.description);
    let all = sim.call(json!({"COMMAND": "QueryDomainList", "USERDEPTH": "SELF", "LIMIT": 1}));
    assert_eq!(prop(&r, "DOMAIN"), all.pagination.total.to_string());
    assert!(prop(&r, "DNSZONE").parse::<u64>().unwrap() > 0);
    let per_tld: u64 = r
        .columns
        .iter()
        .filter(|c| c.starts_with("DOMAIN_"))
        .map(|c| prop(&r, c).parse::<u64>().unwrap())
        .sum();
    assert_eq!(per_tld, all.pagination.total);
}

/// WHOIS privacy on CNR: set with X-WHOISPRIVACY, read as StatusDomain's X-WHOIS-PRIVACY (the
/// provider's CNR module); ISPAPI's X-ACCEPT-WHOISTRUSTEE-TAC is refused there.
#[test]
fn cnr_whois_privacy_has_its_own_names() {
    let sim = TestSim::demo();
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let c = sim.contact();
    let add = json!({
        "COMMAND": "AddDomain", "DOMAIN": "cnr-privacy.com", "PERIOD": "1",
        "OWNERCONTACT0": c, "ADMINCONTACT0": c, "TECHCONTACT0": c, "BILLINGCONTACT0": c,
        "NAMESERVER0": "ns1.example.net", "NAMESERVER1": "ns2.example.net",
    });
    let mut ispapi_named = add.clone();
    ispapi_named["X-ACCEPT-WHOISTRUSTEE-TAC"] = json!(1);
    assert_eq!(cnr(ispapi_named).code, 503);
    // CNR's AddDomain page does not list it: strict mode records the refusal.
    assert_eq!(
        sim.take_violations(),
        ["503 AddDomain: parameter X-ACCEPT-WHOISTRUSTEE-TAC is not documented"]
    );
    let mut with_privacy = add;
    with_privacy["X-WHOISPRIVACY"] = json!(1);
    let r = cnr(with_privacy);
    assert_eq!(r.code, 200, "{}", r.description);
    let status = || cnr(json!({"COMMAND": "StatusDomain", "DOMAIN": "cnr-privacy.com"}));
    let s = status();
    assert_eq!(prop(&s, "X-WHOIS-PRIVACY"), "1");
    assert!(!s.properties.contains_key("X-ACCEPT-WHOISTRUSTEE-TAC"));
    let m =
        cnr(json!({"COMMAND": "ModifyDomain", "DOMAIN": "cnr-privacy.com", "X-WHOISPRIVACY": 0}));
    assert_eq!(m.code, 200, "{}", m.description);
    assert_eq!(prop(&status(), "X-WHOIS-PRIVACY"), "0");
    assert_eq!(
        cnr(json!({"COMMAND": "ModifyDomain", "DOMAIN": "cnr-privacy.com", "X-ACCEPT-WHOISTRUSTEE-TAC": 1}))
            .code,
        503
    );
}

/// CNR sends a transfer's approval mail again with ResendNotification TYPE=domaintransfer (its
/// knowledge base); ISPAPI's ResendDomainTransferConfirmationEmails is not a CNR command.
#[test]
fn cnr_resends_the_transfer_mail_with_resendnotification() {
    let sim = TestSim::demo();
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let resend = json!({"COMMAND": "ResendNotification", "TYPE": "domaintransfer", "OBJECT": "transfer-me.com"});
    assert_eq!(cnr(resend.clone()).code, 545, "no transfer pending yet");
    let t = sim.call(
        json!({"COMMAND": "TransferDomain", "DOMAIN": "transfer-me.com", "AUTH": "Tr4nsfer#Me"}),
    );
    assert!(
        t.code == 200 || t.code == 1001,
        "{} {}",
        t.code,
        t.description
    );
    let r = cnr(resend);
    assert_eq!(r.code, 200, "{}", r.description);
    assert_eq!(
        cnr(
            json!({"COMMAND": "ResendNotification", "TYPE": "domain", "OBJECT": "transfer-me.com"})
        )
        .code,
        505
    );
    assert_eq!(
        cnr(json!({"COMMAND": "ResendDomainTransferConfirmationEmails", "DOMAIN": "transfer-me.com"})).code,
        500
    );
    let violations = sim.take_violations();
    assert_eq!(violations.len(), 2, "{violations:?}");
}

/// CNR's SetAuthCode (its knowledge base): a new code for .de/.eu/.no in the reply's AUTH, the
/// .be code mailed by the registry (no AUTH), other TLDs refused; ISPAPI's commands for these
/// codes are not CNR commands.
#[test]
fn cnr_sets_auth_codes_with_setauthcode() {
    let sim = TestSim::demo();
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    for name in ["cnr-auth.de", "cnr-auth.be", "cnr-auth.com"] {
        let r = sim.register(name);
        assert_eq!(r.code, 200, "{name}: {}", r.description);
    }
    let de = cnr(json!({"COMMAND": "SetAuthCode", "DOMAIN": "cnr-auth.de"}));
    assert_eq!(de.code, 200, "{}", de.description);
    let code = prop(&de, "AUTH");
    assert!(!code.is_empty());
    let status = cnr(json!({"COMMAND": "StatusDomain", "DOMAIN": "cnr-auth.de"}));
    assert_eq!(prop(&status, "AUTH"), code, "the new code is the domain's");
    let be = cnr(json!({"COMMAND": "SetAuthCode", "DOMAIN": "cnr-auth.be"}));
    assert_eq!(be.code, 200, "{}", be.description);
    assert!(
        !be.properties.contains_key("AUTH"),
        "the .be registry mails it"
    );
    assert_eq!(
        cnr(json!({"COMMAND": "SetAuthCode", "DOMAIN": "cnr-auth.com"})).code,
        541
    );
    assert_eq!(
        cnr(json!({"COMMAND": "DENIC_CreateAuthInfo1", "DOMAIN": "cnr-auth.de"})).code,
        500
    );
    assert_eq!(sim.take_violations().len(), 1);
}

/// CNR's CheckDomainTransfer answers for a few gTLDs only (its knowledge base).
#[test]
fn cnr_checks_transfers_of_a_few_gtlds_only() {
    let sim = TestSim::demo();
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let de = cnr(json!({"COMMAND": "CheckDomainTransfer", "DOMAIN": "some-transfer.de"}));
    assert_eq!(de.code, 541, "{}", de.description);
    let com = cnr(
        json!({"COMMAND": "CheckDomainTransfer", "DOMAIN": "transfer-me.com", "AUTH": "Tr4nsfer#Me"}),
    );
    assert_eq!(com.code, 218, "{}", com.description);
}

/// CNR suggests names with GetNameSuggestion (NAME#, AVAILABILITY#), not ISPAPI's
/// QueryDomainSuggestionList.
#[test]
fn cnr_suggests_names_with_getnamesuggestion() {
    let sim = TestSim::demo();
    let cnr = |command: serde_json::Value| sim.call_cnr(command);
    let r = cnr(json!({"COMMAND": "GetNameSuggestion", "NAME": "coffee", "SHOW-UNAVAILABLE": 0}));
    assert_eq!(r.code, 200, "{}", r.description);
    let names = column(&r, "NAME");
    assert!(!names.is_empty() && names.len() <= 30, "{names:?}");
    assert!(names.iter().all(|n| n.contains("coffee")), "{names:?}");
    assert_eq!(column(&r, "AVAILABILITY").len(), names.len());
    assert_eq!(
        cnr(json!({"COMMAND": "QueryDomainSuggestionList", "KEYWORD": "coffee"})).code,
        500
    );
    assert_eq!(sim.take_violations().len(), 1);
}
