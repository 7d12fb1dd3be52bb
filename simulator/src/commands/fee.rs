//! CNR's fee extension (premium names) and QueryZoneList (prices per zone).
//!
//! Sources, CNR's knowledge base: api-command/CheckDomains (X-FEE-COMMAND/-DOMAIN/-PERIOD/
//! -PERIODTYPE/-CURRENCY/-LAUNCHPHASE[0-31] asked, X-FEE-AMOUNT/-APPLICATION/-CURRENCY/-CLASS/
//! -COMMAND/-DOMAIN/-LAUNCHPHASE/-PERIOD/-PERIODTYPE[n] answered), domains/premium-domains/
//! x-fee-parameters (at most 30 blocks per call; the currency is the account's, another one is an
//! error; period defaults to 1 and periodtype to YEAR; a value not available is an error; a
//! X-FEE-DOMAIN not in the check is an error; the commands ADD/CREATE/ADDDOMAIN,
//! TRANSFER/TRANSFERDOMAIN, TRADE/TRADEDOMAIN, RENEW/RENEWDOMAIN, RESTORE/RESTOREDOMAIN),
//! domains/premium-domains (without the fee extension a premium name is "not available"),
//! epp-server-examples (a class other than standard is a premium price), api-command/AddDomain
//! (x-fee-amount), TransferDomain (X-FEE-AMOUNT0), RenewDomain (X-FEE-AMOUNT) and QueryZoneList.
//! Unverified, as no page says: the error codes (541 here), the DOMAINCHECK of an available
//! premium name asked with a fee block (210 here), the class's spelling (`premium`), and that
//! the account has premium handling switched on (the KB's account setting).

use super::{Ctx, Outcome};
use crate::catalog::{cents, money, Cents, Prices};
use crate::protocol::{Flavour, Params};
use crate::reply::Reply;

/// The most fee blocks one call may carry.
const MAX_BLOCKS: usize = 30;

/// The X-FEE-COMMAND's price kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeKind {
    Add,
    Transfer,
    Trade,
    Renew,
    Restore,
}

impl FeeKind {
    fn parse(text: &str) -> Option<FeeKind> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "ADD" | "CREATE" | "ADDDOMAIN" => FeeKind::Add,
            "TRANSFER" | "TRANSFERDOMAIN" => FeeKind::Transfer,
            "TRADE" | "TRADEDOMAIN" => FeeKind::Trade,
            "RENEW" | "RENEWDOMAIN" => FeeKind::Renew,
            "RESTORE" | "RESTOREDOMAIN" => FeeKind::Restore,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            FeeKind::Add => "ADD",
            FeeKind::Transfer => "TRANSFER",
            FeeKind::Trade => "TRADE",
            FeeKind::Renew => "RENEW",
            FeeKind::Restore => "RESTORE",
        }
    }
}

fn amount_of(prices: &Prices, kind: FeeKind, years: u32) -> f64 {
    let y = years as f64;
    match kind {
        FeeKind::Add => prices.setup + prices.annual * y,
        FeeKind::Renew => prices.annual * y,
        FeeKind::Transfer => prices.transfer.unwrap_or(prices.annual),
        FeeKind::Trade => prices.trade.unwrap_or(0.0),
        FeeKind::Restore => prices.restore.unwrap_or(prices.annual),
    }
}

/// The fee of `name` for `kind` over `years`, in the account's currency: `(amount, premium)`.
/// `None` when the name's TLD is not offered.
pub fn fee(
    ctx: &Ctx,
    name: &str,
    kind: FeeKind,
    years: u32,
) -> Result<Option<(Cents, bool)>, Reply> {
    let premium = ctx.catalog.premium(name).is_some();
    let Some((_, prices)) = ctx.catalog.prices_for(name) else {
        return Ok(None);
    };
    let amount = cents(amount_of(&prices, kind, years));
    let due = ctx
        .catalog
        .convert(amount, &prices.currency, &ctx.user.currency)
        .ok_or_else(|| {
            Reply::detail(
                549,
                format!(
                    "no exchange rate from {} to {}",
                    prices.currency, ctx.user.currency
                ),
            )
        })?;
    Ok(Some((due, premium)))
}

