//! The monitoring flows that talk to the API, on the registrar's replay machinery: listing one
//! page of a case's domains, fixing one batch of items, the account summary and the premium
//! check behind a failed renewal or transfer.

use super::cases::{self, Case, Fix, PriceSource};
use super::rules::{key, PREMIUM_EXTRAS};
use crate::error::Result;
use crate::registrar::{api_error, DbChange, Exchange, Flow, Interrupt, Params, Settings, Step};
use crate::wire::{Command, Kind, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub(super) type Outcome = std::result::Result<Value, Interrupt>;
type Function = fn(&mut Flow, &Value) -> Outcome;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorStepInput {
    pub function: String,
    /// The registrar's settings (what `getRegistrarConfigOptions('ispapi')` returns).
    pub params: Params,
    /// The function's own arguments.
    #[serde(default)]
    pub args: Value,
    #[serde(default)]
    pub transcript: Vec<Exchange>,
}

const FUNCTIONS: &[(&str, Function)] = &[
    ("ListPage", list_page),
    ("FixBatch", fix_batch),
    ("Account", super::account::summary),
    ("PremiumCheck", super::premium::check),
];

/// `monitor_step`: the next command of a monitoring flow, or its result.
pub fn monitor_step(input: MonitorStepInput) -> Result<Step> {
    let function = crate::registrar::find_function(FUNCTIONS, &input.function, "monitoring")?;
    let settings = Settings::from_params(&input.params);
    let mut flow = Flow::new(&input.params, settings, None, &input.transcript);
    let outcome = function(&mut flow, &input.args);
    Ok(flow.finish(outcome))
}

/// The function's arguments in their own type.
pub(super) fn args<T: DeserializeOwned>(args: &Value) -> std::result::Result<T, Interrupt> {
    T::deserialize(args).map_err(|e| {
        Interrupt::Fail(format!(
            "invalid arguments: {}",
            crate::error::shown(&e.to_string(), crate::error::TEXT_CHARS)
        ))
    })
}

pub(super) fn command(v: Value) -> Command {
    match v {
        Value::Object(map) => map,
        _ => Command::new(),
    }
}

/// The first value of a column, trimmed; `None` when empty.
pub(super) fn first<'r>(r: &'r Response, column: &str) -> Option<&'r str> {
    r.properties
        .get(column)?
        .get(0)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(super) fn column<'r>(r: &'r Response, column: &str) -> Vec<&'r str> {
    r.properties
        .get(column)
        .and_then(Value::as_array)
        .map(|v| v.iter().map(|s| s.as_str().unwrap_or("").trim()).collect())
        .unwrap_or_default()
}

fn case_for(flow: &Flow, id: &str) -> std::result::Result<&'static Case, Interrupt> {
    let case = cases::find(id).map_err(|e| Interrupt::Fail(e.message))?;
    if !case.supports(flow.settings.api()) {
        return Err(Interrupt::Fail(format!(
            "the case {} is not available for this API",
            case.id
        )));
    }
    Ok(case)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListArgs {
    case: String,
    #[serde(default)]
    first: u64,
    #[serde(default = "default_limit")]
    limit: u64,
}

fn default_limit() -> u64 {
    1000
}

