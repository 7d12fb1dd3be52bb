//! CNR's web and mail forwarding, kept apart from the zone's records: AddWebFwd,
//! DeleteWebFwd, QueryWebFwdList, AddMailFwd, DeleteMailFwd, QueryMailFwdList. Sources: CNR's
//! knowledge base (api-command/AddWebFwd, QueryWebFwdList, AddMailFwd, QueryMailFwdList) and
//! the provider's CNR module (`lib/Features/WebFwd.php`, `MailFwd.php`: DeleteWebFwd SOURCE,
//! DeleteMailFwd FROM/TO, whose KB pages are not in our sources).
//!
//! A forwarding is stored in its domain's zone as an internal line
//! (`www.example.com. 3600 IN X-HTTP RD https://…`, `example.com. 3600 IN X-SMTP from to`),
//! which CNR's zone commands never show or take (`dns::normalize_as` refuses X- types on CNR).
//! A forwarding needs the domain's zone (KB AddMailFwd: "to a DNSZone"; for web forwarding
//! unverified): 545 otherwise. Error codes are unverified (none of the pages lists them).

use super::{ace, scope, Ctx, Outcome};
use crate::model::Zone;
use crate::protocol::Params;
use crate::reply::Reply;

pub const WEB: &str = "X-HTTP";
pub const MAIL: &str = "X-SMTP";

/// The user's zone holding `host` (the host itself or a name below it).
fn zone_of_host(ctx: &Ctx, host: &str) -> Result<Zone, Reply> {
    let users = scope(ctx)?;
    let labels: Vec<&str> = host.split('.').collect();
    for i in 0..labels.len().saturating_sub(1) {
        let zone = format!("{}.", labels[i..].join("."));
        if let Some(z) = ctx.store.zone(&zone)? {
            if users.contains(&z.owner) {
                return Ok(z);
            }
        }
    }
    Err(Reply::detail(
        545,
        format!("no DNS zone of yours for {host}"),
    ))
}

/// An internal line's owner, type and the two fields after it.
fn parts(line: &str) -> Option<(&str, &str, &str, &str)> {
    let mut f = line.splitn(6, ' ');
    let owner = f.next()?;
    let (_ttl, _class, rtype) = (f.next()?, f.next()?, f.next()?);
    Some((owner, rtype, f.next()?, f.next()?))
}

fn host(key: &str, p: &Params) -> Result<String, Reply> {
    ace(key, p.require(key)?)
}

/// AddWebFwd (KB): SOURCE, TARGET, TYPE RD | MRD | SELF; SELF (static content) is not
/// simulated. One forwarding per SOURCE: a second is 540.
pub fn add_web(ctx: &mut Ctx, p: &Params) -> Outcome {
    let source = host("SOURCE", p)?;
    let kind = p.require("TYPE")?.trim().to_ascii_uppercase();
    if !["RD", "MRD"].contains(&kind.as_str()) {
        return Err(Reply::detail(
            505,
            "TYPE must be RD or MRD (SELF is not simulated)",
        ));
    }
    let target = p.require("TARGET")?.trim().to_owned();
    if target.is_empty() || target.contains(char::is_whitespace) {
        return Err(Reply::detail(505, "TARGET is not a URL"));
    }
    let mut z = zone_of_host(ctx, &source)?;
    let owner = format!("{source}.");
    if z.records
        .iter()
        .any(|l| parts(l).is_some_and(|(o, t, _, _)| o == owner && t == WEB))
    {
        return Err(Reply::detail(540, format!("{source} is forwarded already")));
    }
    z.records
        .push(format!("{owner} 3600 IN {WEB} {kind} {target}"));
    ctx.store.put_zone(&z)?;
    Ok(Reply::ok())
}

/// DeleteWebFwd (CNR's module: SOURCE).
pub fn delete_web(ctx: &mut Ctx, p: &Params) -> Outcome {
    let source = host("SOURCE", p)?;
    let mut z = zone_of_host(ctx, &source)?;
    let owner = format!("{source}.");
    let before = z.records.len();
    z.records
        .retain(|l| !parts(l).is_some_and(|(o, t, _, _)| o == owner && t == WEB));
    if z.records.len() == before {
        return Err(Reply::detail(545, format!("{source} is not forwarded")));
    }
    ctx.store.put_zone(&z)?;
    Ok(Reply::ok())
}

