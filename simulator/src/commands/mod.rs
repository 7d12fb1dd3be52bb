//! The API commands, one module per family. Each handler reads its parameters, checks and
//! changes the store, and returns the reply; an `Err(reply)` is an API error reply.

pub mod account;
pub mod application;
pub mod contact;
pub mod dns;
pub mod domain;
pub mod domain_list;
pub mod fee;
pub mod forwarding;
pub mod info;
pub mod nameserver;
pub mod transfer;
pub mod verification;

use crate::catalog::{money, Catalog, Cents};
use crate::model::{Account, AccountingRow, Domain};
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use crate::store::Store;
use std::cell::RefCell;
use std::collections::HashMap;

pub type Outcome = Result<Reply, Reply>;

/// Settings the control API can change while the server runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// StatusDomainTransfer/QueryTransferList polls before a requested transfer completes.
    pub transfer_polls: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { transfer_polls: 3 }
    }
}

/// Everything a command may use.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub catalog: &'a Catalog,
    pub now: i64,
    /// The acting user: the account, or the subuser it selected.
    pub user: Account,
    pub flavour: Flavour,
    pub settings: &'a Settings,
}

type Handler = fn(&mut Ctx, &Params) -> Outcome;

/// Command names as the API spells them, with their handlers.
pub const COMMANDS: &[(&str, Handler)] = &[
    ("CheckDomains", domain::check_domains),
    ("AddDomain", domain::add_domain),
    ("AddDomainApplication", domain::add_domain_application),
    (
        "StatusDomainApplication",
        application::status_domain_application,
    ),
    ("ModifyDomain", domain::modify_domain),
    ("StatusDomain", domain::status_domain),
    ("RenewDomain", domain::renew_domain),
    ("PayDomainRenewal", domain::pay_domain_renewal),
    ("RestoreDomain", domain::restore_domain),
    ("SetDomainRenewalmode", domain::set_renewal_mode),
    ("DeleteDomain", domain::delete_domain),
    ("PushDomain", domain::push_domain),
    ("TradeDomain", domain::trade_domain),
    ("QueryDomainList", domain_list::query_domain_list),
    (
        "QueryDomainPendingDeleteList",
        domain_list::query_pending_delete_list,
    ),
    ("QueryDomainRenewalList", domain_list::query_renewal_list),
    (
        "QueryRegisteredPremiumDomainList",
        domain_list::query_registered_premium_list,
    ),
    ("TransferDomain", transfer::transfer_domain),
    ("StatusDomainTransfer", transfer::status_domain_transfer),
    ("QueryTransferList", transfer::query_transfer_list),
    (
        "QueryForeignTransferList",
        transfer::query_foreign_transfer_list,
    ),
    ("CheckDomainTransfer", transfer::check_domain_transfer),
    (
        "ResendDomainTransferConfirmationEmails",
        transfer::resend_confirmation,
    ),
    ("ResendNotification", transfer::resend_notification),
    (
        "QueryDomainPendingRegistrantVerificationList",
        verification::query_pending_list,
    ),
    (
        "ResendDomainRegistrantVerificationEmail",
        verification::resend_email,
    ),
    ("QueryObjectLogList", transfer::query_object_log_list),
    ("StatusObjectLog", transfer::status_object_log),
    ("QueryObjectList", transfer::query_object_list),
    ("DENIC_CreateAuthInfo1", domain::denic_create_auth_info),
    ("RequestDomainAuthInfo", domain::request_auth_info),
    ("SetAuthCode", domain::set_auth_code),
    ("AddContact", contact::add_contact),
    ("ModifyContact", contact::modify_contact),
    ("StatusContact", contact::status_contact),
    ("QueryContactList", contact::query_contact_list),
    ("AddNameserver", nameserver::add_nameserver),
    ("ModifyNameserver", nameserver::modify_nameserver),
    ("DeleteNameserver", nameserver::delete_nameserver),
    ("CheckNameserver", nameserver::check_nameservers),
    ("CheckNameservers", nameserver::check_nameservers),
    ("StatusNameserver", nameserver::status_nameserver),
    ("QueryNameserverList", nameserver::query_nameserver_list),
    ("QueryDNSZoneRRList", dns::query_rr_list),
    ("UpdateDNSZone", dns::update_zone),
    ("CheckDNSZone", dns::check_zone),
    ("AddDNSZone", dns::add_zone),
    ("ModifyDNSZone", dns::modify_zone),
    ("AddWebFwd", forwarding::add_web),
    ("DeleteWebFwd", forwarding::delete_web),
    ("QueryWebFwdList", forwarding::query_web),
    ("AddMailFwd", forwarding::add_mail),
    ("DeleteMailFwd", forwarding::delete_mail),
    ("QueryMailFwdList", forwarding::query_mail),
    ("ConvertIDN", info::convert_idn),
    ("StatusAccount", account::status_account),
    ("StatusUser", account::status_user),
    (
        "QueryUserObjectStatistics",
        account::query_user_object_statistics,
    ),
    ("QueryExchangeRates", account::query_exchange_rates),
    ("QueryZoneList", fee::query_zone_list),
    ("QueryAccountingList", account::query_accounting_list),
    (
        "QueryUpcomingAccountingList",
        account::query_upcoming_accounting_list,
    ),
    ("QueryDomainOptions", info::query_domain_options),
    ("GetZoneInfo", info::get_zone_info),
    (
        "QueryDomainRepositoryInfo",
        info::query_domain_repository_info,
    ),
    ("QueryDomainSuggestionList", info::query_suggestion_list),
    ("GetNameSuggestion", info::get_name_suggestion),
    ("QueryPremiumDomainList", info::query_premium_list),
    ("CheckAuthentication", account::check_authentication),
];

