//! The account: StatusAccount, StatusUser (price classes as relations), QueryExchangeRates,
//! QueryAccountingList, QueryUpcomingAccountingList, CheckAuthentication.

use super::{scope, Ctx, Outcome, Page};
use crate::catalog::{cents, money, Prices};
use crate::clock::{format, format_date, parse, DAY};
use crate::model::Account;
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use rusqlite::types::Value;

pub fn status_account(ctx: &mut Ctx, _p: &Params) -> Outcome {
    let a = &ctx.user;
    Ok(match ctx.flavour {
        Flavour::Ispapi => Reply::ok()
            .with("AMOUNT", money(a.balance))
            .with("CREDIT", money(a.credit))
            .with("CURRENCY", a.currency.clone())
            .with("DEPOSIT", money(a.deposit))
            .with("VAT", format!("{:.2}", a.vat)),
        // CentralNic Reseller API reference, StatusAccount.
        Flavour::Cnr => Reply::ok()
            .with("REGISTRAR", a.login.clone())
            .with("AMOUNT", money(a.balance))
            .with("CREDIT", money(a.credit))
            .with("CREDIT_THRESHOLD", "0.00")
            .with("CURRENCY", a.currency.clone()),
    })
}

fn relations(r: &mut Reply, class: &str, prices: &Prices) {
    let mut rel = |kind: &str, value: String| {
        r.push("RELATIONTYPE", format!("PRICE_CLASS_DOMAIN_{class}_{kind}"));
        r.push("RELATIONVALUE", value);
    };
    rel("ANNUAL", money(cents(prices.annual)));
    rel("CURRENCY", prices.currency.clone());
    if let Some(restore) = prices.restore {
        rel("RESTORE", money(cents(restore)));
    }
    rel("SETUP", money(cents(prices.setup)));
    if let Some(trade) = prices.trade {
        rel("TRADE", money(cents(trade)));
    }
    rel(
        "TRANSFER",
        money(cents(prices.transfer.unwrap_or(prices.annual))),
    );
}

/// StatusUser: the user's data and, unless RELATIONS=0, its price relations
/// (`PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL` …), which the pricing import reads.
pub fn status_user(ctx: &mut Ctx, p: &Params) -> Outcome {
    let a: Account = match p.get("SUBUSER") {
        None => ctx.user.clone(),
        Some(s) => {
            let s = s.trim();
            if s == ctx.user.login || !scope(ctx)?.iter().any(|u| u == s) {
                return Err(Reply::detail(545, "subuser not found"));
            }
            ctx.store.account(s)?.ok_or_else(|| Reply::code(545))?
        }
    };
    let rows = ctx
        .store
        .accounting(std::slice::from_ref(&a.login), 0, i64::MAX / 2)?;
    let payments: i64 = rows.iter().map(|r| r.amount).filter(|x| *x > 0).sum();
    let charges: i64 = rows.iter().map(|r| r.amount).filter(|x| *x < 0).sum();
    let mut r = Reply::ok()
        .with("ACCOUNTCREDIT", money(a.credit))
        .with("ACCOUNTCURRENCY", a.currency.clone())
        .with("ACCOUNTCURRENT", money(a.balance))
        .with("ACCOUNTDEPOSIT", money(a.deposit))
        .with("ACCOUNTPAYMENT", money(payments))
        .with("ACCOUNTTAXRATES", "")
        .with("ACCOUNTTEMPCREDIT", "0.00")
        .with("ACCOUNTVAT", format!("{:.2}", a.vat))
        .with("ACCOUNTVOLUME", money(-charges))
        .with("ACTIVE", "1")
        .with("CREATEDDATE", format(a.created))
        .with("OTPSTATUS", "INACTIVE")
        .with(
            "PARENTUSER",
            a.parent.clone().unwrap_or_else(|| "hexonet.sim".into()),
        )
        .with("UPDATEDDATE", format(a.created))
        .with("USER", a.login.clone())
        .with(
            "USERCLASS",
            if a.parent.is_some() {
                "CUSTOMER"
            } else {
                "RESELLER"
            },
        );
    if p.flag("STATS")?.unwrap_or(false) {
        let direct = ctx.store.children(&a.login)?.len();
        let total = ctx.store.descendants(&a.login)?.len() - 1;
        r.push("SUBUSERSDIRECT", direct.to_string());
        r.push("SUBUSERSTOTAL", total.to_string());
    }
    if p.flag("RELATIONS")?.unwrap_or(true) {
        for tld in ctx.catalog.tlds.values() {
            relations(&mut r, &tld.class, &tld.prices);
        }
        for (class, prices) in &ctx.catalog.premium_classes {
            relations(&mut r, class, prices);
        }
    }
    if p.get("PROPERTIES")
        .is_some_and(|v| v.to_ascii_uppercase().contains("TLDDATA"))
    {
        for (label, tld) in &ctx.catalog.tlds {
            r.push("TLDCLASS", tld.class.clone());
            r.push("TLDLABEL", label.clone());
        }
    }
    Ok(r)
}

