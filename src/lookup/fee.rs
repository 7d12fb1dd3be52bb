//! Premium prices on CNR: the fee extension (issue #18 item 7, row 5). ISPAPI names a premium
//! name's class and price when CheckDomains is sent `PREMIUMCHANNELS=*`; CNR has no such
//! parameter and answers one X-FEE block per name instead, and an order of a premium name
//! carries the amount it agrees to pay. Sources: CNR's knowledge base, api-command/CheckDomains
//! (X-FEE-COMMAND/-DOMAIN/-PERIOD[0-31] → X-FEE-CLASS/-AMOUNT/-CURRENCY[n]), AddDomain
//! (`x-fee-amount`), TransferDomain (`X-FEE-AMOUNT0`), RenewDomain (`X-FEE-AMOUNT`), and
//! domains/premium-domains/x-fee-parameters (at most 30 blocks per call; period defaults to 1).
//! The provider's CNR module does not handle premium names ("TODO need to implement PREMIUM
//! DOMAINS" in keysystems_CheckAvailability), so nothing here can follow it.

use super::classify::{classify, Availability, CheckRow, Status};
use crate::pricing::money::{self, Cents};
use crate::registrar::{Flow, Interrupt};
use crate::wire::{Api, Command, Response};
use serde_json::{json, Value};

/// How one API's orders carry a premium name's agreed amount.
pub(crate) struct FeeApi {
    /// Names per CheckDomains when fees are asked (one block each, at most 30 per call).
    pub batch: usize,
    pub add_amount: &'static str,
    pub transfer_amount: &'static str,
    pub renew_amount: &'static str,
    /// RestoreDomain's: the KB's page lists DOMAIN only; its EPP Domain:Restore carries the fee
    /// of a premium restore, and x-fee-parameters lists RESTORE. The name is unverified,
    /// taken from AddDomain and RenewDomain (`X-FEE-AMOUNT`).
    pub restore_amount: &'static str,
}

const CNR: FeeApi = FeeApi {
    batch: 30,
    add_amount: "X-FEE-AMOUNT",
    transfer_amount: "X-FEE-AMOUNT0",
    renew_amount: "X-FEE-AMOUNT",
    restore_amount: "X-FEE-AMOUNT",
};

/// `None`: the API prices premium names by class (ISPAPI, PREMIUMCHANNELS and CLASS).
pub(crate) fn fee_api(api: Api) -> Option<&'static FeeApi> {
    match api {
        Api::Ispapi => None,
        Api::Cnr => Some(&CNR),
    }
}

/// The X-FEE-COMMAND values this core asks for (the KB's ADD, TRANSFER, RENEW, RESTORE).
#[derive(Debug, Clone, Copy)]
pub(crate) enum FeeFor {
    Add,
    Transfer,
    Renew,
    Restore,
}

impl FeeFor {
    fn value(self) -> &'static str {
        match self {
            FeeFor::Add => "ADD",
            FeeFor::Transfer => "TRANSFER",
            FeeFor::Renew => "RENEW",
            FeeFor::Restore => "RESTORE",
        }
    }
}

/// A CheckDomains of `names` asking one fee block per name (X-FEE-DOMAIN# is the name itself).
pub(crate) fn fee_check(names: &[String], what: FeeFor, years: Option<u32>) -> Command {
    let mut c = Command::new();
    c.insert("COMMAND".into(), json!("CheckDomains"));
    c.insert("DOMAIN".into(), json!(names));
    c.insert("X-FEE-DOMAIN".into(), json!(names));
    c.insert(
        "X-FEE-COMMAND".into(),
        json!(vec![what.value(); names.len()]),
    );
    if let Some(y) = years {
        c.insert("X-FEE-PERIOD".into(), json!(vec![y; names.len()]));
    }
    c
}

/// One name's fee block in a CheckDomains reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Fee {
    pub class: String,
    pub amount: Option<Cents>,
    pub currency: String,
}

impl Fee {
    /// CNR's premium-domains pages: a class that is not `standard` (or empty) is a premium
    /// price.
    pub fn premium(&self) -> bool {
        let c = self.class.trim();
        !c.is_empty() && !c.eq_ignore_ascii_case("standard")
    }

    /// The amount and its currency, when the reply gave both.
    pub fn price(&self) -> Option<(Cents, String)> {
        let currency = self.currency.trim().to_ascii_uppercase();
        match self.amount {
            Some(a) if a > 0 && !currency.is_empty() => Some((a, currency)),
            _ => None,
        }
    }
}

fn cell<'r>(r: &'r Response, name: &str, i: usize) -> &'r str {
    r.properties
        .get(name)
        .and_then(Value::as_array)
        .and_then(|a| a.get(i))
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub(crate) fn fee_row(r: &Response, i: usize) -> Fee {
    Fee {
        class: cell(r, "X-FEE-CLASS", i).trim().to_owned(),
        amount: money::parse(cell(r, "X-FEE-AMOUNT", i)),
        currency: cell(r, "X-FEE-CURRENCY", i).trim().to_owned(),
    }
}

/// One row of a CheckDomains asked with ADD fees: the availability from DOMAINCHECK, a premium
/// price from the fee block. Which DOMAINCHECK CNR gives an available premium name (210, or
/// 211 naming it premium) is not in its pages; both are read as available at the fee.
pub(crate) fn classify_fee(r: &Response, i: usize) -> Availability {
    let base = classify(&CheckRow {
        domaincheck: cell(r, "DOMAINCHECK", i).to_owned(),
        reason: cell(r, "REASON", i).to_owned(),
        ..CheckRow::default()
    });
    let fee = fee_row(r, i);
    if !fee.premium() {
        return base;
    }
    match base {
        Availability::Plain {
            status: Status::Available,
        }
        | Availability::PremiumUnpriced => match fee.price() {
            Some((price, currency)) => Availability::Premium {
                class: fee.class,
                channel: String::new(),
                price,
                currency,
            },
            None => Availability::PremiumUnpriced,
        },
        other => other,
    }
}

/// The fee of one name for one action, `(fee, available)`: `None` when the check failed.
pub(crate) fn one_fee(
    flow: &mut Flow,
    name: &str,
    what: FeeFor,
    years: Option<u32>,
) -> Result<Option<(Fee, bool)>, Interrupt> {
    let r = flow.send(fee_check(&[name.to_owned()], what, years))?;
    if !r.success {
        return Ok(None);
    }
    let available = cell(r, "DOMAINCHECK", 0).trim().starts_with("210")
        || matches!(classify_fee(r, 0), Availability::Premium { .. });
    Ok(Some((fee_row(r, 0), available)))
}
