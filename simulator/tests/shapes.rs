//! The simulator's replies have the columns the public API documentation lists
//! (`fixtures/simulator/shapes.json`).

mod common;

use common::{prop, TestSim, DEMO};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

fn fill(v: &str, vars: &HashMap<&str, String>) -> String {
    let mut out = v.to_owned();
    for (k, val) in vars {
        out = out.replace(&format!("{{{k}}}"), val);
    }
    out
}

#[test]
fn replies_have_the_documented_columns() {
    let sim = TestSim::demo();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/simulator/shapes.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();

    // Objects the placeholders refer to.
    let contact = sim.contact();
    for d in ["shapes-domain.com", "shapes-delete.com", "shapes-pay.de"] {
        assert_eq!(sim.register(d).code, 200, "{d}");
    }
    let vars: HashMap<&str, String> = HashMap::from([
        ("contact", contact),
        ("domain", "shapes-domain.com".into()),
        ("domain_delete", "shapes-delete.com".into()),
        ("domain_de", "shapes-pay.de".into()),
        ("new", "shapes-new.com".into()),
        ("new2", "shapes-application.com".into()),
        ("transfer", "transfer-me.com".into()),
        ("transfer_auth", "Tr4nsfer#Me".into()),
    ]);
    sim.control(json!({"transfer_polls": 100}));

    let mut failures = Vec::new();
    for shape in doc["shapes"].as_array().unwrap() {
        let name = shape["command"].as_str().unwrap();
        let mut command = Map::new();
        command.insert("COMMAND".into(), json!(name));
        for (k, v) in shape["params"].as_object().unwrap() {
            command.insert(k.clone(), json!(fill(v.as_str().unwrap(), &vars)));
        }
        let flavour = shape["flavour"].as_str().unwrap();
        let r = sim.call_as(
            flavour,
            DEMO,
            &sim.password(DEMO),
            None,
            None,
            Value::Object(command),
        );
        let code = shape["code"].as_u64().unwrap() as u16;
        if r.code != code {
            failures.push(format!(
                "{name} ({flavour}): code {} ({}), expected {code}",
                r.code, r.description
            ));
            continue;
        }
        let expected: Vec<String> = shape["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        let missing: Vec<_> = expected.iter().filter(|c| !r.columns.contains(c)).collect();
        let extra: Vec<_> = r.columns.iter().filter(|c| !expected.contains(c)).collect();
        let exact = shape["match"] == "exact";
        if !missing.is_empty() || (exact && !extra.is_empty()) {
            failures.push(format!(
                "{name} ({flavour}): missing {missing:?}, extra {extra:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The shape run used real objects: the registered domain is still there.
    assert_eq!(
        prop(
            &sim.call(json!({"COMMAND": "StatusDomain", "DOMAIN": "shapes-domain.com"})),
            "ID"
        ),
        "shapes-domain.com"
    );
}
