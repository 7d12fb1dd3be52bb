//! `FollowApplication`: the daily follow-up of a registration made as an application (.swiss,
//! aftermarket purchases). RegisterDomain leaves such a domain pending and writes the
//! application id below a mark in its admin notes; WHMCS's daily cron (hooks.php) hands each
//! pending domain of this registrar here. The seed: "A cronjob is checking the application
//! status once a day": succeeded → Active with its expiry date, failed → Cancelled (the admin
//! refunds the customer), anything else → unchanged until the next day.

use super::domain::{command, domain_name, first};
use super::flow::{api_error, DbChange, Flow, Interrupt};
use super::settings::text;
use crate::error::{shown, QUOTED_CHARS, TEXT_CHARS};
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;

/// WHMCS's statuses of a domain whose registration is not complete: `Pending` (the original
/// module left it there) and `Pending Registration` (a RegisterDomain that answered pending).
pub(super) const PENDING: &[&str] = &["Pending", "Pending Registration"];

/// Lines in the admin notes that carry the application id, below a "### DO NOT DELETE" mark:
/// this module's `ApplicationID:` (domain.rs) and the original module's `APPLICATION:` (its
/// AfterRegistrarRegistrationFailed hook), so domains migrated while pending are followed too.
const ID_PREFIXES: &[&str] = &["ApplicationID:", "APPLICATION:"];

/// The application id in the notes, the last one below the mark; `None` without one, or when
/// it is not an id the API gives out (letters, digits, `-`, `_`).
pub(super) fn application_id(notes: &str) -> Option<&str> {
    let below = notes
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("### DO NOT DELETE"));
    let id = below
        .filter_map(|l| {
            let l = l.trim();
            ID_PREFIXES.iter().find_map(|p| l.strip_prefix(p))
        })
        .map(str::trim)
        .last()?;
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some(id)
}

fn notes<'a>(flow: &Flow<'a>) -> &'a str {
    flow.params
        .get("whmcs_records")
        .and_then(|r| r.get("additionalnotes"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn domain_row(flow: &Flow) -> Result<i64, Interrupt> {
    flow.params
        .get("domainid")
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()))
        .ok_or_else(|| Interrupt::Fail("The domain's id is missing.".into()))
}

fn update(flow: &mut Flow, id: i64, set: Map<String, Value>) {
    flow.db(DbChange {
        table: "tbldomains",
        filter: Map::from_iter([("id".to_owned(), json!(id))]),
        set,
        upsert: false,
    });
}

pub fn follow(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let row = domain_row(flow)?;
    let status = text(flow.params, "status");
    if !PENDING.contains(&status) {
        return Ok(json!({ "domain": domain, "outcome": "not pending" }));
    }
    let all_notes = notes(flow).to_owned();
    let Some(application) = application_id(&all_notes).map(str::to_owned) else {
        return Ok(json!({ "domain": domain, "outcome": "no application" }));
    };
    let api = flow.settings.api();
    let Some(ask) = &super::dialect::dialect(api).application_status else {
        flow.activity(format!(
            "ispapi: application {application} of {domain} is not followed up on this API (no documented status command); check it in the provider's control panel"
        ));
        return Ok(json!({ "domain": domain, "outcome": "not followed on this API" }));
    };
    let r = flow.send(command(json!({
        "COMMAND": ask.command, ask.id_param: application
    })))?;
    if !r.success {
        let message = api_error(ask.command, r);
        flow.activity(format!(
            "ispapi: application {application} of {domain} could not be checked: {message}"
        ));
        return Err(Interrupt::Fail(message));
    }
    let state = first(r, ask.status)
        .unwrap_or_default()
        .to_ascii_uppercase();
    let shown_state = shown(&state, QUOTED_CHARS);
    if ask.succeeded.contains(&state.as_str()) {
        let d = flow.send(command(
            json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
        ))?;
        if !d.success {
            // The application is done but the domain is not in the account yet: tomorrow.
            flow.activity(format!(
                "ispapi: application {application} of {domain} succeeded; the domain is not in the account yet ({} {}), checked again tomorrow",
                d.code,
                shown(&d.description, TEXT_CHARS)
            ));
            return Ok(json!({ "domain": domain, "outcome": "pending" }));
        }
        let mut set = Map::from_iter([("status".to_owned(), json!("Active"))]);
        let expiry = super::sync::expiry_on(api, d);
        if let Some(e) = &expiry {
            set.insert("expirydate".into(), json!(e));
        }
        update(flow, row, set);
        flow.activity(format!(
            "ispapi: application {application} of {domain} succeeded; the domain is Active{}",
            expiry
                .as_deref()
                .map(|e| format!(" until {e}"))
                .unwrap_or_default()
        ));
        return Ok(json!({ "domain": domain, "outcome": "Active", "expirydate": expiry }));
    }
    if ask.failed.contains(&state.as_str()) {
        // The API documents no reason property; its status, date and (aftermarket) auction
        // status are what it tells.
        let mut reason = format!("Application {application} {shown_state}");
        if let Some(date) = first(r, ask.updated) {
            reason.push_str(&format!(" on {}", shown(date, QUOTED_CHARS)));
        }
        if let Some(auction) = first(r, "AUCTION-STATUS") {
            reason.push_str(&format!(" (auction: {})", shown(auction, QUOTED_CHARS)));
        }
        let mut updated = all_notes.trim_end().to_owned();
        updated.push_str(&format!("\n{reason}\n"));
        update(
            flow,
            row,
            Map::from_iter([
                ("status".to_owned(), json!("Cancelled")),
                ("additionalnotes".to_owned(), json!(updated)),
            ]),
        );
        flow.activity(format!(
            "ispapi: {reason} for {domain}; the domain is Cancelled (refund the customer)"
        ));
        return Ok(json!({ "domain": domain, "outcome": "Cancelled", "reason": reason }));
    }
    Ok(json!({ "domain": domain, "outcome": "pending", "application_status": shown_state }))
}

#[cfg(test)]
mod tests {
    use super::application_id;

    #[test]
    fn the_id_is_read_below_the_mark_in_either_modules_format() {
        let ours = "Call on Monday.\n### DO NOT DELETE BELOW THIS LINE ###\nApplicationID:123\n";
        assert_eq!(application_id(ours), Some("123"));
        let original = "### DO NOT DELETE ANYTHING BELOW THIS LINE \nAPPLICATION:456\n";
        assert_eq!(application_id(original), Some("456"));
    }

    #[test]
    fn an_id_above_the_mark_or_not_an_id_is_none() {
        assert_eq!(application_id("ApplicationID:123\n"), None);
        assert_eq!(
            application_id("### DO NOT DELETE BELOW THIS LINE ###\nApplicationID:1; DROP\n"),
            None
        );
        assert_eq!(application_id(""), None);
    }
}
