//! DNS management and mail forwarding in the provider's zone of the domain: GetDNS, SaveDNS,
//! GetEmailForwarding, SaveEmailForwarding. The decisions are in [`crate::dns`]; this file
//! reads the zone, and writes a save as one command (ISPAPI `UpdateDNSZone`, CNR
//! `ModifyDNSZone`), creating the zone on first save. What differs per flavour is data
//! ([`ZoneApi`]), not branches.

use super::domain::{column, command, decode_html, domain_name};
use super::flow::{api_error, Flow, Interrupt};
use crate::dns::record::parse_line;
use crate::dns::{self, EditorRecord, Zone, ZoneChange};
use crate::wire::{Api, Response};
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;

/// How one flavour names, lists, creates and changes a domain's zone.
pub(super) struct ZoneApi {
    /// DNSZONE with the root dot (ISPAPI's pages write `example.com.`); CNR's module sends the
    /// bare domain.
    dotted: bool,
    /// Asked before the listing: the command and the code that means "no zone yet" (CNR's
    /// module asks CheckDNSZone, 210 = the zone is still available).
    check: Option<(&'static str, u16)>,
    /// The listing's parameters besides DNSZONE.
    list: &'static [(&'static str, &'static str)],
    /// The listing answers one column per field (NAME, TTL, TYPE, PRIO, CONTENT, LOCKED) instead
    /// of RR lines.
    wide: bool,
    /// The listing's code for "no zone yet" (ISPAPI: 545 object not found).
    list_no_zone: Option<u16>,
    /// Creates a missing zone: the command and its parameters besides the domain/zone; the
    /// bool says whether the domain (ModifyDomain DOMAIN) or the zone (DNSZONE) is named.
    create: (&'static str, bool, &'static [(&'static str, &'static str)]),
    /// Writes a change: the command and its parameters besides DNSZONE, DELRR and ADDRR.
    update: (&'static str, &'static [(&'static str, &'static str)]),
    /// Records are written with owners relative to the zone (`www 3600 IN A …`), as the
    /// CNR module writes them.
    relative_owners: bool,
    /// The provider keeps URL and mail forwardings as X-HTTP / X-SMTP records of the zone.
    pseudo_records: bool,
    /// Registration creates the zone with this AddDomain parameter (ISPAPI INTERNALDNS=1).
    pub(super) at_registration: Option<&'static str>,
}

/// ISPAPI: `API/DOMAIN/DNSZONE/QUERYDNSZONERRLIST.md`, `UPDATEDNSZONE.md`, and the original
/// module's `ModifyDomain INTERNALDNS=1` for a missing zone.
const ISPAPI_ZONE: ZoneApi = ZoneApi {
    dotted: true,
    check: None,
    list: &[("EXTENDED", "1")],
    wide: false,
    list_no_zone: Some(545),
    create: ("ModifyDomain", true, &[("INTERNALDNS", "1")]),
    // RFC 2181 §5.2: a record added to an RRset takes the RRset's TTL.
    update: (
        "UpdateDNSZone",
        &[
            ("RESOLVETTLCONFLICTS", "1"),
            ("INCSERIAL", "1"),
            ("EXTENDED", "1"),
        ],
    ),
    relative_owners: false,
    pseudo_records: true,
    at_registration: Some("INTERNALDNS"),
};

/// CNR: the provider's CNR module (`lib/Features/DNSZone.php`: CheckDNSZone, QueryDNSZoneRRList
/// WIDE=1 ORDERBY=type, AddDNSZone, ModifyDNSZone with DELRR#/ADDRR#; no zone at
/// registration) and CNR's knowledge base pages AddDNSZone and ModifyDNSZone. Forwardings are
/// separate commands there (not yet sent by the core).
const CNR_ZONE: ZoneApi = ZoneApi {
    dotted: false,
    check: Some(("CheckDNSZone", 210)),
    list: &[("WIDE", "1"), ("ORDERBY", "type")],
    wide: true,
    list_no_zone: None,
    create: ("AddDNSZone", false, &[]),
    update: ("ModifyDNSZone", &[]),
    relative_owners: true,
    pseudo_records: false,
    at_registration: None,
};

pub(super) fn zone_api(api: Api) -> &'static ZoneApi {
    match api {
        Api::Ispapi => &ISPAPI_ZONE,
        Api::Cnr => &CNR_ZONE,
    }
}

/// `COMMAND`, the object it names, then the fixed parameters, in that order.
fn zone_command(name: &str, object: (&str, &str), pairs: &[(&str, &str)]) -> Map<String, Value> {
    let mut c = command(json!({ "COMMAND": name }));
    c.insert(object.0.into(), json!(object.1));
    for (k, v) in pairs {
        c.insert((*k).into(), json!(v));
    }
    c
}

fn zone_param(api: &ZoneApi, zone: &Zone) -> String {
    if api.dotted {
        zone.apex().to_owned()
    } else {
        zone.apex().trim_end_matches('.').to_owned()
    }
}

pub(super) fn zone_of(flow: &Flow) -> Result<Zone, Interrupt> {
    Zone::new(&domain_name(flow.params)?).map_err(Interrupt::Fail)
}

fn fail_all(errors: Vec<String>) -> Interrupt {
    Interrupt::Fail(errors.join(" "))
}

