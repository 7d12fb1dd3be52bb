//! Domain registration and management: CheckDomains, AddDomain, AddDomainApplication,
//! ModifyDomain, StatusDomain, RenewDomain, PayDomainRenewal, RestoreDomain,
//! SetDomainRenewalmode, DeleteDomain, PushDomain, TradeDomain.

use super::{ace, charge, new_auth, own_domain, scope, unicode, Ctx, Outcome};
use crate::catalog::{cents, money, Tld};
use crate::clock::{add_months, format, DAY};
use crate::model::{Application, Domain, Zone};
use crate::protocol::{parse_period, Flavour, Params};
use crate::reply::Reply;

/// CheckDomains: one DOMAINCHECK row per name (`210 Available`, `211 …`), premium names with
/// their class and price when PREMIUMCHANNELS is given.
pub fn check_domains(ctx: &mut Ctx, p: &Params) -> Outcome {
    let names = p.list("DOMAIN");
    if names.is_empty() {
        return Err(Reply::detail(504, "parameter DOMAIN0 is missing"));
    }
    if names.len() > 1000 {
        return Err(Reply::detail(541, "too many domains in one check"));
    }
    if ctx.flavour == Flavour::Cnr {
        return check_domains_cnr(ctx, p, &names);
    }
    let show_premium = p.get("PREMIUMCHANNELS").is_some();
    let mut r = Reply::ok();
    for name in &names {
        let (check, reason, class, price, currency, channel) = check_one(ctx, name, show_premium)?;
        r.push("DOMAINCHECK", check);
        r.push("REASON", reason);
        r.push("CLASS", class);
        r.push("PRICE", price);
        r.push("CURRENCY", currency);
        r.push("PREMIUMCHANNEL", channel);
        r.push("DOMAINCHECKTIME", "0.010");
    }
    Ok(r)
}

/// CNR's CheckDomains: up to 32 names (its knowledge base), no PREMIUMCHANNELS; a premium
/// name is priced only through a fee block (`fee.rs`).
fn check_domains_cnr(ctx: &mut Ctx, p: &Params, names: &[String]) -> Outcome {
    if names.len() > 32 {
        return Err(Reply::detail(541, "at most 32 domains in one check"));
    }
    let blocks = super::fee::check_blocks(ctx, p, names)?;
    let any_fee = blocks.iter().any(Option::is_some);
    let mut r = Reply::ok();
    for (i, name) in names.iter().enumerate() {
        let (check, reason, ..) = check_one(ctx, name, false)?;
        let block = blocks.get(i).and_then(Option::as_ref);
        let available_premium = check.contains("Premium");
        let check = super::fee::cnr_row(&check, available_premium, block);
        let reason = if available_premium {
            String::new()
        } else {
            reason
        };
        r.push("DOMAINCHECK", check);
        r.push("REASON", reason);
        r.push("DOMAINCHECKTIME", "0.010");
        if any_fee {
            super::fee::push_block(&mut r, ctx, name, block);
        }
    }
    Ok(r)
}

type CheckRow = (String, String, String, String, String, String);

fn check_one(ctx: &Ctx, name: &str, show_premium: bool) -> Result<CheckRow, Reply> {
    let row = |c: &str, reason: &str| {
        (
            c.to_owned(),
            reason.to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        )
    };
    let Ok(name) = ace("DOMAIN", name) else {
        return Ok(row(
            "505 Invalid attribute value syntax",
            "Invalid domain name",
        ));
    };
    if ctx.catalog.tld_of(&name).is_none() {
        return Ok(row("541 Invalid attribute value", "TLD not supported"));
    }
    if ctx.catalog.is_reserved(&name) {
        return Ok(row("211 Domain name not available", "Reserved Domain Name"));
    }
    let held = ctx.store.domain(&name)?;
    if held.is_some() || ctx.catalog.foreign(&name).is_some() {
        let mut taken = row("211 Domain name not available", "Domain exists");
        // A registered premium name keeps its class (the registrar module reads the transfer
        // price from the class's relations); there is no price, as it is not for sale.
        if show_premium {
            if let Some((prem, _)) = ctx.catalog.premium(&name) {
                (taken.2, taken.5) = (prem.class.clone(), prem.channel.clone());
            } else if let Some(d) = held.filter(|d| d.subclass.starts_with("PREMIUM_")) {
                taken.2 = d.subclass;
            }
        }
        return Ok(taken);
    }
    if let Some((prem, prices)) = ctx.catalog.premium(&name) {
        if !show_premium {
            return Ok(row(
                "211 Premium Domain name available",
                "Premium Domain Name",
            ));
        }
        return Ok((
            "211 Premium Domain name available [PREMIUM]".into(),
            "Premium Domain Name".into(),
            prem.class.clone(),
            money(cents(prices.setup + prices.annual)),
            prices.currency.clone(),
            prem.channel.clone(),
        ));
    }
    Ok(row("210 Available", ""))
}

