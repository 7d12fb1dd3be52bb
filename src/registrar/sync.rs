//! `Sync` (registered domains) and `TransferSync` (pending transfers), run by WHMCS's cron.

use super::contacts::{add_contact, Role};
use super::dates;
use super::domain::{column, command, domain_name, first};
use super::flow::{api_error, DbChange, Flow, Interrupt};
use super::settings::text;
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;

/// The expiry rule over any source of the registry's dates (StatusDomain's properties, a row
/// of QueryDomainList version 2, which names them alike).
fn expiry_from<'v>(get: impl Fn(&str) -> Option<&'v str>) -> Option<String> {
    let date = |c: &str| get(c).and_then(dates::parse);
    let expiration = date("EXPIRATIONDATE")?;
    let paid_until = date("PAIDUNTILDATE").unwrap_or(expiration);
    let e = dates::whmcs_expiry(
        expiration,
        paid_until,
        date("FAILUREDATE"),
        date("FINALIZATIONDATE"),
    );
    Some(dates::format(e))
}

/// [`expiry`] for the account's API: CNR's is its PAIDUNTILDATE.
pub(super) fn expiry_on(api: crate::wire::Api, r: &crate::wire::Response) -> Option<String> {
    expiry_on_from(api, |c| first(r, c))
}

fn expiry_on_from<'v>(
    api: crate::wire::Api,
    get: impl Fn(&str) -> Option<&'v str>,
) -> Option<String> {
    if super::dialect::dialect(api).expiry_is_paid_until {
        get("PAIDUNTILDATE")
            .and_then(dates::parse)
            .map(dates::format)
    } else {
        expiry_from(get)
    }
}

/// What the Sync rule reads about a registered domain: from StatusDomain, or from a row of the
/// account's domain list (`sync_list`). One reader for both, so both paths answer alike.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Registration {
    /// Upper-case status words (StatusDomain lists one per line, the domain list one line
    /// separated by spaces).
    pub statuses: Vec<String>,
    pub expiry: Option<String>,
    pub whois_privacy: bool,
}

impl Registration {
    pub(super) fn read<'v>(
        api: crate::wire::Api,
        statuses: &[&str],
        get: impl Fn(&str) -> Option<&'v str>,
    ) -> Registration {
        Registration {
            statuses: statuses
                .iter()
                .flat_map(|s| s.split_whitespace())
                .map(str::to_ascii_uppercase)
                .collect(),
            expiry: expiry_on_from(api, &get),
            whois_privacy: super::dialect::privacy_value_on(get(
                super::dialect::dialect(api).whois_privacy_read
            )),
        }
    }

    /// In the registry's delete or redemption phase.
    pub(super) fn deleted(&self) -> bool {
        self.statuses
            .iter()
            .any(|s| s.contains("DELETE") || s.contains("REDEMPTION"))
    }
}

