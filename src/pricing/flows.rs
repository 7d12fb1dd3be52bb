//! The registrar functions that read prices from the API: `GetTldPricing` (WHMCS's Registrar
//! TLD Sync) and `SyncTldPricing` (the scheduled sync of `hooks.php`).

use super::classes::{ace_tld, extension_for_class, is_premium_class, ClassPrices, PriceClasses};
use super::money::{Cents, Money};
use super::terms::{parse_years, COLUMNS};
use super::zones::{self, ZoneInfo, ZonePrices};
use super::{
    compute, default_currency, diff, lenient, minimums, renewal, report, MarginRules, PriceRow,
    Rates, Skipped, Terms, TldCost, TldSettings, WhmcsCurrency,
};
use crate::error::{shown, QUOTED_CHARS, TEXT_CHARS};
use crate::registrar::{api_error, DbChange, Flow, Interrupt, Params};
use crate::wire::{Api, Command, Response};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

type Outcome = Result<Value, Interrupt>;

/// TLDs per QueryDomainOptions: the original module asked for 200 at a time.
const OPTIONS_BATCH: usize = 200;

/// CNR has no QueryDomainOptions and QueryZoneList carries no terms: the provider's CNR module
/// asks GetZoneInfo once per zone and keeps the answers in a table (mod_rrpproxy_zones, asked
/// again after 30 days; lib/Helpers/ZoneInfo.php). A flow may send 40 commands, far fewer than
/// an account's hundreds of zones, so the host keeps such a table too (`cnrZoneInfo` rows: zone,
/// info, fetched), each run fills in at most this many zones, and while zones are missing the
/// run ends with `zone_info_pending` and the host runs it again (php-bridge/lib/ZoneInfoCache.php).
/// 40 less QueryZoneList, QueryExchangeRates and room to spare.
const ZONE_INFO_PER_RUN: usize = 36;
/// The table the host keeps the zone rules in.
const ZONE_TABLE: &str = "mod_ispapi_cnr_zones";
/// Days a zone's rules are used before they are asked again (the module's `$maxDays`).
const ZONE_INFO_DAYS: i64 = 30;

/// The most lines of a report written to WHMCS's activity log (the result has all of it).
const ACTIVITY_LINES: usize = 200;

fn command(v: Value) -> Command {
    match v {
        Value::Object(m) => m,
        _ => Command::new(),
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, Interrupt> {
    Err(Interrupt::Fail(message.into()))
}

fn text<'a>(p: &'a Params, key: &str) -> &'a str {
    p.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("")
}

fn column<'r>(r: &'r Response, name: &str) -> Vec<&'r str> {
    r.properties
        .get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default()).collect())
        .unwrap_or_default()
}

/// The WHMCS currencies the host passed as `whmcsCurrencies` (rows of `tblcurrencies`).
pub(crate) fn whmcs_currencies(p: &Params) -> Result<Vec<WhmcsCurrency>, Interrupt> {
    match p.get("whmcsCurrencies") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v.clone()).or_else(|e| {
            fail(format!(
                "whmcsCurrencies must be rows of tblcurrencies (id, code, default): {}",
                shown(&e.to_string(), TEXT_CHARS)
            ))
        }),
    }
}

/// The ASCII TLD used to match extensions however WHMCS stored them (`.рф` or `.xn--p1ai`).
fn match_key(extension: &str) -> String {
    ace_tld(extension).unwrap_or_else(|| extension.trim().trim_start_matches('.').to_lowercase())
}

struct Costs {
    tlds: Vec<TldCost>,
    skipped: Vec<Skipped>,
}

/// CNR's zones: QueryZoneList's price rows and the rules of the zones wanted (GetZoneInfo or
/// the host's table; an error text where GetZoneInfo failed).
struct CnrZones {
    rows: Vec<ZonePrices>,
    left_out: Vec<zones::LeftOut>,
    infos: BTreeMap<String, Result<ZoneInfo, String>>,
    /// Wanted zones neither in the host's table nor asked in this run.
    pending: usize,
}

impl CnrZones {
    /// The rules of the zone pricing `ace` (by [`match_key`]).
    fn info_for(&self, ace: &str) -> Option<&Result<ZoneInfo, String>> {
        let row = self
            .rows
            .iter()
            .find(|r| row_key(r).is_some_and(|(_, k)| k == ace))?;
        self.infos.get(&row.zone.to_lowercase())
    }
}

