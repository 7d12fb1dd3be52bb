//! Registrant verification (ISPAPI): QueryDomainPendingRegistrantVerificationList,
//! ResendDomainRegistrantVerificationEmail, and the verification a gTLD trade starts.
//!
//! The state lives in the domain's `X-REGISTRANT-VERIFICATION-*` properties, the names
//! StatusDomain reports (STATUSDOMAIN.md), so StatusDomain shows it as it shows any `X-` value.

use super::transfer::wildcard;
use super::{ace, own_domain, scope, Ctx, Outcome, Page};
use crate::clock::{format, parse, DAY};
use crate::model::Domain;
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use rusqlite::types::Value;

const STATUS: &str = "X-REGISTRANT-VERIFICATION-STATUS";
const EMAIL: &str = "X-REGISTRANT-VERIFICATION-EMAIL";
const NAME: &str = "X-REGISTRANT-VERIFICATION-NAME";
const REQUESTED: &str = "X-REGISTRANT-VERIFICATION-REQUESTEDDATE";

/// Days the registrant has to verify. Unverified: ICANN's 2013 RAA (WHOIS Accuracy Program
/// Specification) gives 15 days; none of our sources states the API's period.
const DUE_DAYS: i64 = 15;

/// After TradeDomain: a new gTLD registrant whom no designated agent confirmed
/// (TRADEDOMAIN.md: `X-CONFIRM-DA-OLD-REGISTRANT` / `-NEW-REGISTRANT` = 1 confirm it on the
/// registrants' behalf) must verify the e-mail address: StatusDomain reports the verification
/// PENDING, as the original module read it after a trade (its GetDomainInformation). That the
/// API starts it exactly here (an account whose IRTP settings leave confirmation to the
/// registrants) is unverified: the account's IRTP settings are not documented in `API/`.
/// gTLDs are the TLDs whose registrant change QueryDomainOptions names ICANN-TRADE (no trade
/// price) and that are not two-letter country codes. CNR's contact verification differs and
/// is not simulated.
pub fn after_trade(ctx: &Ctx, d: &mut Domain, p: &Params) -> Result<(), Reply> {
    let gtld = ctx.catalog.tld_of(&d.name).is_some_and(|(_, tld)| {
        tld.prices.trade.is_none() && d.name.rsplit('.').next().is_some_and(|t| t.len() > 2)
    });
    let confirmed = ["X-CONFIRM-DA-OLD-REGISTRANT", "X-CONFIRM-DA-NEW-REGISTRANT"]
        .iter()
        .all(|k| p.get(k).is_some_and(|v| v.trim() == "1"));
    if ctx.flavour != Flavour::Ispapi || !gtld || confirmed {
        return Ok(());
    }
    let owner = d.owner_contact.first().cloned().unwrap_or_default();
    let contact = ctx.store.contact(&owner)?.unwrap_or_default();
    let field = |k: &str| contact.fields.get(k).cloned().unwrap_or_default();
    let name = format!("{} {}", field("FIRSTNAME"), field("LASTNAME"));
    d.x.insert(STATUS.into(), "PENDING".into());
    d.x.insert(EMAIL.into(), field("EMAIL"));
    d.x.insert(NAME.into(), name.trim().to_owned());
    d.x.insert(REQUESTED.into(), format(ctx.now));
    Ok(())
}

fn pending(d: &Domain) -> bool {
    d.x.get(STATUS)
        .is_some_and(|s| s == "PENDING" || s == "OVERDUE")
}

