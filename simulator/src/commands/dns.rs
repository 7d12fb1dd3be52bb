//! DNS zones hosted by the provider: QueryDNSZoneRRList, UpdateDNSZone (ISPAPI),
//! AddDNSZone / ModifyDNSZone (CNR), CheckDNSZone.

use super::{ace, scope, Ctx, Outcome};
use crate::model::Zone;
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;

/// The records a new zone starts with.
pub fn default_records(domain: &str) -> Vec<String> {
    default_records_at(domain, "ispapi.net")
}

/// CNR's module points a domain with a new zone at ns1–3.dnsres.net
/// (lib/Features/DNSZone.php); that the zone lists them as its NS records is unverified.
fn default_records_at(domain: &str, servers: &str) -> Vec<String> {
    let z = format!("{domain}.");
    (1..=3)
        .map(|i| format!("{z} 3600 IN NS ns{i}.{servers}."))
        .collect()
}

/// `example.com.` from `example.com`, `EXAMPLE.COM.` or an IDN.
fn zone_name(p: &Params) -> Result<String, Reply> {
    let raw = p.require("DNSZONE")?;
    let ace = ace("DNSZONE", raw)
        .map_err(|_| Reply::detail(506, "Syntax error in parameter: DNSZONE"))?;
    Ok(format!("{ace}."))
}

/// The zone, if the user holds it or the domain it belongs to.
fn find_zone(ctx: &Ctx, zone: &str, create: bool) -> Result<Zone, Reply> {
    let users = scope(ctx)?;
    if let Some(z) = ctx.store.zone(zone)? {
        if users.contains(&z.owner) {
            return Ok(z);
        }
        return Err(Reply::detail(545, format!("zone {zone} not found")));
    }
    let domain = zone.trim_end_matches('.');
    match ctx.store.domain(domain)? {
        // UpdateDNSZone on a domain of the account creates its zone (the simulator has no
        // CreateDNSZone); reading a zone that was never created is a 545.
        Some(d) if create && d.deleted.is_none() && users.contains(&d.owner) => Ok(Zone {
            zone: zone.to_owned(),
            owner: d.owner,
            serial: 0,
            records: default_records(domain),
        }),
        _ => Err(Reply::detail(545, format!("zone {zone} not found"))),
    }
}

/// A record in canonical form: `name ttl IN TYPE data`, names made absolute. The data is kept
/// as given (trimmed), so that quoted TXT strings keep their inner spaces.
pub fn normalize(zone: &str, rr: &str) -> Result<String, Reply> {
    normalize_as(Flavour::Ispapi, zone, rr)
}

/// [`normalize`] for a flavour: X-HTTP and X-SMTP are ISPAPI's forwarding records
/// (QUERYDNSZONERRLIST.md's EXTENDED); CNR keeps forwardings apart (its module's WebFwd and
/// MailFwd commands), so a CNR zone refuses them.
fn normalize_as(flavour: Flavour, zone: &str, rr: &str) -> Result<String, Reply> {
    let bad = || {
        Reply::detail(
            506,
            format!(
                "Syntax error in parameter: {}",
                rr.chars().take(80).collect::<String>()
            ),
        )
    };
    let mut rest = rr.trim();
    let mut next = || -> Option<&str> {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        rest = after.trim_start();
        (!token.is_empty()).then_some(token)
    };
    let name = next().ok_or_else(bad)?;
    let name = if name == "@" {
        zone.to_owned()
    } else if name.ends_with('.') {
        name.to_ascii_lowercase()
    } else {
        format!("{}.{zone}", name.to_ascii_lowercase())
    };
    let mut token = next().ok_or_else(bad)?;
    let mut ttl = "3600".to_owned();
    if token.bytes().all(|b| b.is_ascii_digit()) {
        ttl = token.to_owned();
        token = next().ok_or_else(bad)?;
    }
    if token.eq_ignore_ascii_case("IN") {
        token = next().ok_or_else(bad)?;
    }
    let rtype = token.to_ascii_uppercase();
    let known = [
        "A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA", "PTR", "SOA", "DS", "TLSA",
        "X-HTTP", "X-SMTP",
    ];
    if !known.contains(&rtype.as_str()) || (flavour == Flavour::Cnr && rtype.starts_with("X-")) {
        return Err(bad());
    }
    let data = rest.trim();
    if data.is_empty() {
        return Err(bad());
    }
    Ok(format!("{name} {ttl} IN {rtype} {data}"))
}