fn tld<'a>(ctx: &Ctx<'a>, name: &str) -> Result<(&'a str, &'a Tld), Reply> {
    let catalog = ctx.catalog;
    catalog
        .tld_of(name)
        .ok_or_else(|| Reply::detail(541, format!("the TLD of {name} is not offered")))
}

/// A PERIOD in months, checked against the TLD's allowed years.
fn period(p: &Params, allowed: &[u32]) -> Result<u32, Reply> {
    let months = match p.get("PERIOD") {
        None => 12,
        Some(text) => {
            parse_period(text).ok_or_else(|| Reply::detail(505, "PERIOD must look like 1Y"))?
        }
    };
    if months % 12 != 0 || !allowed.contains(&(months / 12)) {
        let list: Vec<String> = allowed.iter().map(|y| format!("{y}Y")).collect();
        return Err(Reply::detail(
            541,
            format!(
                "PERIOD not allowed for this TLD (allowed: {})",
                list.join(",")
            ),
        ));
    }
    Ok(months)
}

/// Contact handles of one role (`OWNERCONTACT0..n`), each of which must exist and be visible.
fn contacts(
    ctx: &Ctx,
    p: &Params,
    base: &str,
    required: bool,
) -> Result<Option<Vec<String>>, Reply> {
    let handles = p.list(base);
    if handles.is_empty() {
        if required {
            return Err(Reply::detail(504, format!("parameter {base}0 is missing")));
        }
        return Ok(None);
    }
    let users = scope(ctx)?;
    for h in &handles {
        match ctx.store.contact(h)? {
            Some(c) if users.contains(&c.owner) => {}
            _ => return Err(Reply::detail(545, format!("contact {h} not found"))),
        }
    }
    Ok(Some(handles))
}

fn nameservers(list: Vec<String>, tld: &Tld) -> Result<Vec<String>, Reply> {
    let mut out: Vec<String> = Vec::new();
    for ns in list {
        let host = ace("NAMESERVER", &ns)?;
        if !out.contains(&host) {
            out.push(host);
        }
    }
    if out.len() > tld.nameserver_max as usize
        || (!out.is_empty() && out.len() < tld.nameserver_min as usize)
    {
        return Err(Reply::detail(
            541,
            format!(
                "between {} and {} nameservers are needed",
                tld.nameserver_min, tld.nameserver_max
            ),
        ));
    }
    Ok(out)
}

/// ISPAPI's name of the WHOIS privacy service; the domain keeps its state under this name.
const PRIVACY: &str = "X-ACCEPT-WHOISTRUSTEE-TAC";

/// The parameters with CNR's names stored under ISPAPI's, as the provider's CNR module sends
/// them: `X-WHOISPRIVACY` on AddDomain and ModifyDomain (lib/Commands/AddDomain.php,
/// ModifyDomain.php), DNSKEY records as `DNSSEC#` and `DNSSECDELALL=1` to remove them
/// (ModifyDomain.php setDnssecRecords / setDnssecDelete). On CNR, ISPAPI's names are refused
/// (the module never sends them; CNR's own pages are not in our sources, so the refusal is
/// unverified).
fn cnr_names(ctx: &Ctx, p: &Params) -> Result<Params, Reply> {
    if ctx.flavour != Flavour::Cnr {
        return Ok(p.clone());
    }
    if let Some((k, _)) = p
        .iter()
        .find(|(k, _)| *k == PRIVACY || k.contains("SECDNS-"))
    {
        return Err(Reply::detail(503, format!("Invalid attribute name; {k}")));
    }
    let mut out = Vec::new();
    for (k, v) in p.iter() {
        let k = if k.eq_ignore_ascii_case("X-WHOISPRIVACY") {
            PRIVACY.to_owned()
        } else if k.eq_ignore_ascii_case("DNSSECDELALL") {
            "SECDNS-REMOVE-ALL".to_owned()
        } else if let Some(i) = k
            .strip_prefix("DNSSEC")
            .filter(|i| i.parse::<u32>().is_ok())
        {
            format!("SECDNS-KEY{i}")
        } else {
            k.to_owned()
        };
        out.push((k, v.to_owned()));
    }
    Ok(Params::from_pairs(out))
}

