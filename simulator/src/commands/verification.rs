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
