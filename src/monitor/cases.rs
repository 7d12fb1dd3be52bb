//! The monitoring cases as data (`cases.json`): what each one means, and per API which domain
//! list is asked for and how an item is fixed (or why the case is unavailable there). A new
//! case is one entry there plus one rule in [`super::rules`].

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
    PremiumPrices {
        mark_premium: bool,
        prices: PriceSource,
    },
}

/// Where a registered domain's premium class and renewal price are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// One QueryDomainList PROPERTIES=PRICE for the batch (SUBCLASS, RENEWALPRICE, CURRENCY).
    DomainList,
    /// CheckDomains with an X-FEE RENEW block per name (X-FEE-CLASS, -AMOUNT, -CURRENCY).
    Fee,
}

/// One value per API; an API without one is `None`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerApi<T> {
    #[serde(default = "none")]
    pub ispapi: Option<T>,
    #[serde(default = "none")]
    pub cnr: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Default for PerApi<T> {
    fn default() -> Self {
        PerApi {
            ispapi: None,
            cnr: None,
        }
    }
}

impl<T> PerApi<T> {
    pub fn get(&self, api: Api) -> Option<&T> {
        match api {
            Api::Ispapi => self.ispapi.as_ref(),
            Api::Cnr => self.cnr.as_ref(),
        }
    }

    pub fn has(&self, api: Api) -> bool {
        self.get(api).is_some()
    }
}

/// One API's fix of a case, with the source it follows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixEntry {
    #[serde(flatten)]
    pub fix: Fix,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One API's list of the domains a case may apply to: `command` (FIRST and LIMIT are added
/// per page), the column with the names, and the column that marks domains among other
/// objects, if any.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSpec {
    pub command: Command,
    pub names: String,
    #[serde(default)]
    pub kinds: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    /// The case's name in the original widget, for admins who know it from there.
    pub original_id: String,
    /// API → why the case cannot be checked there.
    #[serde(default)]
    pub unavailable: PerApi<String>,
    pub title_one: String,
    pub title_other: String,
    pub description: String,
    /// API → the list of this case's domains; `None` when only WHMCS is read.
    pub list: Option<PerApi<ListSpec>>,
    /// API → how an item is fixed; an API without one has its reason in `unavailable`.
    pub fix: PerApi<FixEntry>,
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
        self.fix.has(api)
    }

    /// Why the case cannot be checked for this API, if it cannot.
    pub fn unavailable(&self, api: Api) -> Option<&str> {
        if self.supports(api) {
            return None;
        }
        Some(
            self.unavailable
                .get(api)
                .map(String::as_str)
                .unwrap_or("not available for this API"),
        )
    }

    /// This API's list of the case's domains; `None` when only WHMCS is read.
    pub fn list(&self, api: Api) -> Option<&ListSpec> {
        self.list.as_ref()?.get(api)
    }

    pub fn fix(&self, api: Api) -> Option<&FixEntry> {
        self.fix.get(api)
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
            for api in [Api::Ispapi, Api::Cnr] {
                // Either a fix or the reason there is none, never both.
                assert_ne!(
                    case.fix.has(api),
                    case.unavailable.has(api),
                    "{} {api:?}",
                    case.id
                );
                // A case that reads an API list reads one wherever it is available.
                if let (Some(lists), true) = (&case.list, case.supports(api)) {
                    assert!(lists.has(api), "{} {api:?} has no list", case.id);
                }
            }
            // Every CNR entry names its source.
            if let Some(f) = case.fix.get(Api::Cnr) {
                let own = !matches!(f.fix, Fix::ClearNotes);
                assert!(!own || f.source.is_some(), "{} cnr fix", case.id);
            }
            if let Some(l) = case.list(Api::Cnr) {
                assert!(l.source.is_some(), "{} cnr list", case.id);
            }
        }
    }

    #[test]
    fn cnr_checks_the_premium_cases_by_its_own_commands() {
        let at_registrar = find("premium_at_registrar").unwrap();
        let list = at_registrar.list(Api::Cnr).expect("a CNR list");
        assert_eq!(list.command["COMMAND"], "QueryRegisteredPremiumDomainList");
        for id in ["premium_at_registrar", "premium_renewal_cost"] {
            let fix = &find(id).unwrap().fix(Api::Cnr).expect(id).fix;
            assert!(matches!(
                fix,
                Fix::PremiumPrices {
                    prices: PriceSource::Fee,
                    ..
                }
            ));
        }
        for id in ["id_protection", "transfer_lock"] {
            assert!(find(id).unwrap().unavailable(Api::Cnr).is_some());
        }
    }
}