fn extension_params(p: &Params) -> Vec<(String, String)> {
    p.iter()
        .filter(|(k, _)| k.starts_with("X-"))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

const RENEWAL_MODES: &[&str] = &[
    "DEFAULT",
    "AUTORENEW",
    "AUTOEXPIRE",
    "AUTODELETE",
    "RENEWONCE",
];
const CNR_RENEWAL_MODES: &[&str] = &["AUTORENEWMONTHLY", "AUTORENEWQUARTERLY", "EXPIREAUCTION"];

fn renewal_mode(ctx: &Ctx, value: Option<&str>) -> Result<String, Reply> {
    let Some(v) = value else {
        return Ok("DEFAULT".into());
    };
    let v = v.trim().to_ascii_uppercase();
    let ok = RENEWAL_MODES.contains(&v.as_str())
        || (ctx.flavour == Flavour::Cnr && CNR_RENEWAL_MODES.contains(&v.as_str()));
    if ok {
        Ok(v)
    } else {
        Err(Reply::detail(
            541,
            format!(
                "RENEWALMODE {} is not allowed",
                v.chars().take(30).collect::<String>()
            ),
        ))
    }
}

/// AddDomain: registers at once (the simulated registry answers in real time).
pub fn add_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let p = &cnr_names(ctx, p)?;
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    let (_, tld) = tld(ctx, &name)?;
    if ctx.catalog.is_reserved(&name) {
        return Err(Reply::detail(541, format!("{name} is a reserved name")));
    }
    if ctx.store.domain(&name)?.is_some() || ctx.catalog.foreign(&name).is_some() {
        return Err(Reply::detail(554, format!("{name} is already registered")));
    }
    let months = period(p, &tld.register_periods)?;
    let owner_contact = contacts(ctx, p, "OWNERCONTACT", true)?.unwrap_or_default();
    let admin_contact = contacts(ctx, p, "ADMINCONTACT", true)?.unwrap_or_default();
    let tech_contact = contacts(ctx, p, "TECHCONTACT", true)?.unwrap_or_default();
    let billing_contact = contacts(ctx, p, "BILLINGCONTACT", true)?.unwrap_or_default();
    let ns = nameservers(p.list("NAMESERVER"), tld)?;
    let renewalmode = renewal_mode(ctx, p.get("RENEWALMODE"))?;
    let transferlock = p.flag("TRANSFERLOCK")?.unwrap_or(false);
    let owner = match p.get("SUBUSER") {
        Some(s) if scope(ctx)?.iter().any(|u| u == s) => s.to_owned(),
        Some(_) => return Err(Reply::detail(545, "SUBUSER not found")),
        None => ctx.user.login.clone(),
    };
    let (class, prices) = ctx
        .catalog
        .prices_for(&name)
        .ok_or_else(|| Reply::code(541))?;
    let years_ordered = months / 12;
    super::fee::require_premium_fee(
        ctx,
        p,
        &name,
        &["X-FEE-AMOUNT"],
        super::fee::FeeKind::Add,
        years_ordered,
    )?;
    if let Some((prem, _)) = ctx
        .catalog
        .premium(&name)
        .filter(|_| ctx.flavour == Flavour::Ispapi)
    {
        match p.get("CLASS") {
            None => {
                return Err(Reply::detail(
                    504,
                    format!(
                        "parameter CLASS is missing (premium domain, class {})",
                        prem.class
                    ),
                ))
            }
            Some(c) if !c.eq_ignore_ascii_case(&prem.class) => {
                return Err(Reply::detail(541, format!("CLASS must be {}", prem.class)))
            }
            _ => {}
        }
    }
    let years = (months / 12) as f64;
    let price = cents(prices.setup + prices.annual * years);
    charge(ctx, price, &prices.currency, "ADD_DOMAIN", &name)?;
    let now = ctx.now;
    let expiration = add_months(now, months as i64);
    let mut d = Domain {
        name: name.clone(),
        owner,
        subclass: class,
        created: now,
        updated: now,
        expiration,
        paiduntil: expiration,
        renewalmode,
        transferlock,
        auth: p
            .get("AUTH")
            .map(str::to_owned)
            .unwrap_or_else(|| new_auth(ctx, &name)),
        nameservers: ns,
        owner_contact,
        admin_contact,
        tech_contact,
        billing_contact,
        ds: p.list("SECDNS-DS"),
        dnskey: p.list("SECDNS-KEY"),
        created_by: ctx.user.login.clone(),
        ..Domain::default()
    };
    for (k, v) in extension_params(p) {
        d.x.insert(k, v);
    }
    ctx.store.put_domain(&d, ctx.catalog)?;
    if p.flag("INTERNALDNS")?.unwrap_or(false) {
        ctx.store.put_zone(&Zone {
            zone: format!("{name}."),
            owner: d.owner.clone(),
            serial: 1,
            records: super::dns::default_records(&name),
        })?;
    }
    let dates = d.dates(Some(tld));
    Ok(Reply::ok()
        .with("ACCOUNTINGDATE", format(dates.accounting))
        .with("FAILUREDATE", format(dates.failure))
        .with("FINALIZATIONDATE", format(dates.finalization))
        .with("PAIDUNTILDATE", format(d.paiduntil))
        .with("REGISTRATIONEXPIRATIONDATE", format(d.expiration))
        .with("STATUS", "ACTIVE"))
}

