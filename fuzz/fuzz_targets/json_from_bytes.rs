//! Builds a JSON value from arbitrary bytes, biased towards the shapes core functions take
//! (objects with the keys they read), so that fuzzing explores their logic, not only the
//! argument parser.

use serde_json::{json, Map, Value};

const KEYS: &[&str] = &[
    "command", "COMMAND", "DOMAIN", "text", "function", "params", "transcript", "response", "api",
    "login", "password", "environment", "attempt", "outcome", "code", "domains", "to", "tld",
    "sld", "regperiod", "ns1", "ns2", "eppcode", "contactdetails", "Registrant", "firstname",
    "address1", "city", "countrycode", "email", "properties", "success", "kind", "columns",
    "pagination", "today", "values", "action", "X-ACCEPT-WHOISTRUSTEE-TAC", "premiumCost",
];

pub fn value(bytes: &[u8]) -> Value {
    let mut input = bytes.iter().copied();
    build(&mut input, 0)
}

fn build(input: &mut impl Iterator<Item = u8>, depth: u32) -> Value {
    let Some(tag) = input.next() else { return Value::Null };
    match (tag % 8, depth < 6) {
        (0, _) => Value::Null,
        (1, _) => Value::Bool(tag & 0x80 != 0),
        (2, _) => json!(i64::from(input.next().unwrap_or(0)) - 64),
        (3, _) | (_, false) => {
            let len = input.next().unwrap_or(0) % 24;
            let raw: Vec<u8> = input.by_ref().take(len as usize).collect();
            Value::String(String::from_utf8_lossy(&raw).into_owned())
        }
        (4 | 5, true) => {
            let len = input.next().unwrap_or(0) % 6;
            let mut map = Map::new();
            for _ in 0..len {
                let key = KEYS[input.next().unwrap_or(0) as usize % KEYS.len()];
                map.insert(key.to_owned(), build(input, depth + 1));
            }
            Value::Object(map)
        }
        _ => {
            let len = input.next().unwrap_or(0) % 5;
            Value::Array((0..len).map(|_| build(input, depth + 1)).collect())
        }
    }
}