/// A zone row's TLD as WHMCS writes it and as matched (ASCII).
fn row_key(row: &ZonePrices) -> Option<(String, String)> {
    let unicode = crate::idn::to_unicode(&row.tld).unwrap_or_else(|_| row.tld.clone());
    let extension = format!(".{unicode}");
    let ace = ace_tld(&extension)?;
    Some((extension, ace))
}

/// One row of the host's zone table: the kept GetZoneInfo properties (or `{"error": …}`) and
/// the day they were asked. A row that does not parse counts as missing.
struct Cached {
    info: Result<ZoneInfo, String>,
    fetched: Option<time::Date>,
}

fn day(text: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim().get(..10)?, format).ok()
}

fn cached_zones(p: &Params) -> Result<BTreeMap<String, Cached>, Interrupt> {
    let mut out = BTreeMap::new();
    for row in rows(p, "cnrZoneInfo")? {
        let zone = row.get("zone").and_then(Value::as_str).unwrap_or("");
        let info = match row.get("info") {
            Some(Value::String(t)) => serde_json::from_str::<Value>(t).ok(),
            Some(v) => Some(v.clone()),
            None => None,
        };
        let (zone, Some(Value::Object(info))) = (zone.trim().to_lowercase(), info) else {
            continue;
        };
        if zone.is_empty() {
            continue;
        }
        let info = match info.get("error").and_then(Value::as_str) {
            Some(why) => Err(shown(why, TEXT_CHARS)),
            None => Ok(ZoneInfo::from_properties(&info)),
        };
        let fetched = row.get("fetched").and_then(Value::as_str).and_then(day);
        out.insert(zone, Cached { info, fetched });
    }
    Ok(out)
}

/// QueryZoneList and the rules of the zones pricing the TLDs wanted (all, or `only` by
/// [`match_key`]): from the host's table, asking GetZoneInfo ZONE=<QueryZoneList's ZONE> (as
/// the module does) for at most [`ZONE_INFO_PER_RUN`] zones, missing ones first, then ones older
/// than [`ZONE_INFO_DAYS`] (a failure: older than today). Each answer is written to the table;
/// a failed refresh keeps the rules the table had, as the module does.
fn cnr_zones(flow: &mut Flow, only: Option<&BTreeSet<String>>) -> Result<CnrZones, Interrupt> {
    let r = flow.expect(command(json!({ "COMMAND": "QueryZoneList" })))?;
    let (rows, left_out) = zones::from_zone_list(r);
    let mut wanted: Vec<String> = Vec::new();
    for row in &rows {
        let Some((_, ace)) = row_key(row) else {
            continue;
        };
        let zone = row.zone.to_lowercase();
        if only.is_none_or(|o| o.contains(&ace)) && !wanted.contains(&zone) {
            wanted.push(zone);
        }
    }
    let mut cache = cached_zones(flow.params)?;
    // A smaller share per run (`zoneInfoPerRun`) lets tests run the host's loop with few zones.
    let per_run = lenient::number(flow.params.get("zoneInfoPerRun"))
        .and_then(|n| usize::try_from(n).ok())
        .map_or(ZONE_INFO_PER_RUN, |n| n.clamp(1, ZONE_INFO_PER_RUN));
    let today = flow.today;
    let old = |c: &Cached| match (today, c.fetched) {
        (Some(t), Some(f)) => match c.info {
            Ok(_) => (t - f).whole_days() > ZONE_INFO_DAYS,
            Err(_) => f < t,
        },
        _ => true,
    };
    let missing: Vec<&String> = wanted.iter().filter(|z| !cache.contains_key(*z)).collect();
    let ask: Vec<String> = missing
        .iter()
        .copied()
        .chain(wanted.iter().filter(|z| cache.get(*z).is_some_and(old)))
        .take(per_run)
        .cloned()
        .collect();
    let pending = missing.len().saturating_sub(ask.len());
    let fetched = today.map_or(Value::Null, |t| {
        json!(t
            .format(time::macros::format_description!("[year]-[month]-[day]"))
            .unwrap_or_default())
    });
    let mut infos: BTreeMap<String, Result<ZoneInfo, String>> = BTreeMap::new();
    for zone in &wanted {
        if let Some(c) = cache.remove(zone) {
            infos.insert(zone.clone(), c.info);
        }
    }
    for zone in ask {
        let r = flow.send(command(json!({ "COMMAND": "GetZoneInfo", "ZONE": zone })))?;
        let (info, kept) = if r.success {
            let kept = zones::info_properties(r);
            (Ok(ZoneInfo::from_properties(&kept)), Value::Object(kept))
        } else if infos.get(&zone).is_some_and(Result::is_ok) {
            continue;
        } else {
            let why = api_error("GetZoneInfo", r);
            (Err(why.clone()), json!({ "error": why }))
        };
        flow.db(DbChange {
            table: ZONE_TABLE,
            filter: Map::from_iter([("zone".to_owned(), json!(zone))]),
            set: Map::from_iter([
                ("info".to_owned(), json!(kept.to_string())),
                ("fetched".to_owned(), fetched.clone()),
            ]),
            upsert: true,
        });
        infos.insert(zone, info);
    }
    Ok(CnrZones {
        rows,
        left_out,
        infos,
        pending,
    })
}

