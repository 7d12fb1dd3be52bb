//! The registrar functions that read prices from the API: `GetTldPricing` (WHMCS's Registrar
//! TLD Sync) and `SyncTldPricing` (the scheduled sync of `hooks.php`).

use super::classes::{ace_tld, extension_for_class, is_premium_class, ClassPrices, PriceClasses};
use super::money::{Cents, Money};
use super::terms::{parse_years, COLUMNS};
use super::zones;
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

/// The cost of every TLD the account has a price class for (or only of `only`, by
/// [`match_key`]): StatusUser's price classes (ISPAPI) or QueryZoneList's rows (CNR) for the
/// prices, QueryDomainOptions for the terms.
fn fetch_costs(flow: &mut Flow, only: Option<&BTreeSet<String>>) -> Result<Costs, Interrupt> {
    let mut skipped = Vec::new();
    // (extension, ace tld, class, prices): ISPAPI's price classes, CNR's zone rows.
    let mut priced: Vec<(String, String, String, ClassPrices)> = Vec::new();
    if flow.settings.api() == Api::Cnr {
        let r = flow.expect(command(json!({ "COMMAND": "QueryZoneList" })))?;
        let (rows, left_out) = zones::from_zone_list(r);
        for row in rows {
            let unicode = crate::idn::to_unicode(&row.tld).unwrap_or_else(|_| row.tld.clone());
            let extension = format!(".{unicode}");
            if let Some(ace) = ace_tld(&extension) {
                priced.push((extension, ace, row.zone, row.prices));
            }
        }
        for l in left_out {
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
    let costs = fetch_costs(flow, None)?;
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
    // First, so that a price sync that cannot run (no margin set) does not hold it up.
    let id_changes = if id_protection {
        Some(sync_id_protection(flow)?)
    } else {
        None
    };
    let mut result = if mode == Mode::Off {
        json!({ "mode": "off" })
    } else {
        sync_prices(flow, mode)?
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
/// lib/TldConfigurationModel.php). A TLD the API did not answer for keeps its checkbox.
/// Returns how many checkboxes changed.
fn sync_id_protection(flow: &mut Flow) -> Result<usize, Interrupt> {
    let tlds = whmcs_tlds(flow.params)?;
    let keyed: Vec<(&WhmcsTld, String)> = tlds
        .iter()
        .filter_map(|t| Some((t, ace_tld(&t.settings.extension)?)))
        .collect();
    let (mut ticked, mut unticked, mut failed) = (Vec::new(), Vec::new(), Vec::new());
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

/// The price part of `SyncTldPricing`.
fn sync_prices(flow: &mut Flow, mode: Mode) -> Outcome {
    let rules = match MarginRules::parse(text(flow.params, "PricingMargin")) {
        Ok(Some(r)) => r,
        Ok(None) => return fail(
            "Set the pricing margin (registrar setting \"Pricing margin\") before the TLD price sync runs; {\"default\": {\"percent\": 0}} sells at cost.",
        ),
        Err(e) => return fail(e.message),
    };
    let currencies = whmcs_currencies(flow.params)?;
    if currencies.is_empty() {
        return fail("whmcsCurrencies is empty: WHMCS has no currency to price in");
    }
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
    let costs = fetch_costs(flow, Some(&only))?;
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
