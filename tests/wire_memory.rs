//! The guest holds a large reply once (#22): parsing a 50 000-row list through the extension's
//! path (MessagePack arguments, `Core::call_packed`) fits in twice the body's size of linear
//! memory. Before, the cell index and the envelope grown by doubling needed 2.2× (3.4× with
//! JSON arguments).

mod common;

use core_host::{Core, Options};
use serde_json::{json, Value};

/// A QueryDomainList reply shaped like the API's (and bench/generate.py's): eight columns,
/// each column's cells one after the other.
fn list(rows: usize) -> String {
    let mut body = String::from(
        "[RESPONSE]\r\ncode = 200\r\ndescription = Command completed successfully\r\n",
    );
    for (column, value) in [
        ("OBJECTID", "domainname"),
        ("OBJECTCLASS", "DOMAIN"),
        ("STATUS", "ACTIVE"),
        ("SUBCLASS", "COM"),
        ("CREATEDDATE", "2019-04-01 10:00:00"),
        ("EXPIRATIONDATE", "2027-04-01 10:00:00"),
        ("RENEWALMODE", "AUTORENEW"),
        ("TRANSFERLOCK", "1"),
    ] {
        for row in 0..rows {
            body.push_str(&format!("property[{column}][{row}] = {value}{row}.com\r\n"));
        }
    }
    body + "EOF\r\n"
}

#[test]
fn a_large_list_parses_within_twice_its_size_of_guest_memory() {
    let rows = 50_000;
    let body = list(rows);
    let args = rmp_serde::to_vec_named(&json!({ "text": body })).unwrap();
    let limit = 2 * body.len();
    let mut core = Core::load(
        common::core_wasm(),
        Options {
            memory_limit_bytes: limit,
            ..Options::default()
        },
    )
    .expect("the core's .wasm loads");
    let envelope = core.call_packed("parse_response", &args).expect("no trap");
    let envelope: Value = rmp_serde::from_slice(&envelope).expect("a MessagePack envelope");
    assert_eq!(
        envelope["ok"]["properties"]["OBJECTID"]
            .as_array()
            .map(Vec::len),
        Some(rows),
        "within {limit} bytes: {}",
        envelope["error"]
    );
}