/// The result of a CNR run that filled in zone rules but has more to ask: the host runs the
/// function again; the error is what WHMCS shows if it does not.
fn zones_pending(n: usize) -> Value {
    json!({
        "zone_info_pending": n,
        "error": format!(
            "CNR's TLD rules are still being read (GetZoneInfo, {ZONE_INFO_PER_RUN} zones per run): {n} zone(s) left; run it again"
        ),
    })
}

/// The cost of every TLD the account has a price class for (or only of `only`, by
/// [`match_key`]): StatusUser's price classes and QueryDomainOptions' terms (ISPAPI), or
/// QueryZoneList's rows and the zones' GetZoneInfo rules (CNR, `cnr`).
fn fetch_costs(
    flow: &mut Flow,
    only: Option<&BTreeSet<String>>,
    cnr: Option<&CnrZones>,
) -> Result<Costs, Interrupt> {
    let mut skipped = Vec::new();
    // (extension, ace tld, class, prices): ISPAPI's price classes, CNR's zone rows.
    let mut priced: Vec<(String, String, String, ClassPrices)> = Vec::new();
    if let Some(cnr) = cnr {
        for row in &cnr.rows {
            if let Some((extension, ace)) = row_key(row) {
                priced.push((extension, ace, row.zone.clone(), row.prices.clone()));
            }
        }
        for l in &cnr.left_out {
            let key = l.zone.to_lowercase();
            if only.is_none_or(|o| o.contains(&key)) {
                skipped.push(Skipped {
                    extension: format!(".{key}"),
                    reason: format!("QueryZoneList: {}", l.reason),
                });
            }
        }
    } else {
        let status = flow.expect(command(json!({ "COMMAND": "StatusUser" })))?;
        let classes = PriceClasses::from_response(status);
        for (class, prices) in classes.classes {
            if is_premium_class(&class) {
                continue;
            }
            let Some(extension) = extension_for_class(&class) else {
                continue;
            };
            let Some(ace) = ace_tld(&extension) else {
                continue;
            };
            priced.push((extension, ace, class, prices));
        }
    }
    // (extension, ace tld, class, currency, prices)
    let mut wanted = Vec::new();
    let mut seen = BTreeSet::new();
    for (extension, ace, class, prices) in priced {
        if only.is_some_and(|o| !o.contains(&ace)) || !seen.insert(ace.clone()) {
            continue;
        }
        match (prices.currency.clone(), prices.annual) {
            (Some(currency), Some(_)) => wanted.push((extension, ace, class, currency, prices)),
            _ => skipped.push(Skipped {
                extension,
                reason: format!(
                    "price class {} has no annual price or currency",
                    shown(&class, QUOTED_CHARS)
                ),
            }),
        }
    }
    if let Some(only) = only {
        for missing in only.iter().filter(|k| !seen.contains(*k)) {
            skipped.push(Skipped {
                extension: format!(".{missing}"),
                reason: "the registrar account has no price class for it".into(),
            });
        }
    }
    let mut tlds = Vec::with_capacity(wanted.len());
    if let Some(cnr) = cnr {
        for (extension, ace, class, currency, prices) in wanted {
            let info = match cnr.info_for(&ace) {
                Some(Ok(info)) => info,
                Some(Err(why)) => {
                    skipped.push(Skipped {
                        extension,
                        reason: why.clone(),
                    });
                    continue;
                }
                None => {
                    skipped.push(Skipped {
                        extension,
                        reason: "GetZoneInfo: its zone's rules are not read yet".into(),
                    });
                    continue;
                }
            };
            if info.register_years.is_empty() {
                skipped.push(Skipped {
                    extension,
                    reason: "the registry offers no registration term".into(),
                });
                continue;
            }
            tlds.push(TldCost {
                extension,
                class,
                currency,
                setup: Money(prices.setup.unwrap_or(0)),
                annual: Money(prices.annual.unwrap_or(0)),
                transfer: prices.transfer.map(Money),
                restore: prices.restore.map(Money),
                register_years: info.register_years.clone(),
                renew_years: info.renew_years.clone(),
                epp_required: info.epp_required,
                redemption_days: info.redemption_days,
            });
        }
        tlds.sort_by(|a, b| a.extension.cmp(&b.extension));
        return Ok(Costs { tlds, skipped });
    }
    for chunk in wanted.chunks(OPTIONS_BATCH) {
        let names: Vec<String> = chunk.iter().map(|w| format!("example.{}", w.1)).collect();
        let r = flow.send(command(
            json!({ "COMMAND": "QueryDomainOptions", "DOMAIN": names }),
        ))?;
        if !r.success {
            let why = api_error("QueryDomainOptions", r);
            skipped.extend(chunk.iter().map(|w| Skipped {
                extension: w.0.clone(),
                reason: why.clone(),
            }));
            continue;
        }
        let (register, renew, auth, restorable) = (
            column(r, "ZONEREGISTRATIONPERIODS"),
            column(r, "ZONERENEWALPERIODS"),
            column(r, "REGISTRYTRANSFERREQUIREAUTHCODE"),
            // Not in the command's reference; the original module read the redemption days
            // from it ("30d").
            column(r, "ZONEDELETIONRESTORABLEPERIOD"),
        );
        for (i, (extension, _, class, currency, prices)) in chunk.iter().enumerate() {
            let register_years = register.get(i).map(|p| parse_years(p)).unwrap_or_default();
            if register_years.is_empty() {
                skipped.push(Skipped {
                    extension: extension.clone(),
                    reason: "the registry offers no registration term".into(),
                });
                continue;
            }
            tlds.push(TldCost {
                extension: extension.clone(),
                class: class.clone(),
                currency: currency.clone(),
                setup: Money(prices.setup.unwrap_or(0)),
                annual: Money(prices.annual.unwrap_or(0)),
                transfer: prices.transfer.map(Money),
                restore: prices.restore.map(Money),
                register_years,
                renew_years: renew.get(i).map(|p| parse_years(p)).unwrap_or_default(),
                epp_required: auth
                    .get(i)
                    .is_none_or(|a| !a.trim().eq_ignore_ascii_case("NO")),
                redemption_days: restorable
                    .get(i)
                    .and_then(|d| d.trim().trim_end_matches(['d', 'D']).trim().parse().ok()),
            });
        }
    }
    tlds.sort_by(|a, b| a.extension.cmp(&b.extension));
    Ok(Costs { tlds, skipped })
}

