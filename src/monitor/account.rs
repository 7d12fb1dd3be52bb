//! The account widget's summary: balance and reserved deposits (StatusAccount) and, on live
//! accounts, how many objects of each product the account manages.

use super::flows::{args, column, command, first, Outcome};
use crate::registrar::{Flow, Interrupt};
use crate::wire::Api;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A WHMCS currency (`tblcurrencies`): how its amounts are written.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct CurrencyFormat {
    pub code: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    /// WHMCS's format number: 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234.
    #[serde(default = "default_format")]
    pub format: u8,
}

fn default_format() -> u8 {
    2
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountArgs {
    #[serde(default)]
    currencies: Vec<CurrencyFormat>,
}

/// Product names for the statistics' object classes (as the original widget named them).
const PRODUCTS: &[(&str, &str)] = &[
    ("DOMAIN", "Domains"),
    ("DNSZONE", "DNS Zones"),
    ("MANAGEDDOMAIN", "Domains (RegOC)"),
    ("SSLCERT", "SSL Certs"),
];

#[derive(Debug, Serialize)]
struct Stat {
    product: String,
    label: String,
    count: String,
}

pub(super) fn summary(flow: &mut Flow, raw: &Value) -> Outcome {
    let a: AccountArgs = args(raw)?;
    let r = flow.expect(command(json!({ "COMMAND": "StatusAccount" })))?;
    let currency = first(r, "CURRENCY").unwrap_or("").to_ascii_uppercase();
    let amount = first(r, "AMOUNT").and_then(cents).unwrap_or(0);
    // CNR has no reserved deposits; ISPAPI reserves them for pre-registrations and backorders.
    let deposit = first(r, "DEPOSIT").and_then(cents).unwrap_or(0);
    let available = amount - deposit;
    let live = !flow.settings.test_mode;
    let stats = if live { statistics(flow)? } else { None };
    let format = a
        .currencies
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(&currency));
    let money = |v: i64| format_money(v, &currency, format);
    Ok(json!({
        "api": flow.settings.api(),
        "environment": if live { "live" } else { "ote" },
        "currency": currency,
        "amount": decimal(amount),
        "deposit": decimal(deposit),
        "available": decimal(available),
        "has_deposits": deposit > 0,
        "overdraft": available < 0,
        "formatted": {
            "amount": money(amount),
            "deposit": money(deposit),
            "available": money(available),
        },
        "currency_configured": format.is_some(),
        "stats": stats,
        "logo": stats.is_none(),
    }))
}

/// Product statistics: ISPAPI's QueryUserObjectStatistics (the original widget's command; the
/// API retired it, so a refusal just means "show the logo"); CNR's domain count.
fn statistics(flow: &mut Flow) -> Result<Option<Vec<Stat>>, Interrupt> {
    match flow.settings.api() {
        Api::Ispapi => {
            let r = flow.send(command(json!({ "COMMAND": "QueryUserObjectStatistics" })))?;
            if !r.success {
                return Ok(None);
            }
            let mut stats: Vec<Stat> = r
                .columns
                .iter()
                // Per-TLD breakdowns (DOMAIN_COM …) carry an underscore; products do not.
                .filter(|c| !c.contains('_') && !PAGING.contains(&c.as_str()))
                .filter_map(|c| {
                    let count = first(r, c)?;
                    Some(Stat {
                        product: c.clone(),
                        label: label(c),
                        count: count.to_owned(),
                    })
                })
                .collect();
            stats.sort_by(|a, b| a.label.cmp(&b.label));
            Ok((!stats.is_empty()).then_some(stats))
        }
        Api::Cnr => {
            let r = flow.send(command(json!({ "COMMAND": "QueryDomainList", "LIMIT": 1 })))?;
            if !r.success {
                return Ok(None);
            }
            let total = first(r, "TOTAL")
                .map(str::to_owned)
                .unwrap_or_else(|| column(r, "DOMAIN").len().to_string());
            Ok(Some(vec![Stat {
                product: "DOMAIN".into(),
                label: label("DOMAIN"),
                count: total,
            }]))
        }
    }
}

const PAGING: [&str; 5] = ["FIRST", "LAST", "COUNT", "LIMIT", "TOTAL"];

fn label(product: &str) -> String {
    PRODUCTS
        .iter()
        .find(|(p, _)| *p == product)
        .map(|(_, l)| (*l).to_owned())
        .unwrap_or_else(|| product.to_owned())
}

/// An API amount (`25000.00`, `-3.5`) in cents; `None` when it is not one.
pub(super) fn cents(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 15
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut digits = fraction.bytes().map(|b| i64::from(b - b'0'));
    let c = digits.next().unwrap_or(0) * 10 + digits.next().unwrap_or(0);
    // Half up on the third decimal.
    let c = c + i64::from(digits.next().unwrap_or(0) >= 5);
    let v = whole * 100 + c;
    Some(if negative { -v } else { v })
}

/// Cents as the API and WHMCS's database write them: `1234.50`.
pub(super) fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// An amount the way WHMCS shows it in this currency, or `1,234.56 USD` when WHMCS does not
/// have the currency.
fn format_money(cents: i64, code: &str, format: Option<&CurrencyFormat>) -> String {
    let Some(f) = format else {
        return format!("{} {code}", group(cents, ',', '.', true));
    };
    let number = match f.format {
        1 => decimal(cents),
        3 => group(cents, '.', ',', true),
        4 => group(
            (cents + if cents < 0 { -50 } else { 50 }) / 100 * 100,
            ',',
            '.',
            false,
        ),
        _ => group(cents, ',', '.', true),
    };
    let sign = if number.starts_with('-') { "-" } else { "" };
    format!(
        "{sign}{}{}{}",
        f.prefix,
        number.trim_start_matches('-'),
        f.suffix
    )
}

fn group(cents: i64, thousands: char, point: char, decimals: bool) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(ch);
    }
    if decimals {
        out.push(point);
        out.push_str(&format!("{:02}", c % 100));
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_cents() {
        assert_eq!(cents("25000.00"), Some(2_500_000));
        assert_eq!(cents("-3.5"), Some(-350));
        assert_eq!(cents("0.125"), Some(13));
        assert_eq!(cents("12"), Some(1200));
        assert_eq!(cents("abc"), None);
        assert_eq!(cents(""), None);
    }

    #[test]
    fn money_follows_the_whmcs_currency_format() {
        let eur = CurrencyFormat {
            code: "EUR".into(),
            prefix: "€".into(),
            suffix: " EUR".into(),
            format: 3,
        };
        assert_eq!(
            format_money(12_345_678, "EUR", Some(&eur)),
            "€123.456,78 EUR"
        );
        assert_eq!(format_money(-150, "USD", None), "-1.50 USD");
        let usd = CurrencyFormat {
            code: "USD".into(),
            prefix: "$".into(),
            suffix: "".into(),
            format: 4,
        };
        assert_eq!(format_money(12_345_678, "USD", Some(&usd)), "$123,457");
    }
}