/// One page of a case's API list: the command of `cases.json` for this API (ISPAPI's as the
/// original widget sent it; each sorts by a stable column, so no page skips or repeats a
/// domain) with this page's FIRST and LIMIT.
fn list_page(flow: &mut Flow, raw: &Value) -> Outcome {
    let a: ListArgs = args(raw)?;
    let case = case_for(flow, &a.case)?;
    let Some(spec) = case.list(flow.settings.api()) else {
        return Err(Interrupt::Fail(format!(
            "the case {} has no API list",
            case.id
        )));
    };
    let limit = a.limit.clamp(1, 10_000);
    let mut cmd = spec.command.clone();
    cmd.insert("FIRST".into(), json!(a.first));
    cmd.insert("LIMIT".into(), json!(limit));
    let r = flow.expect(cmd)?;
    let classes = spec
        .kinds
        .as_deref()
        .map(|k| column(r, k))
        .unwrap_or_default();
    let names: Vec<String> = column(r, &spec.names)
        .into_iter()
        .enumerate()
        // ISPAPI's version 2 lists applications and transfers too; only domains are compared.
        .filter(|(i, _)| {
            classes
                .get(*i)
                .is_none_or(|c| c.is_empty() || c.eq_ignore_ascii_case("DOMAIN"))
        })
        .filter(|(_, n)| !n.is_empty())
        .map(|(_, n)| n.to_ascii_lowercase())
        .collect();
    let p = &r.pagination;
    // Without TOTAL (the API may leave it out), a full page means there may be another; the
    // page size is the API's own LIMIT, which may be lower than the one asked for.
    let next_first = if r.properties.contains_key("TOTAL") {
        p.next_first
    } else {
        let size = if r.properties.contains_key("LIMIT") {
            p.limit
        } else {
            limit
        };
        (p.count > 0 && p.count >= size).then(|| p.first + p.count)
    };
    Ok(json!({ "names": names, "next_first": next_first }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixArgs {
    case: String,
    items: Vec<FixItem>,
    /// WHMCS's currencies (`tblcurrencies` id and code), for the premium cases.
    #[serde(default)]
    currencies: Vec<Currency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixItem {
    domain: String,
    domain_id: i64,
    /// A fix of this item was started before without a recorded result: check its state at
    /// the registrar before fixing it again.
    #[serde(default)]
    recheck: bool,
    #[serde(default)]
    data: Value,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Currency {
    pub id: i64,
    pub code: String,
}

/// What happened to one item of a batch.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    /// Fixed now, or found fixed already.
    Fixed,
    /// Cannot be fixed this way; the message says why. Not tried again.
    Failed,
    /// The API was not reachable or asked to try later: the item stays open, to be checked
    /// before it is fixed again.
    Retry,
    /// Not attempted in this batch (an earlier item stopped it).
    Untouched,
}

#[derive(Debug, Serialize)]
struct ItemResult {
    domain: String,
    domain_id: i64,
    status: Status,
    message: String,
    after: String,
}

/// Fixes one batch of a case's items; items are independent, so one failing does not stop the
/// others, but a temporary API error stops the batch (the API is in trouble: do not hammer it).
fn fix_batch(flow: &mut Flow, raw: &Value) -> Outcome {
    let a: FixArgs = args(raw)?;
    let case = case_for(flow, &a.case)?;
    if a.items.len() > case.batch {
        return Err(Interrupt::Fail(format!(
            "at most {} items of {} are fixed at once",
            case.batch, case.id
        )));
    }
    let mut results = Vec::with_capacity(a.items.len());
    let Some(entry) = case.fix(flow.settings.api()) else {
        return Err(Interrupt::Fail(format!(
            "the case {} is not available for this API",
            case.id
        )));
    };
    match &entry.fix {
        Fix::Command {
            command,
            property,
            target,
        } => fix_by_command(
            flow,
            case,
            &a.items,
            command,
            property,
            target,
            &mut results,
        )?,
        Fix::ClearNotes => clear_notes(flow, case, &a.items, &mut results),
        Fix::PremiumPrices {
            mark_premium,
            prices,
        } => fix_premium(
            flow,
            case,
            &a.items,
            &a.currencies,
            (*mark_premium, *prices),
            &mut results,
        )?,
    }
    let stopped = results.iter().any(|r| matches!(r.status, Status::Retry));
    Ok(json!({ "items": results, "stopped": stopped }))
}

fn result(item: &FixItem, status: Status, message: impl Into<String>, after: &str) -> ItemResult {
    ItemResult {
        domain: item.domain.clone(),
        domain_id: item.domain_id,
        status,
        message: message.into(),
        after: after.to_owned(),
    }
}

fn reply_text(r: &Response) -> String {
    format!(
        "{} {}",
        r.code,
        crate::error::shown(&r.description, crate::error::TEXT_CHARS)
    )
}

#[allow(clippy::too_many_arguments)]
fn fix_by_command(
    flow: &mut Flow,
    case: &Case,
    items: &[FixItem],
    template: &Command,
    property: &str,
    target: &str,
    out: &mut Vec<ItemResult>,
) -> std::result::Result<(), Interrupt> {
    let mut stop = false;
    for item in items {
        if stop {
            out.push(result(item, Status::Untouched, "", ""));
            continue;
        }
        let name = key(&item.domain);
        if item.recheck {
            let r = flow.send(command(
                json!({ "COMMAND": "StatusDomain", "DOMAIN": name }),
            ))?;
            if r.success && first(r, property) == Some(target) {
                out.push(result(
                    item,
                    Status::Fixed,
                    "already fixed (checked before fixing again)",
                    &case.after,
                ));
                continue;
            }
            if r.kind == Kind::TemporaryError {
                out.push(result(
                    item,
                    Status::Retry,
                    api_error("StatusDomain", r),
                    "",
                ));
                stop = true;
                continue;
            }
        }
        let mut cmd = template.clone();
        cmd.insert("DOMAIN".into(), json!(name));
        let r = flow.send(cmd)?;
        let status = match r.kind {
            Kind::Success => Status::Fixed,
            Kind::TemporaryError => {
                stop = true;
                Status::Retry
            }
            Kind::Error => Status::Failed,
        };
        let after = if matches!(status, Status::Fixed) {
            case.after.as_str()
        } else {
            ""
        };
        out.push(result(item, status, reply_text(r), after));
    }
    if out.iter().any(|r| matches!(r.status, Status::Fixed)) {
        flow.activity(format!(
            "ispapi monitoring: {} fixed for {} domain(s)",
            case.id,
            out.iter()
                .filter(|r| matches!(r.status, Status::Fixed))
                .count()
        ));
    }
    Ok(())
}

fn where_id(id: i64) -> Map<String, Value> {
    Map::from_iter([("id".to_owned(), json!(id))])
}

/// Clears the note only while it still is the migration marker the rule saw, so that a note an
/// admin wrote since is kept.
fn clear_notes(flow: &mut Flow, case: &Case, items: &[FixItem], out: &mut Vec<ItemResult>) {
    for item in items {
        let notes = item.data.get("notes").and_then(Value::as_str).unwrap_or("");
        if !super::rules::is_migration_marker(notes) {
            out.push(result(
                item,
                Status::Failed,
                "the note is not a migration marker",
                "",
            ));
            continue;
        }
        let mut filter = where_id(item.domain_id);
        filter.insert("additionalnotes".into(), json!(notes));
        flow.db(DbChange {
            table: "tbldomains",
            filter,
            set: Map::from_iter([("additionalnotes".to_owned(), json!(""))]),
            upsert: false,
        });
        out.push(result(item, Status::Fixed, "note cleared", &case.after));
    }
}

/// The registrar's premium class, currency and renewal price of each listed domain, from one
/// QueryDomainList (PROPERTIES=PRICE gives the renewal price the account is charged).
pub(super) struct PriceRow {
    pub premium: bool,
    pub class: String,
    pub currency: String,
    pub renewal: Option<i64>,
}

pub(super) fn price_list_command(names: &[String]) -> Command {
    command(json!({
        "COMMAND": "QueryDomainList",
        "VERSION": 2,
        "WIDE": 1,
        "PROPERTIES": "PRICE",
        "USERDEPTH": "SELF",
        "DOMAIN": names,
        "LIMIT": names.len().max(1),
    }))
}

pub(super) fn price_rows(r: &Response) -> HashMap<String, PriceRow> {
    let ids = column(r, "OBJECTID");
    let classes = column(r, "SUBCLASS");
    let currencies = column(r, "CURRENCY");
    let prices = column(r, "RENEWALPRICE");
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let class = classes.get(i).copied().unwrap_or("");
            (
                id.to_ascii_lowercase(),
                PriceRow {
                    premium: is_premium_class(class),
                    class: class.to_owned(),
                    currency: currencies
                        .get(i)
                        .copied()
                        .unwrap_or("")
                        .to_ascii_uppercase(),
                    renewal: prices.get(i).and_then(|p| super::account::cents(p)),
                },
            )
        })
        .collect()
}

pub(super) fn is_premium_class(class: &str) -> bool {
    class.to_ascii_uppercase().starts_with("PREMIUM_") && class.len() > "PREMIUM_".len()
}

/// The rows by name, or the kind and text of the reply that refused them.
type Prices = std::result::Result<HashMap<String, PriceRow>, (Kind, String)>;

/// The premium rows of `names` from one price list (ISPAPI); `Err` is the reply that refused.
fn list_prices(flow: &mut Flow, names: &[String]) -> std::result::Result<Prices, Interrupt> {
    let r = flow.send(price_list_command(names))?;
    if !r.success {
        return Ok(Err((r.kind, api_error("QueryDomainList", r))));
    }
    Ok(Ok(price_rows(r)))
}

/// The premium rows of `names` from CheckDomains with one X-FEE RENEW block per name, at
/// most the API's fee batch per call (CNR: KB api-command/CheckDomains).
fn fee_prices(flow: &mut Flow, names: &[String]) -> std::result::Result<Prices, Interrupt> {
    use crate::lookup::{fee_api, fee_check, fee_row, FeeFor};
    let batch = fee_api(flow.settings.api()).map_or(30, |f| f.batch);
    let mut rows = HashMap::new();
    for chunk in names.chunks(batch) {
        let r = flow.send(fee_check(chunk, FeeFor::Renew, None))?;
        if !r.success {
            return Ok(Err((r.kind, api_error("CheckDomains", r))));
        }
        for (i, name) in chunk.iter().enumerate() {
            let fee = fee_row(r, i);
            let (renewal, currency) = match fee.price() {
                Some((a, c)) => (Some(a), c),
                None => (None, String::new()),
            };
            let row = PriceRow {
                premium: fee.premium(),
                class: fee.class,
                currency,
                renewal,
            };
            rows.insert(name.clone(), row);
        }
    }
    Ok(Ok(rows))
}

fn fix_premium(
    flow: &mut Flow,
    case: &Case,
    items: &[FixItem],
    currencies: &[Currency],
    (mark_premium, prices): (bool, PriceSource),
    out: &mut Vec<ItemResult>,
) -> std::result::Result<(), Interrupt> {
    if items.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = items.iter().map(|i| key(&i.domain).into_owned()).collect();
    let rows = match prices {
        PriceSource::DomainList => list_prices(flow, &names)?,
        PriceSource::Fee => fee_prices(flow, &names)?,
    };
    let rows = match rows {
        Ok(rows) => rows,
        Err((kind, message)) => {
            let status = || {
                if kind == Kind::TemporaryError {
                    Status::Retry
                } else {
                    Status::Failed
                }
            };
            for item in items {
                out.push(result(item, status(), message.clone(), ""));
            }
            return Ok(());
        }
    };
    for (item, name) in items.iter().zip(&names) {
        let Some(row) = rows.get(name) else {
            out.push(result(
                item,
                Status::Failed,
                "not found in the registrar account",
                "",
            ));
            continue;
        };
        if !row.premium {
            let msg = format!(
                "not a premium domain at the registrar (class {})",
                crate::error::shown(&row.class, crate::error::QUOTED_CHARS)
            );
            out.push(result(item, Status::Failed, msg, ""));
            continue;
        }
        let Some(price) = row.renewal else {
            out.push(result(
                item,
                Status::Failed,
                "the registrar gave no renewal price",
                "",
            ));
            continue;
        };
        let Some(currency) = currencies
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(&row.currency))
        else {
            let msg = format!(
                "currency {} is not configured in WHMCS (Setup > Payments > Currencies)",
                crate::error::shown(&row.currency, crate::error::QUOTED_CHARS)
            );
            out.push(result(item, Status::Failed, msg, ""));
            continue;
        };
        let amount = super::account::decimal(price);
        // The domain is registered already: its cost is what each renewal costs.
        for (name, value) in
            PREMIUM_EXTRAS
                .iter()
                .zip([json!(amount), json!(amount), json!(currency.id)])
        {
            flow.db(DbChange {
                table: "tbldomains_extra",
                filter: Map::from_iter([
                    ("domain_id".to_owned(), json!(item.domain_id)),
                    ("name".to_owned(), json!(name)),
                ]),
                set: Map::from_iter([("value".to_owned(), value)]),
                upsert: true,
            });
        }
        if mark_premium {
            flow.db(DbChange {
                table: "tbldomains",
                filter: where_id(item.domain_id),
                set: Map::from_iter([("is_premium".to_owned(), json!(1))]),
                upsert: false,
            });
        }
        let after = format!(
            "{} ({}): renewal cost {} {}",
            case.after, row.class, amount, row.currency
        );
        out.push(result(item, Status::Fixed, "prices stored", &after));
    }
    Ok(())
}
