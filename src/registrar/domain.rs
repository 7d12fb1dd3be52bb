//! Registration, transfer, renewal and the day-to-day domain settings.

use super::contacts::{add_contact, Role};
use super::flow::{Flow, Interrupt};
use super::settings::{text, yes};
use super::Params;
use crate::wire::{Command, Response};
use serde_json::{json, Value};

type Outcome = Result<Value, Interrupt>;

/// A command from a JSON object literal.
pub(super) fn command(v: Value) -> Command {
    match v {
        Value::Object(map) => map,
        _ => Command::new(),
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, Interrupt> {
    Err(Interrupt::Fail(message.into()))
}

/// The domain WHMCS means: `sld` + `tld` (WHMCS passes the TLD without its dot).
pub(super) fn domain_name(p: &Params) -> Result<String, Interrupt> {
    let sld = text(p, "sld");
    let tld = text(p, "tld").trim_start_matches('.');
    let name = if !sld.is_empty() && !tld.is_empty() {
        format!("{sld}.{tld}")
    } else {
        text(p, "domainname").to_owned()
    };
    let name = name.to_lowercase();
    if name.is_empty() || !name.contains('.') {
        return fail("The domain name is missing.");
    }
    if name.len() > 253 || name.contains(|c: char| c.is_whitespace() || c.is_control() || c == '/')
    {
        return fail(format!("{name:?} is not a valid domain name."));
    }
    Ok(name)
}

/// The years WHMCS asks for (`regperiod`), within what any registry accepts.
fn period(p: &Params) -> Result<u32, Interrupt> {
    let years = match p.get("regperiod") {
        None | Some(Value::Null) => Some(1),
        Some(Value::Number(n)) => n.as_u64().map(|n| n as u32),
        Some(Value::String(s)) if s.trim().is_empty() => Some(1),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    match years {
        Some(y @ 1..=10) => Ok(y),
        _ => fail("The registration period must be between 1 and 10 years."),
    }
}

/// ns1..ns5 as WHMCS passes them, without the empty ones.
fn nameservers(p: &Params) -> Vec<String> {
    (1..=5)
        .map(|i| text(p, &format!("ns{i}")).to_lowercase())
        .filter(|ns| !ns.is_empty())
        .collect()
}

/// WHMCS HTML-encodes the auth code a customer typed (`&` arrives as `&amp;`); registries
/// want the characters themselves.
fn decode_html(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Creates (or, as the API does for identical data, reuses) the owner and admin contacts.
fn contact_handles(flow: &mut Flow) -> Result<(String, String), Interrupt> {
    let mut handles = Vec::with_capacity(2);
    for role in [Role::Owner, Role::Admin] {
        let add = add_contact(flow.params, role).map_err(Interrupt::Fail)?;
        let r = flow.expect(add)?;
        match first(r, "CONTACT") {
            Some(h) => handles.push(h.to_owned()),
            None => return fail("AddContact answered without a contact handle."),
        }
    }
    let admin = handles.pop().unwrap_or_default();
    let owner = handles.pop().unwrap_or_default();
    Ok((owner, admin))
}

pub(super) fn first<'r>(r: &'r Response, column: &str) -> Option<&'r str> {
    r.properties
        .get(column)?
        .get(0)?
        .as_str()
        .filter(|s| !s.is_empty())
}

pub(super) fn column<'r>(r: &'r Response, column: &str) -> Vec<&'r str> {
    r.properties
        .get(column)
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

pub fn register(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let years = period(flow.params)?;
    let ns = nameservers(flow.params);
    let (owner, admin) = contact_handles(flow)?;
    let mut add = command(json!({
        "COMMAND": "AddDomain",
        "DOMAIN": domain,
        "PERIOD": years,
        "OWNERCONTACT0": owner,
        "ADMINCONTACT0": admin,
        "TECHCONTACT0": admin,
        "BILLINGCONTACT0": admin,
        "NAMESERVER": ns,
    }));
    if flow.settings.default_lock {
        add.insert("TRANSFERLOCK".into(), json!(1));
    }
    if yes(flow.params, "idprotection", false) {
        add.insert("X-ACCEPT-WHOISTRUSTEE-TAC".into(), json!(1));
    }
    flow.expect(add)?;
    flow.activity(format!("ispapi: registered {domain} for {years} year(s)"));
    Ok(json!({ "success": true }))
}

pub fn transfer(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let auth = decode_html(text(flow.params, "eppcode"));
    let mut action = "REQUEST";
    if flow.settings.transfer_check {
        let mut check = command(json!({ "COMMAND": "CheckDomainTransfer", "DOMAIN": domain }));
        if !auth.is_empty() {
            check.insert("AUTH".into(), json!(auth));
        }
        let r = flow.send(check)?;
        // 218: the transfer can be requested; anything else says why it cannot.
        if r.code != 218 && r.code != 200 {
            return fail(format!(
                "The transfer of {domain} is not possible: {} {}",
                r.code, r.description
            ));
        }
        if first(r, "AUTHISVALID") == Some("NO") {
            return fail(format!("The auth code for {domain} is not valid; ask the current registrar for the right one."));
        }
        // The domain is held by another account with this provider: moved within its system.
        if first(r, "USERTRANSFERREQUIRED") == Some("1") {
            action = "USERTRANSFER";
        }
    }
    let mut request =
        command(json!({ "COMMAND": "TransferDomain", "DOMAIN": domain, "ACTION": action }));
    if !auth.is_empty() {
        request.insert("AUTH".into(), json!(auth));
    }
    if action == "REQUEST" {
        request.insert("PERIOD".into(), json!(period(flow.params)?));
    }
    let r = flow.send(request)?;
    if !r.success {
        return fail(super::flow::api_error("TransferDomain", r));
    }
    flow.activity(format!(
        "ispapi: transfer of {domain} requested ({})",
        action.to_lowercase()
    ));
    Ok(json!({ "success": true }))
}

pub fn renew(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let years = period(flow.params)?;
    if yes(flow.params, "isInRedemptionGracePeriod", false) {
        // A domain in redemption comes back with RestoreDomain, which includes one year.
        flow.expect(command(
            json!({ "COMMAND": "RestoreDomain", "DOMAIN": domain }),
        ))?;
        if years > 1 {
            flow.expect(command(
                json!({ "COMMAND": "RenewDomain", "DOMAIN": domain, "PERIOD": years - 1 }),
            ))?;
        }
        flow.activity(format!("ispapi: restored {domain} from redemption"));
        return Ok(json!({ "success": true }));
    }
    let r = flow.send(command(
        json!({ "COMMAND": "RenewDomain", "DOMAIN": domain, "PERIOD": years }),
    ))?;
    if r.code == 510 {
        // 510: this TLD renews by paying ahead (PayDomainRenewal) rather than RenewDomain.
        flow.expect(command(
            json!({ "COMMAND": "PayDomainRenewal", "DOMAIN": domain, "PERIOD": years }),
        ))?;
    } else if !r.success {
        return fail(super::flow::api_error("RenewDomain", r));
    }
    flow.activity(format!("ispapi: renewed {domain} for {years} year(s)"));
    Ok(json!({ "success": true }))
}

pub fn get_nameservers(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let r = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    let mut result = serde_json::Map::new();
    for (i, ns) in column(r, "NAMESERVER").into_iter().take(5).enumerate() {
        result.insert(format!("ns{}", i + 1), json!(ns));
    }
    Ok(Value::Object(result))
}

pub fn save_nameservers(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let ns = nameservers(flow.params);
    if ns.len() < 2 {
        return fail("Enter at least two nameservers.");
    }
    flow.expect(command(
        json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain, "NAMESERVER": ns }),
    ))?;
    Ok(json!({ "success": true }))
}

pub fn get_lock(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let r = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    Ok(json!(match first(r, "TRANSFERLOCK") {
        Some("1") => "locked",
        _ => "unlocked",
    }))
}

pub fn save_lock(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let lock = text(flow.params, "lockenabled") == "locked";
    flow.expect(command(json!({
        "COMMAND": "ModifyDomain", "DOMAIN": domain, "TRANSFERLOCK": if lock { 1 } else { 0 }
    })))?;
    Ok(json!({ "success": true }))
}

pub fn get_epp_code(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let r = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    match first(r, "AUTH") {
        Some(auth) => Ok(json!({ "eppcode": auth })),
        // Some registries send the code to the registrant themselves; WHMCS then shows that
        // it was sent when the array is empty.
        None => Ok(json!({})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_encoded_auth_codes_are_decoded_once() {
        assert_eq!(decode_html("a&amp;b&lt;c&gt;&quot;&#039;"), "a&b<c>\"'");
        assert_eq!(decode_html("&amp;lt;"), "&lt;");
    }
}