/// QueryWebFwdList (KB): the user's web forwardings, SOURCE/TARGET/TYPE only with WIDE=1,
/// filtered by SOURCE, TARGET and TYPE (exact values; patterns are unverified).
pub fn query_web(ctx: &mut Ctx, p: &Params) -> Outcome {
    let wide = p.flag("WIDE")?.unwrap_or(false);
    let source = p.get("SOURCE").map(|s| ace("SOURCE", s)).transpose()?;
    let zones = match &source {
        Some(s) => zone_of_host(ctx, s).map(|z| vec![z]).unwrap_or_default(),
        None => ctx.store.zones_of(&scope(ctx)?)?,
    };
    let mut r = Reply::ok();
    let mut n = 0;
    for z in &zones {
        for (owner, rtype, kind, target) in z.records.iter().filter_map(|l| parts(l)) {
            let name = owner.trim_end_matches('.');
            if rtype != WEB
                || source.as_deref().is_some_and(|s| s != name)
                || p.get("TARGET").is_some_and(|t| t.trim() != target)
                || p.get("TYPE")
                    .is_some_and(|t| !t.trim().eq_ignore_ascii_case(kind))
            {
                continue;
            }
            n += 1;
            r.push("WEBFWD", name);
            if wide {
                r.push("SOURCE", name);
                r.push("TARGET", target);
                r.push("TYPE", kind);
            }
        }
    }
    r.push("COUNT", n.to_string());
    r.push("TOTAL", n.to_string());
    Ok(r)
}

/// An address's local part and its domain in A-labels (`*` allowed as the local part, as
/// CNR's module writes the catch-all).
fn address(key: &str, p: &Params) -> Result<(String, String), Reply> {
    let raw = p.require(key)?.trim();
    let bad = || Reply::detail(505, format!("{key} is not an e-mail address"));
    let (local, domain) = raw.rsplit_once('@').ok_or_else(bad)?;
    if local.contains(char::is_whitespace) || domain.is_empty() {
        return Err(bad());
    }
    Ok((local.to_lowercase(), ace(key, domain)?))
}

/// AddMailFwd (KB): FROM (an address of the user's zone), TO; the same pair twice is 540.
pub fn add_mail(ctx: &mut Ctx, p: &Params) -> Outcome {
    let (local, domain) = address("FROM", p)?;
    let (to_local, to_domain) = address("TO", p)?;
    let mut z = zone_of_host(ctx, &domain)?;
    if z.zone != format!("{domain}.") {
        return Err(Reply::detail(
            545,
            format!("no DNS zone of yours for {domain}"),
        ));
    }
    let line = format!(
        "{} 3600 IN {MAIL} {local}@{domain} {to_local}@{to_domain}",
        z.zone
    );
    if z.records.contains(&line) {
        return Err(Reply::detail(540, "this forwarding exists already"));
    }
    z.records.push(line);
    ctx.store.put_zone(&z)?;
    Ok(Reply::ok())
}

/// DeleteMailFwd (CNR's module: FROM, TO).
pub fn delete_mail(ctx: &mut Ctx, p: &Params) -> Outcome {
    let (local, domain) = address("FROM", p)?;
    let (to_local, to_domain) = address("TO", p)?;
    let mut z = zone_of_host(ctx, &domain)?;
    let line = format!(
        "{} 3600 IN {MAIL} {local}@{domain} {to_local}@{to_domain}",
        z.zone
    );
    let before = z.records.len();
    z.records.retain(|l| *l != line);
    if z.records.len() == before {
        return Err(Reply::detail(545, "no such forwarding"));
    }
    ctx.store.put_zone(&z)?;
    Ok(Reply::ok())
}

/// QueryMailFwdList (KB): the user's mail forwardings, DNSZONE/FROM/TO only with WIDE=1,
/// filtered by DNSZONE, FROM and TO (exact values).
pub fn query_mail(ctx: &mut Ctx, p: &Params) -> Outcome {
    let wide = p.flag("WIDE")?.unwrap_or(false);
    let zone = p
        .get("DNSZONE")
        .map(|z| ace("DNSZONE", z).map(|z| format!("{z}.")))
        .transpose()?;
    let users = scope(ctx)?;
    let zones = match &zone {
        Some(z) => ctx
            .store
            .zone(z)?
            .filter(|z| users.contains(&z.owner))
            .into_iter()
            .collect(),
        None => ctx.store.zones_of(&users)?,
    };
    let mut r = Reply::ok();
    let mut n = 0;
    for z in &zones {
        for (_, rtype, from, to) in z.records.iter().filter_map(|l| parts(l)) {
            if rtype != MAIL
                || p.get("FROM")
                    .is_some_and(|f| !f.trim().eq_ignore_ascii_case(from))
                || p.get("TO")
                    .is_some_and(|t| !t.trim().eq_ignore_ascii_case(to))
            {
                continue;
            }
            n += 1;
            if wide {
                r.push("DNSZONE", z.zone.trim_end_matches('.'));
                r.push("FROM", from);
                r.push("TO", to);
            }
        }
    }
    r.push("COUNT", n.to_string());
    r.push("TOTAL", n.to_string());
    Ok(r)
}