/// The handler for a command name (the API ignores the name's case).
pub fn find(name: &str) -> Option<(&'static str, Handler)> {
    COMMANDS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(n, h)| (*n, *h))
}

/// Commands that take money from the account (the `insufficient_funds` fault applies to them).
pub fn charges(name: &str) -> bool {
    [
        "AddDomain",
        "RenewDomain",
        "PayDomainRenewal",
        "TransferDomain",
        "RestoreDomain",
        "TradeDomain",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

/// Runs a command inside one transaction; a failed command leaves no partial change.
pub fn run(ctx: &mut Ctx, handler: Handler, params: &Params) -> Reply {
    if let Err(e) = ctx.store.conn.execute_batch("BEGIN IMMEDIATE") {
        return e.into();
    }
    let reply = handler(ctx, params).unwrap_or_else(|e| e);
    let end = if reply.is_success() {
        "COMMIT"
    } else {
        "ROLLBACK"
    };
    match ctx.store.conn.execute_batch(end) {
        Ok(()) => reply,
        Err(e) => e.into(),
    }
}

/// `REGEXP` for SQL (SUBCLASSREGEX, DOMAINREGEX); patterns are compiled once per statement text.
pub fn register_sql_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<regex::Regex>>> = RefCell::new(HashMap::new());
    }
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let pattern: String = ctx.get(0)?;
            let text: String = ctx.get::<Option<String>>(1)?.unwrap_or_default();
            let matched = CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() > 256 {
                    c.clear();
                }
                let re = c.entry(pattern.clone()).or_insert_with(|| {
                    regex::RegexBuilder::new(&pattern)
                        .case_insensitive(true)
                        .size_limit(1 << 20)
                        .build()
                        .ok()
                });
                re.as_ref().map(|r| r.is_match(&text))
            });
            Ok(matched.unwrap_or(false))
        },
    )
}

/// Checks that a regular expression compiles, so a bad one is a 505, not an empty list.
pub fn check_regex(key: &str, pattern: &str) -> Result<(), Reply> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map(|_| ())
        .map_err(|_| Reply::detail(505, format!("{key} is not a valid regular expression")))
}

/// A domain name in ACE form, lower case, validated (505 names the parameter otherwise).
pub fn ace(key: &str, name: &str) -> Result<String, Reply> {
    let bad = || Reply::detail(505, format!("{key} is not a valid domain name"));
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() || name.len() > 253 * 4 {
        return Err(bad());
    }
    let ascii = idna::domain_to_ascii(name).map_err(|_| bad())?;
    let labels: Vec<&str> = ascii.split('.').collect();
    let ok = labels.len() >= 2
        && ascii.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if ok {
        Ok(ascii)
    } else {
        Err(bad())
    }
}

/// The Unicode form of an ACE name (DOMAINUMLAUT, IDN).
pub fn unicode(ace: &str) -> String {
    let (u, result) = idna::domain_to_unicode(ace);
    if result.is_ok() {
        u
    } else {
        ace.to_owned()
    }
}

