//! Domain lists: QueryDomainList (version 1, version 2 and CNR columns),
//! QueryDomainPendingDeleteList, QueryDomainRenewalList, CNR's QueryRegisteredPremiumDomainList.
//!
//! Filtering, sorting and paging run in SQL over the indexed columns so that a 1000-row page
//! of a 100 000-domain account stays fast; only the page's rows are decoded.

use super::domain::{next_action, repository, roid};
use super::{ace, check_regex, like_pattern, scope, unicode, Ctx, Outcome, Page};
use crate::catalog::{cents, money};
use crate::clock::{format, parse, DAY};
use crate::model::Domain;
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use rusqlite::types::Value;

/// SQL conditions and their arguments.
#[derive(Default)]
struct Filter {
    conds: Vec<String>,
    args: Vec<Value>,
}

impl Filter {
    fn add(&mut self, cond: &str, args: impl IntoIterator<Item = Value>) {
        self.conds.push(cond.to_owned());
        self.args.extend(args);
    }

    fn sql(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// The users a list covers: USERDEPTH SELF (default), SUBUSER (direct subusers) or ALL.
fn users_for_depth(ctx: &Ctx, p: &Params) -> Result<Vec<String>, Reply> {
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

fn owners_filter(f: &mut Filter, users: &[String]) {
    let marks = vec!["?"; users.len().max(1)].join(",");
    let mut args: Vec<Value> = users.iter().cloned().map(Value::Text).collect();
    if args.is_empty() {
        args.push(text(""));
    }
    f.add(&format!("owner IN ({marks})"), args);
}

fn date_param(p: &Params, key: &str) -> Result<Option<i64>, Reply> {
    match p.get(key) {
        None => Ok(None),
        Some(v) => parse(v)
            .map(Some)
            .ok_or_else(|| Reply::detail(505, format!("{key} is not a date"))),
    }
}

fn domain_filters(ctx: &Ctx, p: &Params, f: &mut Filter) -> Result<(), Reply> {
    if let Some(pattern) = p.get("DOMAIN") {
        let pattern = pattern.trim().to_lowercase();
        // An IDN pattern is matched in ACE form when it converts; `*` wildcards stay.
        let pattern = if pattern.is_ascii() || pattern.contains('*') {
            pattern
        } else {
            ace("DOMAIN", &pattern).unwrap_or(pattern)
        };
        f.add("name LIKE ? ESCAPE '\\'", [text(like_pattern(&pattern))]);
    } else {
        let names = p.list("DOMAIN");
        if !names.is_empty() {
            let names: Vec<Value> = names
                .iter()
                .map(|n| text(ace("DOMAIN", n).unwrap_or_default()))
                .collect();
            f.add(
                &format!("name IN ({})", vec!["?"; names.len()].join(",")),
                names,
            );
        }
    }
    for (key, negate) in [("DOMAINREGEX", false), ("DOMAINREGEXNOT", true)] {
        if let Some(re) = p.get(key) {
            check_regex(key, re)?;
            f.add(
                if negate {
                    "NOT regexp(?, name)"
                } else {
                    "regexp(?, name)"
                },
                [text(re)],
            );
        }
    }
    for (key, negate) in [("SUBCLASSREGEX", false), ("SUBCLASSREGEXNOT", true)] {
        if let Some(re) = p.get(key) {
            check_regex(key, re)?;
            f.add(
                if negate {
                    "NOT regexp(?, subclass)"
                } else {
                    "regexp(?, subclass)"
                },
                [text(re)],
            );
        }
    }
    if let Some(sub) = p.get("SUBCLASS") {
        f.add(
            "subclass LIKE ? ESCAPE '\\'",
            [text(like_pattern(sub.trim()))],
        );
    }
    if let Some(sub) = p.get("DOMAINSUBCLASS") {
        f.add(
            "subclass = ? COLLATE NOCASE",
            [text(sub.trim().trim_end_matches('.'))],
        );
    }
    if let Some(lock) = p.flag("TRANSFERLOCK")? {
        f.add("transferlock = ?", [Value::Integer(lock as i64)]);
    }
    if let Some(on) = p.flag("X-ACCEPT-WHOISTRUSTEE-TAC")? {
        f.add("idprotect = ?", [Value::Integer(on as i64)]);
    }
    if let Some(mode) = p.get("RENEWALMODE") {
        let mode = mode.trim().to_ascii_uppercase();
        // Version 1 names the modes RENEW, EXPIRE, DELETE.
        let full = if mode.starts_with("AUTO") || mode == "DEFAULT" {
            mode.clone()
        } else {
            format!("AUTO{mode}")
        };
        if full == "AUTORENEW" {
            f.add("renewalmode IN ('AUTORENEW', 'DEFAULT')", []);
        } else {
            f.add("renewalmode = ?", [text(full)]);
        }
    }
    if let Some(status) = p.get("STATUS") {
        let s = status.trim().to_ascii_lowercase();
        if s.contains("transferprohibited") {
            f.add("transferlock = 1", []);
        } else if !"active".contains(s.trim_matches('*')) {
            f.add("0", []);
        }
    }
    if let Some(user) = p.get("USER") {
        f.add("owner LIKE ? ESCAPE '\\'", [text(like_pattern(user))]);
    }
    for (key, path) in [
        ("OWNERCONTACT", "$.owner_contact"),
        ("ADMINCONTACT", "$.admin_contact"),
        ("TECHCONTACT", "$.tech_contact"),
        ("BILLINGCONTACT", "$.billing_contact"),
    ] {
        if let Some(pattern) = p.get(key) {
            f.add(
                &format!("json_extract(data, '{path}') LIKE ? ESCAPE '\\'"),
                [text(format!(
                    "%\"{}\"%",
                    like_pattern(pattern).to_uppercase()
                ))],
            );
        }
    }
    for (suffix, column) in [
        ("CREATEDDATE", "created"),
        ("UPDATEDDATE", "updated"),
        ("EXPIRATIONDATE", "expiration"),
        ("REGISTRATIONEXPIRATIONDATE", "expiration"),
        ("PAIDUNTILDATE", "paiduntil"),
        ("ACCOUNTINGDATE", "accounting"),
        ("FINALIZATIONDATE", "finalization"),
        ("FAILUREDATE", "failure"),
    ] {
        if let Some(t) = date_param(p, &format!("MIN{suffix}"))? {
            f.add(&format!("{column} >= ?"), [Value::Integer(t)]);
        }
        if let Some(t) = date_param(p, &format!("MAX{suffix}"))? {
            // A date without a time means the whole day.
            let t = if p
                .get(&format!("MAX{suffix}"))
                .is_some_and(|v| v.trim().len() <= 10)
            {
                t + DAY - 1
            } else {
                t
            };
            f.add(&format!("{column} <= ?"), [Value::Integer(t)]);
        }
    }
    let _ = ctx;
    Ok(())
}

/// ORDERBY (with a `DESC` suffix, or ORDER=DESC) as an SQL ordering.
fn order_by(p: &Params) -> Result<String, Reply> {
    let raw = p
        .get("ORDERBY")
        .map(|s| s.trim().to_ascii_uppercase())
        .unwrap_or_else(|| "DOMAIN".into());
    let (key, mut desc) = match raw.strip_suffix("DESC") {
        Some(k) if !k.is_empty() => (k.to_owned(), true),
        _ => (raw.clone(), false),
    };
    if p.get("ORDER")
        .is_some_and(|o| o.trim().eq_ignore_ascii_case("DESC"))
    {
        desc = !desc;
    }
    let column = match key.as_str() {
        "DOMAIN" | "OBJECTID" | "DESCRIPTION" => "name",
        "DOMAINSUBCLASS" | "SUBCLASS" => "subclass",
        "USER" => "owner",
        "CREATEDDATE" => "created",
        "UPDATEDDATE" => "updated",
        "EXPIRATIONDATE" | "REGISTRATIONEXPIRATIONDATE" => "expiration",
        "PAIDUNTILDATE" => "paiduntil",
        "ACCOUNTINGDATE" => "accounting",
        "FINALIZATIONDATE" => "finalization",
        "FAILUREDATE" => "failure",
        "STATUS" | "REGISTRAR" => "transferlock",
        _ => {
            return Err(Reply::detail(
                506,
                format!(
                    "ORDERBY {} is not supported",
                    raw.chars().take(40).collect::<String>()
                ),
            ))
        }
    };
    let dir = if desc { "DESC" } else { "ASC" };
    Ok(format!("ORDER BY {column} {dir}, name {dir}"))
}

/// QueryDomainList.
pub fn query_domain_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = users_for_depth(ctx, p)?;
    let mut f = Filter::default();
    owners_filter(&mut f, &users);
    f.add("deleted = 0", []);
    domain_filters(ctx, p, &mut f)?;
    let order = order_by(p)?;
    let page = Page::from(p, 1000)?;
    let wide = p.flag("WIDE")?.unwrap_or(false);
    let version2 = p.get("VERSION").is_some_and(|v| v.trim() == "2");
    let with_price = p.get("PROPERTIES").is_some_and(|v| {
        v.to_ascii_uppercase()
            .split([' ', ','])
            .any(|w| w == "PRICE" || w == "RENEWALPRICE")
    });

    let where_sql = f.sql();
    let total: i64 = ctx.store.conn.query_row(
        &format!("SELECT COUNT(*) FROM domains {where_sql}"),
        rusqlite::params_from_iter(f.args.iter()),
        |r| r.get(0),
    )?;
    let mut args = f.args.clone();
    args.push(Value::Integer(page.limit as i64));
    args.push(Value::Integer(page.first as i64));
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
    let rows = ctx
        .store
        .domains_where(&format!("{where_sql} {order} LIMIT ? OFFSET ?"), &refs)?;

    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), total as usize);
    match (ctx.flavour, version2, wide) {
        (Flavour::Cnr, _, false) | (Flavour::Ispapi, false, false) => {
            r.extend("DOMAIN", rows.iter().map(|d| d.name.clone()));
        }
        (Flavour::Ispapi, true, false) => {
            r.extend("OBJECTCLASS", rows.iter().map(|_| "DOMAIN"));
            r.extend("OBJECTID", rows.iter().map(|d| d.name.clone()));
        }
        (Flavour::Ispapi, true, true) => {
            for d in &rows {
                v2_row(ctx, &mut r, d, with_price);
            }
        }
        (Flavour::Ispapi, false, true) => {
            for d in &rows {
                v1_row(ctx, &mut r, d);
            }
        }
        (Flavour::Cnr, _, true) => {
            for d in &rows {
                cnr_row(ctx, &mut r, d);
            }
        }
    }
    if rows.is_empty() && wide {
        // An empty page still names its columns, so clients see the same shape.
        r.column(if version2 { "OBJECTID" } else { "DOMAIN" });
    }
    Ok(r)
}

