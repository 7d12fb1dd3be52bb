//! Registration terms: the API's period lists (`1Y,2Y,…`) and WHMCS's ten price columns.
//!
//! WHMCS keeps one `tblpricing` row per TLD, currency and type (`domainregister`,
//! `domaintransfer`, `domainrenew`) with a column per term: `msetupfee` is 1 year … `biennially`
//! 10 years, and -1 means "not offered". Its own TLD sync assumes renewals allow the same terms
//! as registrations; many registries do not (.tm registers for 10 years and renews for 1, 2 or
//! 5), so the rows here are built from each list separately.

use super::money::{to_f64, Cents};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `tblpricing` columns for 1 to 10 years.
pub const COLUMNS: [&str; 10] = [
    "msetupfee",
    "qsetupfee",
    "ssetupfee",
    "asetupfee",
    "bsetupfee",
    "monthly",
    "quarterly",
    "semiannually",
    "annually",
    "biennially",
];

/// The years in a period list such as `1Y,2Y,10Y`, sorted, within WHMCS's 1 to 10.
///
/// `0Y` (a transfer without renewal) and month periods (`1M`) are not terms a customer orders,
/// so they are left out, as the original module did.
pub fn parse_years(list: &str) -> Vec<u32> {
    let mut years: Vec<u32> = list
        .split(',')
        .filter_map(|p| p.trim().strip_suffix(['Y', 'y'])?.trim().parse().ok())
        .filter(|y| (1..=10).contains(y))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The prices of one `tblpricing` row: index 0 is 1 year; `None` is "not offered" (-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terms(pub [Option<Cents>; 10]);

impl Terms {
    /// The row for the given years, each priced by `price`.
    pub fn offered(years: &[u32], price: impl Fn(u32) -> Option<Cents>) -> Terms {
        let mut terms = Terms::default();
        for &y in years {
            if let Some(slot) = (y as usize).checked_sub(1).and_then(|i| terms.0.get_mut(i)) {
                *slot = price(y);
            }
        }
        terms
    }

    pub fn get(&self, years: u32) -> Option<Cents> {
        *self.0.get((years as usize).checked_sub(1)?)?
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// WHMCS's `-1` for a term that is not offered; any negative amount counts as such.
impl Serialize for Terms {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let values: Vec<f64> = self.0.iter().map(|p| p.map_or(-1.0, to_f64)).collect();
        values.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let values = Vec::<super::money::Money>::deserialize(d)?;
        if values.len() != 10 {
            return Err(serde::de::Error::custom(format!(
                "a price row has 10 terms, not {}",
                values.len()
            )));
        }
        let mut terms = Terms::default();
        for (slot, m) in terms.0.iter_mut().zip(values) {
            *slot = (m.0 >= 0).then_some(m.0);
        }
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_lists_keep_only_orderable_years() {
        assert_eq!(parse_years("1Y,2Y,5Y"), [1, 2, 5]);
        assert_eq!(parse_years("0Y,1M,1Y, 10Y,11Y,x"), [1, 10]);
        assert_eq!(parse_years(""), Vec::<u32>::new());
    }

    #[test]
    fn terms_not_listed_are_not_offered() {
        let t = Terms::offered(&[1, 2, 5], |y| Some(i64::from(y) * 100));
        assert_eq!(t.get(5), Some(500));
        assert_eq!(t.get(3), None);
        assert_eq!(t.get(0), None);
        assert_eq!(
            serde_json::to_value(t).unwrap(),
            serde_json::json!([1.0, 2.0, -1.0, -1.0, 5.0, -1.0, -1.0, -1.0, -1.0, -1.0])
        );
    }
}