/// Users whose objects the acting user sees.
pub fn scope(ctx: &Ctx) -> Result<Vec<String>, Reply> {
    Ok(ctx.store.descendants(&ctx.user.login)?)
}

/// A live domain of the acting user (or a user below it); 545 otherwise.
pub fn own_domain(ctx: &Ctx, key: &str, name: &str) -> Result<Domain, Reply> {
    let name = ace(key, name)?;
    match ctx.store.domain(&name)? {
        Some(d) if d.deleted.is_none() && !d.pushed && scope(ctx)?.contains(&d.owner) => Ok(d),
        _ => Err(Reply::detail(
            545,
            format!("domain {name} not found in this account"),
        )),
    }
}

/// Takes `amount` (in `currency`) from the acting user's account, converted to its currency,
/// and books an accounting row; 546 when balance plus credit does not cover it.
pub fn charge(
    ctx: &mut Ctx,
    amount: Cents,
    currency: &str,
    kind: &str,
    description: &str,
) -> Result<(), Reply> {
    if amount <= 0 {
        return Ok(());
    }
    let mut account = ctx
        .store
        .account(&ctx.user.login)?
        .ok_or_else(|| Reply::code(531))?;
    let due = ctx
        .catalog
        .convert(amount, currency, &account.currency)
        .ok_or_else(|| {
            Reply::detail(
                549,
                format!("no exchange rate from {currency} to {}", account.currency),
            )
        })?;
    if due > account.available() {
        return Err(Reply::detail(
            546,
            format!(
                "insufficient funds: {} {} needed, {} {} available",
                money(due),
                account.currency,
                money(account.available()),
                account.currency
            ),
        ));
    }
    account.balance -= due;
    ctx.store.put_account(&account)?;
    ctx.store.add_accounting(&AccountingRow {
        id: 0,
        login: account.login.clone(),
        date: ctx.now,
        kind: kind.into(),
        description: description.into(),
        amount: -due,
        currency: account.currency.clone(),
    })?;
    ctx.user = account;
    Ok(())
}

/// Gives money back (a cancelled transfer).
pub fn refund(
    ctx: &mut Ctx,
    login: &str,
    amount: Cents,
    currency: &str,
    description: &str,
) -> Result<(), Reply> {
    if amount <= 0 {
        return Ok(());
    }
    let Some(mut account) = ctx.store.account(login)? else {
        return Ok(());
    };
    let back = ctx
        .catalog
        .convert(amount, currency, &account.currency)
        .unwrap_or(amount);
    account.balance += back;
    ctx.store.put_account(&account)?;
    ctx.store.add_accounting(&AccountingRow {
        id: 0,
        login: login.into(),
        date: ctx.now,
        kind: "REFUND".into(),
        description: description.into(),
        amount: back,
        currency: account.currency.clone(),
    })?;
    if ctx.user.login == login {
        ctx.user = account;
    }
    Ok(())
}

/// A random auth code like the API's (`*OkHRSf/3-xs`).
pub fn new_auth(ctx: &Ctx, salt: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain(ctx.now.to_le_bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    crate::clock::Rng::new(h).string(
        b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-+/:",
        12,
    )
}

/// A list-paging window: FIRST/LIMIT with the API's properties.
pub struct Page {
    pub first: usize,
    pub limit: usize,
}

impl Page {
    pub fn from(params: &Params, default_limit: usize) -> Result<Page, Reply> {
        let first = params.number("FIRST", 0)? as usize;
        let limit = params.number("LIMIT", default_limit as u64)? as usize;
        Ok(Page {
            first,
            limit: limit.clamp(1, 100_000),
        })
    }

    /// Adds FIRST, LAST, COUNT, LIMIT and TOTAL.
    pub fn write(&self, reply: &mut Reply, count: usize, total: usize) {
        reply.push("FIRST", self.first.to_string());
        reply.push("LAST", (self.first + count).saturating_sub(1).to_string());
        reply.push("COUNT", count.to_string());
        reply.push("LIMIT", self.limit.to_string());
        reply.push("TOTAL", total.to_string());
    }
}

/// Converts an API pattern (`*` any run, `?` one character) to SQL LIKE with `\` escapes.
pub fn like_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 2);
    for c in pattern.chars() {
        match c {
            '*' => out.push('%'),
            '?' => out.push('_'),
            '%' | '_' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}
