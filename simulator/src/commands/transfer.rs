//! Transfers: TransferDomain (REQUEST, CANCEL, USERTRANSFER, APPROVE, DENY),
//! StatusDomainTransfer, QueryTransferList, QueryForeignTransferList, CheckDomainTransfer.
//!
//! A requested transfer stays pending until it has been polled (StatusDomainTransfer or
//! QueryTransferList) `Settings::transfer_polls` times, or until the control API completes it;
//! then the domain appears in the account, as after a real registry's five-day wait.

use super::domain::repository;
use super::{ace, charge, new_auth, refund, scope, unicode, Ctx, Outcome, Page};
use crate::catalog::{cents, Catalog};
use crate::clock::{add_months, format, DAY};
use crate::model::{Domain, ObjectLog, Transfer};
use crate::protocol::{parse_period, Params};
use crate::reply::Reply;
use crate::store::Store;

fn auth_param(p: &Params) -> Option<String> {
    if let Some(a) = p.get("AUTH") {
        return Some(a.to_owned());
    }
    // DOMAINAUTH is "DOMAIN AUTH" in one parameter.
    p.get("DOMAINAUTH")
        .and_then(|v| v.trim().split_once(' ').map(|(_, a)| a.trim().to_owned()))
}

pub fn transfer_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let domain_text = match p.get("DOMAIN") {
        Some(d) => d.to_owned(),
        None => p
            .get("DOMAINAUTH")
            .and_then(|v| v.split_whitespace().next().map(str::to_owned))
            .ok_or_else(|| Reply::detail(504, "parameter DOMAIN is missing"))?,
    };
    let name = ace("DOMAIN", &domain_text)?;
    let action = p
        .get("ACTION")
        .map(|a| a.trim().to_ascii_uppercase())
        .unwrap_or_else(|| "REQUEST".into());
    match action.as_str() {
        "REQUEST" => request(ctx, p, name),
        "CANCEL" => cancel(ctx, name),
        "USERTRANSFER" => user_transfer(ctx, p, name),
        "APPROVE" | "DENY" => answer_outgoing(ctx, name, action == "APPROVE"),
        _ => Err(Reply::detail(
            506,
            "ACTION must be REQUEST, CANCEL, USERTRANSFER, APPROVE or DENY",
        )),
    }
}

