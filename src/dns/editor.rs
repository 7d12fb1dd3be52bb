//! WHMCS's DNS editor (GetDNS / SaveDNS) over the provider's zone: which records it shows, how
//! a row it sends back becomes a record, and the change that turns the zone into what was
//! saved. Records the editor cannot show (SOA, the zone's own NS, mail forwarding, CAA, TXT
//! that is not UTF-8, …) are kept: a save only deletes records it showed.

use super::name::Zone;
use super::record::{parse_line, txt_data, txt_text, Record, DEFAULT_TTL};
use super::ZoneChange;
use crate::error::quoted;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

/// A row of the editor: what GetDNS returns and SaveDNS receives (`dnsrecords`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EditorRecord {
    pub hostname: String,
    #[serde(rename = "type")]
    pub rtype: String,
    pub address: String,
    pub priority: String,
    /// Identifies the listed record a row was, so that an edited record keeps its TTL.
    pub recid: String,
}

impl EditorRecord {
    /// A row from WHMCS's array; numbers are accepted where WHMCS may send them.
    pub fn from_value(v: &Value) -> EditorRecord {
        let field = |k: &str| match v.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        EditorRecord {
            hostname: field("hostname"),
            rtype: field("type"),
            address: field("address"),
            priority: field("priority"),
            recid: field("recid"),
        }
    }
}

/// The most records a zone may have at the provider.
pub const MAX_RECORDS: usize = 10_000;
/// The longest TXT text accepted (a 4096-bit DKIM key is about 800 characters).
const MAX_TXT: usize = 4000;
/// The longest forwarding URL accepted.
const MAX_URL: usize = 2000;
/// MX preference when the editor sends none (the original module's default).
const DEFAULT_MX_PREFERENCE: u16 = 100;
/// MXE ("mail to an IP address") is an MX to this host plus its A record, as the provider's
/// own control panel stores it: `mxe-host-for-ip-192-0-2-1`.
const MXE_HOST_PREFIX: &str = "mxe-host-for-ip-";

/// A record the editor manages, in the form the API takes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Absolute owner name.
    name: String,
    /// The API's type (`X-HTTP` for URL and FRAME, `MX` for MXE).
    rtype: &'static str,
    /// The data in one canonical spelling, so that equal records compare equal.
    data: String,
}

impl Entry {
    fn key(&self) -> String {
        format!("{} {} {}", self.name, self.rtype, self.data)
    }

    fn line(&self, ttl: u32) -> String {
        format!("{} {ttl} IN {} {}", self.name, self.rtype, self.data)
    }
}

/// What a listed record is to the editor.
enum Listed {
    Shown(Entry, EditorRecord),
    /// The A record behind an MXE row: not shown, but replaced and removed with it.
    MxeHost(Entry),
    Kept,
}

/// A saved row: its record, and for MXE the A record it needs.
struct Saved {
    entry: Entry,
    mxe_host: Option<Entry>,
}

/// GetDNS: the rows of the editor for the zone's listing (the RR lines of QueryDNSZoneRRList).
pub fn editor_view(zone: &Zone, listing: &[&str]) -> Vec<EditorRecord> {
    listing
        .iter()
        .filter_map(|line| parse_line(zone, line))
        .filter_map(|r| match listed(zone, &r) {
            Listed::Shown(_, row) => Some(row),
            _ => None,
        })
        .collect()
}

/// SaveDNS: the records to delete and add so that the zone holds exactly the saved rows (plus
/// the records the editor does not show). Every invalid row is reported, and then nothing is
/// changed.
pub fn plan_save(
    zone: &Zone,
    listing: &[&str],
    rows: &[EditorRecord],
) -> Result<ZoneChange, Vec<String>> {
    let wanted = saved_rows(zone, rows)?;
    plan_from_saved(zone, listing, wanted)
}

/// The rows turned into records, before the zone is known: the check a save passes before any
/// command is sent.
pub fn check_rows(zone: &Zone, rows: &[EditorRecord]) -> Result<(), Vec<String>> {
    saved_rows(zone, rows).map(|_| ())
}