/// One answered fee block.
pub struct Block {
    pub amount: Cents,
    pub premium: bool,
    pub kind: FeeKind,
    pub years: u32,
}

/// The fee blocks of a CNR CheckDomains, by the name's index: `names[i]` with X-FEE-COMMAND{i}.
pub fn check_blocks(ctx: &Ctx, p: &Params, names: &[String]) -> Result<Vec<Option<Block>>, Reply> {
    let blocks = (0..names.len())
        .filter(|i| p.get(&format!("X-FEE-COMMAND{i}")).is_some())
        .count();
    if blocks > MAX_BLOCKS {
        return Err(Reply::detail(
            541,
            format!("at most {MAX_BLOCKS} X-FEE blocks per call"),
        ));
    }
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let Some(command) = p.get(&format!("X-FEE-COMMAND{i}")) else {
            out.push(None);
            continue;
        };
        let kind = FeeKind::parse(command).ok_or_else(|| {
            Reply::detail(
                505,
                format!("X-FEE-COMMAND{i}={command} is not a fee command"),
            )
        })?;
        if let Some(d) = p.get(&format!("X-FEE-DOMAIN{i}")) {
            if !d.trim().eq_ignore_ascii_case(name.trim()) {
                return Err(Reply::detail(
                    541,
                    format!("X-FEE-DOMAIN{i} is not a domain of this check"),
                ));
            }
        }
        if let Some(c) = p.get(&format!("X-FEE-CURRENCY{i}")) {
            if !c.trim().eq_ignore_ascii_case(&ctx.user.currency) {
                return Err(Reply::detail(
                    541,
                    format!(
                        "X-FEE-CURRENCY{i} must be the account currency {}",
                        ctx.user.currency
                    ),
                ));
            }
        }
        if p.get(&format!("X-FEE-PERIODTYPE{i}"))
            .is_some_and(|t| !t.trim().eq_ignore_ascii_case("YEAR"))
        {
            return Err(Reply::detail(
                541,
                format!("X-FEE-PERIODTYPE{i} is not available"),
            ));
        }
        if p.get(&format!("X-FEE-LAUNCHPHASE{i}")).is_some() {
            return Err(Reply::detail(541, "no launch phase is active"));
        }
        let ace = super::ace("DOMAIN", name).unwrap_or_else(|_| name.to_ascii_lowercase());
        let years = match p.get(&format!("X-FEE-PERIOD{i}")) {
            None => 1,
            Some(text) => {
                let y: u32 = text.trim().parse().map_err(|_| {
                    Reply::detail(505, format!("X-FEE-PERIOD{i} must be a number of years"))
                })?;
                let allowed = ctx.catalog.tld_of(&ace).map(|(_, t)| match kind {
                    FeeKind::Add => t.register_periods.clone(),
                    FeeKind::Renew => t.renew_periods.clone(),
                    _ => vec![y],
                });
                if allowed.is_some_and(|a| !a.contains(&y)) {
                    return Err(Reply::detail(
                        541,
                        format!("X-FEE-PERIOD{i}={y} is not available for this TLD"),
                    ));
                }
                y
            }
        };
        out.push(fee(ctx, &ace, kind, years)?.map(|(amount, premium)| Block {
            amount,
            premium,
            kind,
            years,
        }));
    }
    Ok(out)
}

/// Adds one answered block's columns (empty ones for a name without a block or price).
pub fn push_block(r: &mut Reply, ctx: &Ctx, name: &str, block: Option<&Block>) {
    let (amount, class, command, period, currency) = match block {
        Some(b) => (
            money(b.amount),
            if b.premium { "premium" } else { "standard" },
            b.kind.name(),
            b.years.to_string(),
            ctx.user.currency.clone(),
        ),
        None => Default::default(),
    };
    let asked = block.is_some();
    r.push("X-FEE-AMOUNT", amount);
    r.push("X-FEE-APPLICATION", if asked { "0.00" } else { "" });
    r.push("X-FEE-CURRENCY", currency);
    r.push("X-FEE-CLASS", class);
    r.push("X-FEE-COMMAND", command);
    r.push("X-FEE-DOMAIN", if asked { name } else { "" });
    r.push("X-FEE-LAUNCHPHASE", "");
    r.push("X-FEE-PERIOD", period);
    r.push("X-FEE-PERIODTYPE", if asked { "YEAR" } else { "" });
}

