//! `CheckoutTransfers`: the transfer pre-check at the cart's checkout (seed 004, "Transfer
//! Checkout Pre-Checks": a wrong auth code or a locked domain is refused before the order is
//! placed). hooks.php runs it from WHMCS's ShoppingCartValidateCheckout hook, which "executes
//! during checkout completion, which occurs before order and invoice creation" and shows the
//! strings it returns as errors (developer-docs hooks-reference/shopping-cart.md).
//!
//! The host passes the cart's domains as WHMCS keeps them in the session (`cart`: entries with
//! `type`, `domain`, `eppcode`, the keys the original module's hooks.php read) and `tlds`, the
//! extensions whose auto-registration registrar is this module (tbldomainpricing.autoreg).
//! The result is `{"errors": [...]}`, one customer-facing sentence per problem.

use super::domain::{command, decode_html, first};
use super::flow::{api_error, Flow, Interrupt};
use super::texts::Lang;
use crate::error::{shown, QUOTED_CHARS, TEXT_CHARS};
use serde_json::{json, Value};

/// The most transfers one checkout checks: a flow sends at most 40 commands; the rest are
/// checked by TransferDomain when the order is accepted.
const MAX_CHECKED: usize = 30;

pub fn check_transfers(flow: &mut Flow) -> Result<Value, Interrupt> {
    let mut errors: Vec<String> = Vec::new();
    if !flow.settings.transfer_check {
        return Ok(json!({ "errors": errors }));
    }
    let ours: Vec<String> = match flow.params.get("tlds") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(suffix_key)
            .filter(|t| !t.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let cart: Vec<(String, String)> = match flow.params.get("cart") {
        Some(Value::Array(items)) => items
            .iter()
            .filter(|i| i.get("type").and_then(Value::as_str) == Some("transfer"))
            .filter_map(|i| {
                let domain = i.get("domain").and_then(Value::as_str)?.trim().to_owned();
                let auth = i.get("eppcode").and_then(Value::as_str).unwrap_or("");
                Some((domain, decode_html(auth.trim())))
            })
            .collect(),
        _ => Vec::new(),
    };
    for (domain, auth) in cart.into_iter().take(MAX_CHECKED) {
        let Ok(ace) = crate::idn::to_ascii(&domain) else {
            continue;
        };
        // Only this registrar's TLDs: another registrar's module checks its own.
        if !ours.iter().any(|t| ace.ends_with(&format!(".{t}"))) {
            continue;
        }
        // Only where the API can check (CNR: a few gTLDs, see the dialect); TransferDomain
        // finds the rest's problems.
        if !super::dialect::dialect(flow.settings.api()).checks_transfer_of(&ace) {
            continue;
        }
        errors.extend(check_one(flow, &ace, &domain, &auth)?);
    }
    Ok(json!({ "errors": errors }))
}

/// The extension as the cart's names end: ASCII, lower case, without the leading dot.
fn suffix_key(extension: &str) -> String {
    let t = extension.trim().trim_start_matches('.');
    crate::idn::to_ascii(t)
        .unwrap_or_else(|_| t.to_owned())
        .to_ascii_lowercase()
}

/// The reasons a transfer of `ace` cannot be requested, from CheckDomainTransfer
/// (hexonet-api-documentation API/DOMAIN/TRANSFER/CHECKDOMAINTRANSFER.md: 218 the request is
/// available, 219 it is not, with the reason in the description; AUTHISVALID, AUTHREQUIRED,
/// TRANSFERLOCK).
fn check_one(
    flow: &mut Flow,
    ace: &str,
    typed: &str,
    auth: &str,
) -> Result<Vec<String>, Interrupt> {
    let mut check = command(json!({ "COMMAND": "CheckDomainTransfer", "DOMAIN": ace }));
    if !auth.is_empty() {
        check.insert("AUTH".into(), json!(auth));
    }
    let lang = Lang::from_params(flow.params);
    let r = flow.send(check)?;
    let name = shown(typed, QUOTED_CHARS);
    if r.code != 218 && r.code != 219 {
        // The check itself failed (API unreachable, login, a TLD without the command): not the
        // customer's fault, so the order goes through and TransferDomain checks again.
        flow.activity(format!(
            "ispapi: the checkout could not pre-check the transfer of {name}: {}",
            api_error("CheckDomainTransfer", r)
        ));
        return Ok(Vec::new());
    }
    let mut reasons = Vec::new();
    let flag = |column: &str| first(r, column).map(|v| v.trim().to_ascii_uppercase());
    // The reference documents 1/0; the API's own example and the original module show words.
    let required = matches!(flag("AUTHREQUIRED").as_deref(), Some("1" | "YES"));
    if auth.is_empty() && required {
        reasons.push(lang.fill("checkout_auth_missing", &[("domain", &name)]));
    } else if !auth.is_empty() && matches!(flag("AUTHISVALID").as_deref(), Some("0" | "NO")) {
        reasons.push(lang.fill("checkout_auth_wrong", &[("domain", &name)]));
    }
    if flag("TRANSFERLOCK").as_deref() == Some("1") {
        reasons.push(lang.fill("checkout_locked", &[("domain", &name)]));
    }
    if r.code == 219 && reasons.is_empty() {
        let reason = shown(&r.description, TEXT_CHARS);
        reasons.push(lang.fill(
            "checkout_not_transferable",
            &[("domain", &name), ("reason", &reason)],
        ));
    }
    Ok(reasons)
}