fn request(ctx: &mut Ctx, p: &Params, name: String) -> Outcome {
    let catalog = ctx.catalog;
    let (_, tld) = catalog
        .tld_of(&name)
        .ok_or_else(|| Reply::detail(541, format!("the TLD of {name} is not offered")))?;
    if let Some(d) = ctx.store.domain(&name)? {
        if scope(ctx)?.contains(&d.owner) {
            return Err(Reply::detail(552, "the domain is already in this account"));
        }
        return Err(Reply::detail(
            552,
            "the domain is held by another user here; use ACTION=USERTRANSFER",
        ));
    }
    if ctx.store.transfer(&name)?.is_some() {
        return Err(Reply::code(536));
    }
    let Some((auth, locked, registrar)) = catalog.foreign(&name) else {
        return Err(Reply::detail(545, format!("{name} is not registered")));
    };
    let given = auth_param(p);
    match given {
        None if tld.auth_required => return Err(Reply::detail(504, "parameter AUTH is missing")),
        Some(a) if a != auth => {
            return Err(Reply::detail(549, "invalid authorization code (AUTH)"))
        }
        _ => {}
    }
    if locked {
        return Err(Reply::detail(552, "clientTransferProhibited"));
    }
    let months = match p.get("PERIOD") {
        None => 12,
        Some(t) => parse_period(t).ok_or_else(|| Reply::detail(505, "PERIOD must look like 1Y"))?,
    };
    if months % 12 != 0 || !tld.transfer_periods.contains(&(months / 12)) {
        return Err(Reply::detail(
            541,
            "PERIOD not allowed for transfers of this TLD",
        ));
    }
    super::fee::require_premium_fee(
        ctx,
        p,
        &name,
        &["X-FEE-AMOUNT0", "X-FEE-AMOUNT"],
        super::fee::FeeKind::Transfer,
        1,
    )?;
    if let Some((prem, _)) = catalog
        .premium(&name)
        .filter(|_| ctx.flavour == crate::protocol::Flavour::Ispapi)
    {
        if !p
            .get("CLASS")
            .is_some_and(|c| c.eq_ignore_ascii_case(&prem.class))
        {
            return Err(Reply::detail(
                504,
                format!(
                    "parameter CLASS is missing (premium domain, class {})",
                    prem.class
                ),
            ));
        }
    }
    let (_, prices) = catalog.prices_for(&name).ok_or_else(|| Reply::code(541))?;
    let price = cents(prices.transfer.unwrap_or(prices.annual) * (months / 12) as f64);
    charge(ctx, price, &prices.currency, "TRANSFER_DOMAIN", &name)?;
    let users = scope(ctx)?;
    let mut t = Transfer {
        domain: name.clone(),
        owner: ctx.user.login.clone(),
        created: ctx.now,
        updated: ctx.now,
        status: "INITIATED".into(),
        log: vec![format!(
            "{} [INITIATED] domain transfer initiated",
            format(ctx.now)
        )],
        polls: 0,
        months,
        charged: price,
        currency: prices.currency.clone(),
        old_registrar: registrar,
        nameservers: p
            .list("NAMESERVER")
            .iter()
            .filter_map(|n| ace("NAMESERVER", n).ok())
            .collect(),
        ..Transfer::default()
    };
    for (base, field) in [
        ("OWNERCONTACT", &mut t.owner_contact),
        ("ADMINCONTACT", &mut t.admin_contact),
        ("TECHCONTACT", &mut t.tech_contact),
        ("BILLINGCONTACT", &mut t.billing_contact),
    ] {
        for h in p.list(base) {
            if !ctx
                .store
                .contact(&h)?
                .is_some_and(|c| users.contains(&c.owner))
            {
                return Err(Reply::detail(545, format!("contact {h} not found")));
            }
            field.push(h);
        }
    }
    ctx.store.put_transfer(&t)?;
    // The request's log entry, which the original module's TransferSync read back
    // (DomainTransfer::getRequestLog: OPERATIONTYPE=TRANSFER, OPERATIONSTATUS=REQUEST) to date
    // the request; OPERATIONINFO holds the command (STATUSOBJECTLOG.md), without its AUTH.
    ctx.store.add_object_log(&ObjectLog {
        object: name.clone(),
        owner: ctx.user.login.clone(),
        date: ctx.now,
        operation: "TRANSFER".into(),
        status: "REQUEST".into(),
        info: vec![
            "[COMMAND]".into(),
            "COMMAND=TransferDomain".into(),
            format!("DOMAIN={name}"),
            "ACTION=REQUEST".into(),
            "EOF".into(),
        ],
    })?;
    Ok(Reply::new(
        200,
        "Command completed successfully; domain transfer initiated",
    )
    .pending())
}

fn cancel(ctx: &mut Ctx, name: String) -> Outcome {
    let users = scope(ctx)?;
    match ctx.store.transfer(&name)? {
        Some(t) if users.contains(&t.owner) => {
            ctx.store.remove_transfer(&name)?;
            refund(
                ctx,
                &t.owner,
                t.charged,
                &t.currency,
                &format!("{name} transfer cancelled"),
            )?;
            Ok(Reply::ok())
        }
        _ => Err(Reply::code(534)),
    }
}

fn user_transfer(ctx: &mut Ctx, p: &Params, name: String) -> Outcome {
    let Some(mut d) = ctx.store.domain(&name)? else {
        return Err(Reply::detail(545, format!("{name} is not managed here")));
    };
    if d.deleted.is_some() {
        return Err(Reply::code(552));
    }
    if scope(ctx)?.contains(&d.owner) {
        return Err(Reply::detail(552, "the domain is already in this account"));
    }
    if auth_param(p).as_deref() != Some(d.auth.as_str()) {
        return Err(Reply::detail(549, "invalid authorization code (AUTH)"));
    }
    d.owner = ctx.user.login.clone();
    d.updated = ctx.now;
    d.auth = new_auth(ctx, &name);
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok())
}

