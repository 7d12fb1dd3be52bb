//! Suspension at the registry: the domain on hold (`clientHold`, RFC 5731: not published in
//! the DNS), set and lifted with ModifyDomain's ADDSTATUS/DELSTATUS (API/DOMAIN/MODIFYDOMAIN.md:
//! "Add/Delete a status flag like clientTransferProhibited"). The seed's "Suspend after
//! Expiration" setting holds a domain once it has expired (Sync), and the admin's Suspend /
//! Unsuspend buttons set and lift the hold by hand.

use super::domain::command;
use super::domain::domain_name;
use super::flow::{api_error, Flow, Interrupt};
use serde_json::{json, Value};

type Outcome = Result<Value, Interrupt>;

/// The EPP status that keeps a domain out of the zone.
const HOLD: &str = "clientHold";

/// WHMCS's statuses of a domain that exists at the registry, where the buttons apply.
const AT_REGISTRY: &[&str] = &["Active", "Expired", "Grace", "Redemption"];

/// The admin's Suspend / Unsuspend buttons for a domain in one of those statuses.
pub(super) fn buttons(
    status: &str,
    lang: &super::texts::Lang,
    into: &mut serde_json::Map<String, Value>,
) {
    if AT_REGISTRY.contains(&status) {
        into.insert(lang.text("admin_button_suspend"), json!("SuspendDomain"));
        into.insert(
            lang.text("admin_button_unsuspend"),
            json!("UnsuspendDomain"),
        );
    }
}

fn hold(domain: &str, on: bool) -> crate::wire::Command {
    let key = if on { "ADDSTATUS0" } else { "DELSTATUS0" };
    command(json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain, key: HOLD }))
}

/// `SuspendDomain` (admin button): the domain on hold at the registry.
pub fn suspend(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    flow.expect(hold(&domain, true))?;
    flow.activity(format!(
        "ispapi: {domain} suspended at the registry ({HOLD})"
    ));
    let message = super::texts::Lang::from_params(flow.params).text("suspended_at_registry");
    Ok(json!({ "success": true, "message": message }))
}

/// `UnsuspendDomain` (admin button): the hold lifted.
pub fn unsuspend(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    flow.expect(hold(&domain, false))?;
    flow.activity(format!(
        "ispapi: {domain} unsuspended at the registry ({HOLD} lifted)"
    ));
    let message = super::texts::Lang::from_params(flow.params).text("unsuspended_at_registry");
    Ok(json!({ "success": true, "message": message }))
}

/// Sync with "Suspend after expiry" on, for a domain past its expiry date: on hold unless it
/// already is (`statuses`: StatusDomain's STATUS). A registry that refuses the hold does not
/// stop the sync from reporting the domain expired: the activity log says why.
pub(super) fn hold_expired(
    flow: &mut Flow,
    domain: &str,
    statuses: &[String],
) -> Result<(), Interrupt> {
    if statuses.iter().any(|s| s.eq_ignore_ascii_case(HOLD)) {
        return Ok(());
    }
    let r = flow.send(hold(domain, true))?;
    if r.success {
        flow.activity(format!(
            "ispapi: {domain} expired and was suspended at the registry ({HOLD}); lift it with the Unsuspend button"
        ));
    } else {
        flow.activity(format!(
            "ispapi: {domain} expired but could not be suspended at the registry: {}",
            api_error("ModifyDomain", r)
        ));
    }
    Ok(())
}
