//! DNS zones hosted by the provider: QueryDNSZoneRRList, UpdateDNSZone, CheckDNSZone.

use super::{ace, scope, Ctx, Outcome};
use crate::model::Zone;
use crate::protocol::Params;
use crate::reply::Reply;

/// The records a new zone starts with.
pub fn default_records(domain: &str) -> Vec<String> {
    let z = format!("{domain}.");
    vec![
        format!("{z} 3600 IN NS ns1.ispapi.net."),
        format!("{z} 3600 IN NS ns2.ispapi.net."),
        format!("{z} 3600 IN NS ns3.ispapi.net."),
    ]
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
    if !known.contains(&rtype.as_str()) {
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
    let mut r = Reply::ok();
    r.push("COUNT", rows.len().to_string());
    r.push("TOTAL", rows.len().to_string());
    r.extend("RR", rows);
    Ok(r)
}

pub fn update_zone(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    let mut z = find_zone(ctx, &zone, true)?;
    if p.has_list("RR") {
        z.records = p
            .list("RR")
            .iter()
            .map(|rr| normalize(&zone, rr))
            .collect::<Result<_, _>>()?;
    }
    // Sets, so that a change of thousands of records in a zone of thousands stays quick.
    let delete = p
        .list("DELRR")
        .iter()
        .map(|rr| normalize(&zone, rr))
        .collect::<Result<std::collections::HashSet<_>, _>>()?;
    z.records.retain(|r| !delete.contains(r));
    let mut present: std::collections::HashSet<String> = z.records.iter().cloned().collect();
    for rr in p.list("ADDRR") {
        let rr = normalize(&zone, &rr)?;
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

/// CheckDNSZone ("check DNSZone availability" in the CNR reference): 200 when the zone can be
/// created, 540 when it already exists. The codes are assumed; the reference lists none.
pub fn check_zone(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = zone_name(p)?;
    if ctx.store.zone(&zone)?.is_some() {
        return Err(Reply::detail(540, "zone"));
    }
    Ok(Reply::ok())
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