fn saved_rows(zone: &Zone, rows: &[EditorRecord]) -> Result<Vec<(Saved, String)>, Vec<String>> {
    if rows.len() > MAX_RECORDS {
        return Err(vec![format!(
            "{} records were sent; a zone may have at most {MAX_RECORDS}.",
            rows.len()
        )]);
    }
    let mut errors = Vec::new();
    let mut wanted = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match save_row(zone, row) {
            Ok(Some(saved)) => wanted.push((saved, row.recid.clone())),
            Ok(None) => {}
            Err(e) => errors.push(format!(
                "Record {} ({} {}): {e}",
                i + 1,
                quoted(row.hostname.trim()),
                quoted(row.rtype.trim())
            )),
        }
    }
    if errors.is_empty() {
        Ok(wanted)
    } else {
        Err(errors)
    }
}

fn plan_from_saved(
    zone: &Zone,
    listing: &[&str],
    wanted: Vec<(Saved, String)>,
) -> Result<ZoneChange, Vec<String>> {
    let records: Vec<(Record, Listed)> = listing
        .iter()
        .filter_map(|l| parse_line(zone, l))
        .map(|r| {
            let how = listed(zone, &r);
            (r, how)
        })
        .collect();

    // What is there now: the records the editor manages (by key); for new records the TTL of
    // the row they replace or of their RRset (RFC 2181 §5.2: one TTL per RRset).
    let mut managed: HashSet<String> = HashSet::new();
    let mut ttl_by_recid: HashMap<&str, u32> = HashMap::new();
    let mut ttl_by_rrset: HashMap<(&str, &str), u32> = HashMap::new();
    let mut kept: Vec<&Record> = Vec::new();
    for (r, how) in &records {
        ttl_by_rrset.entry((&r.name, &r.rtype)).or_insert(r.ttl);
        match how {
            Listed::Shown(entry, row) => {
                ttl_by_recid.insert(&row.recid, r.ttl);
                managed.insert(entry.key());
            }
            Listed::MxeHost(entry) => {
                managed.insert(entry.key());
            }
            Listed::Kept => {
                // A hidden record that a row spells the same way is there already.
                let data = r.data.split_whitespace().collect::<Vec<_>>().join(" ");
                managed.insert(format!("{} {} {data}", r.name, r.rtype));
                kept.push(r);
            }
        }
    }

    // What the save wants, once each.
    let mut entries: Vec<(Entry, Option<u32>)> = Vec::new();
    let mut seen = HashSet::new();
    for (saved, recid) in wanted {
        let ttl = ttl_by_recid.get(recid.as_str()).copied();
        for entry in std::iter::once(saved.entry).chain(saved.mxe_host) {
            if seen.insert(entry.key()) {
                entries.push((entry, ttl));
            }
        }
    }
    check_cname_rule(&entries, &kept)?;

    let mut change = ZoneChange::default();
    for (r, how) in &records {
        if let Listed::Shown(entry, _) | Listed::MxeHost(entry) = how {
            if !seen.contains(&entry.key()) {
                change.delete.push(r.line.clone());
            }
        }
    }
    for (entry, ttl) in &entries {
        if managed.contains(&entry.key()) {
            continue;
        }
        let ttl = ttl
            .or_else(|| {
                ttl_by_rrset
                    .get(&(entry.name.as_str(), entry.rtype))
                    .copied()
            })
            .unwrap_or(DEFAULT_TTL);
        change.add.push(entry.line(ttl));
    }
    Ok(change)
}

