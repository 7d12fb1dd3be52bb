//! The monitoring cases as data (`cases.json`): what each one means, which domain list the API
//! is asked for, and how an item is fixed. A new case is one entry there plus one rule in
//! [`super::rules`].

use crate::error::{CoreError, Result};
use crate::wire::{Api, Command};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const CASES: &str = include_str!("cases.json");

/// How the items of a case are fixed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fix {
    /// One API command per domain (`DOMAIN` is added); done when the domain's `property` in
    /// StatusDomain reads `target`.
    Command {
        command: Command,
        property: String,
        target: String,
    },
    /// Empties the domain's additional notes in WHMCS.
    ClearNotes,
    /// Stores the registrar's premium prices in WHMCS (and, with `mark_premium`, sets
    /// `is_premium`).
    PremiumPrices { mark_premium: bool },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    /// The case's name in the original widget, for admins who know it from there.
    pub original_id: String,
    pub apis: Vec<Api>,
    pub title_one: String,
    pub title_other: String,
    pub description: String,
    /// The QueryDomainList filter for this case's API list; `None` when only WHMCS is read.
    pub list: Option<Command>,
    pub fix: Fix,
    /// What an item looks like before and after its fix (for the CSV).
    pub before: String,
    pub after: String,
    /// Items per fix request.
    pub batch: usize,
}

impl Case {
    pub fn title(&self, count: usize) -> &str {
        if count == 1 {
            &self.title_one
        } else {
            &self.title_other
        }
    }

    pub fn supports(&self, api: Api) -> bool {
        self.apis.contains(&api)
    }
}

/// Every case, in the order the widget lists them.
pub fn all() -> &'static [Case] {
    static TABLE: OnceLock<Vec<Case>> = OnceLock::new();
    // The table is compiled in and covered by tests, so it always parses.
    TABLE.get_or_init(|| serde_json::from_str(CASES).unwrap_or_default())
}

pub fn find(id: &str) -> Result<&'static Case> {
    all().iter().find(|c| c.id == id).ok_or_else(|| {
        CoreError::new(
            "unknown_case",
            format!("there is no monitoring case {}", crate::error::quoted(id)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_every_case_has_a_rule() {
        let table: Vec<Case> = serde_json::from_str(CASES).expect("cases.json");
        assert_eq!(table.len(), all().len());
        for case in all() {
            assert!(
                super::super::rules::rule(&case.id).is_some(),
                "{} has no rule",
                case.id
            );
            assert!(case.batch > 0 && case.batch <= 500, "{}", case.id);
        }
    }
}