fn exchange_rates(flow: &mut Flow) -> Result<Rates, Interrupt> {
    let r = flow.expect(command(json!({ "COMMAND": "QueryExchangeRates" })))?;
    Ok(Rates::from_response(r))
}

fn left_out_line(skipped: &[Skipped]) -> String {
    let list: Vec<String> = skipped
        .iter()
        .take(50)
        .map(|s| format!("{} ({})", shown(&s.extension, QUOTED_CHARS), s.reason))
        .collect();
    let more = skipped.len().saturating_sub(list.len());
    format!(
        "ispapi: TLD sync left out {} TLD(s): {}{}",
        skipped.len(),
        list.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// `GetTldPricing`: WHMCS's ResultsList of ImportItems, the cost prices of every TLD.
///
/// ImportItem prices are for the shortest registration term, as WHMCS's documentation asks;
/// WHMCS cannot express renewal terms that differ from registration terms, which is why
/// `SyncTldPricing` rewrites the renewal rows. A cost in a currency WHMCS does not have is
/// converted to WHMCS's default currency ("This currency must exist within the WHMCS
/// installation").
pub fn get_tld_pricing(flow: &mut Flow) -> Outcome {
    let currencies = whmcs_currencies(flow.params)?;
    let cnr = if flow.settings.api() == Api::Cnr {
        let zones = cnr_zones(flow, None)?;
        if zones.pending > 0 {
            return Ok(zones_pending(zones.pending));
        }
        Some(zones)
    } else {
        None
    };
    let costs = fetch_costs(flow, None, cnr.as_ref())?;
    let unknown = |code: &str| {
        !currencies.is_empty() && !currencies.iter().any(|c| c.code.eq_ignore_ascii_case(code))
    };
    let rates = if costs.tlds.iter().any(|c| unknown(&c.currency)) {
        exchange_rates(flow)?
    } else {
        Rates::default()
    };
    let default = default_currency(&currencies).map(|c| c.code.to_ascii_uppercase());
    let mut skipped = costs.skipped;
    let mut items = Vec::with_capacity(costs.tlds.len());
    for cost in &costs.tlds {
        let target = match (unknown(&cost.currency), &default) {
            (true, Some(d)) => d.clone(),
            _ => cost.currency.clone(),
        };
        let convert = |c: Cents| rates.convert(c, &cost.currency, &target);
        let Some(&shortest) = cost.register_years.first() else {
            continue;
        };
        let min = Cents::from(shortest);
        let register = cost
            .annual
            .0
            .checked_mul(min)
            .and_then(|a| a.checked_add(cost.setup.0))
            .and_then(convert);
        let Some(register) = register else {
            skipped.push(Skipped {
                extension: cost.extension.clone(),
                reason: format!(
                    "no exchange rate from {} to {}",
                    shown(&cost.currency, QUOTED_CHARS),
                    shown(&target.to_string(), QUOTED_CHARS)
                ),
            });
            continue;
        };
        let renew = if cost.renew_years.is_empty() {
            None
        } else {
            cost.annual.0.checked_mul(min).and_then(convert)
        };
        let money = |c: Option<Cents>| c.map_or(Value::Null, |c| json!(Money(c)));
        let mut setters = vec![
            json!(["setExtension", cost.extension]),
            json!(["setYears", cost.register_years]),
            json!(["setRegisterPrice", Money(register)]),
            json!(["setRenewPrice", money(renew)]),
            json!([
                "setTransferPrice",
                money(cost.transfer.and_then(|t| convert(t.0)))
            ]),
        ];
        if let Some(days) = cost.redemption_days {
            setters.push(json!(["setRedemptionFeeDays", days]));
        }
        if let Some(fee) = cost.restore.and_then(|r| convert(r.0)) {
            setters.push(json!(["setRedemptionFeePrice", Money(fee)]));
        }
        setters.push(json!(["setCurrency", target]));
        setters.push(json!(["setEppRequired", cost.epp_required]));
        items.push(json!({ "object": "WHMCS\\Domain\\TopLevel\\ImportItem", "setters": setters }));
    }
    if !skipped.is_empty() {
        flow.activity(left_out_line(&skipped));
    }
    Ok(json!({ "objects": "WHMCS\\Results\\ResultsList", "items": items }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Off,
    Report,
    Update,
}

fn mode(p: &Params) -> Mode {
    let m = text(p, "PricingSync").to_ascii_lowercase();
    if m.starts_with("update") {
        Mode::Update
    } else if m.starts_with("report") {
        Mode::Report
    } else {
        Mode::Off
    }
}

/// A `tbldomainpricing` row the host passed (`whmcsTlds`): the TLDs sold through this registrar.
struct WhmcsTld {
    id: i64,
    settings: TldSettings,
    /// The TLD's ID Protection add-on checkbox.
    idprotection: bool,
}

fn rows(p: &Params, key: &str) -> Result<Vec<Map<String, Value>>, Interrupt> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::Object(m) => Ok(m.clone()),
                _ => fail(format!("{key} must be a list of table rows")),
            })
            .collect(),
        Some(Value::Object(m)) if m.is_empty() => Ok(Vec::new()),
        Some(_) => fail(format!("{key} must be a list of table rows")),
    }
}