fn flag(b: bool) -> &'static str {
    if b {
        "1"
    } else {
        "0"
    }
}

fn parent_of(ctx: &Ctx, user: &str) -> String {
    ctx.store
        .account(user)
        .ok()
        .flatten()
        .and_then(|a| a.parent)
        .unwrap_or_else(|| "hexonet.sim".into())
}

fn v2_row(ctx: &Ctx, r: &mut Reply, d: &Domain, with_price: bool) {
    let tld = ctx.catalog.tld_of(&d.name).map(|(_, t)| t);
    let dates = d.dates(tld);
    let (next, next_date) = next_action(d, ctx.now, dates);
    r.push("ACCOUNTINGDATE", format(dates.accounting));
    r.push("ADMINCONTACT", d.admin_contact.join(" "));
    r.push("AUTH", d.auth.clone());
    r.push("BILLINGCONTACT", d.billing_contact.join(" "));
    r.push("CLAIMKEY", "");
    r.push("CREATEDDATE", format(d.created));
    if with_price {
        let (annual, currency) = ctx
            .catalog
            .prices_for(&d.name)
            .map(|(_, p)| (cents(p.annual), p.currency))
            .unwrap_or((0, String::new()));
        r.push("CURRENCY", currency);
        r.push("RENEWALGROSSPRICE", money(annual));
        r.push("RENEWALPRICE", money(annual));
        r.push("VAT", format!("{:.2}", ctx.user.vat));
    }
    r.push("DESCRIPTION", unicode(&d.name));
    r.push("EXPIRATIONDATE", format(d.expiration));
    r.push("FAILUREDATE", format(dates.failure));
    r.push("FINALIZATIONDATE", format(dates.finalization));
    r.push("INTERNALNAMESERVER", "");
    r.push("INVALIDPARAMETER", "");
    r.push("MISSINGPARAMETER", "");
    r.push("NAMESERVER", d.nameservers.join(" "));
    r.push("NEXTACTION", next);
    r.push("NEXTACTIONDATE", format(next_date));
    r.push("OBJECTCLASS", "DOMAIN");
    r.push("OBJECTID", d.name.clone());
    r.push("OWNERCONTACT", d.owner_contact.join(" "));
    r.push("PAIDUNTILDATE", format(d.paiduntil));
    r.push("PARENTUSER", parent_of(ctx, &d.owner));
    r.push("PEERUSER", "");
    r.push("PREPAIDPERIOD", "0");
    r.push("RENEWALMODE", d.renewalmode.clone());
    r.push(
        "RENEWALPERIOD",
        d.renewal_period.clone().unwrap_or_else(|| "1Y".into()),
    );
    r.push("REPOSITORY", tld.map(repository).unwrap_or_default());
    r.push("ROID", tld.map(|t| roid(&d.name, t)).unwrap_or_default());
    r.push("STATUS", d.statuses().join(" "));
    r.push("SUBCLASS", d.subclass.clone());
    r.push("TECHCONTACT", d.tech_contact.join(" "));
    r.push(
        "TRANSFERDATE",
        d.transferdate.map(format).unwrap_or_default(),
    );
    r.push("TRANSFERLOCK", flag(d.transferlock));
    r.push("UPDATEDDATE", format(d.updated));
    r.push("USER", d.owner.clone());
    r.push("X-ACCEPT-WHOISTRUSTEE-TAC", flag(d.whois_trustee()));
    r.push(
        "X-ACCEPT-WHOISTRUSTEELITE-TAC",
        d.x.get("X-ACCEPT-WHOISTRUSTEELITE-TAC")
            .cloned()
            .unwrap_or_else(|| "0".into()),
    );
}

