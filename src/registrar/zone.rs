//! DNS management and mail forwarding in the provider's zone of the domain: GetDNS, SaveDNS,
//! GetEmailForwarding, SaveEmailForwarding. The decisions are in [`crate::dns`]; this file
//! reads the zone, and writes a save as one command (ISPAPI `UpdateDNSZone`, CNR
//! `ModifyDNSZone`), creating the zone on first save. What differs per flavour is data
//! ([`ZoneApi`]), not branches.

use super::domain::{column, command, decode_html, domain_name};
use super::flow::{api_error, Flow, Interrupt};
use crate::dns::record::{parse_line, DEFAULT_TTL};
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
    /// `None`: the provider keeps URL and mail forwardings as X-HTTP / X-SMTP records of the
    /// zone (ISPAPI); otherwise apart, with commands of their own (CNR).
    forwarding: Option<&'static Forwarding>,
    /// Registration creates the zone with this AddDomain parameter (ISPAPI INTERNALDNS=1).
    pub(super) at_registration: Option<&'static str>,
}

/// Forwardings kept apart from the zone: CNR's knowledge base (api-command/AddWebFwd,
/// QueryWebFwdList, AddMailFwd, QueryMailFwdList) and the provider's CNR module
/// (`lib/Features/WebFwd.php`, `MailFwd.php`, `DNSZone.php`; DeleteWebFwd SOURCE and
/// DeleteMailFwd FROM/TO, whose KB pages are not in our sources, are named as it sends them).
pub(super) struct Forwarding {
    /// Asked once per name the wide listing marks LOCKED (the provider's rows for a web
    /// forwarding, as the module reads them) with SOURCE=<host>, WIDE=1: SOURCE/TARGET/TYPE.
    web_list: &'static str,
    /// SOURCE, TARGET, TYPE (the editor's URL and FRAME, below).
    web_add: &'static str,
    /// SOURCE.
    web_delete: &'static str,
    /// TYPE for the editor's URL (301 redirect) and FRAME (masked frame).
    web_types: (&'static str, &'static str),
    /// DNSZONE=<domain>, WIDE=1: FROM/TO columns.
    mail_list: &'static str,
    /// FROM (the whole address), TO.
    mail_add: &'static str,
    mail_delete: &'static str,
}

const CNR_FORWARDING: Forwarding = Forwarding {
    web_list: "QueryWebFwdList",
    web_add: "AddWebFwd",
    web_delete: "DeleteWebFwd",
    web_types: ("RD", "MRD"),
    mail_list: "QueryMailFwdList",
    mail_add: "AddMailFwd",
    mail_delete: "DeleteMailFwd",
};

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
    forwarding: None,
    at_registration: Some("INTERNALDNS"),
};