/// AddDomainApplication: a pre-registration or backorder, kept as an application.
pub fn add_domain_application(ctx: &mut Ctx, p: &Params) -> Outcome {
    let class = p.require("CLASS")?.to_ascii_uppercase();
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    let (_, tld) = tld(ctx, &name)?;
    let app_class = format!("{}_{}", tld.class, class);
    // A premium name's application states its price (ADDDOMAINAPPLICATION.md: PRICE and
    // CURRENCY "have to be stated" for premium domain applications); CNR's carries its fee
    // (kb domains/premium-domains/applications: x-fee-amount).
    let months_asked = p.get("PERIOD").and_then(parse_period).unwrap_or(12);
    super::fee::require_premium_fee(
        ctx,
        p,
        &name,
        &["X-FEE-AMOUNT"],
        super::fee::FeeKind::Add,
        (months_asked / 12).max(1),
    )?;
    if ctx.flavour == Flavour::Ispapi && ctx.catalog.premium(&name).is_some() {
        for param in ["PRICE", "CURRENCY"] {
            if p.get(param).is_none() {
                return Err(Reply::detail(
                    504,
                    format!("parameter {param} is missing (premium domain application)"),
                ));
            }
        }
    }
    let mut a = Application {
        id: 0,
        owner: ctx.user.login.clone(),
        domain: name.clone(),
        class: app_class,
        created: ctx.now,
        status: "REQUESTED".into(),
        auth: new_auth(ctx, &name),
        nameservers: p.list("NAMESERVER"),
        owner_contact: contacts(ctx, p, "OWNERCONTACT", false)?.unwrap_or_default(),
        admin_contact: contacts(ctx, p, "ADMINCONTACT", false)?.unwrap_or_default(),
        tech_contact: contacts(ctx, p, "TECHCONTACT", false)?.unwrap_or_default(),
        billing_contact: contacts(ctx, p, "BILLINGCONTACT", false)?.unwrap_or_default(),
        months: period(p, &tld.register_periods)?,
        updated: ctx.now,
    };
    a.id = ctx.store.add_application(&a)?;
    let mut r = Reply::ok()
        .with("APPLICATION", a.id.to_string())
        .with("AUTH", a.auth.clone())
        .with("CLASS", a.class.clone())
        .with("DOMAIN", name.clone())
        .with("DOMAINUMLAUT", unicode(&name))
        .with("STATUS", a.status.clone())
        .with("SUBCLASS", tld.class.clone())
        .with("CREATEDDATE", format(ctx.now))
        .with("USER", a.owner.clone());
    r.extend("NAMESERVER", a.nameservers.clone());
    Ok(r)
}

fn apply_list(
    current: &mut Vec<String>,
    p: &Params,
    base: &str,
    normalize: bool,
) -> Result<(), Reply> {
    let norm = |v: String| -> Result<String, Reply> {
        if normalize {
            ace(base, &v)
        } else {
            Ok(v)
        }
    };
    if p.has_list(base) {
        *current = p
            .list(base)
            .into_iter()
            .map(norm)
            .collect::<Result<_, _>>()?;
    }
    for v in p.list(&format!("DEL{base}")) {
        let v = norm(v)?;
        current.retain(|c| !c.eq_ignore_ascii_case(&v));
    }
    for v in p.list(&format!("ADD{base}")) {
        let v = norm(v)?;
        if !current.iter().any(|c| c.eq_ignore_ascii_case(&v)) {
            current.push(v);
        }
    }
    Ok(())
}

