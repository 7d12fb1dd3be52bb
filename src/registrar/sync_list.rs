//! Domain sync from a snapshot of the account's domain list (issue #22 part 1).
//!
//! WHMCS calls `Sync` for 50 domains per cron run (developer-docs domain-syncing.md); one
//! StatusDomain each costs a reseller with 10 000 domains 10 000 commands per cycle. Instead the
//! host fetches QueryDomainList version 2 in pages (`SyncListPage`, one page per call, so no
//! call holds more than one page) at most once per `SyncListHours`, keeps one compact row per
//! domain, and hands `Sync` the domain's row. `Sync` answers from the row by the same rule as
//! from StatusDomain (`sync::Registration`) only when the row settles it; anything that needs
//! the registry's closer look goes the per-domain way.
//!
//! Version 2's columns carry what the rule reads under StatusDomain's names
//! (hexonet-api-documentation API/DOMAIN/QUERYDOMAINLIST_VERSION2.md: EXPIRATIONDATE,
//! PAIDUNTILDATE, FINALIZATIONDATE, FAILUREDATE, STATUS, X-ACCEPT-WHOISTRUSTEE-TAC, OBJECTCLASS,
//! OBJECTID, DESCRIPTION; paging FIRST/LIMIT/TOTAL). CNR's QueryDomainList has no PAIDUNTILDATE
//! and no status (its knowledge base, api-command/QueryDomainList, lists the properties; the
//! provider's CNR module, lib/Helpers/Sync.php, notes the missing date where it reads the list),
//! and CNR's expiry is PAIDUNTILDATE, so CNR accounts keep the per-domain path.

use super::domain::command;
use super::flow::{api_error, Flow, Interrupt};
use super::sync::Registration;
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;

/// Rows per page: the largest page the importer asks for (`import::MAX_LIMIT`); the API's own
/// maximum is not documented ("The system has a default value", QUERYDOMAINLIST_VERSION2.md).
const PAGE: u64 = 1000;

/// `SyncListPage`: the next page of the snapshot, or why none is needed. Params: the registrar
/// settings plus `sync_list_first` (the page's FIRST, 0 to start), `sync_list_age` (seconds
/// since the stored snapshot was taken; absent when there is none) and optionally
/// `sync_list_limit` (a smaller page, for tests). Result: `{"skip": reason}`, or `{"rows":
/// {key: row}, "next": FIRST of the next page or null, "total": N}`; a failed page is an error
/// and the host keeps the snapshot it has.
pub fn page(flow: &mut Flow) -> Outcome {
    if !flow.settings.sync_from_list {
        return Ok(json!({ "skip": "the setting asks for one StatusDomain per domain" }));
    }
    if super::dialect::dialect(flow.settings.api()).expiry_is_paid_until {
        return Ok(json!({ "skip": "this API's domain list has no paid-until date" }));
    }
    let first = number(flow.params, "sync_list_first").unwrap_or(0);
    let fresh = number(flow.params, "sync_list_age")
        .is_some_and(|age| age < flow.settings.sync_list_hours.saturating_mul(3600));
    if first == 0 && fresh {
        return Ok(json!({ "skip": "the snapshot is fresh" }));
    }
    let limit = number(flow.params, "sync_list_limit")
        .unwrap_or(PAGE)
        .clamp(1, PAGE);
    let r = flow.send(command(json!({
        "COMMAND": "QueryDomainList", "VERSION": 2, "WIDE": 1, "USERDEPTH": "SELF",
        // Applications and transfers are listed too (OBJECTCLASS); Sync is about domains.
        "OBJECTCLASS": "DOMAIN",
        // A fixed order keeps FIRST a cursor; a domain added meanwhile may shift a row past a
        // page boundary, and a domain missing from the snapshot is synced the per-domain way.
        "ORDERBY": "OBJECTID", "FIRST": first, "LIMIT": limit,
    })))?;
    if !r.success {
        return Err(Interrupt::Fail(api_error("QueryDomainList", r)));
    }
    let api = flow.settings.api();
    let ids = column_all(r, "OBJECTID");
    let mut rows = Map::new();
    for (i, id) in ids.iter().enumerate() {
        let cell = |c: &str| {
            r.properties
                .get(c)
                .and_then(|v| v.get(i))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        if id.is_empty() || cell("OBJECTCLASS").is_some_and(|c| c != "DOMAIN") {
            continue;
        }
        // The documentation's example lists X-ACCEPT-WHOISTRUSTEE-TAC (StatusDomain's name, read
        // by the rule), its property table ADDON-PROXY (`WHOISTRUSTEE` when on): either serves.
        let privacy = |c: &str| {
            cell(c).or_else(|| {
                (c == "X-ACCEPT-WHOISTRUSTEE-TAC")
                    .then(|| cell("ADDON-PROXY"))
                    .flatten()
                    .map(|v| if v == "WHOISTRUSTEE" { "1" } else { "0" })
            })
        };
        let known = Registration::read(
            api,
            &cell("STATUS").into_iter().collect::<Vec<_>>(),
            privacy,
        );
        // Keyed as WHMCS stores the name (the U-label, DESCRIPTION); the row keeps the A-label
        // that Sync checks against the domain it is asked about.
        let key = cell("DESCRIPTION").unwrap_or(id).to_lowercase();
        rows.insert(key, row(&id.to_ascii_lowercase(), &known));
    }
    let count = ids.len() as u64;
    let total = super::domain::first(r, "TOTAL")
        .and_then(|t| t.trim().parse::<u64>().ok())
        .unwrap_or(0);
    let next = (count > 0 && first + count < total).then_some(first + count);
    Ok(json!({ "rows": rows, "next": next, "total": total }))
}

/// A column with its empty cells kept, so that index `i` is row `i`.
fn column_all<'r>(r: &'r crate::wire::Response, name: &str) -> Vec<&'r str> {
    r.properties
        .get(name)
        .and_then(Value::as_array)
        .map(|v| v.iter().map(|c| c.as_str().unwrap_or("")).collect())
        .unwrap_or_default()
}

