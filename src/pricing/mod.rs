//! TLD pricing: the reseller's registrar cost per TLD (StatusUser price classes and
//! QueryDomainOptions terms; on CNR QueryZoneList prices and GetZoneInfo terms; exchange rates)
//! turned into WHMCS's ImportItems and `tblpricing` rows.
//!
//! Two flows run over the API (see [`crate::registrar`]): `GetTldPricing` (WHMCS's "Registrar
//! TLD Sync" reads the cost prices) and `SyncTldPricing` (this module's scheduled sync, which
//! WHMCS lacks: it rewrites the selling prices of the TLDs the shop already sells through this
//! registrar, with the margin rules, and can report instead of writing). The pure parts are
//! boundary functions too: `pricing_rows`, `pricing_diff`, `renewal_minimums`, `price_classes`.

mod classes;
mod currency;
mod diff;
mod flows;
mod margin;
pub mod money;
mod renewal;
mod terms;
mod zones;
pub use zones::trade_price as zone_trade_price;

pub use classes::{
    ace_tld, class_for_extension, extension_for_class, is_premium_class, table_entries,
    ClassPrices, PriceClasses,
};
pub use currency::Rates;
pub use diff::{diff, report, Diff, RowChange, TldChange};
pub(crate) use flows::whmcs_currencies;
pub use flows::{get_tld_pricing, sync_tld_pricing};
pub use margin::{Margin, MarginRules};
pub use renewal::{minimums, renewal_minimums, Minimum, MinimumsInput, MinimumsOutput};
pub use terms::{parse_years, Terms, COLUMNS};

use crate::error::Result;
use crate::wire::Response;
use money::{Cents, Money};
use serde::{Deserialize, Deserializer, Serialize};

/// What one TLD costs the reseller, in the price class's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TldCost {
    /// As WHMCS writes it: `.com`, `.co.uk`, `.рф`.
    pub extension: String,
    pub class: String,
    pub currency: String,
    #[serde(default)]
    pub setup: Money,
    pub annual: Money,
    /// `None`: the registry takes no transfers.
    #[serde(default)]
    pub transfer: Option<Money>,
    /// The restore (redemption) fee.
    #[serde(default)]
    pub restore: Option<Money>,
    pub register_years: Vec<u32>,
    /// Empty: the registry takes no renewal orders of any term.
    #[serde(default)]
    pub renew_years: Vec<u32>,
    #[serde(default = "yes")]
    pub epp_required: bool,
    #[serde(default)]
    pub redemption_days: Option<u32>,
}

fn yes() -> bool {
    true
}

/// A currency configured in WHMCS (`tblcurrencies`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhmcsCurrency {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    pub code: String,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub default: bool,
}

/// The WHMCS default currency: the flagged one, else the first.
pub fn default_currency(currencies: &[WhmcsCurrency]) -> Option<&WhmcsCurrency> {
    currencies
        .iter()
        .find(|c| c.default)
        .or_else(|| currencies.first())
}

/// One `tblpricing` row: a TLD's prices of one type in one WHMCS currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRow {
    pub extension: String,
    /// `domainregister`, `domainrenew` or `domaintransfer`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `tblcurrencies.id`.
    pub currency: i64,
    pub prices: Terms,
}

/// The `tbldomainpricing` columns the sync sets for a TLD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TldSettings {
    pub extension: String,
    pub eppcode: bool,
    /// Redemption days and fee (in the WHMCS default currency); `None`: not known, kept.
    #[serde(default)]
    pub redemption_grace_period: Option<u32>,
    #[serde(default)]
    pub redemption_grace_period_fee: Option<Money>,
}

/// A TLD left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    pub extension: String,
    pub reason: String,
}

pub const REGISTER: &str = "domainregister";
pub const RENEW: &str = "domainrenew";
pub const TRANSFER: &str = "domaintransfer";

#[derive(Debug, Default, Serialize)]
pub struct Computed {
    pub rows: Vec<PriceRow>,
    pub tlds: Vec<TldSettings>,
    pub skipped: Vec<Skipped>,
}