fn answer_outgoing(ctx: &mut Ctx, name: String, approve: bool) -> Outcome {
    let users = scope(ctx)?;
    let list = ctx.store.foreign_transfers(&users)?;
    let Some(mut ft) = list
        .into_iter()
        .find(|t| t.domain == name && t.status == "PENDING")
    else {
        return Err(Reply::code(534));
    };
    ft.status = if approve { "APPROVED" } else { "DENIED" }.into();
    ctx.store.put_foreign_transfer(&ft)?;
    if approve {
        transfer_out(ctx.store, &name, ctx.now)?;
    }
    Ok(Reply::ok())
}

/// A domain leaves for another registrar: gone from the account, and its owner's object log
/// says so (OPERATIONTYPE=OUTBOUND_TRANSFER, OPERATIONSTATUS=SUCCESSFUL: what the original
/// module's Sync looked for, DomainTransfer::isTransferredAway). False when no such domain.
pub fn transfer_out(store: &Store, name: &str, now: i64) -> rusqlite::Result<bool> {
    let Some(d) = store.domain(name)? else {
        return Ok(false);
    };
    store.remove_domain(name)?;
    store.add_object_log(&ObjectLog {
        object: name.to_owned(),
        owner: d.owner,
        date: now,
        operation: "OUTBOUND_TRANSFER".into(),
        status: "SUCCESSFUL".into(),
        info: vec![format!(
            "{} [SUCCESSFUL] domain transferred to another registrar",
            format(now)
        )],
    })?;
    Ok(true)
}

/// Finishes a pending transfer: the domain appears in the new owner's account.
pub fn complete(store: &Store, catalog: &Catalog, t: &Transfer, now: i64) -> rusqlite::Result<()> {
    let (class, _) = catalog.prices_for(&t.domain).unwrap_or_default();
    // The old expiry is not known here; a name-derived offset keeps it stable across runs.
    let spread = t
        .domain
        .bytes()
        .fold(0i64, |h, b| (h * 31 + b as i64) % 300);
    let expiration = add_months(now + spread * DAY, t.months as i64);
    let d = Domain {
        name: t.domain.clone(),
        owner: t.owner.clone(),
        subclass: class,
        created: now - (400 + spread) * DAY,
        updated: now,
        expiration,
        paiduntil: expiration,
        renewalmode: "DEFAULT".into(),
        transferlock: false,
        auth: format!("sim-{}", t.domain.len() * 7919 + spread as usize),
        nameservers: t.nameservers.clone(),
        owner_contact: t.owner_contact.clone(),
        admin_contact: t.admin_contact.clone(),
        tech_contact: t.tech_contact.clone(),
        billing_contact: t.billing_contact.clone(),
        transferdate: Some(now),
        created_by: t.old_registrar.clone(),
        ..Domain::default()
    };
    store.put_domain(&d, catalog)?;
    // The success entry the original module's getSuccessLog filtered for.
    store.add_object_log(&ObjectLog {
        object: t.domain.clone(),
        owner: t.owner.clone(),
        date: now,
        operation: "INBOUND_TRANSFER".into(),
        status: "SUCCESSFUL".into(),
        info: t.log.clone(),
    })?;
    store.remove_transfer(&t.domain)
}

/// Ends a pending transfer as failed with the registry's `reason`: it leaves the list, the
/// charge is refunded and the object log keeps why (QueryObjectLogList / StatusObjectLog).
pub fn fail(ctx: &mut Ctx, t: &Transfer, reason: &str) -> Result<(), Reply> {
    let mut info = t.log.clone();
    info.push(format!("{} [FAILED] {reason}", format(ctx.now)));
    ctx.store.remove_transfer(&t.domain)?;
    refund(
        ctx,
        &t.owner,
        t.charged,
        &t.currency,
        &format!("{} transfer failed", t.domain),
    )?;
    ctx.store.add_object_log(&ObjectLog {
        object: t.domain.clone(),
        owner: t.owner.clone(),
        date: ctx.now,
        operation: "INBOUND_TRANSFER".into(),
        status: "FAILED".into(),
        info,
    })?;
    Ok(())
}