/// ModifyDomain: nameservers, contacts, lock, auth code, DNSSEC, statuses, extension flags.
pub fn modify_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let p = &cnr_names(ctx, p)?;
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let (_, tld) = tld(ctx, &d.name)?;
    if ctx.store.transfer(&d.name)?.is_some() {
        return Err(Reply::code(553));
    }
    let mut ns = d.nameservers.clone();
    apply_list(&mut ns, p, "NAMESERVER", true)?;
    d.nameservers = nameservers(ns, tld)?;
    for (base, field) in [
        ("OWNERCONTACT", &mut d.owner_contact),
        ("ADMINCONTACT", &mut d.admin_contact),
        ("TECHCONTACT", &mut d.tech_contact),
        ("BILLINGCONTACT", &mut d.billing_contact),
    ] {
        let mut list = field.clone();
        apply_list(&mut list, p, base, false)?;
        let users = scope(ctx)?;
        for h in &list {
            if !field.contains(h)
                && !ctx
                    .store
                    .contact(h)?
                    .is_some_and(|c| users.contains(&c.owner))
            {
                return Err(Reply::detail(545, format!("contact {h} not found")));
            }
        }
        *field = list;
    }
    if let Some(lock) = p.flag("TRANSFERLOCK")? {
        d.transferlock = lock;
    }
    if let Some(auth) = p.get("AUTH") {
        d.auth = auth.to_owned();
    }
    if p.flag("GENERATERANDOMAUTH")?.unwrap_or(false) {
        d.auth = new_auth(ctx, &d.name);
    }
    if p.flag("SECDNS-REMOVE-ALL")?.unwrap_or(false) {
        d.ds.clear();
        d.dnskey.clear();
    }
    apply_list(&mut d.ds, p, "SECDNS-DS", false)?;
    apply_list(&mut d.dnskey, p, "SECDNS-KEY", false)?;
    // An empty value clears it (the API's NULL).
    if let Some(life) = p.raw("SECDNS-MAXSIGLIFE") {
        d.secdns_maxsiglife = Some(life.trim().to_owned()).filter(|l| !l.is_empty());
    }
    // INTERNALDNS: the domain gets its zone at the provider if it has none. CNR has no such
    // parameter: its zones are made with AddDNSZone (the provider's CNR module,
    // lib/Features/DNSZone.php); its ModifyDomain page is not in our sources, so only this
    // parameter is refused there (unverified beyond that).
    if ctx.flavour == Flavour::Cnr && p.has("INTERNALDNS") {
        return Err(Reply::detail(503, "Invalid attribute name; INTERNALDNS"));
    }
    let zone = format!("{}.", d.name);
    if p.flag("INTERNALDNS")?.unwrap_or(false) && ctx.store.zone(&zone)?.is_none() {
        ctx.store.put_zone(&Zone {
            zone,
            owner: d.owner.clone(),
            serial: 1,
            records: super::dns::default_records(&d.name),
        })?;
    }
    apply_list(&mut d.status_extra, p, "STATUS", false)?;
    for (k, v) in extension_params(p) {
        d.x.insert(k, v);
    }
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok())
}

fn days(n: i64) -> String {
    format!("{n}d")
}