fn whmcs_tlds(p: &Params) -> Result<Vec<WhmcsTld>, Interrupt> {
    rows(p, "whmcsTlds")?
        .iter()
        .map(|r| {
            let id = lenient::number(r.get("id"));
            let extension = r.get("extension").and_then(Value::as_str).unwrap_or("");
            match id {
                Some(id) if !extension.trim().is_empty() => Ok(WhmcsTld {
                    id,
                    settings: TldSettings {
                        extension: extension.trim().to_owned(),
                        eppcode: r.get("eppcode").is_some_and(lenient::truthy),
                        redemption_grace_period: lenient::number(r.get("redemption_grace_period"))
                            .and_then(|d| u32::try_from(d).ok()),
                        redemption_grace_period_fee: lenient::amount(
                            r.get("redemption_grace_period_fee"),
                        )
                        .map(Money),
                    },
                    idprotection: r.get("idprotection").is_some_and(lenient::truthy),
                }),
                _ => fail("whmcsTlds rows need an id and an extension"),
            }
        })
        .collect()
}

/// `tblpricing` rows of the given TLDs, keyed back to their extension by `relid`.
fn whmcs_prices(p: &Params, by_id: &BTreeMap<i64, String>) -> Result<Vec<PriceRow>, Interrupt> {
    Ok(rows(p, "whmcsPrices")?
        .iter()
        .filter_map(|r| {
            let kind = r.get("type").and_then(Value::as_str)?;
            let extension = by_id.get(&lenient::number(r.get("relid"))?)?;
            let mut prices = Terms::default();
            for (slot, column) in prices.0.iter_mut().zip(COLUMNS) {
                *slot = lenient::amount(r.get(column));
            }
            Some(PriceRow {
                extension: extension.clone(),
                kind: kind.to_owned(),
                currency: lenient::number(r.get("currency"))?,
                prices,
            })
        })
        .collect())
}

