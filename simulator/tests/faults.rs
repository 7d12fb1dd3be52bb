//! Each fault mode, as a client sees it.

mod common;

use common::{prop, TestSim, DEMO};
use ispapi_core::wire::parse;
use serde_json::json;
use std::time::{Duration, Instant};

fn status(sim: &TestSim) -> Result<(u16, String), String> {
    sim.request(
        "ispapi",
        DEMO,
        &sim.password(DEMO),
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    )
}

#[test]
fn temporary_421_fires_its_number_of_times_for_its_command_only() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "temporary_421", "times": 2, "command": "CheckDomains"}));
    assert_eq!(sim.call(json!({"COMMAND": "StatusAccount"})).code, 200);
    let check = json!({"COMMAND": "CheckDomains", "DOMAIN": ["x-fault.com"]});
    assert_eq!(sim.call(check.clone()).code, 421);
    assert_eq!(sim.call(check.clone()).code, 421);
    assert_eq!(sim.call(check).code, 200);
}

#[test]
fn slow_answers_after_the_delay() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "slow", "delay_ms": 700, "times": 1}));
    let t = Instant::now();
    let (_, text) = status(&sim).unwrap();
    assert!(t.elapsed() >= Duration::from_millis(700));
    assert_eq!(parse(&text).code, 200);
}

#[test]
fn latency_delays_every_request_and_still_lets_faults_fire() {
    let sim = TestSim::demo();
    sim.control(json!({"latency_ms": 300}));
    sim.control(json!({"fault": "temporary_421", "times": 1, "command": "StatusAccount"}));
    for want in [421, 200, 200] {
        let t = Instant::now();
        let (_, text) = status(&sim).unwrap();
        assert!(
            t.elapsed() >= Duration::from_millis(300),
            "answered without the latency"
        );
        assert_eq!(parse(&text).code, want);
    }
    sim.control(json!({"reset": true}));
    let t = Instant::now();
    status(&sim).unwrap();
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "reset keeps the latency"
    );
}

#[test]
fn close_ends_the_connection_without_a_reply() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "close", "times": 1}));
    assert!(status(&sim).is_err());
    assert_eq!(parse(&status(&sim).unwrap().1).code, 200);
}

#[test]
fn truncated_cuts_the_body_before_eof() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "truncated", "times": 1}));
    let (code, text) = status(&sim).unwrap();
    assert_eq!(code, 200);
    assert!(!text.contains("EOF"));
    assert_eq!(parse(&text).code, 423);
}

#[test]
fn html_is_a_proxy_error_page() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "html", "times": 1}));
    let (code, text) = status(&sim).unwrap();
    assert_eq!(code, 502);
    assert!(text.contains("<html>"));
    assert_eq!(parse(&text).code, 423);
}

#[test]
fn http_500_is_a_bare_server_error() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "http_500", "times": 1}));
    assert_eq!(status(&sim).unwrap().0, 500);
}

#[test]
fn auth_530_and_ip_restricted_fail_the_login() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "auth_530", "times": 1}));
    assert_eq!(parse(&status(&sim).unwrap().1).code, 530);
    sim.control(json!({"fault": "ip_restricted", "times": 1}));
    let r = parse(&status(&sim).unwrap().1);
    assert_eq!(r.code, 530);
    assert!(r.description.contains("IP"));
    let pw = sim.password("restricted.reseller");
    let r = sim.call_as(
        "ispapi",
        "restricted.reseller",
        &pw,
        None,
        None,
        json!({"COMMAND": "StatusAccount"}),
    );
    assert_eq!(
        r.code, 530,
        "an account with an IP allow-list refuses 127.0.0.1"
    );
}

#[test]
fn insufficient_funds_applies_to_charging_commands() {
    let sim = TestSim::demo();
    sim.control(json!({"fault": "insufficient_funds", "times": 1}));
    assert_eq!(sim.call(json!({"COMMAND": "StatusAccount"})).code, 200);
    assert_eq!(sim.register("x-funds.com").code, 546);
    assert_eq!(sim.register("x-funds.com").code, 200);
}

#[test]
fn seeded_probabilistic_faults_repeat_exactly_and_reset_clears_them() {
    let sim = TestSim::demo();
    let run = || {
        sim.control(json!({"reset": true}));
        sim.control(json!({"seed": 7}));
        sim.control(json!({"fault": "temporary_421", "probability": 0.5}));
        (0..12)
            .map(|_| sim.call(json!({"COMMAND": "StatusAccount"})).code)
            .collect::<Vec<_>>()
    };
    let a = run();
    assert_eq!(a, run());
    assert!(a.contains(&421) && a.contains(&200));
    sim.control(json!({"reset": true}));
    assert_eq!(sim.call(json!({"COMMAND": "StatusAccount"})).code, 200);
    assert_eq!(
        prop(&sim.call(json!({"COMMAND": "StatusAccount"})), "CURRENCY"),
        "USD"
    );
}

#[test]
fn the_control_api_refuses_unknown_keys() {
    let sim = TestSim::demo();
    let (code, _) = sim
        .post(
            &format!("{}/_control", sim.url),
            "application/json",
            br#"{"faults":"close"}"#,
        )
        .unwrap();
    assert_eq!(code, 400);
    let (code, _) = sim
        .post(
            &format!("{}/_control", sim.url),
            "application/json",
            br#"{"fault":"explode"}"#,
        )
        .unwrap();
    assert_eq!(code, 400);
}