/// QueryDomainPendingRegistrantVerificationList (its page): the user's domains whose
/// verification is pending, filtered by DOMAIN (a name or a `*` pattern), USERDEPTH (default
/// ALL), FIRST/LIMIT, ordered by domain (ORDERBY's other keys are accepted and not applied:
/// unverified). The due date is the request's plus `DUE_DAYS`.
pub fn query_pending_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = match p
        .get("USERDEPTH")
        .map(|s| s.trim().to_ascii_uppercase())
        .as_deref()
    {
        None | Some("ALL") => scope(ctx)?,
        Some("SELF") => vec![ctx.user.login.clone()],
        Some("SUBUSER") => ctx.store.children(&ctx.user.login)?,
        Some(_) => return Err(Reply::detail(506, "USERDEPTH must be SELF, SUBUSER or ALL")),
    };
    let filter = p.get("DOMAIN").map(|d| d.trim().to_lowercase());
    let page = Page::from(p, 1000)?;
    let marks = vec!["?"; users.len().max(1)].join(",");
    let mut args: Vec<Value> = users.into_iter().map(Value::Text).collect();
    if args.is_empty() {
        args.push(Value::Text(String::new()));
    }
    args.push(Value::Text(format!("%{STATUS}%")));
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
    let domains: Vec<Domain> = ctx
        .store
        .domains_where(
            &format!(
                "WHERE deleted = 0 AND owner IN ({marks}) AND data LIKE ?{} ORDER BY name",
                refs.len()
            ),
            &refs,
        )?
        .into_iter()
        .filter(|d| d.deleted.is_none() && !d.pushed && pending(d))
        .filter(|d| filter.as_ref().is_none_or(|f| wildcard(f, &d.name)))
        .collect();
    let mut r = Reply::ok();
    let shown: Vec<&Domain> = domains.iter().skip(page.first).take(page.limit).collect();
    for d in &shown {
        let x = |k: &str| d.x.get(k).cloned().unwrap_or_default();
        let requested = x(REQUESTED);
        let due = parse(&requested).map(|t| format(t + DUE_DAYS * DAY));
        r.push("DOMAIN", d.name.clone());
        let repository = ctx
            .catalog
            .tld_of(&d.name)
            .map(|(_, t)| super::domain::repository(t));
        r.push("DOMAINREPOSITORY", repository.unwrap_or_default());
        r.push("DOMAINUMLAUT", super::unicode(&d.name));
        r.push("X-REGISTRANT-VERIFICATION-DUEDATE", due.unwrap_or_default());
        r.push(EMAIL, x(EMAIL));
        r.push(NAME, x(NAME));
        r.push(REQUESTED, requested);
        r.push(STATUS, x(STATUS));
    }
    page.write(&mut r, shown.len(), domains.len());
    Ok(r)
}

/// ResendDomainRegistrantVerificationEmail (its page): 552 "Object status does not allow for
/// operation" when no verification is pending (the page's code; which one the API gives then
/// is unverified).
pub fn resend_email(ctx: &mut Ctx, p: &Params) -> Outcome {
    let name = ace("DOMAIN", p.require("DOMAIN")?)?;
    let d = own_domain(ctx, "DOMAIN", &name)?;
    if !pending(&d) {
        return Err(Reply::detail(
            552,
            format!("no registrant verification is pending for {name}"),
        ));
    }
    Ok(Reply::ok())
}

/// CNR's contact verification (its knowledge base, domains/icann/contact-verification; the
/// provider's CNR module, `lib/Commands/StatusContact.php`): the contact handle, not the
/// domain, carries it. StatusContact answers `VERIFICATIONREQUESTED` and `VERIFIED` (0/1, the
/// names the module reads); the state is kept in the contact's fields under those names.
pub const CNR_REQUESTED: &str = "VERIFICATIONREQUESTED";
pub const CNR_VERIFIED: &str = "VERIFIED";
/// StatusDomain's suspension date of a domain whose registrant has not verified (the KB's
/// FAQ: registration date plus 15 days; here the day the verification was requested plus
/// `DUE_DAYS`).
pub const CNR_SUSPENSION: &str = "X-TIME-TO-SUSPENSION";

fn cnr_pending(c: &crate::model::Contact) -> bool {
    let on = |k: &str| c.fields.get(k).is_some_and(|v| v == "1");
    on(CNR_REQUESTED) && !on(CNR_VERIFIED)
}

/// Control (tests): CNR asks the registrant of `domain` to verify its address. When CNR does
/// so (gTLD registrations and owner changes with an unverified address, AddContact/ModifyContact
/// PREVERIFY) is its own decision and is not simulated; false when the domain is unknown.
pub fn request_cnr_verification(
    store: &crate::store::Store,
    catalog: &crate::catalog::Catalog,
    name: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some(mut d) = store.domain(name)? else {
        return Ok(false);
    };
    let Some(mut c) = d
        .owner_contact
        .first()
        .map(|h| store.contact(h))
        .transpose()?
        .flatten()
    else {
        return Ok(false);
    };
    c.fields.insert(CNR_REQUESTED.into(), "1".into());
    c.fields.insert(CNR_VERIFIED.into(), "0".into());
    store.put_contact(&c)?;
    d.x.insert(CNR_SUSPENSION.into(), format(now + DUE_DAYS * DAY));
    store.put_domain(&d, catalog)?;
    Ok(true)
}

/// ResendNotification TYPE=contactverification (the KB's page: OBJECT is the e-mail address):
/// 200 while a contact of the user with that address awaits verification; otherwise 545
/// (the code for "nothing pending" is unverified).
pub fn resend_cnr_verification(ctx: &mut Ctx, object: &str) -> Outcome {
    let users = scope(ctx)?;
    let address = object.trim();
    let pending = ctx.store.contacts_of(&users)?.into_iter().any(|c| {
        cnr_pending(&c)
            && c.fields
                .get("EMAIL")
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(address))
    });
    if pending {
        Ok(Reply::ok())
    } else {
        Err(Reply::detail(
            545,
            "no contact verification pending for that address",
        ))
    }
}