/// `SyncTldPricing`: recomputes the selling prices of the TLDs sold through this registrar
/// (`tbldomainpricing.autoreg`) from the current cost and the margin rules, and writes what
/// changed (mode "Update prices") or only reports it ("Report only").
///
/// The host passes `whmcsCurrencies`, `whmcsTlds` (those `tbldomainpricing` rows) and
/// `whmcsPrices` (their `tblpricing` rows). New TLDs are not added: which TLDs a shop sells
/// stays the admin's choice (WHMCS's own TLD sync page).
///
/// With the setting "Sync ID protection" (seed 004, "Sync Id Protection": the TLDs' Domain
/// Add-Ons checkbox, only for the TLDs with this registrar as auto registration) it also sets
/// each TLD's ID Protection add-on, whatever the price mode: WHMCS's own TLD sync cannot, as
/// ImportItem has no setter for it (developer-docs domain-registrars/tld-pricing-sync.md).
pub fn sync_tld_pricing(flow: &mut Flow) -> Outcome {
    let outcome = sync(flow);
    // The cron has no one to show an error to: the activity log is where the admin looks.
    if let Err(Interrupt::Fail(why)) = &outcome {
        flow.activity(format!("ispapi: TLD price sync failed: {why}"));
    }
    outcome
}

fn sync(flow: &mut Flow) -> Outcome {
    let mode = mode(flow.params);
    let id_protection = flow.settings.sync_id_protection;
    if mode == Mode::Off && !id_protection {
        return Ok(
            json!({ "skipped": "the scheduled TLD price sync is off (setting \"TLD price sync\")" }),
        );
    }
    // Checked first but reported after the ID protection sync, so that a price sync that
    // cannot run (no margin set) does not hold that up.
    let inputs = (mode != Mode::Off).then(|| price_inputs(flow.params));
    // CNR: the rules of the zones sold here, read once for both parts.
    let cnr = if flow.settings.api() == Api::Cnr && (id_protection || matches!(inputs, Some(Ok(_))))
    {
        let only: BTreeSet<String> = whmcs_tlds(flow.params)?
            .iter()
            .map(|t| match_key(&t.settings.extension))
            .collect();
        let zones = cnr_zones(flow, Some(&only))?;
        if zones.pending > 0 {
            return Ok(zones_pending(zones.pending));
        }
        Some(zones)
    } else {
        None
    };
    let id_changes = if id_protection {
        Some(sync_id_protection(flow, cnr.as_ref())?)
    } else {
        None
    };
    let mut result = match inputs {
        None => json!({ "mode": "off" }),
        Some(inputs) => sync_prices(flow, mode, inputs?, cnr.as_ref())?,
    };
    if let Some(n) = id_changes {
        result["id_protection_changes"] = json!(n);
    }
    Ok(result)
}