/// RFC 1034 §3.6.2: a name with a CNAME has no other data. The provider answers A for URL and
/// FRAME forwarding, so those count as other data too.
fn check_cname_rule(entries: &[(Entry, Option<u32>)], kept: &[&Record]) -> Result<(), Vec<String>> {
    let mut types: HashMap<&str, Vec<&str>> = HashMap::new();
    for (e, _) in entries {
        types.entry(e.name.as_str()).or_default().push(e.rtype);
    }
    for r in kept {
        types
            .entry(r.name.as_str())
            .or_default()
            .push(r.rtype.as_str());
    }
    let mut errors = Vec::new();
    for (name, list) in &types {
        let cnames = list.iter().filter(|t| **t == "CNAME").count();
        if cnames == 0 {
            continue;
        }
        if cnames > 1 {
            // A kept record's name is as the API listed it.
            let name = crate::error::shown(name, 253);
            errors.push(format!(
                "{name} has {cnames} CNAME records; a name may have only one."
            ));
        } else if list.len() > 1 {
            let name = crate::error::shown(name, 253);
            errors.push(format!(
                "{name} has a CNAME and other records; a CNAME must be the only record of its name."
            ));
        }
    }
    errors.sort();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// How the editor sees a listed record. A record is shown only if saving its row unchanged
/// gives the same record back, so that showing it can never change it.
fn listed(zone: &Zone, r: &Record) -> Listed {
    match show(zone, r) {
        Some(Listed::Shown(entry, row)) => match save_row(zone, &row) {
            Ok(Some(saved)) if saved.entry == entry => Listed::Shown(entry, row),
            _ => Listed::Kept,
        },
        Some(other) => other,
        None => Listed::Kept,
    }
}

/// The editor row of a record, the MXE host it is, or `None` to keep it hidden.
fn show(zone: &Zone, r: &Record) -> Option<Listed> {
    let host = zone.relative(&r.name);
    let fields: Vec<&str> = r.data.split_whitespace().collect();
    let row = |rtype: &str, address: String, priority: String| EditorRecord {
        hostname: host.clone(),
        rtype: rtype.to_owned(),
        address,
        priority,
        recid: String::new(),
    };
    let (entry, mut row) = match (r.rtype.as_str(), fields.as_slice()) {
        ("A", [ip]) => {
            let ip: Ipv4Addr = ip.parse().ok()?;
            let entry = Entry {
                name: r.name.clone(),
                rtype: "A",
                data: ip.to_string(),
            };
            if mxe_host_ip(zone, &r.name) == Some(ip) {
                return Some(Listed::MxeHost(entry));
            }
            (entry, row("A", ip.to_string(), String::new()))
        }
        ("AAAA", [ip]) => {
            let ip: Ipv6Addr = ip.parse().ok()?;
            (
                Entry {
                    name: r.name.clone(),
                    rtype: "AAAA",
                    data: ip.to_string(),
                },
                row("AAAA", ip.to_string(), String::new()),
            )
        }
        ("CNAME", [target]) => {
            let target = zone.absolute_listed(target);
            (
                Entry {
                    name: r.name.clone(),
                    rtype: "CNAME",
                    data: target.clone(),
                },
                row("CNAME", display_target(&target), String::new()),
            )
        }
        // The zone's own nameservers belong to the provider (the domain's nameserver settings).
        ("NS", [target]) if r.name != zone.apex() => {
            let target = zone.absolute_listed(target);
            (
                Entry {
                    name: r.name.clone(),
                    rtype: "NS",
                    data: target.clone(),
                },
                row("NS", display_target(&target), String::new()),
            )
        }
        ("MX", [preference, target]) => {
            let preference: u16 = preference.parse().ok()?;
            let target = zone.absolute_listed(target);
            let entry = Entry {
                name: r.name.clone(),
                rtype: "MX",
                data: format!("{preference} {target}"),
            };
            match mxe_host_ip(zone, &target) {
                Some(ip) => (entry, row("MXE", ip.to_string(), preference.to_string())),
                None => (
                    entry,
                    row("MX", display_target(&target), preference.to_string()),
                ),
            }
        }
        ("SRV", [priority, weight, port, target]) => {
            let (priority, weight, port): (u16, u16, u16) = (
                priority.parse().ok()?,
                weight.parse().ok()?,
                port.parse().ok()?,
            );
            let target = zone.absolute_listed(target);
            (
                Entry {
                    name: r.name.clone(),
                    rtype: "SRV",
                    data: format!("{priority} {weight} {port} {target}"),
                },
                row(
                    "SRV",
                    format!("{weight} {port} {}", display_target(&target)),
                    priority.to_string(),
                ),
            )
        }
        ("TXT", _) => {
            let text = txt_text(&r.data)?;
            (
                Entry {
                    name: r.name.clone(),
                    rtype: "TXT",
                    data: txt_data(&text),
                },
                row("TXT", text, String::new()),
            )
        }
        ("X-HTTP", _) => {
            let (path, mode, url) = match fields.as_slice() {
                [path, mode, url] if path.starts_with('/') => (*path, *mode, *url),
                [mode, url] => ("", *mode, *url),
                _ => return None,
            };
            let editor_type = match mode.to_ascii_uppercase().as_str() {
                "REDIRECT" => "URL",
                "FRAME" => "FRAME",
                _ => return None,
            };
            (
                Entry {
                    name: r.name.clone(),
                    rtype: "X-HTTP",
                    data: forwarding_data(path, editor_type, url),
                },
                EditorRecord {
                    hostname: format!("{host}{path}"),
                    ..row(editor_type, (*url).to_owned(), String::new())
                },
            )
        }
        _ => return None,
    };
    row.recid = recid(&entry);
    Some(Listed::Shown(entry, row))
}

/// Targets are shown without their final dot (`mail.example.net`), the way customers type them.
fn display_target(target: &str) -> String {
    let t = target.to_ascii_lowercase();
    if t == "." {
        return t;
    }
    t.strip_suffix('.').map(str::to_owned).unwrap_or(t)
}

/// A short stable id of a record (FNV-1a of its key).
fn recid(entry: &Entry) -> String {
    let hash = entry.key().bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// `mxe-host-for-ip-192-0-2-1.example.com.` → 192.0.2.1.
fn mxe_host_ip(zone: &Zone, name: &str) -> Option<Ipv4Addr> {
    let host = zone.relative(name);
    let dashed = host.strip_prefix(MXE_HOST_PREFIX)?;
    dashed.replace('-', ".").parse().ok()
}

fn mxe_host(zone: &Zone, ip: Ipv4Addr) -> String {
    let dashed = ip.to_string().replace('.', "-");
    format!("{MXE_HOST_PREFIX}{dashed}.{}", zone.apex())
}

fn forwarding_data(path: &str, editor_type: &str, url: &str) -> String {
    let mode = if editor_type == "URL" {
        "REDIRECT"
    } else {
        "FRAME"
    };
    if path.is_empty() {
        format!("{mode} {url}")
    } else {
        format!("{path} {mode} {url}")
    }
}

/// A row of the editor as a record; `Ok(None)` for a row without host or address, which is
/// how the editor deletes a record.
fn save_row(zone: &Zone, row: &EditorRecord) -> Result<Option<Saved>, String> {
    let (host, address) = (row.hostname.trim(), row.address.trim());
    if host.is_empty() || address.is_empty() {
        return Ok(None);
    }
    let rtype = row.rtype.trim().to_ascii_uppercase();
    let plain = |name: String, rtype: &'static str, data: String| {
        Ok(Some(Saved {
            entry: Entry { name, rtype, data },
            mxe_host: None,
        }))
    };
    match rtype.as_str() {
        "A" => {
            let name = zone.owner(host)?;
            let ip: Ipv4Addr = address
                .parse()
                .map_err(|_| format!("{} is not an IPv4 address.", quoted(address)))?;
            plain(name, "A", ip.to_string())
        }
        "AAAA" => {
            let name = zone.owner(host)?;
            let ip: Ipv6Addr = address
                .parse()
                .map_err(|_| format!("{} is not an IPv6 address.", quoted(address)))?;
            plain(name, "AAAA", ip.to_string())
        }
        "CNAME" => {
            let name = zone.owner(host)?;
            if name == zone.apex() {
                return Err("a CNAME cannot be at the zone apex (@), where the zone's own records are; use an A or AAAA record, or URL forwarding.".into());
            }
            plain(name, "CNAME", zone.target(address)?)
        }
        "NS" => {
            let name = zone.owner(host)?;
            if name == zone.apex() {
                return Err("the zone's own nameservers (NS at @) are the domain's nameservers; change those instead.".into());
            }
            plain(name, "NS", zone.target(address)?)
        }
        "MX" => {
            let name = zone.owner(host)?;
            let (preference, target) = preference_and_value(&row.priority, address)?;
            if target.parse::<std::net::IpAddr>().is_ok() {
                return Err(format!("an MX record needs a host name, not the address {}; use MXE to send mail to an IP address.", quoted(target)));
            }
            plain(name, "MX", format!("{preference} {}", zone.target(target)?))
        }
        "MXE" => {
            let name = zone.owner(host)?;
            let (preference, value) = preference_and_value(&row.priority, address)?;
            let ip: Ipv4Addr = value
                .parse()
                .map_err(|_| format!("MXE needs the IPv4 address of the mail server; {} is not one.", quoted(value)))?;
            let host = mxe_host(zone, ip);
            Ok(Some(Saved {
                entry: Entry { name, rtype: "MX", data: format!("{preference} {host}") },
                mxe_host: Some(Entry { name: host, rtype: "A", data: ip.to_string() }),
            }))
        }
        "TXT" => {
            let name = zone.owner(host)?;
            plain(name, "TXT", txt_data(&txt_input(&row.address)?))
        }
        "SRV" => {
            let name = zone.owner(host)?;
            let relative = zone.relative(&name);
            let service: Vec<&str> = relative.split('.').take(2).collect();
            if service.len() < 2 || !service.iter().all(|l| l.starts_with('_')) {
                return Err("an SRV host name starts with the service and protocol, as in _sip._tcp.".into());
            }
            let priority = number(&row.priority, 0, "priority")?;
            let parts: Vec<&str> = address.split_whitespace().collect();
            let [weight, port, target] = parts.as_slice() else {
                return Err("an SRV record's address is \"weight port target\", e.g. 5 5060 sip.example.com.".into());
            };
            let weight = number(weight, 0, "weight")?;
            let port = number(port, 0, "port")?;
            let target = if *target == "." { ".".to_owned() } else { zone.target(target)? };
            plain(name, "SRV", format!("{priority} {weight} {port} {target}"))
        }
        "URL" | "FRAME" => {
            let (host, path) = match host.find('/') {
                Some(i) => host.split_at(i),
                None => (host, ""),
            };
            let name = zone.owner(host)?;
            if path.len() > 255 || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!("the path {} may not have spaces and must be shorter than 256 characters.", quoted(path)));
            }
            check_url(address)?;
            plain(name, "X-HTTP", forwarding_data(path, &rtype, address))
        }
        "" => Err("the record has no type.".into()),
        other => Err(format!(
            "the type {} is not supported; use A, AAAA, CNAME, MX, MXE, TXT, SRV, NS (below @), URL or FRAME.",
            quoted(other)
        )),
    }
}

