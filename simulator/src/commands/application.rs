//! Applications (AddDomainApplication, in domain.rs): StatusDomainApplication, and the
//! registry's decision, which only the control API makes (`decide_application`): an
//! application stays REQUESTED (AddDomainApplication's documented reply) until then.
//!
//! Statuses after the decision: SUCCESSFUL and FAILED, the values the original module's daily
//! hook acted on (hexonet/whmcs-ispapi-registrar hooks.php before v7); the documentation's
//! StatusDomainApplication example shows ACTIVE for a completed backorder, which the control
//! API can give too.

use super::{scope, unicode, Ctx, Outcome};
use crate::catalog::Catalog;
use crate::clock::{add_months, format};
use crate::model::{Application, Domain};
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use crate::store::Store;

/// StatusDomainApplication: the application's record (properties of
/// API/DOMAIN/APPLICATION/STATUSDOMAINAPPLICATION.md); 545 for an id that is not one of the
/// account's applications (the documented "Object not found").
pub fn status_domain_application(ctx: &mut Ctx, p: &Params) -> Outcome {
    let text = p.require("APPLICATION")?.trim();
    let not_found = || Reply::detail(545, format!("application {text} not found"));
    let id: i64 = text.parse().map_err(|_| not_found())?;
    let a = ctx.store.application(id)?.ok_or_else(not_found)?;
    if !scope(ctx)?.contains(&a.owner) {
        return Err(not_found());
    }
    if ctx.flavour == Flavour::Cnr {
        return Ok(cnr_status(&a));
    }
    let mut r = Reply::ok();
    r.push("APPLICATION", a.id.to_string());
    r.push("AUTH", a.auth.clone());
    r.push("CLASS", a.class.clone());
    r.push("CREATEDBY", a.owner.clone());
    r.push("CREATEDDATE", format(a.created));
    r.push("DOMAIN", a.domain.clone());
    r.push("DOMAINUMLAUT", unicode(&a.domain));
    r.extend("NAMESERVER", a.nameservers.clone());
    r.extend("OWNERCONTACT", a.owner_contact.clone());
    r.extend("ADMINCONTACT", a.admin_contact.clone());
    r.extend("TECHCONTACT", a.tech_contact.clone());
    r.extend("BILLINGCONTACT", a.billing_contact.clone());
    r.push("PEERUSER", "");
    r.push("PERIOD", (a.months.max(12) / 12).to_string());
    r.push("SMD", "");
    r.push("STATUS", a.status.clone());
    r.push("SUBCLASS", a.class.clone());
    r.push("UPDATEDBY", "SYSTEM");
    r.push("UPDATEDDATE", format(a.updated.max(a.created)));
    r.push("USER", a.owner.clone());
    Ok(r)
}

/// CNR's StatusDomainApplication reply (kb.centralnicreseller.com/api/api-command/
/// StatusDomainApplication): its own property names (APPLICATION_ID, AUTH_CODE, OWNER_CONTACT,
/// CREATED_DATE, UPDATE_DATE…) and STATUS values (REQUESTED until decided, then SUCCESSFUL or
/// FAILED, all in the page's list).
fn cnr_status(a: &Application) -> Reply {
    let mut r = Reply::ok();
    r.push("DOMAIN", a.domain.clone());
    r.push("APPLICATION_ID", a.id.to_string());
    r.push("STATUS", a.status.clone());
    r.push("PERIOD", (a.months.max(12) / 12).to_string());
    r.push("CLASS", a.class.clone());
    r.push("AUTH_CODE", a.auth.clone());
    r.extend("OWNER_CONTACT", a.owner_contact.clone());
    r.extend("ADMIN_CONTACT", a.admin_contact.clone());
    r.extend("TECH_CONTACT", a.tech_contact.clone());
    r.extend("BILLING_CONTACT", a.billing_contact.clone());
    r.extend("NAMESERVER", a.nameservers.clone());
    r.push("CREATED_DATE", format(a.created));
    r.push("UPDATE_DATE", format(a.updated.max(a.created)));
    r
}

/// The registry decides the open application for `domain`: `status` SUCCESSFUL or ACTIVE
/// puts the domain into the owner's account for the applied period; FAILED (or CANCELLED)
/// leaves no domain. False when no open application names the domain.
pub fn decide(
    store: &Store,
    catalog: &Catalog,
    domain: &str,
    status: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some(mut a) = store
        .open_applications()?
        .into_iter()
        .find(|a| a.domain.eq_ignore_ascii_case(domain))
    else {
        return Ok(false);
    };
    a.status = status.to_owned();
    a.updated = now;
    if matches!(status, "SUCCESSFUL" | "ACTIVE") {
        store.put_domain(&domain_of(&a, catalog, now), catalog)?;
    }
    store.put_application(&a)?;
    Ok(true)
}

/// The domain a successful application becomes, registered now for its period.
fn domain_of(a: &Application, catalog: &Catalog, now: i64) -> Domain {
    let (class, _) = catalog.prices_for(&a.domain).unwrap_or_default();
    let expiration = add_months(now, a.months.max(12) as i64);
    Domain {
        name: a.domain.clone(),
        owner: a.owner.clone(),
        subclass: class,
        created: now,
        updated: now,
        expiration,
        paiduntil: expiration,
        renewalmode: "DEFAULT".into(),
        auth: a.auth.clone(),
        nameservers: a.nameservers.clone(),
        owner_contact: a.owner_contact.clone(),
        admin_contact: a.admin_contact.clone(),
        tech_contact: a.tech_contact.clone(),
        billing_contact: a.billing_contact.clone(),
        created_by: a.owner.clone(),
        ..Domain::default()
    }
}