/// StatusDomain: the domain's full record (property names from the public documentation).
pub fn status_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let (_, tld) = tld(ctx, &d.name)?;
    let dates = d.dates(Some(tld));
    let (next, next_date) = next_action(&d, ctx.now, dates);
    let mut r = Reply::ok();
    r.push("ACCOUNTINGDATE", format(dates.accounting));
    r.push("ACCOUNTINGPERIOD", days(tld.accounting_days));
    r.extend("ADMINCONTACT", d.admin_contact.clone());
    r.push("AUTH", d.auth.clone());
    r.extend("BILLINGCONTACT", d.billing_contact.clone());
    r.push("CLASS", "DOMAIN");
    r.push(
        "CREATEDBY",
        if d.created_by.is_empty() {
            "SYSTEM".into()
        } else {
            d.created_by.clone()
        },
    );
    r.push("CREATEDDATE", format(d.created));
    r.push("DELETIONHOLDPERIOD", days(tld.grace_days));
    r.push("DELETIONRESTORABLEPERIOD", days(tld.redemption_days));
    r.push("DESCRIPTION", d.name.clone());
    r.push("DOMAINUMLAUT", unicode(&d.name));
    r.push("EXPIRATIONDATE", format(d.expiration));
    r.push("FAILUREDATE", format(dates.failure));
    r.push("FAILUREPERIOD", days(tld.failure_days));
    r.push("FINALIZATIONDATE", format(dates.finalization));
    r.push("FINALIZATIONPERIOD", days(tld.finalization_days));
    // HOST: the registry's nameservers below the domain, by name as HOSTTYPE OBJECT lists them
    // (STATUSDOMAIN.md).
    let suffix = format!(".{}", d.name);
    let mut hosts: Vec<String> = ctx
        .store
        .nameservers_of(&scope(ctx)?)?
        .into_iter()
        .map(|n| n.host)
        .filter(|h| h.ends_with(&suffix))
        .collect();
    hosts.sort();
    r.extend("HOST", hosts);
    r.push("HOSTTYPE", "OBJECT");
    r.push("ID", d.name.clone());
    r.extend("NAMESERVER", d.nameservers.clone());
    r.push("NEXTACTION", next);
    r.push("NEXTACTIONDATE", format(next_date));
    r.extend("OWNERCONTACT", d.owner_contact.clone());
    r.push("PAIDUNTILDATE", format(d.paiduntil));
    r.push("PEERUSER", "");
    r.push("PREPAIDPERIOD", prepaid(&d));
    r.push("REGISTRAR", "SYSTEM");
    r.push(
        "REGISTRARTRANSFERDATE",
        d.transferdate
            .map(format)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into()),
    );
    r.push("REGISTRARUPDATEDDATE", format(d.updated));
    r.push("REGISTRATIONEXPIRATIONDATE", format(d.expiration));
    r.push("REGISTRATIONGRACEPERIOD", "0");
    r.push("RENEWALDATE", format(dates.accounting));
    r.push("RENEWALMODE", d.renewalmode.clone());
    if let Some(period) = &d.renewal_period {
        r.push("RENEWALPERIOD", period.clone());
    }
    r.push("REPOSITORY", repository(tld));
    r.push("ROID", roid(&d.name, tld));
    r.extend("STATUS", d.statuses());
    r.push("SUBCLASS", d.subclass.clone());
    r.extend("TECHCONTACT", d.tech_contact.clone());
    r.push(
        "TRANSFERDATE",
        d.transferdate
            .map(format)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into()),
    );
    r.push("TRANSFERLOCK", if d.transferlock { "1" } else { "0" });
    r.push("TRANSFERMODE", "DEFAULT");
    r.push("UPDATEDBY", "SYSTEM");
    r.push("UPDATEDDATE", format(d.updated));
    r.push("USER", d.owner.clone());
    let privacy = d.x.get(PRIVACY).cloned().unwrap_or_else(|| "0".into());
    if ctx.flavour == Flavour::Cnr {
        // The property CNR's module reads (lib/Commands/StatusDomain.php).
        r.push("X-WHOIS-PRIVACY", privacy);
    } else {
        r.push(PRIVACY, privacy);
        r.push(
            "X-ACCEPT-WHOISTRUSTEELITE-TAC",
            d.x.get("X-ACCEPT-WHOISTRUSTEELITE-TAC")
                .cloned()
                .unwrap_or_else(|| "0".into()),
        );
    }
    for (k, v) in &d.x {
        if !k.starts_with("X-ACCEPT-WHOISTRUSTEE") {
            r.push(k, v.clone());
        }
    }
    if ctx.flavour == Flavour::Cnr {
        // CNR's module reads the keys as DNSSEC# and the registry's DS data as DNSSECDSDATA#
        // (keysystems.php keysystems_dnssec); the simulator derives no DS data (unverified).
        if !d.dnskey.is_empty() {
            r.extend("DNSSEC", d.dnskey.clone());
        }
        return Ok(r);
    }
    if !d.ds.is_empty() {
        r.extend("SECDNS-DS", d.ds.clone());
    }
    if !d.dnskey.is_empty() {
        r.extend("SECDNS-KEY", d.dnskey.clone());
    }
    if let Some(life) = &d.secdns_maxsiglife {
        r.push("SECDNS-MAXSIGLIFE", life.clone());
    }
    Ok(r)
}

pub fn repository(tld: &Tld) -> String {
    tld.repository
        .clone()
        .unwrap_or_else(|| format!("{}-OTE-1API1", tld.class))
}

pub fn roid(name: &str, tld: &Tld) -> String {
    let h = name.bytes().fold(1_469_598_103u64, |h, b| {
        (h ^ b as u64).wrapping_mul(1_099_511_628_211)
    });
    format!("{}_DOMAIN_{}-SIM", h % 1_000_000_000, tld.class)
}

fn prepaid(d: &Domain) -> String {
    let years = (d.paiduntil - d.expiration) / (365 * DAY);
    if years > 0 {
        format!("{years}Y")
    } else {
        "0".into()
    }
}

/// NEXTACTION as the documentation describes it: `pay` before the accounting date in
/// AUTORENEW, `finalize` after; `expire` and `delete` for the other modes.
pub fn next_action(d: &Domain, now: i64, dates: crate::model::Dates) -> (&'static str, i64) {
    match d.renewalmode.as_str() {
        "AUTOEXPIRE" => ("expire", dates.failure),
        "AUTODELETE" => ("delete", dates.failure),
        _ if now < dates.accounting => ("pay", dates.accounting),
        _ => ("finalize", dates.finalization),
    }
}

fn renewal_price(ctx: &Ctx, d: &Domain, years: u32) -> Result<(i64, String), Reply> {
    let (_, prices) = ctx
        .catalog
        .prices_for(&d.name)
        .ok_or_else(|| Reply::code(541))?;
    Ok((cents(prices.annual * years as f64), prices.currency))
}