/// ResendDomainTransferConfirmationEmails: the losing side's approval mail, sent again.
pub fn resend_confirmation(ctx: &mut Ctx, p: &Params) -> Outcome {
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    resend(ctx, name)
}

/// CNR's ResendNotification (kb: api-command/ResendNotification): TYPE=domaintransfer with the
/// domain as OBJECT sends the pending transfer's approval mail again, as
/// ResendDomainTransferConfirmationEmails does; the other types (certificates, trademarks,
/// contact verification…) are not simulated (545). The reply's OWNER/ADMIN addresses are left
/// out.
pub fn resend_notification(ctx: &mut Ctx, p: &Params) -> Outcome {
    let kind = p.require("TYPE")?.trim().to_ascii_lowercase();
    if kind == "contactverification" {
        return super::verification::resend_cnr_verification(ctx, p.require("OBJECT")?);
    }
    if kind != "domaintransfer" {
        return Err(Reply::detail(545, format!("TYPE {kind} is not simulated")));
    }
    let name = ace("OBJECT", p.require("OBJECT")?)?;
    resend(ctx, name)
}

fn resend(ctx: &mut Ctx, name: String) -> Outcome {
    let users = scope(ctx)?;
    match ctx.store.transfer(&name)? {
        Some(mut t) if users.contains(&t.owner) => {
            t.log.push(format!(
                "{} [{}] confirmation e-mail sent again",
                format(ctx.now),
                t.status
            ));
            t.updated = ctx.now;
            ctx.store.put_transfer(&t)?;
            Ok(Reply::ok())
        }
        _ => Err(Reply::detail(
            545,
            format!("no pending transfer for {name}"),
        )),
    }
}

/// QueryObjectLogList (QUERYOBJECTLOGLIST.md): an object's operations, newest first unless
/// ORDERBY=LOGDATE, filtered by OPERATIONTYPE, OPERATIONSTATUS, MINDATE, MAXDATE and USERDEPTH
/// (documented; the default depth is not, this takes the user and its subusers). Only
/// OBJECTCLASS=DOMAIN is simulated.
pub fn query_object_log_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    if !p
        .get("OBJECTCLASS")
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("DOMAIN"))
    {
        return Err(Reply::detail(505, "OBJECTCLASS must be DOMAIN"));
    }
    let name = ace("OBJECTID", p.require("OBJECTID")?)?;
    let users = match p.get("USERDEPTH") {
        Some(_) => depth_users(ctx, p)?,
        None => scope(ctx)?,
    };
    let page = Page::from(p, 100)?;
    let bound = |key: &str| -> Result<Option<i64>, Reply> {
        p.get(key)
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                crate::clock::parse(v.trim())
                    .ok_or_else(|| Reply::detail(505, format!("{key} must be a date")))
            })
            .transpose()
    };
    let (min, max) = (bound("MINDATE")?, bound("MAXDATE")?);
    let matches = |key: &str, value: &str| {
        p.get(key)
            .filter(|v| !v.trim().is_empty())
            .is_none_or(|v| v.trim().eq_ignore_ascii_case(value))
    };
    let mut entries: Vec<_> = ctx
        .store
        .object_logs(&name)?
        .into_iter()
        .filter(|(_, e)| users.contains(&e.owner))
        .filter(|(_, e)| matches("OPERATIONTYPE", &e.operation))
        .filter(|(_, e)| matches("OPERATIONSTATUS", &e.status))
        .filter(|(_, e)| min.is_none_or(|m| e.date >= m) && max.is_none_or(|m| e.date <= m))
        .collect();
    if p.get("ORDERBY")
        .is_some_and(|o| o.trim().eq_ignore_ascii_case("LOGDATE"))
    {
        entries.reverse();
    }
    let mut r = Reply::ok();
    let total = entries.len();
    let shown: Vec<_> = entries
        .into_iter()
        .skip(page.first)
        .take(page.limit)
        .collect();
    for (id, e) in &shown {
        r.push("LOGINDEX", id.to_string());
        r.push("LOGDATE", format(e.date));
        r.push("LOGUSER", e.owner.clone());
        r.push("OBJECTCLASS", "DOMAIN");
        r.push("OBJECTID", e.object.clone());
        r.push("OPERATIONTYPE", e.operation.clone());
        r.push("OPERATIONSTATUS", e.status.clone());
    }
    page.write(&mut r, shown.len(), total);
    Ok(r)
}