pub fn query_exchange_rates(ctx: &mut Ctx, p: &Params) -> Outcome {
    let page = Page::from(p, 1000)?;
    let to = p.get("CURRENCYTO").map(|c| c.trim().to_ascii_uppercase());
    let rates: Vec<_> = ctx
        .catalog
        .exchange_rates
        .iter()
        .filter(|r| to.as_deref().is_none_or(|t| r.to.eq_ignore_ascii_case(t)))
        .collect();
    let rows: Vec<_> = rates.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), rates.len());
    // CNR names the reply's columns CURRENCY_FROM/CURRENCY_TO (its KB, api-command/
    // QueryExchangeRates; spec/cnr.json), ISPAPI CURRENCYFROM/CURRENCYTO.
    let (from, to) = match ctx.flavour {
        Flavour::Ispapi => ("CURRENCYFROM", "CURRENCYTO"),
        Flavour::Cnr => ("CURRENCY_FROM", "CURRENCY_TO"),
    };
    for rate in rows {
        r.push(from, rate.from.clone());
        r.push(to, rate.to.clone());
        r.push("DATE", format_date(ctx.now));
        r.push("RATE", format!("{}", rate.rate));
    }
    Ok(r)
}

/// MINDATE/MAXDATE: a date alone means the start or the end of that day (the documented rule).
fn window(p: &Params, default_min: i64, default_max: i64) -> Result<(i64, i64), Reply> {
    let bound = |key: &str, end: bool, default: i64| -> Result<i64, Reply> {
        match p.get(key) {
            None => Ok(default),
            Some(v) => {
                let t =
                    parse(v).ok_or_else(|| Reply::detail(505, format!("{key} is not a date")))?;
                Ok(if end && v.trim().len() <= 10 {
                    t + DAY - 1
                } else {
                    t
                })
            }
        }
    };
    Ok((
        bound("MINDATE", false, default_min)?,
        bound("MAXDATE", true, default_max)?,
    ))
}

fn list_users(ctx: &Ctx, p: &Params) -> Result<Vec<String>, Reply> {
    if let Some(sub) = p.get("SUBUSER") {
        let sub = sub.trim().to_owned();
        if !scope(ctx)?.contains(&sub) {
            return Err(Reply::detail(545, "subuser not found"));
        }
        return Ok(vec![sub]);
    }
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

pub fn query_accounting_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = list_users(ctx, p)?;
    let (min, max) = window(p, 0, i64::MAX / 2)?;
    let page = Page::from(p, 1000)?;
    let mut rows = ctx.store.accounting(&users, min, max)?;
    if let Some(t) = p.get("TYPE") {
        rows.retain(|r| r.kind.eq_ignore_ascii_case(t.trim()));
    }
    let vat = ctx.user.vat;
    let vat_of = |amount: i64| (amount as f64 * vat / 100.0).round() as i64;
    let opening: i64 = ctx
        .store
        .accounting(&users, 0, min - 1)?
        .iter()
        .map(|r| r.amount)
        .sum();
    let shown: Vec<_> = rows.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, shown.len(), rows.len());
    for a in &shown {
        r.push("ACCOUNTINGAMOUNT", "1");
        r.push("ACCOUNTINGCURRENCY", a.currency.to_ascii_lowercase());
        r.push("ACCOUNTINGDATE", format(a.date));
        r.push("ACCOUNTINGDESCRIPTION", a.description.clone());
        r.push("ACCOUNTINGID", a.id.to_string());
        r.push("ACCOUNTINGINVOICEID", "-");
        r.push("ACCOUNTINGPRICE", money(a.amount));
        r.push("ACCOUNTINGREFERENCE", "");
        r.push("ACCOUNTINGTYPE", a.kind.clone());
        r.push("ACCOUNTINGVAT", format!("{vat:.2}"));
        r.push("ACCOUNTINGVATPRICE", money(vat_of(a.amount)));
    }
    let sum: i64 = rows.iter().map(|a| a.amount).sum();
    let sum_vat: i64 = rows.iter().map(|a| vat_of(a.amount)).sum();
    r.push("OPENINGBALANCE", money(opening + vat_of(opening)));
    r.push("OPENINGBALANCEPRICE", money(opening));
    r.push("OPENINGBALANCEVATPRICE", money(vat_of(opening)));
    r.push("SUM", money(sum + sum_vat));
    r.push("SUMPRICE", money(sum));
    r.push("SUMVATPRICE", money(sum_vat));
    Ok(r)
}