/// MX priority from the priority field, or from an address typed as "10 mail.example.com".
fn preference_and_value<'a>(priority: &str, address: &'a str) -> Result<(u16, &'a str), String> {
    let mut parts = address.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(first), Some(rest), None) if first.bytes().all(|b| b.is_ascii_digit()) => {
            let preference = number(first, DEFAULT_MX_PREFERENCE, "priority")?;
            Ok((number(priority, preference, "priority")?, rest))
        }
        (Some(value), None, None) => {
            Ok((number(priority, DEFAULT_MX_PREFERENCE, "priority")?, value))
        }
        _ => Err(format!("{} is not one host name.", quoted(address))),
    }
}

/// A 16-bit number field; WHMCS sends "N/A" or nothing where a type has no priority.
fn number(value: &str, default: u16, what: &str) -> Result<u16, String> {
    let value = value.trim();
    if value.is_empty() || value.eq_ignore_ascii_case("N/A") {
        return Ok(default);
    }
    value.parse().map_err(|_| {
        format!(
            "the {what} must be a number from 0 to 65535, not {}.",
            quoted(value)
        )
    })
}

/// The text of a TXT row: typed as plain text, or pasted in the zone-file form with quotes
/// (`"v=DKIM1; …" "…"`), which is read as such. One line: the API's protocol has no way to
/// carry a line break, and the SDKs would silently drop it.
fn txt_input(address: &str) -> Result<String, String> {
    let typed = address.trim();
    if typed.chars().any(char::is_control) {
        return Err(
            "a TXT record holds one line of text; remove the line breaks and control characters."
                .into(),
        );
    }
    let text = match txt_text(typed) {
        Some(text) if typed.starts_with('"') && typed.ends_with('"') && typed.len() > 1 => text,
        _ => typed.to_owned(),
    };
    if text.len() > MAX_TXT {
        return Err(format!(
            "the text has {} bytes; at most {MAX_TXT} are accepted.",
            text.len()
        ));
    }
    Ok(text)
}

/// A forwarding destination: an http or https URL with a host and no spaces.
fn check_url(url: &str) -> Result<(), String> {
    let bad = || format!("{} is not an http:// or https:// address.", quoted(url));
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(bad)?;
    if url.len() > MAX_URL || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    if host.starts_with('[') && host.ends_with(']') {
        return host[1..host.len() - 1]
            .parse::<Ipv6Addr>()
            .map(|_| ())
            .map_err(|_| bad());
    }
    if host.parse::<Ipv4Addr>().is_ok() {
        return Ok(());
    }
    super::name::host_name(host).map(|_| ()).map_err(|_| bad())
}