fn v1_row(ctx: &Ctx, r: &mut Reply, d: &Domain) {
    let tld = ctx.catalog.tld_of(&d.name).map(|(_, t)| t);
    let dates = d.dates(tld);
    let (next, next_date) = next_action(d, ctx.now, dates);
    r.push("DOMAIN", d.name.clone());
    r.push("DOMAINACCOUNTINGDATE", format(dates.accounting));
    r.push("DOMAINADMINCONTACT", d.admin_contact.join(" "));
    r.push("DOMAINAUTH", d.auth.clone());
    r.push("DOMAINBILLINGCONTACT", d.billing_contact.join(" "));
    r.push("DOMAINCONFIGCLASS", "");
    r.push("DOMAINCREATEDBY", "SYSTEM");
    r.push("DOMAINCREATEDDATE", format(d.created));
    r.push("DOMAINEXPIRATIONDATE", format(d.expiration));
    r.push("DOMAINFAILUREDATE", format(dates.failure));
    r.push("DOMAINFINALIZATIONDATE", format(dates.finalization));
    r.push("DOMAININTERNALNAMESERVER", "");
    r.push(
        "DOMAINNAMESERVER",
        d.nameservers.first().cloned().unwrap_or_default(),
    );
    r.push("DOMAINNEXTACTION", next);
    r.push("DOMAINNEXTACTIONDATE", format(next_date));
    r.push("DOMAINOWNERCONTACT", d.owner_contact.join(" "));
    r.push("DOMAINPAIDUNTILDATE", format(d.paiduntil));
    r.push("DOMAINPREPAIDPERIOD", "0");
    r.push("DOMAINREGISTRAR", "SYSTEM");
    r.push(
        "DOMAINREGISTRARTRANSFERDATE",
        d.transferdate
            .map(format)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into()),
    );
    r.push("DOMAINREGISTRARUPDATEDDATE", format(d.updated));
    r.push("DOMAINREGISTRATIONEXPIRATIONDATE", format(d.expiration));
    r.push("DOMAINRENEWALMODE", d.renewalmode.clone());
    r.push(
        "DOMAINRENEWALPERIOD",
        d.renewal_period.clone().unwrap_or_default(),
    );
    r.push("DOMAINREPOSITORY", tld.map(repository).unwrap_or_default());
    r.push("DOMAINSTATUS", d.statuses().join(" "));
    r.push("DOMAINSUBCLASS", d.subclass.clone());
    r.push("DOMAINTECHCONTACT", d.tech_contact.join(" "));
    r.push(
        "DOMAINTRANSFERDATE",
        d.transferdate
            .map(format)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into()),
    );
    r.push("DOMAINTRANSFERLOCK", flag(d.transferlock));
    r.push("DOMAINUMLAUT", unicode(&d.name));
    r.push("DOMAINUPDATEDBY", "SYSTEM");
    r.push("DOMAINUPDATEDDATE", format(d.updated));
    r.push("PARENTUSER", parent_of(ctx, &d.owner));
    r.push("PEERUSER", "");
    r.push("USER", d.owner.clone());
    r.push("X-ACCEPT-WHOISTRUSTEE-TAC", flag(d.whois_trustee()));
    r.push(
        "X-ACCEPT-WHOISTRUSTEELITE-TAC",
        d.x.get("X-ACCEPT-WHOISTRUSTEELITE-TAC")
            .cloned()
            .unwrap_or_default(),
    );
    r.push("X-EXPIRED", flag(d.expiration < ctx.now));
    r.push("X-MOBI-ACCEPT-INSTANTMOBILIZER-TAC", "");
    r.push("X-TRUSTEE", "");
}

