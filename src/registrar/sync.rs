//! `Sync` (registered domains) and `TransferSync` (pending transfers), run by WHMCS's cron.

use super::contacts::{add_contact, Role};
use super::dates;
use super::domain::{column, command, domain_name, first};
use super::flow::{api_error, DbChange, Flow, Interrupt};
use super::settings::text;
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;

/// The WHMCS expiry date from StatusDomain's dates; `None` when the registry gave none.
fn expiry(r: &crate::wire::Response) -> Option<String> {
    let date = |c: &str| first(r, c).and_then(dates::parse);
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

pub fn sync(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let r = flow.send(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    if r.code == 545 {
        // WHMCS syncs Pending Registration domains too (domain-syncing.md): one whose
        // registration or application (.swiss, aftermarket) the registry has not completed is
        // not in the account yet. Nothing to report until it is.
        if text(flow.params, "status").eq_ignore_ascii_case("Pending Registration") {
            return Ok(json!({}));
        }
        // Not in this account: moved to another registrar (or another account).
        return Ok(json!({ "transferredAway": true }));
    }
    if !r.success {
        return Err(Interrupt::Fail(api_error("StatusDomain", r)));
    }
    let statuses: Vec<String> = column(r, "STATUS")
        .iter()
        .map(|s| s.to_ascii_uppercase())
        .collect();
    let mut result = Map::new();
    let expiry = expiry(r);
    if let Some(e) = &expiry {
        result.insert("expirydate".into(), json!(e));
    }
    let deleted = statuses
        .iter()
        .any(|s| s.contains("DELETE") || s.contains("REDEMPTION"));
    let past_expiry = match (expiry.as_deref().and_then(dates::parse), flow.today) {
        (Some(e), Some(t)) => e < t,
        _ => false,
    };
    if deleted || (past_expiry && flow.settings.suspend_after_expiry) {
        result.insert("expired".into(), json!(true));
    } else {
        result.insert("active".into(), json!(true));
    }
    if flow.settings.sync_id_protection {
        if let Some(id) = flow
            .params
            .get("domainid")
            .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
        {
            let on = first(r, "X-ACCEPT-WHOISTRUSTEE-TAC") == Some("1");
            flow.db(DbChange {
                table: "tbldomains",
                filter: Map::from_iter([("id".to_owned(), json!(id))]),
                set: Map::from_iter([("idprotection".to_owned(), json!(i32::from(on)))]),
                upsert: false,
            });
        }
    }
    Ok(Value::Object(result))
}

/// Why the domain's last incoming transfer failed, from the API's object log (as the
/// original module read it): the newest entry, when it is a failed inbound transfer.
fn failed_transfer_log(flow: &mut Flow, domain: &str) -> Result<Option<String>, Interrupt> {
    let list = flow.send(command(json!({
        "COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN", "OBJECTID": domain,
        "ORDERBY": "LOGDATEDESC", "LIMIT": 1
    })))?;
    let failed = first(list, "OPERATIONTYPE") == Some("INBOUND_TRANSFER")
        && first(list, "OPERATIONSTATUS") == Some("FAILED");
    let Some(index) = first(list, "LOGINDEX").filter(|_| list.success && failed) else {
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
    Ok((entry.success && !info.is_empty()).then(|| info.join("\n")))
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

pub fn transfer_sync(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let pending = flow.send(command(
        json!({ "COMMAND": "StatusDomainTransfer", "DOMAIN": domain }),
    ))?;
    if pending.success {
        // Still in progress at the registry; WHMCS asks again on its next run.
        return Ok(json!({}));
    }
    let r = flow.send(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    if !r.success {
        let reason = match failed_transfer_log(flow, &domain)? {
            Some(log) => log,
            None => format!(
                "the domain is not in the account ({} {})",
                pending.code,
                crate::error::shown(&pending.description, crate::error::TEXT_CHARS)
            ),
        };
        return Ok(json!({ "failed": true, "reason": reason }));
    }
    let expirydate = expiry(r);
    // WHMCS passes TransferSync no nameservers or contacts (domain-syncing.md); the module
    // loads them from the order and the client into `whmcs_records` (see `records`).
    let records = flow.params.get("whmcs_records").and_then(Value::as_object);
    if flow.settings.transfer_nameservers {
        let ns = order_nameservers(records);
        if ns.len() >= 2 {
            flow.expect(command(
                json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain, "NAMESERVER": ns }),
            ))?;
        }
    }
    if flow.settings.transfer_contacts {
        let client = client_contact(records).map_err(Interrupt::Fail)?;
        // One contact for all roles: WHMCS's admin contact is the client's own details
        // ("Use Clients Details"), which is what the client record holds.
        let add = add_contact(&client, Role::Owner, flow.settings.transliterate)
            .map_err(Interrupt::Fail)?;
        let handle = first(flow.expect(add)?, "CONTACT")
            .unwrap_or_default()
            .to_owned();
        flow.expect(command(json!({
            "COMMAND": "ModifyDomain", "DOMAIN": domain, "OWNERCONTACT0": handle,
            "ADMINCONTACT0": handle, "TECHCONTACT0": handle, "BILLINGCONTACT0": handle
        })))?;
    }
    flow.activity(format!("ispapi: transfer of {domain} completed"));
    let mut result = Map::new();
    result.insert("completed".into(), json!(true));
    if let Some(e) = expirydate {
        result.insert("expirydate".into(), json!(e));
    }
    Ok(Value::Object(result))
}