/// QueryObjectList (QUERYOBJECTLIST.md) for the object classes the original module asked
/// for: DOMAIN (live domains) and DELETEDDOMAIN (deleted, still restorable: its Sync read a
/// deleted domain's EXPIRATIONDATE here). OBJECTCLASS and OBJECTID are PATTERNs.
pub fn query_object_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let class = p
        .get("OBJECTCLASS")
        .unwrap_or("*")
        .trim()
        .to_ascii_uppercase();
    let deleted = match class.as_str() {
        "DOMAIN" => false,
        "DELETEDDOMAIN" => true,
        _ => {
            return Err(Reply::detail(
                549,
                "the simulator lists only OBJECTCLASS DOMAIN and DELETEDDOMAIN",
            ))
        }
    };
    let users = depth_users(ctx, p)?;
    let page = Page::from(p, 1000)?;
    let wide = p.flag("WIDE")?.unwrap_or(false);
    let pattern = p
        .get("OBJECTID")
        .map(|id| id.trim().to_lowercase())
        .filter(|id| !id.is_empty());
    let mut list: Vec<Domain> = match &pattern {
        Some(id) if !id.contains('*') => ctx
            .store
            .domain(&ace("OBJECTID", id)?)?
            .into_iter()
            .collect(),
        _ => ctx.store.domains_where("ORDER BY name", &[])?,
    };
    list.retain(|d| {
        d.deleted.is_some() == deleted
            && !d.pushed
            && users.contains(&d.owner)
            && pattern.as_deref().is_none_or(|pat| wildcard(pat, &d.name))
    });
    let rows: Vec<&Domain> = list.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), list.len());
    for d in rows {
        r.push("OBJECTCLASS", class.clone());
        r.push("OBJECTID", d.name.clone());
        r.push("CREATEDDATE", format(d.created));
        r.push("UPDATEDDATE", format(d.updated));
        r.push("EXPIRATIONDATE", format(d.expiration));
        if wide {
            r.push("USER", d.owner.clone());
            r.push("PARENTUSER", parent(ctx, &d.owner));
            r.push("PEERUSER", "");
        }
    }
    Ok(r)
}

/// StatusObjectLog: one operation with its details (`OPERATIONINFO` lines).
pub fn status_object_log(ctx: &mut Ctx, p: &Params) -> Outcome {
    let id: i64 = p
        .require("LOGINDEX")?
        .trim()
        .parse()
        .map_err(|_| Reply::detail(505, "LOGINDEX must be a number"))?;
    let users = scope(ctx)?;
    match ctx.store.object_log(id)? {
        Some(e) if users.contains(&e.owner) => {
            let mut r = Reply::ok();
            r.push("LOGINDEX", id.to_string());
            r.push("LOGDATE", format(e.date));
            r.push("OBJECTCLASS", "DOMAIN");
            r.push("OBJECTID", e.object);
            r.push("OPERATIONTYPE", e.operation);
            r.push("OPERATIONSTATUS", e.status);
            r.extend("OPERATIONINFO", e.info);
            Ok(r)
        }
        _ => Err(Reply::detail(545, "no such log entry")),
    }
}