fn soa(z: &Zone) -> String {
    format!(
        "{0} 3600 IN SOA ns1.ispapi.net. hostmaster.{0} {1} 86400 7200 3600000 172800",
        z.zone, z.serial
    )
}

pub fn query_rr_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    let z = find_zone(ctx, &zone, false)?;
    let mut rows = vec![soa(&z)];
    rows.extend(z.records.iter().cloned());
    if let Some(t) = p.get("RRTYPE") {
        let t = t.trim().to_ascii_uppercase();
        rows.retain(|r| r.split_whitespace().nth(3) == Some(t.as_str()));
    }
    let is_wide = ctx.flavour == Flavour::Cnr && p.flag("WIDE")?.unwrap_or(false);
    if ctx.flavour == Flavour::Cnr && !is_wide {
        // CNR's forwardings live beside the zone (commands/forwarding.rs).
        rows.retain(|r| {
            !r.split_whitespace()
                .nth(3)
                .is_some_and(|t| t.starts_with("X-"))
        });
    }
    let mut r = Reply::ok();
    r.push("COUNT", rows.len().to_string());
    r.push("TOTAL", rows.len().to_string());
    if is_wide {
        wide(&mut r, &z, &rows);
    } else {
        r.extend("RR", rows);
    }
    Ok(r)
}

/// CNR's WIDE listing: one column per field, as the provider's CNR module reads it (NAME,
/// TYPE, CONTENT, PRIO, TTL, LOCKED; lib/Features/DNSZone.php). NAME relative to the zone
/// (`@` for the apex), the priority of MX and SRV in PRIO and not in CONTENT, no SOA row, and
/// LOCKED 0 are unverified: no CNR page in our sources shows this reply. A web forwarding
/// shows as a LOCKED A row of its name (the module reads LOCKED rows as the provider's web
/// forwardings; their type and address, 192.0.2.80 here, are unverified); mail forwardings
/// are not shown.
fn wide(r: &mut Reply, z: &Zone, rows: &[String]) {
    let suffix = format!(".{}", z.zone);
    for row in rows {
        let mut f = row.splitn(5, ' ');
        let (name, ttl, _class, rtype, data) = (
            f.next().unwrap_or_default(),
            f.next().unwrap_or_default(),
            f.next().unwrap_or_default(),
            f.next().unwrap_or_default(),
            f.next().unwrap_or_default(),
        );
        if rtype == "SOA" || rtype == super::forwarding::MAIL {
            continue;
        }
        let forwarding = rtype == super::forwarding::WEB;
        let (rtype, data) = if forwarding {
            ("A", "192.0.2.80")
        } else {
            (rtype, data)
        };
        let name = if name == z.zone {
            "@".to_owned()
        } else {
            name.strip_suffix(&suffix).unwrap_or(name).to_owned()
        };
        let (prio, content) = match (rtype, data.split_once(' ')) {
            ("MX" | "SRV", Some((prio, rest))) => (prio, rest),
            _ => ("", data),
        };
        r.push("NAME", name);
        r.push("TYPE", rtype);
        r.push("CONTENT", content);
        r.push("PRIO", prio);
        r.push("TTL", ttl);
        r.push("LOCKED", if forwarding { "1" } else { "0" });
    }
    let shown = r.get("NAME").map_or(0, <[String]>::len).to_string();
    r.column("COUNT")[0] = shown.clone();
    r.column("TOTAL")[0] = shown;
}

pub fn update_zone(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    let z = find_zone(ctx, &zone, true)?;
    change(ctx, p, z)
}

