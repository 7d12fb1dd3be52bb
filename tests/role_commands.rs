//! The commands a role user must be allowed (README.md and SECURITY.md list them for the admin's
//! role whitelist) are the commands the core can send: every API command named in `src/` (code
//! and data tables). The lists are checked here so they cannot go stale.

use std::collections::BTreeSet;
use std::path::Path;

const START: &str = "<!-- role-commands -->";
const END: &str = "<!-- /role-commands -->";

/// Every command the simulator's documentation-derived spec knows, for either flavour.
fn spec_commands(root: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for flavour in ["ispapi", "cnr"] {
        let text = std::fs::read_to_string(root.join(format!("simulator/spec/{flavour}.json")))
            .expect("the simulator's spec");
        let spec: serde_json::Value = serde_json::from_str(&text).expect("spec JSON");
        names.extend(
            spec["commands"]
                .as_object()
                .expect("commands")
                .keys()
                .cloned(),
        );
    }
    names
}

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| ["rs", "toml", "json", "txt"].contains(&e.to_str().unwrap_or("")))
        {
            out.push(path);
        }
    }
}

/// Quoted words in the core's sources and data, e.g. `"StatusDomain"`: every text between two
/// quote marks that is one word (quote parity is not tracked: `'"'` and `\"` would upset it).
fn quoted_words(text: &str) -> impl Iterator<Item = &str> {
    text.split('"').skip(1).filter(|w| {
        !w.is_empty() && w.len() < 60 && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// The command names the core can send: quoted words in `src/` that the spec knows as commands.
/// A `"COMMAND": "X"` whose X the spec does not know fails, so a new command cannot slip past.
fn core_commands(root: &Path) -> BTreeSet<String> {
    let spec = spec_commands(root);
    let mut files = Vec::new();
    source_files(&root.join("src"), &mut files);
    let mut sent = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source file");
        // Unit tests send made-up commands; only the code before them counts.
        let text = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for (i, part) in text.split("\"COMMAND\"").enumerate().skip(1) {
            let after = part.trim_start_matches([':', ' ', '\n']);
            let literal = after
                .strip_prefix('"')
                .or_else(|| after.strip_prefix(".into(), json!(\""));
            if let Some(name) = literal.and_then(|l| l.split('"').next()) {
                assert!(
                    spec.contains(name),
                    "{} (COMMAND #{i}) sends {name}, which the simulator's spec does not know",
                    file.display()
                );
            }
        }
        sent.extend(
            quoted_words(text)
                .filter(|w| spec.contains(*w))
                .map(str::to_owned),
        );
    }
    sent
}

fn listed(root: &Path, file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root.join(file)).expect(file);
    let start = text
        .find(START)
        .unwrap_or_else(|| panic!("{file} has no {START}"));
    let end = text
        .find(END)
        .unwrap_or_else(|| panic!("{file} has no {END}"));
    text[start + START.len()..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn readme_and_security_list_every_command_the_core_can_send() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sent = core_commands(root);
    assert!(
        sent.contains("AddContact") && sent.contains("StatusDomain"),
        "{sent:?}"
    );
    let expected = sent
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for file in ["README.md", "SECURITY.md"] {
        assert_eq!(
            listed(root, file),
            sent,
            "{file}'s role command list is stale; between {START} and {END} it should read:\n{expected}"
        );
    }
}
