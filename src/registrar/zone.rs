//! DNS management and mail forwarding in the provider's zone of the domain: GetDNS, SaveDNS,
//! GetEmailForwarding, SaveEmailForwarding. The decisions are in [`crate::dns`]; this file
//! reads the zone, and writes a save as one `UpdateDNSZone`, creating the zone on first save.

use super::domain::{column, command, decode_html, domain_name};
use super::flow::{api_error, Flow, Interrupt};
use crate::dns::{self, EditorRecord, Zone, ZoneChange};
use serde_json::{json, Value};

type Outcome = Result<Value, Interrupt>;

/// The API's "object not found": the domain has no zone at the provider yet.
const NO_ZONE: u16 = 545;

pub(super) fn zone_of(flow: &Flow) -> Result<Zone, Interrupt> {
    Zone::new(&domain_name(flow.params)?).map_err(Interrupt::Fail)
}

fn fail_all(errors: Vec<String>) -> Interrupt {
    Interrupt::Fail(errors.join(" "))
}

/// The zone's record lines, or `None` when the domain has no zone yet. EXTENDED lists URL and
/// mail forwardings as the X-HTTP and X-SMTP records they are stored as.
pub(super) fn listing(flow: &mut Flow, zone: &Zone) -> Result<Option<Vec<String>>, Interrupt> {
    let r = flow.send(command(json!({
        "COMMAND": "QueryDNSZoneRRList", "DNSZONE": zone.apex(), "EXTENDED": 1
    })))?;
    if r.success {
        Ok(Some(
            column(r, "RR").into_iter().map(str::to_owned).collect(),
        ))
    } else if r.code == NO_ZONE {
        Ok(None)
    } else {
        Err(Interrupt::Fail(api_error("QueryDNSZoneRRList", r)))
    }
}

/// Sends the change as one UpdateDNSZone (the API applies it whole or not at all); a domain
/// without a zone gets one first (`ModifyDomain INTERNALDNS=1`, as the original module did).
pub(super) fn apply(
    flow: &mut Flow,
    zone: &Zone,
    exists: bool,
    change: ZoneChange,
) -> Result<(), Interrupt> {
    if change.is_empty() {
        return Ok(());
    }
    if !exists {
        let domain = zone.apex().trim_end_matches('.').to_owned();
        flow.expect(command(json!({
            "COMMAND": "ModifyDomain", "DOMAIN": domain, "INTERNALDNS": 1
        })))?;
    }
    let mut update = command(json!({
        "COMMAND": "UpdateDNSZone",
        "DNSZONE": zone.apex(),
        // RFC 2181 §5.2: a record added to an RRset takes the RRset's TTL.
        "RESOLVETTLCONFLICTS": 1,
        "INCSERIAL": 1,
        "EXTENDED": 1,
    }));
    if !change.delete.is_empty() {
        update.insert("DELRR".into(), json!(change.delete));
    }
    if !change.add.is_empty() {
        update.insert("ADDRR".into(), json!(change.add));
    }
    flow.expect(update)?;
    Ok(())
}

/// A list WHMCS passes as a PHP array: a JSON list, or an object keyed by index.
fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Object(o)) => o.values().collect(),
        _ => Vec::new(),
    }
}

pub fn get_dns(flow: &mut Flow) -> Outcome {
    let zone = zone_of(flow)?;
    let Some(lines) = listing(flow, &zone)? else {
        return Ok(json!([]));
    };
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    Ok(json!(dns::editor_view(&zone, &lines)))
}

pub fn save_dns(flow: &mut Flow) -> Outcome {
    let zone = zone_of(flow)?;
    // WHMCS HTML-encodes what customers type (a TXT record's quotes arrive as &quot;).
    let rows: Vec<EditorRecord> = items(flow.params.get("dnsrecords"))
        .into_iter()
        .map(|v| {
            let mut row = EditorRecord::from_value(v);
            row.hostname = decode_html(&row.hostname);
            row.address = decode_html(&row.address);
            row
        })
        .collect();
    // Bad input is refused before any command: the zone stays as it was.
    dns::check_rows(&zone, &rows).map_err(fail_all)?;
    let current = listing(flow, &zone)?;
    let lines: Vec<&str> = current.iter().flatten().map(String::as_str).collect();
    let change = dns::plan_save(&zone, &lines, &rows).map_err(fail_all)?;
    apply(flow, &zone, current.is_some(), change)?;
    Ok(json!({ "success": true }))
}

pub fn get_email_forwarding(flow: &mut Flow) -> Outcome {
    let zone = zone_of(flow)?;
    let Some(lines) = listing(flow, &zone)? else {
        return Ok(json!([]));
    };
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    Ok(json!(dns::forwards(&zone, &lines)))
}

pub fn save_email_forwarding(flow: &mut Flow) -> Outcome {
    let zone = zone_of(flow)?;
    // WHMCS passes the page's columns as two lists; some WHMCS versions wrap the first entry
    // in another array.
    let text = |v: &Value| {
        let v = match v {
            Value::Array(a) => a.first().unwrap_or(&Value::Null),
            v => v,
        };
        decode_html(v.as_str().unwrap_or_default())
    };
    let prefixes = items(flow.params.get("prefix"));
    let targets = items(flow.params.get("forwardto"));
    let pairs: Vec<(String, String)> = prefixes
        .iter()
        .enumerate()
        .map(|(i, p)| (text(p), targets.get(i).map(|t| text(t)).unwrap_or_default()))
        .collect();
    dns::check_forwards(&pairs).map_err(fail_all)?;
    let current = listing(flow, &zone)?;
    let lines: Vec<&str> = current.iter().flatten().map(String::as_str).collect();
    let change = dns::plan_forwards(&zone, &lines, &pairs).map_err(fail_all)?;
    apply(flow, &zone, current.is_some(), change)?;
    Ok(json!({ "success": true }))
}
