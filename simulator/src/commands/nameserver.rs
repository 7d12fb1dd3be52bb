//! Registry hosts: AddNameserver, ModifyNameserver, DeleteNameserver, CheckNameserver(s),
//! StatusNameserver, QueryNameserverList.

use super::transfer::wildcard;
use super::{ace, scope, Ctx, Outcome, Page};
use crate::clock::format;
use crate::model::Nameserver;
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use std::net::IpAddr;

fn ips(list: Vec<String>) -> Result<Vec<String>, Reply> {
    let mut out = Vec::new();
    for ip in list {
        let parsed: IpAddr = ip.trim().parse().map_err(|_| {
            Reply::detail(
                541,
                format!(
                    "{} is not an IP address",
                    ip.chars().take(45).collect::<String>()
                ),
            )
        })?;
        let s = parsed.to_string();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.len() > 13 {
        return Err(Reply::detail(541, "at most 13 IP addresses"));
    }
    Ok(out)
}

/// The domain a host name sits under, if it is one of the user's domains.
fn parent_domain(ctx: &Ctx, host: &str) -> Result<Option<String>, Reply> {
    let users = scope(ctx)?;
    let mut rest = host;
    while let Some((_, tail)) = rest.split_once('.') {
        if let Some(d) = ctx.store.domain(tail)? {
            if users.contains(&d.owner) && d.deleted.is_none() {
                return Ok(Some(d.name));
            }
        }
        rest = tail;
    }
    Ok(None)
}

pub fn add_nameserver(ctx: &mut Ctx, p: &Params) -> Outcome {
    let host = ace("NAMESERVER", p.require("NAMESERVER")?)?;
    let addresses = ips(p.list("IPADDRESS"))?;
    if addresses.is_empty() {
        return Err(Reply::detail(504, "parameter IPADDRESS0 is missing"));
    }
    if ctx.store.nameserver(&host)?.is_some() {
        return Err(Reply::detail(540, format!("{host} exists")));
    }
    if parent_domain(ctx, &host)?.is_none() {
        return Err(Reply::detail(
            545,
            "the host's domain is not in this account",
        ));
    }
    let ns = Nameserver {
        host: host.clone(),
        owner: ctx.user.login.clone(),
        created: ctx.now,
        updated: ctx.now,
        ips: addresses,
    };
    ctx.store.put_nameserver(&ns)?;
    Ok(Reply::ok()
        .with("CREATEDDATE", format(ctx.now))
        .with("HOST", host))
}

fn own_host(ctx: &Ctx, p: &Params) -> Result<Nameserver, Reply> {
    let host = ace("NAMESERVER", p.require("NAMESERVER")?)?;
    let users = scope(ctx)?;
    match ctx.store.nameserver(&host)? {
        Some(n) if users.contains(&n.owner) => Ok(n),
        _ => Err(Reply::detail(545, format!("nameserver {host} not found"))),
    }
}

pub fn modify_nameserver(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut ns = own_host(ctx, p)?;
    if p.has_list("IPADDRESS") {
        ns.ips = ips(p.list("IPADDRESS"))?;
    }
    let del = ips(p.list("DELIPADDRESS"))?;
    ns.ips.retain(|i| !del.contains(i));
    for ip in ips(p.list("ADDIPADDRESS"))? {
        if !ns.ips.contains(&ip) {
            ns.ips.push(ip);
        }
    }
    if ns.ips.is_empty() {
        return Err(Reply::detail(
            541,
            "a nameserver needs at least one IP address",
        ));
    }
    if let Some(new) = p.get("NEWNAMESERVER") {
        let new = ace("NEWNAMESERVER", new)?;
        if ctx.store.domains_using_host(&ns.host)? > 0 {
            return Err(Reply::code(532));
        }
        ctx.store.remove_nameserver(&ns.host)?;
        ns.host = new;
    }
    ns.updated = ctx.now;
    ctx.store.put_nameserver(&ns)?;
    Ok(Reply::ok())
}

pub fn delete_nameserver(ctx: &mut Ctx, p: &Params) -> Outcome {
    let ns = own_host(ctx, p)?;
    if ctx.store.domains_using_host(&ns.host)? > 0 && !p.flag("FORCE")?.unwrap_or(false) {
        return Err(Reply::code(532));
    }
    ctx.store.remove_nameserver(&ns.host)?;
    Ok(Reply::ok())
}

/// CheckNameserver: 212 when the host can be created, 213 when it exists.
pub fn check_nameservers(ctx: &mut Ctx, p: &Params) -> Outcome {
    let hosts = p.list("NAMESERVER");
    let first = hosts
        .first()
        .ok_or_else(|| Reply::detail(504, "parameter NAMESERVER is missing"))?;
    let host = ace("NAMESERVER", first)?;
    if ctx.store.nameserver(&host)?.is_some() {
        Ok(Reply::code(213).with("REASON", "Nameserver exists"))
    } else {
        Ok(Reply::code(212))
    }
}

pub fn status_nameserver(ctx: &mut Ctx, p: &Params) -> Outcome {
    let ns = own_host(ctx, p)?;
    if ctx.flavour == Flavour::Cnr {
        // kb.centralnicreseller.com/api/api-command/StatusNameserver: CNR's own names.
        let mut r = Reply::ok();
        r.push("NAMESERVER", ns.host.clone());
        r.extend("IPADDRESS", ns.ips.clone());
        r.push("REGISTRAR", "SYSTEM");
        r.push("CREATED_DATE", format(ns.created));
        r.push("CREATED_BY", ns.owner.clone());
        r.push("UPDATED_DATE", format(ns.updated));
        r.push("UPDATED_BY", ns.owner.clone());
        r.push("STATUS", "ACTIVE");
        return Ok(r);
    }
    let domain = parent_domain(ctx, &ns.host)?.unwrap_or_default();
    let mut r = Reply::ok();
    r.push("CREATEDBY", ns.owner.clone());
    r.push("CREATEDDATE", format(ns.created));
    r.push("DOMAIN", domain);
    r.push("HOST", ns.host.clone());
    r.extend("IPADDRESS", ns.ips.clone());
    r.push("PEERUSER", "");
    r.push("REGISTRAR", "SYSTEM");
    r.push("REPOSITORY", "");
    r.push("STATUS", "ACTIVE");
    r.push("UPDATEDBY", ns.owner.clone());
    r.push("UPDATEDDATE", format(ns.updated));
    r.push("USER", ns.owner.clone());
    Ok(r)
}

/// QueryNameserverList: not in the public command reference; the columns follow StatusNameserver.
pub fn query_nameserver_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = scope(ctx)?;
    let page = Page::from(p, 1000)?;
    let mut all = ctx.store.nameservers_of(&users)?;
    if let Some(pattern) = p.get("NAMESERVER") {
        let pattern = pattern.trim().to_lowercase();
        all.retain(|n| wildcard(&pattern, &n.host));
    }
    let rows: Vec<&Nameserver> = all.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), all.len());
    for n in rows {
        r.push("NAMESERVER", n.host.clone());
        r.push("IPADDRESS", n.ips.join(" "));
        r.push("CREATEDDATE", format(n.created));
        r.push("USER", n.owner.clone());
    }
    Ok(r)
}