/// CNR's columns (CentralNic Reseller API reference, QueryDomainList).
fn cnr_row(ctx: &Ctx, r: &mut Reply, d: &Domain) {
    let tld = ctx.catalog.tld_of(&d.name);
    let dates = d.dates(tld.map(|(_, t)| t));
    r.push("DOMAIN", d.name.clone());
    r.push("DOMAIN_IDN", unicode(&d.name));
    r.push(
        "ROID",
        tld.map(|(_, t)| roid(&d.name, t)).unwrap_or_default(),
    );
    r.push("DOMAIN_CREATED_DATE", format(d.created));
    r.push(
        "DOMAIN_ZONE",
        tld.map(|(k, _)| k.to_owned()).unwrap_or_default(),
    );
    r.push("DOMAIN_CREATED_BY", d.owner.clone());
    r.push("DOMAIN_UPDATED_DATE", format(d.updated));
    r.push("DOMAIN_UPDATED_BY", d.owner.clone());
    r.push("DOMAIN_REGISTRATION_EXPIRATION_DATE", format(d.expiration));
    r.push("DOMAIN_RENEWAL_DATE", format(dates.accounting));
    r.push("RENEWALMODE", d.renewalmode.clone());
    r.push("TRANSFERMODE", "DEFAULT");
    r.push("REGISTRAR", "SIMULATOR");
}