/// One snapshot row: `[A-label, expiry date or "", status words, privacy 0|1]`.
fn row(ace: &str, known: &Registration) -> Value {
    json!([
        ace,
        known.expiry.clone().unwrap_or_default(),
        known.statuses.join(" "),
        i32::from(known.whois_privacy)
    ])
}

fn number(p: &super::Params, key: &str) -> Option<u64> {
    match p.get(key)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The snapshot's answer for `domain`, when it settles the domain: the host passed its row
/// (`whmcs_records.sync_list`: `row`, and WHMCS's own `expirydate` and `idprotection`), the
/// domain is plainly active (no delete, redemption, pending or hold status), not past its
/// expiry, and the row says what WHMCS already has. Anything else is a change or a state the
/// registry must confirm (transfers, expiry, deletion, a renewal since the snapshot), so
/// `None`: StatusDomain decides, as without a snapshot.
pub(super) fn settled(flow: &Flow, domain: &str) -> Option<Registration> {
    if !flow.settings.sync_from_list
        || super::dialect::dialect(flow.settings.api()).expiry_is_paid_until
    {
        return None;
    }
    let records = flow.params.get("whmcs_records")?.get("sync_list")?;
    let row = records.get("row")?.as_array()?;
    let cell = |i: usize| row.get(i).and_then(Value::as_str).unwrap_or("");
    if !cell(0).eq_ignore_ascii_case(domain) {
        return None;
    }
    // The row holds what the rule read from the list (`Registration::read` in `page`).
    let known = Registration {
        statuses: cell(2).split_whitespace().map(str::to_owned).collect(),
        expiry: Some(cell(1).to_owned()).filter(|e| !e.is_empty()),
        whois_privacy: row.get(3).and_then(Value::as_i64) == Some(1),
    };
    let plain = known.statuses.iter().any(|s| s == "ACTIVE")
        && !known.deleted()
        && !known
            .statuses
            .iter()
            .any(|s| s.contains("PENDING") || s.contains("HOLD"));
    let expiry = known.expiry.as_deref()?;
    let not_expired = flow
        .today
        .zip(super::dates::parse(expiry))
        .is_some_and(|(today, e)| e >= today);
    let whmcs_expiry = records.get("expirydate").and_then(Value::as_str);
    let same_expiry = whmcs_expiry.and_then(super::dates::parse) == super::dates::parse(expiry);
    let same_privacy = !flow.settings.id_protection_from_registrar
        || flag(records.get("idprotection")) == Some(known.whois_privacy);
    (plain && not_expired && same_expiry && same_privacy).then_some(known)
}

fn flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => s.trim().parse::<i64>().ok().map(|n| n != 0),
        _ => None,
    }
}
