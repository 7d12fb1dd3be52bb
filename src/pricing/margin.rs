//! The reseller's margin rules: how a selling price follows from the registrar cost.
//!
//! The admin writes them as JSON in the registrar setting "Pricing margin", e.g.
//! `{"default": {"percent": 20, "fixed": 0.50, "round_to": 0.99}, "tlds": {".com": {"percent": 10}}}`:
//! cost × (1 + percent/100) + fixed, then rounded up to the next price ending in `round_to`
//! (0.99 → x.99, 0 → whole amounts). A TLD's own rule replaces the default as a whole.

use super::money::{from_f64, Cents};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarginRules {
    #[serde(default)]
    pub default: Margin,
    /// By extension (`.com` or `com`).
    #[serde(default)]
    pub tlds: BTreeMap<String, Margin>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margin {
    /// Added as a share of the cost, in percent.
    #[serde(default)]
    pub percent: f64,
    /// Added as an amount, in the currency of the price row (the same number in every
    /// currency, as a shop's "+ 0.50" usually is).
    #[serde(default)]
    pub fixed: f64,
    /// The cents every price ends in (0.99 → 12.99), rounding up; none: to the cent.
    #[serde(default)]
    pub round_to: Option<f64>,
}

impl MarginRules {
    /// The rules from the setting's text; an empty setting is no rule at all.
    pub fn parse(text: &str) -> Result<Option<MarginRules>> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let rules: MarginRules = serde_json::from_str(text).map_err(|e| {
            CoreError::new(
                "invalid_settings",
                format!(
                    "the pricing margin is not valid JSON of the documented shape: {}",
                    crate::error::shown(&e.to_string(), crate::error::TEXT_CHARS)
                ),
            )
        })?;
        rules.check()?;
        Ok(Some(rules))
    }

    pub fn check(&self) -> Result<()> {
        for (name, m) in std::iter::once(("default", &self.default))
            .chain(self.tlds.iter().map(|(k, v)| (k.as_str(), v)))
        {
            let bad = |what: &str| {
                Err(CoreError::new(
                    "invalid_settings",
                    format!("pricing margin {}: {what}", crate::error::quoted(name)),
                ))
            };
            if !(m.percent.is_finite() && (0.0..=10_000.0).contains(&m.percent)) {
                return bad("percent must be between 0 and 10000");
            }
            if !(m.fixed.is_finite() && (0.0..1e9).contains(&m.fixed)) {
                return bad("fixed must be a positive amount");
            }
            if let Some(r) = m.round_to {
                if !(r.is_finite() && (0.0..1.0).contains(&r)) {
                    return bad("round_to must be the cents a price ends in, from 0 to 0.99");
                }
            }
        }
        Ok(())
    }

    /// The rule for an extension: its own, else the default.
    pub fn for_extension(&self, extension: &str) -> &Margin {
        let key = extension.trim().trim_start_matches('.').to_lowercase();
        self.tlds
            .iter()
            .find(|(k, _)| k.trim().trim_start_matches('.').to_lowercase() == key)
            .map(|(_, m)| m)
            .unwrap_or(&self.default)
    }
}

impl Margin {
    /// The selling price for a cost. A free cost stays free: when the registry charges
    /// nothing (a .de transfer), neither does the shop.
    pub fn apply(&self, cost: Cents) -> Cents {
        if cost <= 0 {
            return cost.max(0);
        }
        let raw = cost as f64 * (1.0 + self.percent / 100.0) + self.fixed * 100.0;
        // Up to the next cent, but 1100.0000000000002 (10.00 + 10 %) is 11.00, not 11.01.
        let Some(price) = from_f64((raw - 1e-6).ceil() / 100.0) else {
            return cost;
        };
        match self.round_to.and_then(from_f64) {
            None => price,
            Some(ending) => {
                // The smallest N + ending (in cents) that is not below the price.
                let whole = (price - ending).div_euclid(100);
                let candidate = whole * 100 + ending;
                if candidate >= price {
                    candidate
                } else {
                    candidate + 100
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_fixed_and_rounding_apply_in_order() {
        let m = Margin {
            percent: 20.0,
            fixed: 0.5,
            round_to: Some(0.99),
        };
        // 10.69 × 1.2 + 0.50 = 13.328 → 13.33 → 13.99
        assert_eq!(m.apply(1069), 1399);
        // exactly on an ending stays
        assert_eq!(
            Margin {
                round_to: Some(0.99),
                ..Default::default()
            }
            .apply(1299),
            1299
        );
        assert_eq!(
            Margin {
                round_to: Some(0.0),
                ..Default::default()
            }
            .apply(1201),
            1300
        );
        assert_eq!(m.apply(0), 0);
        let ten = Margin {
            percent: 10.0,
            ..Default::default()
        };
        assert_eq!(ten.apply(1000), 1100);
    }

    #[test]
    fn a_tld_rule_replaces_the_default() {
        let rules =
            MarginRules::parse(r#"{"default": {"percent": 20}, "tlds": {"com": {"percent": 10}}}"#)
                .unwrap()
                .unwrap();
        assert_eq!(rules.for_extension(".COM").percent, 10.0);
        assert_eq!(rules.for_extension(".net").percent, 20.0);
        assert!(MarginRules::parse(r#"{"default": {"percent": -5}}"#).is_err());
        assert!(MarginRules::parse(r#"{"default": {"round_to": 1.5}}"#).is_err());
        assert_eq!(MarginRules::parse("  ").unwrap(), None);
    }
}
