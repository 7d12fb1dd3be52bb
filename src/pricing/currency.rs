//! Currency conversion with the API's exchange rates (QueryExchangeRates: the ECB's daily
//! rates, from EUR to each other currency).

use super::money::{from_f64, Cents};
use crate::wire::Response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Units of each currency per euro; EUR itself is always 1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rates(BTreeMap<String, f64>);

impl Rates {
    /// The newest rate per currency from a QueryExchangeRates reply. The command lists a
    /// rate per day when asked for a date range, so later dates win over earlier ones.
    pub fn from_response(r: &Response) -> Rates {
        let column = |name: &str| -> Vec<String> {
            r.properties
                .get(name)
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().unwrap_or_default().trim().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        // ISPAPI's names (QUERYEXCHANGERATES.md), else CNR's (its knowledge base,
        // api-command/QueryExchangeRates: CURRENCY_FROM, CURRENCY_TO).
        let either = |ispapi: &str, cnr: &str| {
            let c = column(ispapi);
            if c.is_empty() {
                column(cnr)
            } else {
                c
            }
        };
        let (from, to, dates, rates) = (
            either("CURRENCYFROM", "CURRENCY_FROM"),
            either("CURRENCYTO", "CURRENCY_TO"),
            column("DATE"),
            column("RATE"),
        );
        let mut newest: BTreeMap<String, (String, f64)> = BTreeMap::new();
        for (i, target) in to.iter().enumerate() {
            let base = from.get(i).map(String::as_str).unwrap_or("EUR");
            let Some(rate) = rates.get(i).and_then(|r| r.parse::<f64>().ok()) else {
                continue;
            };
            let usable = base.eq_ignore_ascii_case("EUR") && rate.is_finite() && rate > 0.0;
            if !usable {
                continue;
            }
            let date = dates.get(i).cloned().unwrap_or_default();
            let key = target.to_ascii_uppercase();
            if newest.get(&key).is_none_or(|(d, _)| date >= *d) {
                newest.insert(key, (date, rate));
            }
        }
        Rates(newest.into_iter().map(|(k, (_, r))| (k, r)).collect())
    }

    fn per_euro(&self, currency: &str) -> Option<f64> {
        let currency = currency.trim().to_ascii_uppercase();
        if currency == "EUR" {
            return Some(1.0);
        }
        self.0
            .get(&currency)
            .copied()
            .filter(|r| r.is_finite() && *r > 0.0)
    }

    /// `amount` in `from` expressed in `to`, to the cent; `None` without a rate for either.
    pub fn convert(&self, amount: Cents, from: &str, to: &str) -> Option<Cents> {
        if from.trim().eq_ignore_ascii_case(to.trim()) {
            return Some(amount);
        }
        let euros = amount as f64 / 100.0 / self.per_euro(from)?;
        from_f64(euros * self.per_euro(to)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(pairs: &[(&str, f64)]) -> Rates {
        Rates(pairs.iter().map(|(c, r)| ((*c).to_owned(), *r)).collect())
    }

    #[test]
    fn amounts_convert_through_the_euro() {
        let r = rates(&[("USD", 1.085), ("GBP", 0.856)]);
        assert_eq!(r.convert(1000, "EUR", "USD"), Some(1085));
        assert_eq!(r.convert(1085, "usd", "EUR"), Some(1000));
        assert_eq!(r.convert(1000, "GBP", "USD"), Some(1268));
        assert_eq!(r.convert(1000, "JPY", "USD"), None);
        assert_eq!(r.convert(1000, "JPY", "JPY"), Some(1000));
    }

    #[test]
    fn cnr_names_the_rate_columns_with_underscores() {
        let r = crate::wire::parse(
            "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[CURRENCY_FROM][0] = EUR\nproperty[CURRENCY_TO][0] = USD\nproperty[DATE][0] = 2026-12-03\nproperty[RATE][0] = 1.085\nEOF\n",
        );
        assert_eq!(Rates::from_response(&r), rates(&[("USD", 1.085)]));
    }
}