/// RenewDomain: explicit renewal; 510 for TLDs that only take PayDomainRenewal.
pub fn renew_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let (_, tld) = tld(ctx, &d.name)?;
    if tld.pay_renewal {
        return Err(Reply::detail(510, "use PayDomainRenewal for this TLD"));
    }
    let months = period(p, &tld.renew_periods)?;
    if let Some(exp) = p.get("EXPIRATION") {
        let year = &format(d.expiration)[..4];
        if exp.trim() != year {
            return Err(Reply::detail(
                541,
                format!("EXPIRATION must be the current expiration year {year}"),
            ));
        }
    }
    if add_months(d.expiration, months as i64) > add_months(ctx.now, 120) {
        return Err(Reply::detail(
            548,
            "the renewal would pass the 10 year limit",
        ));
    }
    super::fee::require_premium_fee(
        ctx,
        p,
        &d.name,
        &["X-FEE-AMOUNT", "X-FEE-AMOUNT0"],
        super::fee::FeeKind::Renew,
        months / 12,
    )?;
    let (price, currency) = renewal_price(ctx, &d, months / 12)?;
    charge(ctx, price, &currency, "RENEW_DOMAIN", &d.name)?;
    d.extend(months);
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok()
        .with("DOMAIN", d.name.clone())
        .with("EXPIRATIONDATE", format(d.expiration))
        .with("REGISTRATIONEXPIRATIONDATE", format(d.expiration)))
}

/// PayDomainRenewal: pays ahead (PAIDUNTILDATE moves); the registry date follows when due.
pub fn pay_domain_renewal(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let (_, tld) = tld(ctx, &d.name)?;
    let months = period(p, &tld.renew_periods)?;
    if add_months(d.paiduntil, months as i64) > add_months(ctx.now, 120) {
        return Err(Reply::detail(555, "already paid for the maximum period"));
    }
    let (price, currency) = renewal_price(ctx, &d, months / 12)?;
    charge(ctx, price, &currency, "RENEW_DOMAIN", &d.name)?;
    d.paiduntil = add_months(d.paiduntil, months as i64);
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok().with("EXPIRATIONDATE", format(d.paiduntil)))
}

/// RestoreDomain: brings back a deleted domain during its redemption period.
pub fn restore_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    let users = scope(ctx)?;
    let mut d = match ctx.store.domain(&name)? {
        Some(d) if users.contains(&d.owner) && !d.pushed => d,
        _ => {
            return Err(Reply::detail(
                545,
                format!("domain {name} not found in this account"),
            ))
        }
    };
    let Some(deleted) = d.deleted else {
        return Err(Reply::detail(552, "the domain is not deleted"));
    };
    let (_, tld) = tld(ctx, &name)?;
    if ctx.now > deleted + tld.redemption_days * DAY {
        return Err(Reply::detail(552, "the redemption period is over"));
    }
    // CNR: a premium restore carries its RESTORE fee (spec/cnr.json RestoreDomain: the name
    // X-FEE-AMOUNT is unverified for this command).
    super::fee::require_premium_fee(
        ctx,
        p,
        &name,
        &["X-FEE-AMOUNT"],
        super::fee::FeeKind::Restore,
        1,
    )?;
    let (_, prices) = ctx
        .catalog
        .prices_for(&name)
        .ok_or_else(|| Reply::code(541))?;
    let price = cents(prices.restore.unwrap_or(prices.annual));
    charge(ctx, price, &prices.currency, "RESTORE_DOMAIN", &name)?;
    d.deleted = None;
    if let Some(mode) = p.get("RENEWALMODE") {
        d.renewalmode = renewal_mode(ctx, Some(mode))?;
    }
    if d.expiration < ctx.now {
        d.extend(12);
    }
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok()
        .with("DOMAIN", name)
        .with("EXPIRATIONDATE", format(d.expiration)))
}

/// SetDomainRenewalmode.
pub fn set_renewal_mode(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    d.renewalmode = renewal_mode(ctx, Some(p.require("RENEWALMODE")?))?;
    if let Some(period) = p.get("PERIOD") {
        parse_period(period).ok_or_else(|| Reply::detail(505, "PERIOD must look like 1Y"))?;
        d.renewal_period = Some(period.trim().to_owned());
    }
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(match ctx.flavour {
        Flavour::Ispapi => Reply::ok().with("UNRENEW", "0"),
        Flavour::Cnr => Reply::ok(),
    })
}

/// DeleteDomain: the domain goes into redemption (restorable) and leaves the lists.
pub fn delete_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    if d.status_extra
        .iter()
        .any(|s| s.eq_ignore_ascii_case("clientDeleteProhibited"))
    {
        return Err(Reply::detail(552, "clientDeleteProhibited"));
    }
    if ctx.store.transfer(&d.name)?.is_some() {
        return Err(Reply::code(553));
    }
    d.deleted = Some(ctx.now);
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    // QUERYOBJECTLOGLIST.md: a deletion leaves an object log entry (type DELETE).
    ctx.store.add_object_log(&crate::model::ObjectLog {
        object: d.name.clone(),
        owner: d.owner.clone(),
        date: ctx.now,
        operation: "DELETE".into(),
        status: "SUCCESSFUL".into(),
        info: vec![format!("{} [SUCCESSFUL] domain deleted", format(ctx.now))],
    })?;
    Ok(Reply::ok().pending().with("STATUS", "PENDINGDELETE"))
}

