//! The account's price classes from StatusUser's relations, and which TLD each class prices.
//!
//! StatusUser lists `RELATIONTYPE` / `RELATIONVALUE` pairs; a domain price is
//! `PRICE_CLASS_DOMAIN_<CLASS>_<KIND>` with KIND `SETUP`, `ANNUAL`, `TRANSFER`, `RESTORE` or
//! `CURRENCY`. Premium classes (`PREMIUM_AI_A`) price single premium names, not a TLD.

use super::money::{self, Cents};
use crate::idn;
use crate::wire::Response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

const PREFIX: &str = "PRICE_CLASS_DOMAIN_";

/// One class's prices, in its own currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClassPrices {
    pub currency: Option<String>,
    pub setup: Option<Cents>,
    pub annual: Option<Cents>,
    pub transfer: Option<Cents>,
    pub restore: Option<Cents>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceClasses {
    /// The account's own currency (`ACCOUNTCURRENCY`).
    pub account_currency: Option<String>,
    /// By class name in capitals.
    pub classes: BTreeMap<String, ClassPrices>,
    /// A registry trade (change of registrant) by class, where the relation exists: read for
    /// the activity log of a trade, not a price of the TLD's sale.
    pub trades: BTreeMap<String, Cents>,
}

impl PriceClasses {
    pub fn from_response(r: &Response) -> PriceClasses {
        let column = |name: &str| -> Vec<&str> {
            r.properties
                .get(name)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().map(|x| x.as_str().unwrap_or_default()).collect())
                .unwrap_or_default()
        };
        let mut out = PriceClasses {
            account_currency: column("ACCOUNTCURRENCY")
                .first()
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty()),
            classes: BTreeMap::new(),
            trades: BTreeMap::new(),
        };
        let values = column("RELATIONVALUE");
        for (i, relation) in column("RELATIONTYPE").iter().enumerate() {
            let value = values.get(i).copied().unwrap_or_default().trim();
            let relation = relation.trim().to_ascii_uppercase();
            let Some(rest) = relation.strip_prefix(PREFIX) else {
                continue;
            };
            let Some((class, kind)) = rest.rsplit_once('_') else {
                continue;
            };
            if class.is_empty() {
                continue;
            }
            // Markups of variable-fee premium classes and the like are not read.
            if !matches!(
                kind,
                "CURRENCY" | "SETUP" | "ANNUAL" | "TRANSFER" | "RESTORE" | "TRADE"
            ) {
                continue;
            }
            if kind == "TRADE" {
                if let Some(cents) = money::parse(value) {
                    out.trades.insert(class.to_owned(), cents);
                }
                continue;
            }
            let prices = out.classes.entry(class.to_owned()).or_default();
            match kind {
                "CURRENCY" => {
                    prices.currency = Some(value.to_ascii_uppercase()).filter(|c| !c.is_empty())
                }
                "SETUP" => prices.setup = money::parse(value),
                "ANNUAL" => prices.annual = money::parse(value),
                "TRANSFER" => prices.transfer = money::parse(value),
                _ => prices.restore = money::parse(value),
            }
        }
        out
    }

    pub fn get(&self, class: &str) -> Option<&ClassPrices> {
        self.classes.get(&class.trim().to_ascii_uppercase())
    }
}

/// Premium classes price single premium names (`PREMIUM_AI_A`), not a TLD.
pub fn is_premium_class(class: &str) -> bool {
    class.to_ascii_uppercase().starts_with("PREMIUM_") && class.len() > "PREMIUM_".len()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassTable {
    classes: BTreeMap<String, String>,
}

fn table() -> &'static BTreeMap<String, String> {
    static TABLE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Part of the build; tests/pricing.rs parses it, so a broken edit fails there.
        toml::from_str::<ClassTable>(include_str!("tld_classes.toml"))
            .map(|t| t.classes)
            .unwrap_or_default()
    })
}

/// The extension a TLD class prices, as WHMCS writes it (`.co.uk`, IDN TLDs in Unicode:
/// `.рф`); `None` for premium and other classes that are no TLD.
pub fn extension_for_class(class: &str) -> Option<String> {
    let class = class.trim().to_ascii_uppercase();
    if let Some(tld) = table().get(&class) {
        return Some(format!(".{tld}"));
    }
    // Underscores mark premium and other non-TLD classes; a TLD label is letters, digits and
    // hyphens.
    if class.is_empty() || !class.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let ace = class.to_ascii_lowercase();
    if ace.starts_with("xn--") {
        return idn::to_unicode(&ace).ok().map(|u| format!(".{u}"));
    }
    Some(format!(".{ace}"))
}

/// The price class of an extension (`.co.uk` → `COUK`, `.рф` → `XN--P1AI`).
pub fn class_for_extension(extension: &str) -> Option<String> {
    let tld = extension.trim().trim_start_matches('.').to_lowercase();
    if tld.is_empty() {
        return None;
    }
    if let Some((class, _)) = table().iter().find(|(_, t)| **t == tld) {
        return Some(class.clone());
    }
    let ace = if tld.is_ascii() {
        tld
    } else {
        idn::to_ascii(&tld).ok()?
    };
    Some(ace.replace('.', "").to_ascii_uppercase())
}

/// The TLD in ASCII for API commands (`.рф` → `xn--p1ai`).
pub fn ace_tld(extension: &str) -> Option<String> {
    let tld = extension.trim().trim_start_matches('.').to_lowercase();
    if tld.is_empty() {
        None
    } else if tld.is_ascii() {
        Some(tld)
    } else {
        idn::to_ascii(&tld).ok()
    }
}

/// Whether the built-in class table parses (for the tests).
pub fn table_entries() -> usize {
    table().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_map_to_extensions_and_back() {
        assert_eq!(extension_for_class("COM").as_deref(), Some(".com"));
        assert_eq!(extension_for_class("COUK").as_deref(), Some(".co.uk"));
        assert_eq!(extension_for_class("XN--P1AI").as_deref(), Some(".рф"));
        assert_eq!(extension_for_class("PREMIUM_AI_A"), None);
        assert_eq!(class_for_extension(".co.uk").as_deref(), Some("COUK"));
        assert_eq!(class_for_extension(".рф").as_deref(), Some("XN--P1AI"));
        assert_eq!(class_for_extension("com").as_deref(), Some("COM"));
    }
}
