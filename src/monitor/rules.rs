//! The detection rules: one pure function per case over the registrar's domain lists and
//! WHMCS's active domains of this registrar. Each runs in one pass over its inputs (a hash
//! lookup per API row), so 100 000 domains cost milliseconds.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::HashMap;

/// The `tbldomains_extra` rows a premium domain needs for WHMCS to invoice its renewal.
pub const PREMIUM_EXTRAS: [&str; 3] = [
    "registrarRenewalCostPrice",
    "registrarCostPrice",
    "registrarCurrency",
];

/// One active WHMCS domain of this registrar, as the host read it. The text borrows from the
/// host's JSON where it can: 100 000 rows are read without a copy of each name.
#[derive(Debug, Clone, Deserialize)]
pub struct WhmcsDomain<'a> {
    pub id: i64,
    #[serde(borrow)]
    pub domain: Cow<'a, str>,
    #[serde(default, deserialize_with = "flag")]
    pub idprotection: bool,
    #[serde(default, borrow)]
    pub notes: Cow<'a, str>,
    /// `tbldomains.is_premium`: NULL (never set), 0 or 1.
    #[serde(default, deserialize_with = "optional_flag")]
    pub premium: Option<bool>,
    /// Which of [`PREMIUM_EXTRAS`] the domain has (hosts send them for premium domains only).
    #[serde(default, borrow)]
    pub extras: Vec<Cow<'a, str>>,
}

/// Case id → the names the API listed for that case's filter.
pub type Lists<'a> = HashMap<String, Vec<Cow<'a, str>>>;

/// A domain a case applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The name as WHMCS has it (what the admin recognises).
    pub domain: String,
    pub domain_id: i64,
    /// The state before the fix, for the CSV.
    pub before: String,
    /// What the fix needs to know about the item, handed back with it.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub data: Value,
}

/// The inputs of every rule: the API lists by case, and the WHMCS domain of each listed name.
pub struct Inputs<'a> {
    pub whmcs: &'a [WhmcsDomain<'a>],
    /// Every name in the API lists → the first WHMCS domain with that name. Indexing the
    /// lists (tens of thousands of names) instead of WHMCS's rows (up to 100 000) keeps the
    /// table small; WHMCS's rows are read once, in order.
    by_name: FxHashMap<Cow<'a, str>, Option<usize>>,
    lists: &'a Lists<'a>,
}

impl<'a> Inputs<'a> {
    pub fn new(whmcs: &'a [WhmcsDomain<'a>], lists: &'a Lists<'a>) -> Self {
        let listed: usize = lists.values().map(Vec::len).sum();
        let mut by_name: FxHashMap<Cow<'a, str>, Option<usize>> =
            FxHashMap::with_capacity_and_hasher(listed, Default::default());
        for name in lists.values().flatten() {
            by_name.entry(key(name)).or_insert(None);
        }
        for (i, d) in whmcs.iter().enumerate() {
            if let Some(slot @ None) = by_name.get_mut(key(&d.domain).as_ref()) {
                *slot = Some(i);
            }
        }
        Inputs {
            whmcs,
            by_name,
            lists,
        }
    }

    /// The WHMCS domain of an API list entry.
    pub fn whmcs(&self, api_name: &str) -> Option<&'a WhmcsDomain<'a>> {
        let i = (*self.by_name.get(key(api_name).as_ref())?)?;
        self.whmcs.get(i)
    }

    /// The API list of a case; `None` when the host did not list it.
    pub fn list(&self, case: &str) -> Option<&'a [Cow<'a, str>]> {
        self.lists.get(case).map(Vec::as_slice)
    }

    /// The WHMCS domains of a case's API list that pass `keep`.
    fn listed(
        &self,
        case: &str,
        mut keep: impl FnMut(&WhmcsDomain) -> bool,
    ) -> Vec<&'a WhmcsDomain<'a>> {
        let mut seen = FxHashSet::default();
        self.list(case)
            .unwrap_or_default()
            .iter()
            .filter_map(|name| self.whmcs(name))
            .filter(|d| seen.insert(d.id) && keep(d))
            .collect()
    }
}