/// CNR's QueryRegisteredPremiumDomainList: the account's premium domains (KB
/// api-command/QueryRegisteredPremiumDomainList). A domain is premium here as everywhere in the
/// simulator: its class is `PREMIUM_…`. DOMAIN filters by pattern, INCLUDESUB/ONLYSUB add or
/// keep only the subresellers' domains, ORDERBY=DOMAIN with ORDER sorts; the other documented
/// filters are refused as not simulated rather than ignored.
pub fn query_registered_premium_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    for key in [
        "DOMAINIDN",
        "RENEWALMODE",
        "ZONE",
        "REGISTRAR",
        "DOMAINTAG",
        "ZONETAG",
    ] {
        if p.get(key).is_some() || !p.list(key).is_empty() {
            return Err(Reply::detail(
                504,
                format!("{key} is not simulated for QueryRegisteredPremiumDomainList"),
            ));
        }
    }
    let only_sub = p.flag("ONLYSUB")?.unwrap_or(false);
    let include_sub = only_sub || p.flag("INCLUDESUB")?.unwrap_or(false);
    let mut users = Vec::new();
    if !only_sub {
        users.push(ctx.user.login.clone());
    }
    if include_sub {
        users.extend(ctx.store.children(&ctx.user.login)?);
    }
    let mut f = Filter::default();
    owners_filter(&mut f, &users);
    f.add("deleted = 0", []);
    f.add("subclass LIKE 'PREMIUM\\_%' ESCAPE '\\'", []);
    if let Some(pattern) = p.get("DOMAIN") {
        let pattern = pattern.trim().to_lowercase();
        f.add("name LIKE ? ESCAPE '\\'", [text(like_pattern(&pattern))]);
    }
    let key = p
        .get("ORDERBY")
        .map(|s| s.trim().to_ascii_uppercase())
        .unwrap_or_else(|| "DOMAIN".into());
    if key != "DOMAIN" {
        return Err(Reply::detail(
            504,
            format!(
                "ORDERBY {} is not simulated",
                key.chars().take(40).collect::<String>()
            ),
        ));
    }
    let desc = p
        .get("ORDER")
        .is_some_and(|o| o.trim().eq_ignore_ascii_case("DESC"));
    let order = if desc {
        "ORDER BY name DESC"
    } else {
        "ORDER BY name ASC"
    };
    let page = Page::from(p, 1000)?;
    let where_sql = f.sql();
    let total: i64 = ctx.store.conn.query_row(
        &format!("SELECT COUNT(*) FROM domains {where_sql}"),
        rusqlite::params_from_iter(f.args.iter()),
        |r| r.get(0),
    )?;
    let mut args = f.args.clone();
    args.push(Value::Integer(page.limit as i64));
    args.push(Value::Integer(page.first as i64));
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
    let rows = ctx
        .store
        .domains_where(&format!("{where_sql} {order} LIMIT ? OFFSET ?"), &refs)?;
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), total as usize);
    for d in &rows {
        r.push("DOMAIN", d.name.clone());
        r.push("REGISTRAR", d.owner.clone());
    }
    Ok(r)
}

