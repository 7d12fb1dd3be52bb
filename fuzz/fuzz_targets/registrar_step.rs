//! A registrar function fed fuzzed API replies: each step either asks for a command that
//! encodes (one line per parameter) or finishes with WHMCS's result; it never panics and never
//! asks for more commands than its bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const FUNCTIONS: &[&str] = &[
    "RegisterDomain", "TransferDomain", "RenewDomain", "GetNameservers", "SaveNameservers",
    "GetRegistrarLock", "Sync", "TransferSync", "GetContactDetails", "SaveContactDetails",
    "GetDomainInformation", "GetEPPCode", "CancelTransfer", "ResendTransferApproval",
    "AdminDomainsTabFields", "ClientAreaWebApps", "SaveDNS", "FollowApplication", "SuspendDomain",
    "UnsuspendDomain",
];

fn call(name: &str, args: &Value) -> Value {
    serde_json::from_slice(&ispapi_core::abi::call(name, args.to_string().as_bytes())).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let function = FUNCTIONS[pick as usize % FUNCTIONS.len()];
    let text = String::from_utf8_lossy(rest);
    // The fuzz input, split at 0x1e, is the sequence of raw replies the API gives.
    let replies: Vec<&str> = text.split('\u{1e}').collect();
    let params = json!({
        "API": "ISPAPI", "Username": "u", "Password": "p", "sld": "example", "tld": "com",
        "domainid": 1, "regperiod": 1, "ns1": "ns1.example.net", "ns2": "ns2.example.net",
        "firstname": "A", "lastname": "B", "address1": "S", "city": "C", "postcode": "1",
        "countrycode": "DE", "fullphonenumber": "+49.1", "email": "a@example.org",
        "adminfirstname": "A", "adminlastname": "B", "adminaddress1": "S", "admincity": "C",
        "adminpostcode": "1", "admincountry": "DE", "adminfullphonenumber": "+49.1",
        "adminemail": "a@example.org", "eppcode": "x", "premiumEnabled": true, "premiumCost": "1",
        "contactdetails": {"Registrant": {"First Name": "X", "Last Name": "Y", "Address 1": "S",
            "City": "C", "Postcode": "1", "Country": "DE", "Phone Number": "+49.1",
            "Email Address": "x@example.org"}},
        "TransferNameservers": "on", "TransferContacts": "on", "SyncIDProtection": "on",
        "WebApps": "on", "form": {"action": "connect", "app": "google-workspace"},
        "dnsrecords": [{"hostname": "@", "type": "MX", "address": "mx.example.net", "priority": "10"}]
    });
    let mut transcript: Vec<Value> = Vec::new();
    for _ in 0..64 {
        let step = call("registrar_step", &json!({
            "function": function, "params": params, "transcript": transcript, "today": "2026-01-01"
        }));
        let step = &step["ok"];
        match step["step"].as_str() {
            Some("send") => {
                let encoded = call("encode_command", &json!({ "command": step["command"] }));
                let lines = encoded["ok"]["text"].as_str().expect("a flow's command encodes");
                assert!(lines.starts_with("COMMAND="));
                let reply = replies.get(transcript.len()).copied().unwrap_or("");
                let response = call("parse_response", &json!({ "text": reply }))["ok"].clone();
                transcript.push(json!({ "command": step["command"], "response": response }));
            }
            Some("done") => return,
            _ => panic!("not a step: {step}"),
        }
    }
    panic!("{function} did not finish within 64 commands");
});
