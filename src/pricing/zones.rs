//! CNR's prices per TLD: QueryZoneList (issue #18 item 7, row 4). ISPAPI lists them as
//! StatusUser price relations (`classes.rs`); CNR has no such relations and answers one row per
//! zone instead: `ZONE`, `3RDS`, `PERIODTYPE`, `SETUP`, `ANNUAL`, `TRANSFER`, `RESTORE`,
//! `TRADE`, `CURRENCY`, `ACTIVE` (CNR's knowledge base, api-command/QueryZoneList). Which rows
//! count and which TLDs a row prices follow the provider's CNR module
//! (keysystems.php `keysystems_GetTldPricing`): yearly, active rows only; `3RDS` names the TLDs.

use super::classes::ClassPrices;
use super::money;
use crate::wire::Response;
use serde_json::Value;

/// Zones the provider's CNR module leaves out: not TLDs (.name's e-mail forwarding, the list of
/// .nu IDNs), though QueryZoneList lists them.
const NOT_TLDS: &[&str] = &["nameemail", "nuidn"];

/// One TLD's prices from one QueryZoneList row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonePrices {
    /// The TLD as `3RDS` names it (ASCII or Unicode, without a dot).
    pub tld: String,
    /// The row's ZONE (CNR's name for its price row).
    pub zone: String,
    pub prices: ClassPrices,
}

/// A row left out, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub zone: String,
    pub reason: &'static str,
}

fn column<'r>(r: &'r Response, name: &str) -> Vec<&'r str> {
    r.properties
        .get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default()).collect())
        .unwrap_or_default()
}

/// The TLDs one row prices: the module reads `3RDS` as a list joined by ", ", or one name;
/// text with spaces but no list is not a TLD, and then ZONE is used when it looks like one.
fn tlds_of(third: &str, zone: &str) -> Vec<String> {
    let third = third.trim();
    let one = |t: &str| t.trim().trim_start_matches('.').to_lowercase();
    if third.contains(',') {
        return third
            .split(',')
            .map(one)
            .filter(|t| !t.is_empty() && !t.contains(' '))
            .collect();
    }
    if third.is_empty() || third.contains(' ') {
        let z = one(zone);
        let tld_like = !z.is_empty()
            && z.chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        return if tld_like { vec![z] } else { Vec::new() };
    }
    vec![one(third)]
}

/// Every TLD price in a QueryZoneList reply, and the rows left out.
pub fn from_zone_list(r: &Response) -> (Vec<ZonePrices>, Vec<LeftOut>) {
    let zones = column(r, "ZONE");
    let cell = |name: &str, i: usize| column(r, name).get(i).copied().unwrap_or("").trim();
    let mut out = Vec::new();
    let mut left = Vec::new();
    for (i, zone) in zones.iter().enumerate() {
        let zone = zone.trim().to_owned();
        if NOT_TLDS.iter().any(|z| z.eq_ignore_ascii_case(&zone)) {
            continue;
        }
        if !cell("PERIODTYPE", i).eq_ignore_ascii_case("YEAR") {
            left.push(LeftOut {
                zone,
                reason: "its price is not yearly",
            });
            continue;
        }
        if cell("ACTIVE", i) != "1" {
            left.push(LeftOut {
                zone,
                reason: "the account has not activated it",
            });
            continue;
        }
        let currency = cell("CURRENCY", i).to_ascii_uppercase();
        let prices = ClassPrices {
            currency: (!currency.is_empty()).then_some(currency),
            setup: money::parse(cell("SETUP", i)),
            annual: money::parse(cell("ANNUAL", i)),
            transfer: money::parse(cell("TRANSFER", i)),
            restore: money::parse(cell("RESTORE", i)),
        };
        let tlds = tlds_of(cell("3RDS", i), &zone);
        if tlds.is_empty() {
            left.push(LeftOut {
                zone,
                reason: "it names no TLD",
            });
            continue;
        }
        for tld in tlds {
            out.push(ZonePrices {
                tld,
                zone: zone.clone(),
                prices: prices.clone(),
            });
        }
    }
    (out, left)
}

/// The trade (change of registrant) price of `tld` in a QueryZoneList reply: `(amount,
/// currency)` when it is not free.
pub fn trade_price(r: &Response, tld: &str) -> Option<(String, String)> {
    let zones = column(r, "ZONE");
    let cell = |name: &str, i: usize| column(r, name).get(i).copied().unwrap_or("").trim();
    let i = (0..zones.len()).find(|&i| {
        tlds_of(cell("3RDS", i), zones[i])
            .iter()
            .any(|t| t.eq_ignore_ascii_case(tld))
    })?;
    let cents = money::parse(cell("TRADE", i)).filter(|c| *c > 0)?;
    let currency = cell("CURRENCY", i);
    (!currency.is_empty()).then(|| (money::format(cents), currency.to_ascii_uppercase()))
}
