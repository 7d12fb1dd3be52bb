//! The domain-monitoring addon's check after a failed renewal or transfer: did the domain become
//! premium, or did its premium price change? If so, WHMCS invoiced the customer the wrong
//! amount, and the admin gets a to-do item with the old and new price and what to do about it.

use super::account::{cents, decimal};
use super::flows::{
    args, command, first, is_premium_class, price_list_command, price_rows, Outcome,
};
use super::rules::key;
use crate::registrar::{api_error, DbChange, Flow, Interrupt};
use crate::wire::{Api, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The addon's own table of cases.
pub const CASES_TABLE: &str = "mod_cnicdomainmonitoring";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Renewal,
    Transfer,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckArgs {
    domain: String,
    domain_id: i64,
    #[serde(default)]
    user_id: i64,
    kind: Kind,
    /// The registrar module's error message WHMCS reported.
    #[serde(default)]
    error: String,
    /// The host's date (`Y-m-d`) for the to-do item.
    today: String,
    whmcs: WhmcsPrice,
    /// Whether to add a WHMCS to-do item (the addon's setting).
    #[serde(default = "yes")]
    todo: bool,
}

fn yes() -> bool {
    true
}

/// What WHMCS charges for the domain now.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WhmcsPrice {
    #[serde(default)]
    premium: bool,
    /// For a premium domain: `registrarRenewalCostPrice` (renewal) or `registrarCostPrice`
    /// (transfer) and the code of `registrarCurrency`; otherwise the domain's recurring or
    /// first payment amount and the client's currency.
    #[serde(default)]
    price: Option<String>,
    #[serde(default)]
    currency: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Reason {
    BecamePremium,
    PremiumPriceChanged,
}

/// What the admin must do, in order (the steps of the addon's documentation).
const STEPS: [&str; 4] = [
    "Open Domains > Domain Registrations > {domain} in the admin area.",
    "Set \"Recalculate on Save\" to \"Yes\" and click \"Save Changes\": WHMCS recalculates the domain's price with the premium cost.",
    "If the customer already paid the old price, cancel and refund the original invoice and order.",
    "Ask the customer to start the {action} again in the client area, so that it is invoiced at the new price.",
];

pub(super) fn check(flow: &mut Flow, raw: &Value) -> Outcome {
    let a: CheckArgs = args(raw)?;
    if !valid_date(&a.today) {
        return Err(Interrupt::Fail(
            "invalid arguments: today must be Y-m-d".into(),
        ));
    }
    let name = key(&a.domain).into_owned();
    let (class, new_price, new_currency) = match a.kind {
        // CNR's domain list has no price columns: its renewal price comes from the class too.
        Kind::Renewal if flow.settings.api() == Api::Cnr => class_price(flow, &name, "ANNUAL")?,
        Kind::Renewal => {
            let r = flow.expect(price_list_command(std::slice::from_ref(&name)))?;
            match price_rows(r).remove(&name) {
                Some(row) => (row.class, row.renewal, row.currency),
                None => {
                    return Ok(
                        json!({ "case": null, "why": "the domain is not in the registrar account" }),
                    )
                }
            }
        }
        Kind::Transfer => class_price(flow, &name, "TRANSFER")?,
    };
    // CNR's fee class is `premium` (any class but `standard`, `lookup/fee.rs`); `fee_price`
    // leaves it empty for a standard name.
    let premium = if crate::lookup::fee_api(flow.settings.api()).is_some() {
        !class.is_empty()
    } else {
        is_premium_class(&class)
    };
    if !premium {
        return Ok(json!({ "case": null, "why": "the domain is not premium at the registrar" }));
    }
    let Some(new_price) = new_price else {
        return Ok(
            json!({ "case": null, "why": format!("the registrar gave no price for premium class {}", crate::error::shown(&class, crate::error::QUOTED_CHARS)) }),
        );
    };
    let old_price = a.whmcs.price.as_deref().and_then(cents);
    let old_currency = a
        .whmcs
        .currency
        .clone()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reason = if !a.whmcs.premium {
        Reason::BecamePremium
    } else if old_price != Some(new_price) || !old_currency.eq_ignore_ascii_case(&new_currency) {
        Reason::PremiumPriceChanged
    } else {
        return Ok(json!({ "case": null, "why": "the premium price has not changed" }));
    };
    let old = old_price
        .map(|p| format!("{} {old_currency}", decimal(p)))
        .unwrap_or_else(|| "unknown".into());
    let new = format!("{} {new_currency}", decimal(new_price));
    let (action, noun) = match a.kind {
        Kind::Renewal => ("renewal", "Renewal"),
        Kind::Transfer => ("transfer", "Transfer"),
    };
    let title = format!("Premium domain {noun} failed: {}", a.domain);
    let what = match reason {
        Reason::BecamePremium => format!("{} became a premium domain at the registry", a.domain),
        Reason::PremiumPriceChanged => {
            format!("the premium {action} price of {} changed", a.domain)
        }
    };
    let steps: Vec<String> = STEPS
        .iter()
        .map(|s| s.replace("{domain}", &a.domain).replace("{action}", action))
        .collect();
    let mut description = format!(
        "The {action} of {} failed because {what}.\nOld price: {old}\nNew price: {new} (class {class})\nRegistrar error: {}\n\nTo invoice it correctly:\n",
        a.domain,
        one_line(&a.error)
    );
    for (i, s) in steps.iter().enumerate() {
        description.push_str(&format!("{}. {s}\n", i + 1));
    }
    if a.todo {
        flow.db(DbChange {
            table: "tbltodolist",
            filter: Map::from_iter([
                ("title".to_owned(), json!(title)),
                ("status".to_owned(), json!("New")),
            ]),
            set: Map::from_iter([
                ("date".to_owned(), json!(a.today)),
                ("description".to_owned(), json!(description)),
                ("admin".to_owned(), json!(0)),
                ("duedate".to_owned(), json!(a.today)),
            ]),
            upsert: true,
        });
    }
    let reason_value = serde_json::to_value(&reason).unwrap_or(Value::Null);
    flow.db(DbChange {
        table: CASES_TABLE,
        filter: Map::from_iter([
            ("domain_id".to_owned(), json!(a.domain_id)),
            ("kind".to_owned(), json!(a.kind)),
            ("status".to_owned(), json!("open")),
        ]),
        set: Map::from_iter([
            ("domain".to_owned(), json!(a.domain)),
            ("user_id".to_owned(), json!(a.user_id)),
            ("reason".to_owned(), reason_value.clone()),
            ("class".to_owned(), json!(class)),
            ("old_price".to_owned(), json!(old)),
            ("new_price".to_owned(), json!(new)),
            ("error".to_owned(), json!(one_line(&a.error))),
            (
                "todo_title".to_owned(),
                json!(if a.todo { title.as_str() } else { "" }),
            ),
            ("description".to_owned(), json!(description)),
            ("updated".to_owned(), json!(a.today)),
        ]),
        upsert: true,
    });
    flow.activity(format!(
        "CNIC Domain Monitoring: to-do created for the failed {action} of {}",
        a.domain
    ));
    Ok(json!({
        "case": {
            "domain": a.domain,
            "kind": a.kind,
            "reason": reason_value,
            "class": class,
            "old_price": old,
            "new_price": new,
            "title": title,
            "steps": steps,
        }
    }))
}

/// A registered domain's price by its class: CheckDomains names the premium class of a domain
/// that is taken (without a price, as it is not for sale); the account's price relations give
/// that class's `TRANSFER` or `ANNUAL` price and its currency, as the original module read them.
fn class_price(
    flow: &mut Flow,
    name: &str,
    price: &str,
) -> Result<(String, Option<i64>, String), Interrupt> {
    if crate::lookup::fee_api(flow.settings.api()).is_some() {
        return fee_price(flow, name, price);
    }
    let r = flow.expect(command(json!({
        "COMMAND": "CheckDomains", "DOMAIN": [name], "PREMIUMCHANNELS": "*"
    })))?;
    let class = first(r, "CLASS").unwrap_or("").to_owned();
    if !is_premium_class(&class) {
        return Ok((class, None, String::new()));
    }
    let user = flow.send(command(json!({ "COMMAND": "StatusUser" })))?;
    if !user.success {
        return Err(Interrupt::Fail(api_error("StatusUser", user)));
    }
    let prefix = format!("PRICE_CLASS_DOMAIN_{class}_");
    let price = relation(user, &format!("{prefix}{price}")).and_then(cents);
    let currency = relation(user, &format!("{prefix}CURRENCY"))
        .unwrap_or("")
        .to_ascii_uppercase();
    Ok((class, price, currency))
}

/// CNR has no price classes: the fee extension gives a registered name's class and its
/// TRANSFER or RENEW price (one CheckDomains with one X-FEE block; CNR's knowledge base,
/// api-command/CheckDomains). The class is empty for a standard name.
fn fee_price(
    flow: &mut Flow,
    name: &str,
    price: &str,
) -> Result<(String, Option<i64>, String), Interrupt> {
    use crate::lookup::{one_fee, FeeFor};
    let what = if price == "TRANSFER" {
        FeeFor::Transfer
    } else {
        FeeFor::Renew
    };
    let Some((fee, _)) = one_fee(flow, name, what, None)? else {
        return Err(Interrupt::Fail(format!(
            "CheckDomains could not give the fee of {name}"
        )));
    };
    if !fee.premium() {
        return Ok((String::new(), None, String::new()));
    }
    let (amount, currency) = match fee.price() {
        Some((a, c)) => (Some(a), c),
        None => (None, String::new()),
    };
    Ok((fee.class, amount, currency))
}

fn relation<'r>(r: &'r Response, name: &str) -> Option<&'r str> {
    let types = super::flows::column(r, "RELATIONTYPE");
    let values = super::flows::column(r, "RELATIONVALUE");
    types
        .iter()
        .position(|t| t.eq_ignore_ascii_case(name))
        .and_then(|i| values.get(i).copied())
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect()
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