/// CNR: the provider's CNR module (`lib/Features/DNSZone.php`: CheckDNSZone, QueryDNSZoneRRList
/// WIDE=1 ORDERBY=type, AddDNSZone, ModifyDNSZone with DELRR#/ADDRR#; no zone at
/// registration) and CNR's knowledge base pages AddDNSZone and ModifyDNSZone. Forwardings are
/// separate commands there ([`Forwarding`]).
const CNR_ZONE: ZoneApi = ZoneApi {
    dotted: false,
    check: Some(("CheckDNSZone", 210)),
    list: &[("WIDE", "1"), ("ORDERBY", "type")],
    wide: true,
    list_no_zone: None,
    create: ("AddDNSZone", false, &[]),
    update: ("ModifyDNSZone", &[]),
    relative_owners: true,
    forwarding: Some(&CNR_FORWARDING),
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
        if !api.wide {
            return Ok(Some(
                column(r, "RR").into_iter().map(str::to_owned).collect(),
            ));
        }
        let (mut lines, locked) = wide_lines(r);
        if let Some(fwd) = api.forwarding {
            for name in locked {
                lines.extend(web_forwards(flow, fwd, zone, &name)?);
            }
        }
        Ok(Some(lines))
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

/// The web forwardings of one name the listing marks LOCKED, as the X-HTTP lines the editor
/// shows as URL and FRAME rows (the module's `WebFwd::get`). A type other than the two is
/// not shown.
fn web_forwards(
    flow: &mut Flow,
    fwd: &Forwarding,
    zone: &Zone,
    name: &str,
) -> Result<Vec<String>, Interrupt> {
    let source = zone.absolute_listed(name);
    let source = source.trim_end_matches('.');
    let r = flow.send(zone_command(
        fwd.web_list,
        ("SOURCE", source),
        &[("WIDE", "1")],
    ))?;
    if !r.success {
        return Err(Interrupt::Fail(api_error(fwd.web_list, r)));
    }
    let (sources, targets, types) = (cells(r, "SOURCE"), cells(r, "TARGET"), cells(r, "TYPE"));
    Ok((0..sources.len())
        .filter(|&i| sources[i].trim().eq_ignore_ascii_case(source))
        .filter_map(|i| {
            let target = targets.get(i)?.trim();
            let kind = types.get(i)?.trim();
            let mode = if kind.eq_ignore_ascii_case(fwd.web_types.0) {
                "REDIRECT"
            } else if kind.eq_ignore_ascii_case(fwd.web_types.1) {
                "FRAME"
            } else {
                return None;
            };
            (!target.is_empty()).then(|| format!("{name} {DEFAULT_TTL} IN X-HTTP {mode} {target}"))
        })
        .collect())
}

/// A wide listing (CNR) as record lines `NAME TTL IN TYPE [PRIO ]CONTENT`, the form the CNR
/// module deletes them by, and the names of the LOCKED rows. Those are the provider's own
/// (web forwarding) and are left out, so that no save touches them; MX/SRV content may or may
/// not repeat the priority (the module strips it when it does).
fn wide_lines(r: &Response) -> (Vec<String>, Vec<String>) {
    let names = cells(r, "NAME");
    let (ttls, types, prios) = (cells(r, "TTL"), cells(r, "TYPE"), cells(r, "PRIO"));
    let (contents, locked) = (cells(r, "CONTENT"), cells(r, "LOCKED"));
    let at = |v: &[&'_ str], i: usize| v.get(i).copied().unwrap_or_default().trim().to_owned();
    let mut locked_names: Vec<String> = Vec::new();
    for i in (0..names.len()).filter(|&i| at(&locked, i) == "1") {
        let name = at(&names, i);
        if !name.is_empty() && !locked_names.contains(&name) {
            locked_names.push(name);
        }
    }
    let lines = (0..names.len())
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
        .collect();
    (lines, locked_names)
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
    let (change, web) = match api.forwarding {
        Some(fwd) => split_web_forwards(fwd, zone, change)?,
        None => (change, WebChange::default()),
    };
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
    if !change.is_empty() {
        modify(flow, api, zone, &name, &change)?;
    }
    if let Some(fwd) = api.forwarding {
        // As the module: the old forwarding of a name goes before its new one is added.
        for source in web.delete {
            flow.expect(zone_command(fwd.web_delete, ("SOURCE", &source), &[]))?;
        }
        for (source, target, kind) in web.add {
            flow.expect(zone_command(
                fwd.web_add,
                ("SOURCE", &source),
                &[("TARGET", &target), ("TYPE", kind)],
            ))?;
        }
    }
    Ok(())
}

/// The web forwardings a save deletes (their SOURCE) and adds (SOURCE, TARGET, TYPE).
#[derive(Default)]
struct WebChange {
    delete: Vec<String>,
    add: Vec<(String, String, &'static str)>,
}

/// Takes the X-HTTP lines out of a change: they are web forwardings, not zone records. A
/// forwarding of a path (`www/shop`) has no CNR form and is refused before any command; so is
/// any other X- record (the zone has none).
fn split_web_forwards(
    fwd: &Forwarding,
    zone: &Zone,
    change: ZoneChange,
) -> Result<(ZoneChange, WebChange), Interrupt> {
    let mut web = WebChange::default();
    let mut rest = ZoneChange::default();
    let mut forwarding =
        |line: String, add: bool| -> Result<Option<String>, Interrupt> {
            let Some(r) = parse_line(zone, &line).filter(|r| r.rtype.starts_with("X-")) else {
                return Ok(Some(line));
            };
            let fields: Vec<&str> = r.data.split_whitespace().collect();
            let (kind, target) =
                match (r.rtype.as_str(), fields.as_slice()) {
                    ("X-HTTP", [mode, target]) if mode.eq_ignore_ascii_case("REDIRECT") => {
                        (fwd.web_types.0, *target)
                    }
                    ("X-HTTP", [mode, target]) if mode.eq_ignore_ascii_case("FRAME") => {
                        (fwd.web_types.1, *target)
                    }
                    ("X-HTTP", _) => return Err(Interrupt::Fail(
                        "CentralNic Reseller forwards a whole host name, not a path: enter the \
                     URL or FRAME row without a path. The zone was not changed."
                            .into(),
                    )),
                    _ => return Err(Interrupt::Fail(
                        "E-mail forwarding is set on the e-mail forwarding page with CentralNic \
                     Reseller; the zone was not changed."
                            .into(),
                    )),
                };
            let source = r.name.trim_end_matches('.').to_owned();
            if add {
                web.add.push((source, target.to_owned(), kind));
            } else {
                web.delete.push(source);
            }
            Ok(None)
        };
    for line in change.delete {
        rest.delete.extend(forwarding(line, false)?);
    }
    for line in change.add {
        rest.add.extend(forwarding(line, true)?);
    }
    Ok((rest, web))
}

/// The zone's records: one command deleting and adding lines (ISPAPI UpdateDNSZone, CNR
/// ModifyDNSZone).
fn modify(
    flow: &mut Flow,
    api: &ZoneApi,
    zone: &Zone,
    name: &str,
    change: &ZoneChange,
) -> Result<(), Interrupt> {
    let (update_name, pairs) = api.update;
    let mut update = zone_command(update_name, ("DNSZONE", name), pairs);
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

/// A mail forwarding's FROM and TO as CNR listed them.
type ListedMail = (String, String);

/// CNR: the domain's mail forwardings (QueryMailFwdList), as the X-SMTP lines the planning
/// works on, each with the FROM and TO it was listed with (what DeleteMailFwd names).
fn mail_forwards(
    flow: &mut Flow,
    fwd: &Forwarding,
    zone: &Zone,
) -> Result<Vec<(String, ListedMail)>, Interrupt> {
    let domain = zone.apex().trim_end_matches('.');
    let r = flow.send(zone_command(
        fwd.mail_list,
        ("DNSZONE", domain),
        &[("WIDE", "1")],
    ))?;
    if !r.success {
        return Err(Interrupt::Fail(api_error(fwd.mail_list, r)));
    }
    let (from, to) = (cells(r, "FROM"), cells(r, "TO"));
    let suffix = format!("@{domain}");
    Ok(from
        .iter()
        .zip(to)
        .filter_map(|(from, to)| {
            let (from, to) = (from.trim(), to.trim());
            let local = from.to_ascii_lowercase();
            let local = local.strip_suffix(&suffix.to_ascii_lowercase())?;
            // The module writes the catch-all as `*@domain`; `@domain` is read the same way.
            let prefix = if local.is_empty() { "*" } else { local };
            let line = dns::forwarding::forward_line(zone, prefix, to);
            Some((line, (from.to_owned(), to.to_owned())))
        })
        .collect())
}

pub fn get_email_forwarding(flow: &mut Flow) -> Outcome {
    let zone = zone_of(flow)?;
    if let Some(fwd) = zone_api(flow.settings.api()).forwarding {
        let listed = mail_forwards(flow, fwd, &zone)?;
        let lines: Vec<&str> = listed.iter().map(|(l, _)| l.as_str()).collect();
        return Ok(json!(dns::forwards(&zone, &lines)));
    }
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
    if let Some(fwd) = zone_api(flow.settings.api()).forwarding {
        return save_mail_forwards(flow, fwd, &zone, &pairs);
    }
    let current = listing(flow, &zone)?;
    let lines: Vec<&str> = current.iter().flatten().map(String::as_str).collect();
    let change = dns::plan_forwards(&zone, &lines, &pairs).map_err(fail_all)?;
    apply(flow, &zone, current.is_some(), change)?;
    Ok(json!({ "success": true }))
}

/// CNR: a save as one DeleteMailFwd per forwarding that goes (FROM and TO as listed) and one
/// AddMailFwd per new one (FROM the whole address, `*@domain` for the catch-all as CNR's module
/// writes it), deletions first. A mail forwarding lives in the domain's DNS zone (KB AddMailFwd),
/// so a domain without one gets it first (CheckDNSZone 210, AddDNSZone).
fn save_mail_forwards(
    flow: &mut Flow,
    fwd: &Forwarding,
    zone: &Zone,
    pairs: &[(String, String)],
) -> Outcome {
    let listed = mail_forwards(flow, fwd, zone)?;
    let lines: Vec<&str> = listed.iter().map(|(l, _)| l.as_str()).collect();
    let change = dns::plan_forwards(zone, &lines, pairs).map_err(fail_all)?;
    let domain = zone.apex().trim_end_matches('.');
    if !change.add.is_empty() {
        let api = zone_api(flow.settings.api());
        if let Some((check, no_zone)) = api.check {
            let r = flow.send(zone_command(check, ("DNSZONE", domain), &[]))?;
            if r.code == no_zone {
                let (create, _, pairs) = api.create;
                flow.expect(zone_command(create, ("DNSZONE", domain), pairs))?;
            } else if !r.success {
                return Err(Interrupt::Fail(api_error(check, r)));
            }
        }
    }
    for line in &change.delete {
        let Some((_, (from, to))) = listed.iter().find(|(l, _)| l.trim() == line.trim()) else {
            continue;
        };
        flow.expect(zone_command(fwd.mail_delete, ("FROM", from), &[("TO", to)]))?;
    }
    for line in &change.add {
        let Some((prefix, to)) = dns::forwarding::forward_parts(zone, line) else {
            continue;
        };
        let from = format!("{prefix}@{domain}");
        flow.expect(zone_command(fwd.mail_add, ("FROM", &from), &[("TO", &to)]))?;
    }
    Ok(json!({ "success": true }))
}
