//! Amounts of money as whole cents, so that sums and comparisons are exact; the API prints
//! prices with two decimals and WHMCS stores them the same way.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in cents of some currency.
pub type Cents = i64;

/// The largest amount the core accepts (ten billion): anything above is a broken reply.
const LIMIT: f64 = 1e12;

/// `"10.69"` → 1069; `None` for empty, non-numeric or absurd text.
pub fn parse(text: &str) -> Option<Cents> {
    let value: f64 = text.trim().parse().ok()?;
    from_f64(value)
}

/// 10.69 → 1069, rounding half away from zero at the cent.
pub fn from_f64(value: f64) -> Option<Cents> {
    (value.is_finite() && value.abs() < LIMIT).then(|| (value * 100.0).round() as Cents)
}

pub fn to_f64(cents: Cents) -> f64 {
    cents as f64 / 100.0
}

/// 1069 → "10.69"; -5 → "-0.05".
pub fn format(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        cents.unsigned_abs() / 100,
        cents.unsigned_abs() % 100
    )
}

/// An amount that crosses the boundary as a decimal number (`10.69`) or text (`"10.69"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Cents);

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(to_f64(self.0))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let cents = match &v {
            serde_json::Value::Number(n) => n.as_f64().and_then(from_f64),
            serde_json::Value::String(s) => parse(s),
            _ => None,
        };
        cents
            .map(Money)
            .ok_or_else(|| serde::de::Error::custom(format!("{v} is not an amount of money")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_becomes_exact_cents() {
        assert_eq!(parse("10.69"), Some(1069));
        assert_eq!(parse(" 0.1 "), Some(10));
        assert_eq!(parse("-1"), Some(-100));
        assert_eq!(parse(""), None);
        assert_eq!(parse("NaN"), None);
        assert_eq!(parse("1e300"), None);
        assert_eq!(format(1069), "10.69");
        assert_eq!(format(-5), "-0.05");
    }
}