/// The zone's record lines, or `None` when the domain has no zone yet. EXTENDED lists URL and
/// mail forwardings as the X-HTTP and X-SMTP records they are stored as.
pub(super) fn listing(flow: &mut Flow, zone: &Zone) -> Result<Option<Vec<String>>, Interrupt> {
    let api = zone_api(flow.settings.api());
    let name = zone_param(api, zone);
    if let Some((check, no_zone)) = api.check {
        let r = flow.send(zone_command(check, ("DNSZONE", &name), &[]))?;
        if r.code == no_zone {
            return Ok(None);
        }
        if !r.success {
            return Err(Interrupt::Fail(api_error(check, r)));
        }
    }
    let r = flow.send(zone_command(
        "QueryDNSZoneRRList",
        ("DNSZONE", &name),
        api.list,
    ))?;
    if r.success {
        Ok(Some(if api.wide {
            wide_lines(r)
        } else {
            column(r, "RR").into_iter().map(str::to_owned).collect()
        }))
    } else if api.list_no_zone == Some(r.code) {
        Ok(None)
    } else {
        Err(Interrupt::Fail(api_error("QueryDNSZoneRRList", r)))
    }
}

/// One column of a wide listing, empty cells kept so that the columns stay aligned.
fn cells<'r>(r: &'r Response, name: &str) -> Vec<&'r str> {
    r.properties
        .get(name)
        .and_then(Value::as_array)
        .map(|v| v.iter().map(|c| c.as_str().unwrap_or_default()).collect())
        .unwrap_or_default()
}

/// A wide listing (CNR) as record lines `NAME TTL IN TYPE [PRIO ]CONTENT`, the form the CNR
/// module deletes them by. LOCKED rows are the provider's own (web forwarding) and are left
/// out, so that no save touches them; MX/SRV content may or may not repeat the priority (the
/// module strips it when it does).
fn wide_lines(r: &Response) -> Vec<String> {
    let names = cells(r, "NAME");
    let (ttls, types, prios) = (cells(r, "TTL"), cells(r, "TYPE"), cells(r, "PRIO"));
    let (contents, locked) = (cells(r, "CONTENT"), cells(r, "LOCKED"));
    let at = |v: &[&'_ str], i: usize| v.get(i).copied().unwrap_or_default().trim().to_owned();
    (0..names.len())
        .filter(|&i| at(&locked, i) != "1")
        .filter_map(|i| {
            let (name, rtype, content) = (at(&names, i), at(&types, i), at(&contents, i));
            if name.is_empty() || rtype.is_empty() || content.is_empty() {
                return None;
            }
            let ttl = at(&ttls, i);
            let prio = at(&prios, i);
            let data = if matches!(rtype.to_ascii_uppercase().as_str(), "MX" | "SRV")
                && !prio.is_empty()
                && !content.starts_with(&format!("{prio} "))
            {
                format!("{prio} {content}")
            } else {
                content
            };
            let ttl = if ttl.is_empty() {
                String::new()
            } else {
                format!("{ttl} ")
            };
            Some(format!("{name} {ttl}IN {rtype} {data}"))
        })
        .collect()
}

/// A record line to send: with CNR the owner relative to the zone, as its module writes them.
fn sent_line(api: &ZoneApi, zone: &Zone, line: &str) -> String {
    if !api.relative_owners {
        return line.to_owned();
    }
    match line.trim().split_once(char::is_whitespace) {
        Some((owner, rest)) => {
            let owner = zone.relative(&zone.absolute_listed(owner));
            format!("{owner} {}", rest.trim_start())
        }
        None => line.to_owned(),
    }
}

/// Sends the change as one command (the API applies it whole or not at all); a domain
/// without a zone gets one first (ISPAPI `ModifyDomain INTERNALDNS=1`, as the original module
/// did; CNR `AddDNSZone`, as its module does).
pub(super) fn apply(
    flow: &mut Flow,
    zone: &Zone,
    exists: bool,
    change: ZoneChange,
) -> Result<(), Interrupt> {
    if change.is_empty() {
        return Ok(());
    }
    let api = zone_api(flow.settings.api());
    if !api.pseudo_records {
        let forwarding = change
            .add
            .iter()
            .chain(&change.delete)
            .any(|line| parse_line(zone, line).is_some_and(|r| r.rtype.starts_with("X-")));
        if forwarding {
            return Err(Interrupt::Fail(
                "URL and e-mail forwarding are not yet available with CentralNic Reseller; \
                 the zone was not changed."
                    .into(),
            ));
        }
    }
    let name = zone_param(api, zone);
    if !exists {
        let (create, names_domain, pairs) = api.create;
        let domain = zone.apex().trim_end_matches('.');
        let object = if names_domain {
            ("DOMAIN", domain)
        } else {
            ("DNSZONE", name.as_str())
        };
        flow.expect(zone_command(create, object, pairs))?;
    }
    let (update_name, pairs) = api.update;
    let mut update = zone_command(update_name, ("DNSZONE", &name), pairs);
    let lines =
        |v: &[String]| -> Vec<String> { v.iter().map(|l| sent_line(api, zone, l)).collect() };
    if !change.delete.is_empty() {
        update.insert("DELRR".into(), json!(lines(&change.delete)));
    }
    if !change.add.is_empty() {
        update.insert("ADDRR".into(), json!(lines(&change.add)));
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