/// CNR: an order of a premium name must carry the fee it agrees to (`params`: the amount's
/// parameter names the command's page lists); a missing amount is a 504, another one a 541.
pub fn require_premium_fee(
    ctx: &Ctx,
    p: &Params,
    name: &str,
    params: &[&str],
    kind: FeeKind,
    years: u32,
) -> Result<(), Reply> {
    if ctx.flavour != Flavour::Cnr || ctx.catalog.premium(name).is_none() {
        return Ok(());
    }
    let Some((due, _)) = fee(ctx, name, kind, years)? else {
        return Ok(());
    };
    let Some(sent) = params.iter().find_map(|k| p.get(k)) else {
        return Err(Reply::detail(
            504,
            format!(
                "parameter {} is missing (premium domain, fee {} {})",
                params[0],
                money(due),
                ctx.user.currency
            ),
        ));
    };
    match sent.trim().parse::<f64>().ok().map(cents) {
        Some(c) if c == due => Ok(()),
        _ => Err(Reply::detail(
            541,
            format!(
                "{} {sent} is not the premium fee {} {}",
                params[0],
                money(due),
                ctx.user.currency
            ),
        )),
    }
}

/// QueryZoneList (CNR only; ISPAPI's documentation has no such command): one row per zone of
/// the catalog with the account's prices; ZONE narrows to one zone (a PATTERN: `*` matches any
/// run of characters).
pub fn query_zone_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    if ctx.flavour != Flavour::Cnr {
        return Err(Reply::code(500));
    }
    let pattern = p.get("ZONE").map(|z| z.trim().to_ascii_lowercase());
    let matches = |zone: &str| match &pattern {
        None => true,
        Some(pat) => wildcard(pat, zone),
    };
    let held = ctx
        .store
        .domains_where("WHERE owner = ?1", &[&ctx.user.login])?;
    let mut r = Reply::ok();
    for (label, tld) in &ctx.catalog.tlds {
        if !matches(label) {
            continue;
        }
        let prices = &tld.prices;
        let count = held
            .iter()
            .filter(|d| ctx.catalog.tld_of(&d.name).is_some_and(|(l, _)| l == label))
            .count();
        r.push("3RDS", label.clone());
        r.push("ZONE", label.clone());
        r.push("PERIODTYPE", "YEAR");
        r.push("SETUP", money(cents(prices.setup)));
        r.push("ANNUAL", money(cents(prices.annual)));
        r.push(
            "TRANSFER",
            money(cents(prices.transfer.unwrap_or(prices.annual))),
        );
        r.push(
            "RESTORE",
            prices.restore.map(|x| money(cents(x))).unwrap_or_default(),
        );
        r.push(
            "TRADE",
            prices.trade.map(|x| money(cents(x))).unwrap_or_default(),
        );
        r.push("APPLICATION", "");
        r.push("CURRENCY", prices.currency.clone());
        r.push("DOMAIN_COUNT", count.to_string());
        r.push("ACTIVE", "1");
    }
    Ok(r)
}

fn wildcard(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len())
                .filter(|&i| tail.is_char_boundary(i))
                .any(|i| wildcard(rest, &tail[i..]))
        }
    }
}

/// The CNR premium columns of one CheckDomains row replace ISPAPI's CLASS/PRICE/CURRENCY/
/// PREMIUMCHANNEL: a premium name without a fee block is simply not available.
pub fn cnr_row(check: &str, premium: bool, block: Option<&Block>) -> String {
    match (premium, block) {
        (true, Some(_)) => "210 Available".into(),
        (true, None) => "211 Domain name not available".into(),
        _ => check.to_owned(),
    }
}