/// Ticks the ID Protection add-on of each TLD sold through this registrar whose registry the
/// provider offers its privacy service for, and unticks it where not: QueryDomainOptions'
/// X-PROXY lists the TLD's privacy services, "empty if not supported"
/// (hexonet-api-documentation API/DOMAIN/QUERYDOMAINOPTIONS.md); the original module read
/// WHOISTRUSTEE in its space-separated list (hexonet/whmcs-ispapi-registrar pull/187,
/// lib/TldConfigurationModel.php). On CNR, GetZoneInfo's RRPSUPPORTSWHOISPRIVACY or
/// SUPPORTSTRUSTEE, as the provider's CNR module sets the checkbox (lib/Helpers/Pricing.php
/// `syncFeatures`, ZoneInfo.php `id_protection`). A TLD the API did not answer for keeps its
/// checkbox. Returns how many checkboxes changed.
fn sync_id_protection(flow: &mut Flow, cnr: Option<&CnrZones>) -> Result<usize, Interrupt> {
    let tlds = whmcs_tlds(flow.params)?;
    let keyed: Vec<(&WhmcsTld, String)> = tlds
        .iter()
        .filter_map(|t| Some((t, ace_tld(&t.settings.extension)?)))
        .collect();
    let mut failed = Vec::new();
    let mut offers: Vec<(&WhmcsTld, bool)> = Vec::new();
    if flow.settings.api() == Api::Cnr {
        for (tld, ace) in &keyed {
            match cnr.and_then(|c| c.info_for(ace)) {
                Some(Ok(info)) => offers.push((tld, info.id_protection)),
                Some(Err(why)) => failed.push(format!(
                    "{}: {why}",
                    shown(&tld.settings.extension, QUOTED_CHARS)
                )),
                None => failed.push(format!(
                    "{}: not in QueryZoneList (or not active)",
                    shown(&tld.settings.extension, QUOTED_CHARS)
                )),
            }
        }
    } else {
        query_proxies(flow, &keyed, &mut offers, &mut failed)?;
    }
    let (mut ticked, mut unticked) = (Vec::new(), Vec::new());
    for (tld, offered) in offers {
        if offered == tld.idprotection {
            continue;
        }
        flow.db(DbChange {
            table: "tbldomainpricing",
            filter: Map::from_iter([("id".to_owned(), json!(tld.id))]),
            set: Map::from_iter([("idprotection".to_owned(), json!(i32::from(offered)))]),
            upsert: false,
        });
        let name = shown(&tld.settings.extension, QUOTED_CHARS);
        if offered {
            ticked.push(name);
        } else {
            unticked.push(name);
        }
    }
    let mut said = Vec::new();
    if !ticked.is_empty() {
        said.push(format!("ticked for {}", ticked.join(", ")));
    }
    if !unticked.is_empty() {
        said.push(format!(
            "unticked for {} (no privacy service)",
            unticked.join(", ")
        ));
    }
    if !failed.is_empty() {
        said.push(format!("not checked: {}", failed.join("; ")));
    }
    if !said.is_empty() {
        flow.activity(format!(
            "ispapi: TLD sync, ID Protection add-on {}",
            said.join("; ")
        ));
    }
    Ok(ticked.len() + unticked.len())
}

/// ISPAPI: whether each TLD offers WHOISTRUSTEE, from QueryDomainOptions' X-PROXY.
fn query_proxies<'t>(
    flow: &mut Flow,
    keyed: &'t [(&'t WhmcsTld, String)],
    offers: &mut Vec<(&'t WhmcsTld, bool)>,
    failed: &mut Vec<String>,
) -> Result<(), Interrupt> {
    let mut batches: Vec<Vec<&(&WhmcsTld, String)>> = keyed
        .chunks(OPTIONS_BATCH)
        .map(|c| c.iter().collect())
        .collect();
    let mut next = 0;
    while let Some(chunk) = batches.get(next).cloned() {
        next += 1;
        let names: Vec<String> = chunk
            .iter()
            .map(|(_, ace)| format!("example.{ace}"))
            .collect();
        let r = flow.send(command(
            json!({ "COMMAND": "QueryDomainOptions", "DOMAIN": names }),
        ))?;
        if !r.success {
            if chunk.len() > 1 {
                // One TLD the API refuses fails the whole command: each is asked alone, so
                // one unknown TLD in WHMCS does not keep the others from being synced.
                batches.extend(chunk.iter().map(|t| vec![*t]));
            } else {
                let tld = shown(&chunk[0].0.settings.extension, QUOTED_CHARS);
                failed.push(format!("{tld}: {}", api_error("QueryDomainOptions", r)));
            }
            continue;
        }
        let proxy = column(r, "X-PROXY");
        for (i, (tld, _)) in chunk.iter().enumerate() {
            let Some(services) = proxy.get(i) else {
                continue;
            };
            let offered = services
                .split_whitespace()
                .any(|s| s.eq_ignore_ascii_case("WHOISTRUSTEE"));
            offers.push((tld, offered));
        }
    }
    Ok(())
}

/// The price part of `SyncTldPricing`.
/// What the price part needs before it asks the API: the margin rules and WHMCS's currencies.
fn price_inputs(p: &Params) -> Result<(MarginRules, Vec<WhmcsCurrency>), Interrupt> {
    let rules = match MarginRules::parse(text(p, "PricingMargin")) {
        Ok(Some(r)) => r,
        Ok(None) => return fail(
            "Set the pricing margin (registrar setting \"Pricing margin\") before the TLD price sync runs; {\"default\": {\"percent\": 0}} sells at cost.",
        ),
        Err(e) => return fail(e.message),
    };
    let currencies = whmcs_currencies(p)?;
    if currencies.is_empty() {
        return fail("whmcsCurrencies is empty: WHMCS has no currency to price in");
    }
    Ok((rules, currencies))
}