/// DENIC_CreateAuthInfo1: DENIC keeps no transfer code for a .de domain; this creates one
/// (valid 30 days at DENIC) and returns it.
pub fn denic_create_auth_info(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    if !d.name.ends_with(".de") {
        return Err(Reply::detail(
            541,
            "DENIC_CreateAuthInfo1 is for .de domains",
        ));
    }
    // Each call makes a new code, also within the same second.
    d.auth = new_auth(ctx, &format!("{}{}", d.name, d.auth));
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok().with("AUTH", d.auth))
}

/// RequestDomainAuthInfo: asks the registry for the code. EURid returns it for .eu; DNS
/// Belgium e-mails it to the registrant of a .be domain (the reply has none).
pub fn request_auth_info(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let tld = d.name.rsplit('.').next().unwrap_or_default().to_owned();
    if tld != "eu" && tld != "be" {
        return Err(Reply::detail(
            541,
            "RequestDomainAuthInfo is for .eu and .be domains",
        ));
    }
    d.auth = new_auth(ctx, &format!("{}{}", d.name, d.auth));
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(if tld == "eu" {
        Reply::ok().with("AUTH", d.auth)
    } else {
        Reply::ok()
    })
}

/// CNR's SetAuthCode (kb: api-command/SetAuthcode): sets a new code for a .de, .be, .eu or .no
/// domain and returns it as AUTH, except for .be, whose registry e-mails it to the registrant
/// (the reply has none). A given AUTH is kept as sent. ACTION=DELETE and TYPE=2 (.de's code sent
/// by post-mail) are not simulated; another TLD answers 541 (code unverified).
pub fn set_auth_code(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let tld = d.name.rsplit('.').next().unwrap_or_default().to_owned();
    if !["de", "be", "eu", "no"].contains(&tld.as_str()) {
        return Err(Reply::detail(
            541,
            "SetAuthCode is for .de, .be, .eu and .no domains",
        ));
    }
    if p.get("ACTION")
        .is_some_and(|a| a.trim().eq_ignore_ascii_case("DELETE"))
        || p.get("TYPE").is_some_and(|t| t.trim() == "2")
    {
        return Err(Reply::detail(
            505,
            "ACTION=DELETE and TYPE=2 are not simulated",
        ));
    }
    d.auth = match p.get("AUTH").map(str::trim).filter(|a| !a.is_empty()) {
        Some(given) => given.to_owned(),
        None => new_auth(ctx, &format!("{}{}", d.name, d.auth)),
    };
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(if tld == "be" {
        Reply::ok()
    } else {
        Reply::ok().with("AUTH", d.auth)
    })
}

/// PushDomain: hands the domain back to the registry; it leaves the account.
pub fn push_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    ctx.store.remove_domain(&d.name)?;
    Ok(Reply::ok())
}

/// TradeDomain: a registrant change, charged where the TLD prices one.
pub fn trade_domain(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut d = own_domain(ctx, "DOMAIN", p.require("DOMAIN")?)?;
    let owner = contacts(ctx, p, "OWNERCONTACT", true)?.unwrap_or_default();
    let admin = contacts(ctx, p, "ADMINCONTACT", false)?;
    let tech = contacts(ctx, p, "TECHCONTACT", false)?;
    let billing = contacts(ctx, p, "BILLINGCONTACT", false)?;
    let (_, prices) = ctx
        .catalog
        .prices_for(&d.name)
        .ok_or_else(|| Reply::code(541))?;
    if let Some(price) = prices.trade {
        charge(ctx, cents(price), &prices.currency, "TRADE_DOMAIN", &d.name)?;
    }
    d.owner_contact = owner;
    if let Some(a) = admin {
        d.admin_contact = a;
    }
    if let Some(t) = tech {
        d.tech_contact = t;
    }
    if let Some(b) = billing {
        d.billing_contact = b;
    }
    for (k, v) in extension_params(p) {
        // Designated-agent confirmations belong to the request, not to the domain.
        if !k.starts_with("X-CONFIRM-DA-") {
            d.x.insert(k, v);
        }
    }
    super::verification::after_trade(ctx, &mut d, p)?;
    d.updated = ctx.now;
    ctx.store.put_domain(&d, ctx.catalog)?;
    Ok(Reply::ok())
}
