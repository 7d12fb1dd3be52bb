//! Any bytes as an API reply: the parser and the log redaction never panic, a reply that
//! parses as a success always ended with EOF (a cut-off list is never taken as complete), and
//! the table `parse_response` writes from the body is the JSON of the owned `Response`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = ispapi_core::wire::parse(&text);
    if r.success {
        assert!(text.lines().any(|l| l.trim() == "EOF"));
    }
    let borrowed = serde_json::to_vec(&ispapi_core::wire::parse_borrowed(&text)).unwrap();
    assert_eq!(borrowed, serde_json::to_vec(&r).unwrap());
    let args = serde_json::json!({ "text": text });
    let redacted = ispapi_core::abi::call("redact_response", args.to_string().as_bytes());
    assert!(serde_json::from_slice::<serde_json::Value>(&redacted).is_ok());
});
