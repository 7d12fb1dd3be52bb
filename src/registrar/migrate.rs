//! Moving domains from WHMCS's built-in HEXONET module to this one without losing anything:
//! the same API account, so only WHMCS's records change.

use super::flow::DbChange;
use crate::error::{shown, Result, QUOTED_CHARS};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationInput {
    /// The built-in module's name in WHMCS (`hexonet`).
    #[serde(default = "builtin")]
    pub from: String,
    /// Its saved settings (decrypted).
    pub from_settings: Map<String, Value>,
    /// This module's saved settings (decrypted); empty when not set up yet.
    #[serde(default)]
    pub to_settings: Map<String, Value>,
    /// How many domains and TLD prices name the built-in module.
    pub domains: u64,
    pub tlds: u64,
}

fn builtin() -> String {
    "hexonet".into()
}

#[derive(Debug, Serialize)]
pub struct Migration {
    /// Settings to save for this module, or `None` to keep the ones it has.
    pub settings: Option<Map<String, Value>>,
    pub db: Vec<DbChange>,
    /// What the migration does (or did), line by line, for the admin.
    pub report: Vec<String>,
}

/// `registrar_migration`: what moving from the built-in module changes in WHMCS.
pub fn migration(input: MigrationInput) -> Result<Migration> {
    let text = |m: &Map<String, Value>, k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("")
            .to_owned()
    };
    let mut report = Vec::new();
    let configured = !text(&input.to_settings, "Username").is_empty();
    let settings = if configured {
        report.push("ISPAPI settings exist already and are kept.".to_owned());
        None
    } else {
        let username = text(&input.from_settings, "Username");
        if username.is_empty() {
            report.push(format!(
                "The {} module has no username saved: enter the API login under Setup > Domain Registrars > ISPAPI first.",
                shown(&input.from, QUOTED_CHARS)
            ));
            return Ok(Migration {
                settings: None,
                db: Vec::new(),
                report,
            });
        }
        let mut s = Map::new();
        s.insert("API".into(), json!("ISPAPI"));
        s.insert("Username".into(), json!(username));
        s.insert(
            "Password".into(),
            json!(text(&input.from_settings, "Password")),
        );
        s.insert(
            "TestMode".into(),
            json!(text(&input.from_settings, "TestMode")),
        );
        // The report goes to the activity log, which WHMCS shows unescaped.
        report.push(format!(
            "API login {} taken over from the {} module.",
            shown(&username, QUOTED_CHARS),
            shown(&input.from, QUOTED_CHARS)
        ));
        Some(s)
    };
    let switch = |table: &'static str, column: &str| DbChange {
        table,
        filter: Map::from_iter([(column.to_owned(), json!(input.from))]),
        set: Map::from_iter([(column.to_owned(), json!("ispapi"))]),
        upsert: false,
    };
    report.push(format!(
        "{} domain(s) move to ISPAPI; their data stays as it is.",
        input.domains
    ));
    report.push(format!(
        "{} TLD(s) register automatically through ISPAPI.",
        input.tlds
    ));
    Ok(Migration {
        settings,
        db: vec![
            switch("tbldomains", "registrar"),
            switch("tbldomainpricing", "autoreg"),
        ],
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(v: Value) -> MigrationInput {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn settings_are_taken_over_only_when_ispapi_has_none() {
        let m = migration(input(json!({
            "from_settings": {"Username": "acct", "Password": "pw", "TestMode": "on"},
            "domains": 3, "tlds": 2
        })))
        .unwrap();
        assert_eq!(m.settings.unwrap()["Username"], "acct");
        assert_eq!(m.db.len(), 2);
        let m = migration(input(json!({
            "from_settings": {"Username": "acct"}, "to_settings": {"Username": "mine"},
            "domains": 0, "tlds": 0
        })))
        .unwrap();
        assert!(m.settings.is_none());
    }

    #[test]
    fn nothing_moves_without_a_login_to_take_over() {
        let m = migration(input(json!({"from_settings": {}, "domains": 5, "tlds": 0}))).unwrap();
        assert!(m.db.is_empty());
        assert!(m.report[0].contains("no username"));
    }
}