/// The selling prices of every TLD in every WHMCS currency.
///
/// Registration for N years costs the setup fee once plus N annual fees; renewal N annual fees;
/// a transfer the transfer fee, offered for one year (WHMCS's transfer column), as a transfer
/// adds at most one year. Each term's amount gets the TLD's margin rule.
pub fn compute(
    costs: &[TldCost],
    currencies: &[WhmcsCurrency],
    rates: &Rates,
    rules: &MarginRules,
) -> Computed {
    let mut out = Computed::default();
    let default = default_currency(currencies);
    for cost in costs {
        let margin = rules.for_extension(&cost.extension);
        let mut missing = Vec::new();
        for c in currencies {
            let convert = |m: Money| rates.convert(m.0, &cost.currency, &c.code);
            let (Some(setup), Some(annual)) = (convert(cost.setup), convert(cost.annual)) else {
                missing.push(c.code.clone());
                continue;
            };
            let transfer = cost.transfer.and_then(convert);
            let years = |y: u32| annual.checked_mul(Cents::from(y));
            let rows = [
                (
                    REGISTER,
                    Terms::offered(&cost.register_years, |y| {
                        Some(margin.apply(setup.checked_add(years(y)?)?))
                    }),
                ),
                (
                    RENEW,
                    Terms::offered(&cost.renew_years, |y| Some(margin.apply(years(y)?))),
                ),
                (
                    TRANSFER,
                    Terms::offered(if transfer.is_some() { &[1] } else { &[] }, |_| {
                        transfer.map(|t| margin.apply(t))
                    }),
                ),
            ];
            for (kind, prices) in rows {
                out.rows.push(PriceRow {
                    extension: cost.extension.clone(),
                    kind: kind.to_owned(),
                    currency: c.id,
                    prices,
                });
            }
        }
        if !missing.is_empty() {
            out.skipped.push(Skipped {
                extension: cost.extension.clone(),
                reason: format!(
                    "no exchange rate from {} to {}",
                    crate::error::shown(&cost.currency, crate::error::QUOTED_CHARS),
                    crate::error::shown(&missing.join(", "), crate::error::QUOTED_CHARS)
                ),
            });
        }
        let fee = match (cost.restore, default) {
            (Some(r), Some(d)) => rates
                .convert(r.0, &cost.currency, &d.code)
                .map(|f| Money(margin.apply(f))),
            _ => None,
        };
        out.tlds.push(TldSettings {
            extension: cost.extension.clone(),
            eppcode: cost.epp_required,
            redemption_grace_period: cost.redemption_days,
            redemption_grace_period_fee: fee,
        });
    }
    out
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowsInput {
    pub tlds: Vec<TldCost>,
    pub currencies: Vec<WhmcsCurrency>,
    /// Units per euro (QueryExchangeRates); EUR is 1 and need not be listed.
    #[serde(default)]
    pub rates: Rates,
    pub margin: MarginRules,
}

/// `pricing_rows {tlds, currencies, rates, margin}` → `{rows, tlds, skipped}`: the `tblpricing`
/// rows (ten terms each, -1 not offered) and `tbldomainpricing` settings for the given costs.
pub fn pricing_rows(input: RowsInput) -> Result<Computed> {
    input.margin.check()?;
    Ok(compute(
        &input.tlds,
        &input.currencies,
        &input.rates,
        &input.margin,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffInput {
    pub current: Vec<PriceRow>,
    pub computed: Vec<PriceRow>,
    #[serde(default)]
    pub current_tlds: Vec<TldSettings>,
    #[serde(default)]
    pub computed_tlds: Vec<TldSettings>,
    /// For currency codes in the report.
    #[serde(default)]
    pub currencies: Vec<WhmcsCurrency>,
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    #[serde(default = "yes")]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
pub struct DiffOutput {
    pub changes: Vec<RowChange>,
    pub tld_changes: Vec<TldChange>,
    pub report: String,
}

/// `pricing_diff {current, computed, …}` → what a sync would change, and the report an admin
/// reads.
pub fn pricing_diff(input: DiffInput) -> Result<DiffOutput> {
    let d = diff(
        &input.current,
        &input.computed,
        &input.current_tlds,
        &input.computed_tlds,
    );
    let report = report(
        &d,
        input.computed.len(),
        &input.currencies,
        &input.skipped,
        input.dry_run,
    );
    Ok(DiffOutput {
        changes: d.rows,
        tld_changes: d.tlds,
        report,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassesInput {
    /// A parsed StatusUser reply (`parse_response`'s output).
    pub response: Response,
}

#[derive(Debug, Serialize)]
pub struct ClassesOutput {
    pub account_currency: Option<String>,
    /// TLD classes with their extension; premium and unknown classes are left out.
    pub tlds: Vec<ClassEntry>,
    pub premium: Vec<ClassEntry>,
}

#[derive(Debug, Serialize)]
pub struct ClassEntry {
    pub class: String,
    pub extension: Option<String>,
    pub currency: Option<String>,
    pub setup: Option<Money>,
    pub annual: Option<Money>,
    pub transfer: Option<Money>,
    pub restore: Option<Money>,
}

/// `price_classes {response}`: the price classes of a StatusUser reply, by TLD.
pub fn price_classes(input: ClassesInput) -> Result<ClassesOutput> {
    let parsed = PriceClasses::from_response(&input.response);
    let mut out = ClassesOutput {
        account_currency: parsed.account_currency.clone(),
        tlds: Vec::new(),
        premium: Vec::new(),
    };
    for (class, p) in &parsed.classes {
        let premium = is_premium_class(class);
        let entry = ClassEntry {
            class: class.clone(),
            extension: if premium {
                None
            } else {
                extension_for_class(class)
            },
            currency: p.currency.clone(),
            setup: p.setup.map(Money),
            annual: p.annual.map(Money),
            transfer: p.transfer.map(Money),
            restore: p.restore.map(Money),
        };
        if premium {
            out.premium.push(entry);
        } else if entry.extension.is_some() {
            out.tlds.push(entry);
        }
    }
    Ok(out)
}

/// WHMCS hands database values over as numbers or text ("1", "0.00", "-1"); these read both.
pub(crate) mod lenient {
    use super::*;
    use serde_json::Value;

    pub fn int<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
        let v = Value::deserialize(d)?;
        match &v {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or_else(|| serde::de::Error::custom(format!("{v} is not a whole number")))
    }

    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<bool, D::Error> {
        Ok(truthy(&Value::deserialize(d)?))
    }

    pub fn truthy(v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            Value::String(s) => matches!(
                s.trim().to_ascii_lowercase().as_str(),
                "1" | "on" | "yes" | "true"
            ),
            _ => false,
        }
    }

    /// An amount; negative (WHMCS's -1) or missing is `None`.
    pub fn amount(v: Option<&Value>) -> Option<Cents> {
        match v? {
            Value::Number(n) => n.as_f64().and_then(money::from_f64),
            Value::String(s) => money::parse(s),
            _ => None,
        }
        .filter(|c| *c >= 0)
    }

    pub fn number(v: Option<&Value>) -> Option<i64> {
        match v? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse::<f64>().ok().map(|f| f as i64),
            _ => None,
        }
    }
}