/// The name both sides are compared by: lower case, no trailing dot, IDNs in their ACE form
/// (WHMCS may hold `münchen.de` where the API lists `xn--mnchen-3ya.de`). Borrowed when the
/// name already is one, as nearly all are.
pub fn key(name: &str) -> Cow<'_, str> {
    let name = name.trim().trim_end_matches('.');
    if name.is_ascii() {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(name.to_ascii_lowercase());
        }
        return Cow::Borrowed(name);
    }
    Cow::Owned(idna::domain_to_ascii(name).unwrap_or_else(|_| name.to_lowercase()))
}

type Rule = fn(&Inputs, &str) -> Vec<Item>;

/// The rule of each case id in `cases.json`.
const RULES: &[(&str, Rule)] = &[
    ("id_protection", id_protection),
    ("transfer_lock", transfer_lock),
    ("migration_notes", migration_notes),
    ("premium_renewal_cost", premium_renewal_cost),
    ("premium_at_registrar", premium_at_registrar),
];

pub fn rule(case: &str) -> Option<Rule> {
    RULES.iter().find(|(id, _)| *id == case).map(|(_, r)| *r)
}

fn item(d: &WhmcsDomain, before: &str) -> Item {
    Item {
        domain: d.domain.to_string(),
        domain_id: d.id,
        before: before.to_owned(),
        data: Value::Null,
    }
}

/// (1) ID protection on at the registrar, off in WHMCS: the customer is not invoiced for it.
fn id_protection(inputs: &Inputs, before: &str) -> Vec<Item> {
    inputs
        .listed("id_protection", |d| !d.idprotection)
        .into_iter()
        .map(|d| item(d, before))
        .collect()
}

/// (2) Transfer lock off at the registrar (WHMCS keeps no lock state to compare with).
fn transfer_lock(inputs: &Inputs, before: &str) -> Vec<Item> {
    inputs
        .listed("transfer_lock", |_| true)
        .into_iter()
        .map(|d| item(d, before))
        .collect()
}

/// (3) The migration tool's markers, the whole note and nothing else (as the tool wrote them).
fn migration_notes(inputs: &Inputs, _before: &str) -> Vec<Item> {
    inputs
        .whmcs
        .iter()
        .filter(|d| is_migration_marker(&d.notes))
        .map(|d| Item {
            domain: d.domain.to_string(),
            domain_id: d.id,
            before: format!("additional notes: {}", d.notes),
            data: json!({ "notes": d.notes }),
        })
        .collect()
}

pub fn is_migration_marker(notes: &str) -> bool {
    ["INIT_TRANSFER_SUCCESS", "INIT_TRANSFER_FAIL"]
        .iter()
        .any(|m| notes.eq_ignore_ascii_case(m))
}

/// (4) Premium in WHMCS but its renewal cost (or the cost or currency stored with it) is
/// missing: WHMCS up to 7.8 did not store them, and WHMCS then renews at the wrong price.
fn premium_renewal_cost(inputs: &Inputs, before: &str) -> Vec<Item> {
    inputs
        .whmcs
        .iter()
        .filter(|d| d.premium == Some(true))
        .filter(|d| {
            PREMIUM_EXTRAS
                .iter()
                .any(|e| !d.extras.iter().any(|x| x == e))
        })
        .map(|d| item(d, before))
        .collect()
}

/// (5) Premium at the registrar, standard in WHMCS.
fn premium_at_registrar(inputs: &Inputs, before: &str) -> Vec<Item> {
    inputs
        .listed("premium_at_registrar", |d| d.premium != Some(true))
        .into_iter()
        .map(|d| item(d, before))
        .collect()
}

/// WHMCS flags arrive as 0/1, "0"/"1", booleans or NULL.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(optional_flag(d)?.unwrap_or(false))
}

fn optional_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(FlagVisitor)
}

/// Reads a flag without building a `Value` for it (two per row of 100 000).
struct FlagVisitor;

impl<'de> serde::de::Visitor<'de> for FlagVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a flag: 0, 1, a boolean or null")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Some(b))
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Some(n != 0))
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Some(n != 0))
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Some(n != 0.0))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        let s = s.trim();
        Ok((!s.is_empty()).then_some(!matches!(s, "0" | "false")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_in_ace_lower_case() {
        assert_eq!(key("MÜNCHEN.de."), "xn--mnchen-3ya.de");
        assert_eq!(key(" Example.COM "), "example.com");
    }

    #[test]
    fn a_marker_is_the_whole_note() {
        assert!(is_migration_marker("init_transfer_fail"));
        assert!(!is_migration_marker("INIT_TRANSFER_FAIL, then renewed"));
    }
}
