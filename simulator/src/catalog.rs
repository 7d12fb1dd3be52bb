//! What the registry side offers: TLDs with their price classes and rules, premium and reserved
//! names, domains registered elsewhere (transfer sources) and exchange rates. It is data, read
//! from `fixtures/simulator/*.json` by the seed and kept in the database with the state.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Money in cents (two decimals, as the API prints prices).
pub type Cents = i64;

pub fn cents(amount: f64) -> Cents {
    (amount * 100.0).round() as Cents
}

pub fn money(c: Cents) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Keyed by the TLD in ACE form without a leading dot: `com`, `co.uk`, `xn--p1ai`.
    pub tlds: BTreeMap<String, Tld>,
    /// Premium price classes (`PREMIUM_AI_A`) with their own prices.
    #[serde(default)]
    pub premium_classes: BTreeMap<String, Prices>,
    #[serde(default)]
    pub premium: Vec<PremiumName>,
    #[serde(default)]
    pub reserved: Vec<String>,
    /// Domains registered at another registrar: what a transfer request can pull in.
    #[serde(default)]
    pub foreign: Vec<ForeignDomain>,
    /// Any name whose first label starts with this prefix also counts as registered elsewhere,
    /// so tests can make up transferable names without editing the data.
    #[serde(default)]
    pub foreign_prefix: String,
    #[serde(default)]
    pub foreign_auth: String,
    /// `EUR` to other currencies, like the API's own table.
    #[serde(default)]
    pub exchange_rates: Vec<ExchangeRate>,
    #[serde(default)]
    pub suggestion_words: Vec<String>,
    /// How a TLD's registry takes DNSSEC data (QueryDomainRepositoryInfo ZONESECDNSINTERFACE):
    /// `KEY` or `NONE`; TLDs not listed take `DS`.
    #[serde(default)]
    pub secdns: BTreeMap<String, String>,
    /// TLDs whose registry has no transfer lock (QueryDomainRepositoryInfo
    /// REGISTRYTRANSFERLOCK `NO`; the others `YES`). The demo's .de: DENIC has none (a public
    /// WHMCS registrar module's documentation, "TLDs like .DE do not have a registrar lock").
    #[serde(default)]
    pub no_transferlock: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    pub currency: String,
    #[serde(default)]
    pub setup: f64,
    pub annual: f64,
    #[serde(default)]
    pub transfer: Option<f64>,
    #[serde(default)]
    pub restore: Option<f64>,
    /// A registrant change that the registry charges for (TradeDomain).
    #[serde(default)]
    pub trade: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tld {
    /// The price class, as in `PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL`.
    pub class: String,
    pub prices: Prices,
    #[serde(default = "periods_1_10")]
    pub register_periods: Vec<u32>,
    #[serde(default = "periods_1_9")]
    pub renew_periods: Vec<u32>,
    #[serde(default = "periods_1")]
    pub transfer_periods: Vec<u32>,
    /// Registries that renew on their own (.de, .eu, …) only take PayDomainRenewal; RenewDomain
    /// answers 510 there, which the original module acts on.
    #[serde(default)]
    pub pay_renewal: bool,
    #[serde(default = "yes")]
    pub auth_required: bool,
    /// The registry repository shown in StatusDomain (`COM-OTE-1API1`); derived when absent.
    #[serde(default)]
    pub repository: Option<String>,
    #[serde(default = "five")]
    pub grace_days: i64,
    #[serde(default = "thirty")]
    pub redemption_days: i64,
    /// ACCOUNTINGDATE = PAIDUNTILDATE + this (negative: charged before expiry).
    #[serde(default = "minus_five")]
    pub accounting_days: i64,
    /// FINALIZATIONDATE = EXPIRATIONDATE + this.
    #[serde(default = "one")]
    pub finalization_days: i64,
    /// FAILUREDATE = PAIDUNTILDATE + this.
    #[serde(default = "forty_four")]
    pub failure_days: i64,
    #[serde(default = "no_minimum")]
    pub nameserver_min: u32,
    #[serde(default = "thirteen")]
    pub nameserver_max: u32,
    /// The provider's privacy services for the TLD, as QueryDomainOptions lists them in
    /// X-PROXY ("WhoisTrustee service; empty if not supported", QUERYDOMAINOPTIONS.md; the
    /// original module looked for WHOISTRUSTEE in the space-separated list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub privacy: Vec<String>,
    /// Made by the `extra_tlds` control call (a large catalog for pricing tests), not seeded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub generated: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn periods_1_10() -> Vec<u32> {
    (1..=10).collect()
}
fn periods_1_9() -> Vec<u32> {
    (1..=9).collect()
}
fn periods_1() -> Vec<u32> {
    vec![1]
}
fn yes() -> bool {
    true
}
fn five() -> i64 {
    5
}
fn thirty() -> i64 {
    30
}
fn minus_five() -> i64 {
    -5
}
fn one() -> i64 {
    1
}
fn forty_four() -> i64 {
    44
}
fn no_minimum() -> u32 {
    0
}
fn thirteen() -> u32 {
    13
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PremiumName {
    pub domain: String,
    pub class: String,
    #[serde(default = "default_channel")]
    pub channel: String,
}

fn default_channel() -> String {
    "REGISTRY".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignDomain {
    pub domain: String,
    pub auth: String,
    #[serde(default)]
    pub transferlock: bool,
    #[serde(default = "default_registrar")]
    pub registrar: String,
}

fn default_registrar() -> String {
    "OTHER-REGISTRAR".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRate {
    pub from: String,
    pub to: String,
    pub rate: f64,
}

/// The `i`-th made-up TLD (`gen1` … `genN`, class `GEN1` …): prices, currencies and terms
/// vary with `i`, so a price sync over them meets every case (one registration term, renewal
/// terms shorter than registration, no transfer, no renewal) at scale.
pub fn generated_tld(i: usize) -> (String, Tld) {
    let currency = ["USD", "EUR", "GBP", "CHF"][i % 4];
    let annual = 5.0 + (i % 97) as f64 + (i % 7) as f64 * 0.11;
    let (register_periods, renew_periods): (Vec<u32>, Vec<u32>) = match i % 5 {
        0 => ((1..=10).collect(), (1..=9).collect()),
        1 => ((1..=5).collect(), (1..=4).collect()),
        2 => (vec![10], vec![1, 2, 5]),
        3 => ((1..=10).collect(), (1..=5).collect()),
        _ => (vec![1, 2], vec![1]),
    };
    let tld = Tld {
        class: format!("GEN{i}"),
        prices: Prices {
            currency: currency.into(),
            setup: if i.is_multiple_of(11) { 10.0 } else { 0.0 },
            annual,
            transfer: (!i.is_multiple_of(13)).then_some(annual),
            restore: i.is_multiple_of(3).then_some(annual * 4.0),
            trade: None,
        },
        register_periods,
        renew_periods,
        transfer_periods: vec![1],
        pay_renewal: false,
        auth_required: !i.is_multiple_of(17),
        repository: None,
        grace_days: five(),
        redemption_days: 30 + (i % 3) as i64 * 15,
        accounting_days: minus_five(),
        finalization_days: one(),
        failure_days: forty_four(),
        nameserver_min: no_minimum(),
        nameserver_max: thirteen(),
        privacy: Vec::new(),
        generated: true,
    };
    (format!("gen{i}"), tld)
}

impl Catalog {
    /// Replaces the made-up TLDs with `n` new ones (0 removes them).
    pub fn set_generated_tlds(&mut self, n: usize) {
        self.tlds.retain(|_, t| !t.generated);
        for i in 1..=n {
            let (label, tld) = generated_tld(i);
            self.tlds.entry(label).or_insert(tld);
        }
    }

    /// The TLD of an ACE domain name: the longest configured suffix (`co.uk` before `uk`).
    pub fn tld_of<'a>(&'a self, domain: &str) -> Option<(&'a str, &'a Tld)> {
        let mut rest = domain;
        while let Some((_, tail)) = rest.split_once('.') {
            if let Some((k, v)) = self.tlds.get_key_value(tail) {
                return Some((k.as_str(), v));
            }
            rest = tail;
        }
        None
    }

    pub fn premium(&self, domain: &str) -> Option<(&PremiumName, &Prices)> {
        let p = self
            .premium
            .iter()
            .find(|p| p.domain.eq_ignore_ascii_case(domain))?;
        Some((p, self.premium_classes.get(&p.class)?))
    }

    pub fn is_reserved(&self, domain: &str) -> bool {
        self.reserved.iter().any(|r| r.eq_ignore_ascii_case(domain))
    }

    /// A domain registered at another registrar: `(auth, transferlock, registrar)`.
    pub fn foreign(&self, domain: &str) -> Option<(String, bool, String)> {
        if let Some(f) = self
            .foreign
            .iter()
            .find(|f| f.domain.eq_ignore_ascii_case(domain))
        {
            return Some((f.auth.clone(), f.transferlock, f.registrar.clone()));
        }
        let prefix = self.foreign_prefix.as_str();
        if !prefix.is_empty() && domain.starts_with(prefix) {
            return Some((self.foreign_auth.clone(), false, default_registrar()));
        }
        None
    }

    /// The rate from EUR to `currency` (1 for EUR itself).
    fn eur_rate(&self, currency: &str) -> Option<f64> {
        if currency.eq_ignore_ascii_case("EUR") {
            return Some(1.0);
        }
        self.exchange_rates
            .iter()
            .find(|r| r.from.eq_ignore_ascii_case("EUR") && r.to.eq_ignore_ascii_case(currency))
            .map(|r| r.rate)
    }

    /// Converts an amount between currencies through EUR, as the API's rate table is kept.
    pub fn convert(&self, amount: Cents, from: &str, to: &str) -> Option<Cents> {
        if from.eq_ignore_ascii_case(to) {
            return Some(amount);
        }
        let eur = amount as f64 / self.eur_rate(from)?;
        Some((eur * self.eur_rate(to)?).round() as Cents)
    }

    /// The prices that apply to `domain`: its premium class, or its TLD's.
    pub fn prices_for(&self, domain: &str) -> Option<(String, Prices)> {
        if let Some((p, prices)) = self.premium(domain) {
            return Some((p.class.clone(), prices.clone()));
        }
        let (_, tld) = self.tld_of(domain)?;
        Some((tld.class.clone(), tld.prices.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_prints_two_decimals() {
        assert_eq!(money(950), "9.50");
        assert_eq!(money(-5), "-0.05");
        assert_eq!(cents(9.5), 950);
    }
}