/// Counts one poll of a pending transfer; returns true when this poll completed it.
fn poll(ctx: &mut Ctx, t: &mut Transfer) -> Result<bool, Reply> {
    t.polls += 1;
    t.updated = ctx.now;
    if t.polls >= ctx.settings.transfer_polls {
        t.status = "SUCCESSFUL".into();
        t.log.push(format!(
            "{} [SUCCESSFUL] domain transfer completed",
            format(ctx.now)
        ));
        complete(ctx.store, ctx.catalog, t, ctx.now)?;
        return Ok(true);
    }
    if t.status == "INITIATED" {
        t.status = "PENDING".into();
        t.log.push(format!(
            "{} [PENDING] waiting for the losing registrar",
            format(ctx.now)
        ));
    }
    ctx.store.put_transfer(t)?;
    Ok(false)
}

pub fn status_domain_transfer(ctx: &mut Ctx, p: &Params) -> Outcome {
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    let users = scope(ctx)?;
    let mut t = match ctx.store.transfer(&name)? {
        Some(t) if users.contains(&t.owner) => t,
        _ => {
            return Err(Reply::detail(
                545,
                format!("no pending transfer for {name}"),
            ))
        }
    };
    poll(ctx, &mut t)?;
    let repo = ctx
        .catalog
        .tld_of(&name)
        .map(|(_, t)| repository(t))
        .unwrap_or_default();
    let mut r = Reply::ok();
    r.extend("ADMINCONTACT", t.admin_contact.clone());
    r.extend("BILLINGCONTACT", t.billing_contact.clone());
    r.push("CREATEDDATE", format(t.created));
    r.push("OLD-REGISTRAR", t.old_registrar.clone());
    r.extend("OWNERCONTACT", t.owner_contact.clone());
    r.push("REPOSITORY", repo);
    r.extend("TECHCONTACT", t.tech_contact.clone());
    r.extend("TRANSFERLOG", t.log.clone());
    r.push("TRANSFERSTATUS", t.status.clone());
    r.push("TRANSFERTYPE", "INCOMING");
    r.push("UPDATEDDATE", format(t.updated));
    Ok(r)
}

fn depth_users(ctx: &Ctx, p: &Params) -> Result<Vec<String>, Reply> {
    match p
        .get("USERDEPTH")
        .map(|s| s.trim().to_ascii_uppercase())
        .as_deref()
    {
        None | Some("SELF") => Ok(vec![ctx.user.login.clone()]),
        Some("SUBUSER") => Ok(ctx.store.children(&ctx.user.login)?),
        Some("ALL") => scope(ctx),
        Some(_) => Err(Reply::detail(506, "USERDEPTH must be SELF, SUBUSER or ALL")),
    }
}

fn parent(ctx: &Ctx, user: &str) -> String {
    ctx.store
        .account(user)
        .ok()
        .flatten()
        .and_then(|a| a.parent)
        .unwrap_or_else(|| "hexonet.sim".into())
}

pub fn query_transfer_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = depth_users(ctx, p)?;
    let page = Page::from(p, 1000)?;
    let pattern = p.get("DOMAIN").map(|d| d.trim().to_lowercase());
    let mut pending = Vec::new();
    for mut t in ctx.store.transfers(Some(&users))? {
        if pattern
            .as_deref()
            .is_some_and(|pat| !wildcard(pat, &t.domain))
        {
            continue;
        }
        if !poll(ctx, &mut t)? {
            pending.push(t);
        }
    }
    let rows: Vec<&Transfer> = pending.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), pending.len());
    for t in rows {
        r.push("CREATEDDATE", format(t.created));
        r.push("DOMAIN", t.domain.clone());
        r.push("DOMAINUMLAUT", unicode(&t.domain));
        r.push("PARENTUSER", parent(ctx, &t.owner));
        r.push("PEERUSER", "");
        r.push("USER", t.owner.clone());
    }
    Ok(r)
}

/// `*` matches any run of characters (the API's PATTERN type).
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !text.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if i == parts.len() - 1 {
            return text.len() >= pos + part.len() && text.ends_with(part);
        } else if let Some(at) = text[pos..].find(part) {
            pos += at + part.len();
        } else {
            return false;
        }
    }
    true
}