pub fn sync(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    if let Some(known) = super::sync_list::settled(flow, &domain) {
        return registered(flow, &domain, &known);
    }
    let r = flow.send(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    if r.code == 531 {
        // Authorization failed: the provider holds the name for another account (moved by a
        // push or a user transfer), as the original module read it.
        return Ok(json!({ "transferredAway": true }));
    }
    if r.code == 545 {
        // WHMCS syncs Pending Registration domains too (domain-syncing.md): one whose
        // registration or application (.swiss, aftermarket) the registry has not completed is
        // not in the account yet. Nothing to report until it is.
        if text(flow.params, "status").eq_ignore_ascii_case("Pending Registration") {
            return Ok(json!({}));
        }
        return not_in_account(flow, &domain);
    }
    if !r.success {
        return Err(Interrupt::Fail(api_error("StatusDomain", r)));
    }
    let known = Registration::read(flow.settings.api(), &column(r, "STATUS"), |c| first(r, c));
    registered(flow, &domain, &known)
}

/// The Sync rule for a domain the account holds, whichever reply it was read from.
fn registered(flow: &mut Flow, domain: &str, known: &Registration) -> Outcome {
    let mut result = Map::new();
    if let Some(e) = &known.expiry {
        result.insert("expirydate".into(), json!(e));
    }
    let deleted = known.deleted();
    let past_expiry = match (known.expiry.as_deref().and_then(dates::parse), flow.today) {
        (Some(e), Some(t)) => e < t,
        _ => false,
    };
    if past_expiry && flow.settings.suspend_after_expiry && !deleted {
        super::suspension::hold_expired(flow, domain, &known.statuses)?;
    }
    if deleted || (past_expiry && flow.settings.suspend_after_expiry) {
        result.insert("expired".into(), json!(true));
    } else {
        result.insert("active".into(), json!(true));
    }
    if flow.settings.id_protection_from_registrar {
        if let Some(id) = domain_id(flow.params) {
            flow.db(DbChange {
                table: "tbldomains",
                filter: Map::from_iter([("id".to_owned(), json!(id))]),
                set: Map::from_iter([(
                    "idprotection".to_owned(),
                    json!(i32::from(known.whois_privacy)),
                )]),
                upsert: false,
            });
        }
    }
    Ok(Value::Object(result))
}

/// A domain StatusDomain does not find (545): transferred away only when its newest object log
/// entry is a successful outbound transfer; otherwise deleted (in the deleted-domain list
/// while restorable, gone after) or expired. The original module's sequence
/// (DomainTransfer::isTransferredAway, Domain::getExpiredStatus); a lookup that fails is an
/// error, so WHMCS changes nothing this run.
///
/// On CNR nothing tells a transfer from a deletion (`Dialect::removal_lookup`): the Sync
/// fails as CNR's module's does, so WHMCS neither calls the domain transferred away nor
/// expired without evidence.
fn not_in_account(flow: &mut Flow, domain: &str) -> Outcome {
    let Some((log_command, list_command)) =
        super::dialect::dialect(flow.settings.api()).removal_lookup
    else {
        return Err(Interrupt::Fail(format!(
            "{domain} is not in the API account (StatusDomain: 545); this API does not say whether it was transferred away or deleted, so its status is left as it is: check it in the provider's control panel"
        )));
    };
    let log = flow.send(command(json!({
        "COMMAND": log_command, "OBJECTCLASS": "DOMAIN", "OBJECTID": domain,
        "ORDERBY": "LOGDATEDESC", "USERDEPTH": "SELF", "LIMIT": 1
    })))?;
    if !log.success {
        return Err(Interrupt::Fail(api_error(log_command, log)));
    }
    if first(log, "OPERATIONTYPE") == Some("OUTBOUND_TRANSFER")
        && first(log, "OPERATIONSTATUS") == Some("SUCCESSFUL")
    {
        return Ok(json!({ "transferredAway": true }));
    }
    // QUERYOBJECTLIST.md requires WIDE; DELETEDDOMAIN is the class the original module read.
    let deleted = flow.send(command(json!({
        "COMMAND": list_command, "OBJECTCLASS": "DELETEDDOMAIN", "OBJECTID": domain,
        "WIDE": 0
    })))?;
    if !deleted.success {
        return Err(Interrupt::Fail(api_error(list_command, deleted)));
    }
    let count: u64 = first(deleted, "COUNT")
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    if count > 0 {
        // Deleted and still restorable: expired at its registry date.
        let mut result = Map::new();
        result.insert("expired".into(), json!(true));
        if let Some(date) = first(deleted, "EXPIRATIONDATE").and_then(dates::parse) {
            result.insert("expirydate".into(), json!(dates::format(date)));
        }
        return Ok(Value::Object(result));
    }
    // Deleted and no longer restorable. WHMCS does not act on `expired` alone, so the status
    // is set as the original module set it.
    if let Some(id) = domain_id(flow.params) {
        flow.db(DbChange {
            table: "tbldomains",
            filter: Map::from_iter([("id".to_owned(), json!(id))]),
            set: Map::from_iter([("status".to_owned(), json!("Expired"))]),
            upsert: false,
        });
    }
    Ok(json!({ "expired": true }))
}

fn domain_id(p: &super::Params) -> Option<i64> {
    p.get("domainid")
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
}

/// When the domain's transfer was requested: the newest request entry in its object log
/// (OPERATIONTYPE=TRANSFER, OPERATIONSTATUS=REQUEST, as the original module's
/// DomainTransfer::getRequestLog asked); `None` when the log cannot say.
fn transfer_requested(flow: &mut Flow, domain: &str) -> Result<Option<String>, Interrupt> {
    let list = flow.send(command(json!({
        "COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN", "OBJECTID": domain,
        "OPERATIONTYPE": "TRANSFER", "OPERATIONSTATUS": "REQUEST",
        "ORDERBY": "LOGDATEDESC", "USERDEPTH": "SELF", "LIMIT": 1
    })))?;
    Ok(first(list, "LOGDATE")
        .filter(|_| list.success)
        .map(str::to_owned))
}

/// The failure the registry reported for the inbound transfer requested at `since`: the log
/// filtered as QUERYOBJECTLOGLIST.md documents (inbound transfer, failed, from the request
/// date), with the entry's lines (StatusObjectLog) as the reason. `None` when the log shows
/// no failure or cannot be read.
fn transfer_failure(
    flow: &mut Flow,
    domain: &str,
    since: &str,
) -> Result<Option<String>, Interrupt> {
    let list = flow.send(command(json!({
        "COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN", "OBJECTID": domain,
        "OPERATIONTYPE": "INBOUND_TRANSFER", "OPERATIONSTATUS": "FAILED", "MINDATE": since,
        "ORDERBY": "LOGDATEDESC", "LIMIT": 1
    })))?;
    let Some(index) = first(list, "LOGINDEX").filter(|_| list.success) else {
        return Ok(None);
    };
    let entry = flow.send(command(
        json!({ "COMMAND": "StatusObjectLog", "LOGINDEX": index }),
    ))?;
    // The registry's log lines, each made safe to show (WHMCS puts the reason in its e-mails).
    let info: Vec<String> = column(entry, "OPERATIONINFO")
        .into_iter()
        .map(|line| crate::error::shown(line, crate::error::TEXT_CHARS))
        .collect();
    Ok(Some(if entry.success && !info.is_empty() {
        info.join("\n")
    } else {
        "The registry reports the transfer as failed.".to_owned()
    }))
}

/// The nameservers the client chose at order time: tblorders.nameservers, comma-separated,
/// as the module read it into `whmcs_records.order_nameservers`.
fn order_nameservers(records: Option<&Map<String, Value>>) -> Vec<String> {
    let list = records
        .and_then(|r| r.get("order_nameservers"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    list.split(',')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .take(5)
        .collect()
}

/// The client's details (localAPI GetClientsDetails, read by the module into
/// `whmcs_records.client`) in the keys of a registrar function's params.
fn client_contact(records: Option<&Map<String, Value>>) -> Result<super::Params, String> {
    let Some(client) = records
        .and_then(|r| r.get("client"))
        .and_then(Value::as_object)
    else {
        return Err(
            "The client's details could not be read to update the contacts after the transfer."
                .into(),
        );
    };
    let mut p = client.clone();
    // GetClientsDetails names the state's full name "state" and its code "statecode", and the
    // "+CC.number" phone "phonenumberformatted"; params use "state" and "fullphonenumber".
    if let Some(code) = client.get("statecode").filter(|v| v.as_str() != Some("")) {
        p.insert("state".into(), code.clone());
    }
    if let Some(phone) = client.get("phonenumberformatted") {
        p.insert("fullphonenumber".into(), phone.clone());
    }
    Ok(p)
}

/// Whether a role of the transferred domain has no contact the registry could give us: empty,
/// or an `AUTO-` handle (the original module's `needsContactUpdate`).
fn contacts_unread(r: &crate::wire::Response) -> bool {
    [
        "OWNERCONTACT",
        "ADMINCONTACT",
        "TECHCONTACT",
        "BILLINGCONTACT",
    ]
    .iter()
    .any(|role| first(r, role).is_none_or(|h| h.is_empty() || h.starts_with("AUTO-")))
}

/// The client's details as the domain's contacts after a transfer: one contact for all roles,
/// since WHMCS's admin contact is the client's own details ("Use Clients Details").
fn update_contacts(flow: &mut Flow, domain: &str, client: &super::Params) -> Result<(), Interrupt> {
    let add = match add_contact(client, Role::Owner, flow.settings.transliterate) {
        Ok(add) => add,
        Err(reason) => {
            flow.activity(format!(
                "ispapi: {domain}: contacts not updated after the transfer: {reason}"
            ));
            return Ok(());
        }
    };
    let r = flow.send(add)?;
    if !r.success {
        after_transfer(flow, domain, "the contact update", r);
        return Ok(());
    }
    let handle = first(r, "CONTACT").unwrap_or_default().to_owned();
    let r = flow.send(command(json!({
        "COMMAND": "ModifyDomain", "DOMAIN": domain, "OWNERCONTACT0": handle,
        "ADMINCONTACT0": handle, "TECHCONTACT0": handle, "BILLINGCONTACT0": handle
    })))?;
    after_transfer(flow, domain, "the contact update", r);
    Ok(())
}

/// Notes a refused update after a transfer in the activity log; the transfer stays completed.
fn after_transfer(flow: &mut Flow, domain: &str, what: &str, r: &crate::wire::Response) {
    if !r.success {
        flow.activity(format!(
            "ispapi: {domain}: {what} after the transfer was refused: {} {}",
            r.code,
            crate::error::shown(&r.description, crate::error::TEXT_CHARS)
        ));
    }
}

pub fn transfer_sync(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let pending = flow.send(command(
        json!({ "COMMAND": "StatusDomainTransfer", "DOMAIN": domain }),
    ))?;
    let in_status = super::dialect::dialect(flow.settings.api()).transfer_failure_in_status;
    if pending.success {
        if let Some((status, failed, log)) = in_status {
            if first(pending, status).is_some_and(|s| s.trim().eq_ignore_ascii_case(failed)) {
                return Ok(json!({ "failed": true, "reason": column(pending, log).join("\n") }));
            }
        }
        // Still in progress at the registry; WHMCS asks again on its next run.
        return Ok(json!({}));
    }
    let r = flow.send(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    if !r.success {
        // Neither pending nor in the account. Only a failure the registry logged since the
        // request ends the transfer; a lookup that fails (421, a timeout) or finds nothing
        // leaves it pending, and WHMCS asks again on its next run.
        if in_status.is_some() {
            return Ok(json!({}));
        }
        let Some(since) = transfer_requested(flow, &domain)? else {
            return Ok(json!({}));
        };
        return Ok(match transfer_failure(flow, &domain, &since)? {
            Some(reason) => json!({ "failed": true, "reason": reason }),
            None => json!({}),
        });
    }
    let expirydate = expiry_on(flow.settings.api(), r);
    let unlocked = first(r, "TRANSFERLOCK") == Some("0");
    let contacts_unread = contacts_unread(r);
    // The transfer is complete whatever follows: a registry refusing one of the updates below
    // is written to the activity log, never turned into an error, or WHMCS would ask again on
    // every run and repeat the updates that did succeed.
    // WHMCS passes TransferSync no nameservers or contacts (domain-syncing.md); the module
    // loads them from the order and the client into `whmcs_records` (see `records`).
    let records = flow.params.get("whmcs_records").and_then(Value::as_object);
    if flow.settings.transfer_nameservers {
        let ns = order_nameservers(records);
        if ns.len() >= 2 {
            let r = flow.send(command(
                json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain, "NAMESERVER": ns }),
            ))?;
            after_transfer(flow, &domain, "the nameserver update", r);
        }
    }
    // The seed's rule (and the original module's): only .com/.net/.cc/.tv, and only when the
    // transfer left contacts that could not be read (ID protection, "Redacted for Privacy": a
    // role empty or an AUTO- handle of the thin registry's transfer).
    let contact_tld = [".com", ".net", ".cc", ".tv"]
        .iter()
        .any(|t| domain.to_ascii_lowercase().ends_with(t));
    if flow.settings.transfer_contacts && contact_tld && contacts_unread {
        match client_contact(records) {
            Ok(client) => update_contacts(flow, &domain, &client)?,
            Err(reason) => flow.activity(format!(
                "ispapi: {domain}: contacts not updated after the transfer: {reason}"
            )),
        }
    }
    // "Lock new domains" covers transfers too: TransferDomain takes no lock, so it is set once
    // the domain is here, where the TLD has a lock (StatusDomain names TRANSFERLOCK).
    if flow.settings.default_lock && unlocked {
        let r = flow.send(command(
            json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain, "TRANSFERLOCK": 1 }),
        ))?;
        after_transfer(flow, &domain, "the transfer lock", r);
    }
    flow.activity(format!("ispapi: transfer of {domain} completed"));
    let mut result = Map::new();
    result.insert("completed".into(), json!(true));
    if let Some(e) = expirydate {
        result.insert("expirydate".into(), json!(e));
    }
    Ok(Value::Object(result))
}