/// QueryUpcomingAccountingList: renewals that will be charged in the window (default: the next
/// 30 days). Not in the HEXONET reference; columns assumed after QueryAccountingList's.
pub fn query_upcoming_accounting_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = list_users(ctx, p)?;
    let (min, max) = window(p, ctx.now, ctx.now + 30 * DAY)?;
    let page = Page::from(p, 1000)?;
    let marks = vec!["?"; users.len().max(1)].join(",");
    let mut args: Vec<Value> = users.iter().cloned().map(Value::Text).collect();
    if args.is_empty() {
        args.push(Value::Text(String::new()));
    }
    args.push(Value::Integer(min));
    args.push(Value::Integer(max));
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
    let domains = ctx.store.domains_where(
        &format!(
            "WHERE owner IN ({marks}) AND deleted = 0 AND renewalmode IN ('AUTORENEW','DEFAULT','RENEWONCE') \
             AND accounting BETWEEN ? AND ? ORDER BY accounting, name"
        ),
        &refs,
    )?;
    let shown: Vec<_> = domains.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, shown.len(), domains.len());
    for d in shown {
        let tld = ctx.catalog.tld_of(&d.name).map(|(_, t)| t);
        let (amount, currency) = ctx
            .catalog
            .prices_for(&d.name)
            .map(|(_, p)| (cents(p.annual), p.currency))
            .unwrap_or((0, ctx.user.currency.clone()));
        let due = ctx
            .catalog
            .convert(amount, &currency, &ctx.user.currency)
            .unwrap_or(amount);
        r.push("ACCOUNTINGDATE", format(d.dates(tld).accounting));
        r.push("ACCOUNTINGDESCRIPTION", d.name.clone());
        r.push("ACCOUNTINGTYPE", "RENEW_DOMAIN");
        r.push("ACCOUNTINGPRICE", money(-due));
        r.push("ACCOUNTINGCURRENCY", ctx.user.currency.clone());
    }
    Ok(r)
}

/// QueryUserObjectStatistics: how many objects of each product the user holds. The API retired
/// the command and it is not in the public reference; the shape (one property per object class,
/// per-TLD breakdowns with an underscore) is what the original account widget read.
pub fn query_user_object_statistics(ctx: &mut Ctx, _p: &Params) -> Outcome {
    let login = ctx.user.login.clone();
    let count = |sql: &str| -> Result<i64, Reply> {
        Ok(ctx.store.conn.query_row(sql, [&login], |r| r.get(0))?)
    };
    let domains = count("SELECT COUNT(*) FROM domains WHERE owner = ?1 AND deleted = 0")?;
    let zones = count("SELECT COUNT(*) FROM zones WHERE owner = ?1")?;
    let mut r = Reply::ok()
        .with("DNSZONE", zones.to_string())
        .with("DOMAIN", domains.to_string());
    let mut by_tld: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    let mut stmt = ctx
        .store
        .conn
        .prepare("SELECT name FROM domains WHERE owner = ?1 AND deleted = 0")?;
    let names = stmt.query_map([&login], |row| row.get::<_, String>(0))?;
    for name in names {
        let name = name?;
        if let Some((label, _)) = ctx.catalog.tld_of(&name) {
            *by_tld
                .entry(label.to_ascii_uppercase().replace('.', "_"))
                .or_default() += 1;
        }
    }
    for (tld, n) in by_tld {
        r.push(&format!("DOMAIN_{tld}"), n.to_string());
    }
    r.push("SSLCERT", "0");
    Ok(r)
}

/// CheckAuthentication: the login was already checked before any command runs.
pub fn check_authentication(_ctx: &mut Ctx, _p: &Params) -> Outcome {
    Ok(Reply::ok())
}