pub fn query_foreign_transfer_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = depth_users(ctx, p)?;
    let page = Page::from(p, 1000)?;
    let all = ctx.store.foreign_transfers(&users)?;
    let rows: Vec<_> = all.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), all.len());
    for t in rows {
        r.push("CREATEDDATE", format(t.created));
        r.push("DOMAIN", t.domain.clone());
        r.push("DOMAINUMLAUT", unicode(&t.domain));
        r.push("NEWREGISTRAR", t.new_registrar.clone());
        r.push("OLDREGISTRAR", "SIMULATOR");
        r.push("PARENTUSER", parent(ctx, &t.owner));
        r.push("PEERUSER", "");
        r.push("STATUS", t.status.clone());
        r.push("USER", t.owner.clone());
    }
    Ok(r)
}

/// CheckDomainTransfer: 218 when a transfer request would be accepted, 219 (with the reason)
/// when not.
/// The gTLDs CNR's CheckDomainTransfer answers for (its knowledge base,
/// api-command/CheckDomainTransfer); for others CNR answers an error (the code, 541, is
/// unverified).
const CNR_CHECKABLE: &[&str] = &["com", "net", "jobs", "org", "biz", "info", "name", "mobi"];

pub fn check_domain_transfer(ctx: &mut Ctx, p: &Params) -> Outcome {
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    if ctx.flavour == crate::protocol::Flavour::Cnr
        && !CNR_CHECKABLE.contains(&name.rsplit('.').next().unwrap_or_default())
    {
        return Err(Reply::detail(
            541,
            "CheckDomainTransfer is only possible for .com .net .jobs .org .biz .info .name .mobi",
        ));
    }
    let catalog = ctx.catalog;
    let (_, tld) = catalog
        .tld_of(&name)
        .ok_or_else(|| Reply::detail(541, format!("the TLD of {name} is not offered")))?;
    let given = auth_param(p);
    let mut r = Reply::code(218);
    let mut user_transfer = false;
    let (auth, locked, registrar) = match (ctx.store.domain(&name)?, catalog.foreign(&name)) {
        (Some(d), _) if d.deleted.is_none() => {
            if scope(ctx)?.contains(&d.owner) {
                r = Reply::detail(219, "the domain is already in this account");
            }
            user_transfer = true;
            (d.auth.clone(), d.transferlock, "SIMULATOR".to_owned())
        }
        (_, Some(f)) => f,
        _ => {
            return Ok(Reply::detail(219, "the domain is not registered"));
        }
    };
    if locked && r.code == 218 {
        r = Reply::detail(
            219,
            "domain transfer is prohibited by status clientTransferProhibited",
        );
    }
    // CHECKDOMAINTRANSFER.md: AUTHISVALID is `1` or `0`; its example answers UNKNOWN when no
    // auth code was given.
    let valid = match &given {
        None => "UNKNOWN",
        Some(a) if *a == auth => "1",
        Some(_) => "0",
    };
    r.push("AUTHISVALID", valid);
    r.push("AUTHREQUIRED", if tld.auth_required { "1" } else { "0" });
    if let Some((prem, _)) = catalog.premium(&name) {
        r.push("CLASS", prem.class.clone());
    }
    r.extend(
        "PERIOD",
        tld.transfer_periods.iter().map(|y| format!("{y}Y")),
    );
    r.push("REGISTRAR", registrar);
    r.push("REPOSITORY", repository(tld));
    if locked {
        r.push("STATUS", "clientTransferProhibited");
    } else {
        r.push("STATUS", "ok");
    }
    r.push("TRANSFERLOCK", if locked { "1" } else { "0" });
    r.push(
        "USERTRANSFERREQUIRED",
        if user_transfer { "1" } else { "0" },
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.com", "a.com"));
        assert!(wildcard("a*", "a.com"));
        assert!(wildcard("a*c*m", "a.com"));
        assert!(!wildcard("*.net", "a.com"));
        assert!(wildcard("a.com", "a.com"));
    }
}