/// CNR's ModifyDNSZone (kb.centralnicreseller.com/api/api-command/ModifyDNSZone: DNSZONE,
/// ADDRR#, DELRR#, RR#): changes an existing zone only; a domain without one is a 545
/// (zones are made with AddDNSZone; the code is unverified).
pub fn modify_zone(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    let z = ctx
        .store
        .zone(&zone)?
        .filter(|z| scope(ctx).is_ok_and(|users| users.contains(&z.owner)))
        .ok_or_else(|| Reply::detail(545, format!("zone {zone} not found")))?;
    change(ctx, p, z)
}

/// CNR's AddDNSZone (kb.centralnicreseller.com/api/api-command/AddDNSZone: DNSZONE, RR#):
/// a new zone for a domain of the account. A zone that exists already answers 540 and one
/// for a name the account does not hold 545 (both codes unverified).
pub fn add_zone(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    if ctx.store.zone(&zone)?.is_some() {
        return Err(Reply::detail(540, format!("zone {zone} exists already")));
    }
    let mut z = find_zone(ctx, &zone, true)?;
    z.records = default_records_at(zone.trim_end_matches('.'), "dnsres.net");
    for rr in p.list("RR") {
        z.records.push(normalize_as(ctx.flavour, &zone, &rr)?);
    }
    z.serial = 1;
    ctx.store.put_zone(&z)?;
    Ok(Reply::ok())
}

fn change(ctx: &mut Ctx, p: &Params, mut z: Zone) -> Outcome {
    let zone = z.zone.clone();
    let normalize = |rr: &str| normalize_as(ctx.flavour, &zone, rr);
    if p.has_list("RR") {
        z.records = p
            .list("RR")
            .iter()
            .map(|rr| normalize(rr))
            .collect::<Result<_, _>>()?;
    }
    // Sets, so that a change of thousands of records in a zone of thousands stays quick.
    let delete = p
        .list("DELRR")
        .iter()
        .map(|rr| normalize(rr))
        .collect::<Result<std::collections::HashSet<_>, _>>()?;
    z.records.retain(|r| !delete.contains(r));
    let mut present: std::collections::HashSet<String> = z.records.iter().cloned().collect();
    for rr in p.list("ADDRR") {
        let rr = normalize(&rr)?;
        if !present.insert(rr.clone()) {
            return Err(Reply::detail(541, format!("duplicate record [{rr}]")));
        }
        z.records.push(rr);
    }
    if z.records.len() > 10_000 {
        return Err(Reply::detail(541, "too many records"));
    }
    z.serial = match p
        .get("SOASERIAL")
        .and_then(|s| s.trim().parse::<u64>().ok())
    {
        Some(s) => s,
        None => z.serial + 1,
    };
    ctx.store.put_zone(&z)?;
    Ok(Reply::ok().with("SOASERIAL", z.serial.to_string()))
}

/// CheckDNSZone ("check DNSZone availability", kb.centralnicreseller.com CheckDNSZone): 210
/// while the zone does not exist, as the provider's CNR module reads it
/// (lib/Features/DNSZone.php: any other code means the zone exists); 211 for an existing
/// zone is unverified (the domain checks' code for "not available").
pub fn check_zone(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    if ctx.store.zone(&zone)?.is_some() {
        return Ok(Reply::new(211, "DNSZone not available"));
    }
    Ok(Reply::new(210, "DNSZone available"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn records_are_made_absolute_with_a_ttl() {
        assert_eq!(
            normalize("a.com.", "@ IN A 1.2.3.4").unwrap(),
            "a.com. 3600 IN A 1.2.3.4"
        );
        assert_eq!(
            normalize("a.com.", "www 60 CNAME a.com.").unwrap(),
            "www.a.com. 60 IN CNAME a.com."
        );
        assert_eq!(
            normalize("a.com.", "t 60 IN TXT \"two  spaces\" \"x\"").unwrap(),
            "t.a.com. 60 IN TXT \"two  spaces\" \"x\""
        );
        assert!(normalize("a.com.", "www").is_err());
        assert!(normalize("a.com.", "www 60 IN A").is_err());
        assert!(normalize("a.com.", "www 60 IN BOGUS x").is_err());
    }
}