fn sync_prices(
    flow: &mut Flow,
    mode: Mode,
    (rules, currencies): (MarginRules, Vec<WhmcsCurrency>),
    cnr: Option<&CnrZones>,
) -> Outcome {
    let tlds = whmcs_tlds(flow.params)?;
    let by_id: BTreeMap<i64, String> = tlds
        .iter()
        .map(|t| (t.id, t.settings.extension.clone()))
        .collect();
    let current = whmcs_prices(flow.params, &by_id)?;
    let dry_run = mode == Mode::Report;
    if tlds.is_empty() {
        return Ok(json!({
            "mode": if dry_run { "report" } else { "update" },
            "tlds": 0, "changes": 0, "tld_changes": 0,
            "report": "No TLD is sold through this registrar (Domain Pricing, auto registration); nothing to sync.\n",
        }));
    }
    let only: BTreeSet<String> = tlds
        .iter()
        .map(|t| match_key(&t.settings.extension))
        .collect();
    let costs = fetch_costs(flow, Some(&only), cnr)?;
    let needs_rates = costs.tlds.iter().any(|t| {
        currencies
            .iter()
            .any(|c| !c.code.eq_ignore_ascii_case(&t.currency))
    });
    let rates = if needs_rates {
        exchange_rates(flow)?
    } else {
        Rates::default()
    };
    // The computed rows name TLDs as the API's classes do; WHMCS's spelling wins.
    let spelling: BTreeMap<String, &WhmcsTld> = tlds
        .iter()
        .map(|t| (match_key(&t.settings.extension), t))
        .collect();
    let costs_in_whmcs_spelling: Vec<TldCost> = costs
        .tlds
        .iter()
        .map(|c| {
            let mut c = c.clone();
            if let Some(t) = spelling.get(&match_key(&c.extension)) {
                c.extension = t.settings.extension.clone();
            }
            c
        })
        .collect();
    let computed = compute(&costs_in_whmcs_spelling, &currencies, &rates, &rules);
    let mut skipped = costs.skipped;
    skipped.extend(computed.skipped.iter().cloned());
    let current_tlds: Vec<TldSettings> = tlds.iter().map(|t| t.settings.clone()).collect();
    let d = diff(&current, &computed.rows, &current_tlds, &computed.tlds);
    let mut text = report(&d, computed.rows.len(), &currencies, &skipped, dry_run);
    let synced: Vec<String> = computed.tlds.iter().map(|t| t.extension.clone()).collect();
    let needed = minimums(Some(&synced)).map_err(|e| Interrupt::Fail(e.message))?;
    if !needed.is_empty() {
        text.push_str("These TLDs take no explicit renewals; configuration.php needs:\n");
        text.push_str(&renewal::php_lines(&needed));
    }
    if !dry_run {
        let ids: BTreeMap<String, i64> = tlds
            .iter()
            .map(|t| (match_key(&t.settings.extension), t.id))
            .collect();
        for change in &d.rows {
            let Some(relid) = ids.get(&match_key(&change.extension)) else {
                continue;
            };
            let mut set = Map::new();
            for (column, price) in COLUMNS.iter().zip(change.row.prices.0) {
                set.insert(
                    (*column).to_owned(),
                    json!(price.map_or(-1.0, super::money::to_f64)),
                );
            }
            flow.db(DbChange {
                table: "tblpricing",
                filter: Map::from_iter([
                    ("type".to_owned(), json!(change.kind)),
                    ("currency".to_owned(), json!(change.currency)),
                    ("relid".to_owned(), json!(relid)),
                ]),
                set,
                upsert: true,
            });
        }
        for change in &d.tlds {
            let Some(id) = ids.get(&match_key(&change.extension)) else {
                continue;
            };
            let s = &change.settings;
            let mut set = Map::from_iter([("eppcode".to_owned(), json!(i32::from(s.eppcode)))]);
            if let Some(days) = s.redemption_grace_period {
                set.insert("redemption_grace_period".into(), json!(days));
            }
            if let Some(fee) = s.redemption_grace_period_fee {
                set.insert("redemption_grace_period_fee".into(), json!(fee));
            }
            flow.db(DbChange {
                table: "tbldomainpricing",
                filter: Map::from_iter([("id".to_owned(), json!(id))]),
                set,
                upsert: false,
            });
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut activity = lines
        .iter()
        .take(ACTIVITY_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > ACTIVITY_LINES {
        activity.push_str(&format!(
            "\n… and {} more lines",
            lines.len() - ACTIVITY_LINES
        ));
    }
    flow.activity(format!("ispapi: {activity}"));
    Ok(json!({
        "mode": if dry_run { "report" } else { "update" },
        "tlds": computed.tlds.len(),
        "changes": d.rows.len(),
        "tld_changes": d.tlds.len(),
        "report": text,
    }))
}
