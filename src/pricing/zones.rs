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

/// The GetZoneInfo properties the price sync keeps of a zone: those the provider's CNR module
/// reads for its TLD import and ID-protection sync (lib/Helpers/ZoneInfo.php `get`, keysystems.php
/// `keysystems_GetTldPricing`, lib/Helpers/Pricing.php `syncFeatures`). QueryZoneList has no
/// periods or rules (CNR's knowledge base, api-command/QueryZoneList), so each zone is asked once.
pub const INFO_PROPERTIES: &[&str] = &[
    "PERIODS",
    "REGISTRATIONPERIODS",
    "RENEWALPERIODS",
    "REDEMPTIONPERIODDAYS",
    "AUTHCODE",
    "RRPSUPPORTSWHOISPRIVACY",
    "SUPPORTSTRUSTEE",
];

/// A zone's rules as the price sync reads them from GetZoneInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInfo {
    pub register_years: Vec<u32>,
    pub renew_years: Vec<u32>,
    pub redemption_days: Option<u32>,
    pub epp_required: bool,
    /// The provider's WHOIS privacy service is offered for the zone.
    pub id_protection: bool,
}

/// Years of a CNR period list: a reset period (`R1Y`) counts as its years, as the module's
/// `ZoneInfo::formatPeriods` reads it; months are left out as on ISPAPI.
fn years(list: &str) -> Vec<u32> {
    let plain: Vec<&str> = list
        .split(',')
        .map(|p| {
            let p = p.trim();
            p.strip_prefix(['R', 'r']).unwrap_or(p)
        })
        .collect();
    super::terms::parse_years(&plain.join(","))
}

impl ZoneInfo {
    /// From the kept properties (property → first value), by the module's rules: PERIODS, else
    /// REGISTRATIONPERIODS; AUTHCODE `required`; privacy when RRPSUPPORTSWHOISPRIVACY or
    /// SUPPORTSTRUSTEE is set (PHP truthiness: not empty, not `0`). Renewal terms are
    /// RENEWALPERIODS where given (the module notes registration terms a registry does not renew,
    /// ZoneInfo.php "2022-05"), else the same as registration.
    pub fn from_properties(p: &serde_json::Map<String, Value>) -> ZoneInfo {
        let get = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").trim();
        let set = |k: &str| !get(k).is_empty() && get(k) != "0";
        let periods = if get("PERIODS").is_empty() {
            get("REGISTRATIONPERIODS")
        } else {
            get("PERIODS")
        };
        let register_years = years(periods);
        let renew_years = if get("RENEWALPERIODS").is_empty() {
            register_years.clone()
        } else {
            years(get("RENEWALPERIODS"))
        };
        ZoneInfo {
            register_years,
            renew_years,
            redemption_days: get("REDEMPTIONPERIODDAYS").parse().ok(),
            epp_required: get("AUTHCODE").eq_ignore_ascii_case("required"),
            id_protection: set("RRPSUPPORTSWHOISPRIVACY") || set("SUPPORTSTRUSTEE"),
        }
    }
}

/// The kept properties of a GetZoneInfo reply (first values).
pub fn info_properties(r: &Response) -> serde_json::Map<String, Value> {
    INFO_PROPERTIES
        .iter()
        .filter_map(|k| {
            let v = column(r, k).first().copied()?;
            Some(((*k).to_owned(), Value::from(v)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(v: Value) -> ZoneInfo {
        ZoneInfo::from_properties(v.as_object().unwrap())
    }

    #[test]
    fn zone_info_follows_the_modules_reading() {
        let z = info(json!({
            "PERIODS": "", "REGISTRATIONPERIODS": "R1Y,2Y,1M,10Y", "RENEWALPERIODS": "1Y",
            "REDEMPTIONPERIODDAYS": "30", "AUTHCODE": "required",
            "RRPSUPPORTSWHOISPRIVACY": "0", "SUPPORTSTRUSTEE": "1",
        }));
        assert_eq!(z.register_years, vec![1, 2, 10]);
        assert_eq!(z.renew_years, vec![1]);
        assert_eq!(z.redemption_days, Some(30));
        assert!(z.epp_required && z.id_protection);
        let z = info(json!({ "PERIODS": "1Y,2Y", "AUTHCODE": "", "RRPSUPPORTSWHOISPRIVACY": "0" }));
        assert_eq!(z.renew_years, vec![1, 2]);
        assert_eq!(z.redemption_days, None);
        assert!(!z.epp_required && !z.id_protection);
    }
}