/// QueryDomainPendingDeleteList: deleted domains of the account, with the date they are purged.
pub fn query_pending_delete_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = scope(ctx)?;
    let mut f = Filter::default();
    owners_filter(&mut f, &users);
    f.add("deleted = 1", []);
    let page = Page::from(p, 1000)?;
    let all = ctx.store.domains_where(
        &format!("{} ORDER BY name", f.sql()),
        &f.args
            .iter()
            .map(|a| a as &dyn rusqlite::ToSql)
            .collect::<Vec<_>>(),
    )?;
    let rows: Vec<&Domain> = all.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), all.len());
    r.extend(
        "COLUMN",
        ["DOMAIN", "FINALIZATIONDATE", "SCORE", "SUBCLASS"],
    );
    for d in rows {
        let redemption = ctx
            .catalog
            .tld_of(&d.name)
            .map(|(_, t)| t.redemption_days)
            .unwrap_or(30);
        r.push("DOMAIN", d.name.clone());
        r.push(
            "FINALIZATIONDATE",
            format(d.deleted.unwrap_or(ctx.now) + redemption * DAY),
        );
        r.push("SCORE", "0");
        r.push("SUBCLASS", d.subclass.clone());
    }
    Ok(r)
}

/// QueryDomainRenewalList: domains expiring in a window (default: the next 30 days).
/// Not in the public command reference; columns chosen to match QueryDomainList's names.
pub fn query_renewal_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = users_for_depth(ctx, p)?;
    let mut f = Filter::default();
    owners_filter(&mut f, &users);
    f.add("deleted = 0", []);
    let min = date_param(p, "MINEXPIRATIONDATE")?.unwrap_or(ctx.now);
    let max = date_param(p, "MAXEXPIRATIONDATE")?.unwrap_or(ctx.now + 30 * DAY);
    f.add(
        "expiration BETWEEN ? AND ?",
        [Value::Integer(min), Value::Integer(max)],
    );
    let page = Page::from(p, 1000)?;
    let refs: Vec<&dyn rusqlite::ToSql> =
        f.args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
    let all = ctx
        .store
        .domains_where(&format!("{} ORDER BY expiration, name", f.sql()), &refs)?;
    let rows: Vec<&Domain> = all.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), all.len());
    for d in rows {
        let (annual, currency) = ctx
            .catalog
            .prices_for(&d.name)
            .map(|(_, p)| (cents(p.annual), p.currency))
            .unwrap_or((0, String::new()));
        r.push("DOMAIN", d.name.clone());
        r.push("EXPIRATIONDATE", format(d.expiration));
        r.push("PAIDUNTILDATE", format(d.paiduntil));
        r.push("RENEWALMODE", d.renewalmode.clone());
        r.push("RENEWALPRICE", money(annual));
        r.push("CURRENCY", currency);
    }
    Ok(r)
}
