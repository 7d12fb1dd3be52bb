//! Contacts, private nameservers, ID protection, deletion and release, and the domain
//! information page.

use super::contacts::{add_contact_from, Role};
use super::dates;
use super::domain::{column, command, domain_name, first, tld_fields};
use super::flow::{api_error, Flow, Interrupt};
use super::settings::{text, yes};
use super::texts::Lang;
use crate::error::{shown, QUOTED_CHARS};
use crate::wire::Response;
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;

fn fail<T>(message: impl Into<String>) -> Result<T, Interrupt> {
    Err(Interrupt::Fail(message.into()))
}

/// WHMCS's contact types with the API's role names.
const ROLES: &[(&str, &str)] = &[
    ("Registrant", "OWNERCONTACT"),
    ("Admin", "ADMINCONTACT"),
    ("Technical", "TECHCONTACT"),
    ("Billing", "BILLINGCONTACT"),
];

/// WHMCS's labels for contact fields (its contact details form) and the API's fields.
const LABELS: &[(&str, &str)] = &[
    ("First Name", "FIRSTNAME"),
    ("Last Name", "LASTNAME"),
    ("Company Name", "ORGANIZATION"),
    ("Email Address", "EMAIL"),
    ("Address 1", "STREET0"),
    ("Address 2", "STREET1"),
    ("City", "CITY"),
    ("State", "STATE"),
    ("Postcode", "ZIP"),
    ("Country", "COUNTRY"),
    ("Phone Number", "PHONE"),
    ("Fax Number", "FAX"),
];

/// Fields whose change makes a "material" change of registrant (ICANN's IRTP-C rule).
const MATERIAL: &[&str] = &["FIRSTNAME", "LASTNAME", "ORGANIZATION", "EMAIL"];

/// StatusDomain names a role's handle `OWNERCONTACT` (some systems `OWNERCONTACT0`).
fn role_handle<'r>(status: &'r Response, role: &str) -> Option<&'r str> {
    first(status, role).or_else(|| first(status, &format!("{role}0")))
}

fn contact_fields(r: &Response) -> Map<String, Value> {
    LABELS
        .iter()
        .map(|(label, api)| {
            let value = match *api {
                "STREET0" => column(r, "STREET").first().copied().unwrap_or_default(),
                "STREET1" => column(r, "STREET").get(1).copied().unwrap_or_default(),
                _ => first(r, api).unwrap_or_default(),
            };
            ((*label).to_owned(), json!(value))
        })
        .collect()
}

pub fn get_contact_details(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let status = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    let mut result = Map::new();
    let mut seen: Vec<(String, Map<String, Value>)> = Vec::new();
    for (whmcs, api) in ROLES {
        let Some(handle) = role_handle(status, api) else {
            continue;
        };
        let fields = match seen.iter().find(|(h, _)| h == handle) {
            Some((_, f)) => f.clone(),
            None => {
                let r = flow.expect(command(
                    json!({ "COMMAND": "StatusContact", "CONTACT": handle }),
                ))?;
                let f = contact_fields(r);
                seen.push((handle.to_owned(), f.clone()));
                f
            }
        };
        result.insert((*whmcs).to_owned(), Value::Object(fields));
    }
    Ok(Value::Object(result))
}

/// `contactdetails[Registrant][First Name]` → the WHMCS-key params `add_contact` reads.
fn whmcs_params(details: &Map<String, Value>) -> Map<String, Value> {
    let key = |label: &str| match label {
        "First Name" => "firstname",
        "Last Name" => "lastname",
        "Company Name" => "companyname",
        "Email Address" => "email",
        "Address 1" => "address1",
        "Address 2" => "address2",
        "City" => "city",
        "State" => "state",
        "Postcode" => "postcode",
        "Country" => "countrycode",
        "Phone Number" => "fullphonenumber",
        _ => "",
    };
    details
        .iter()
        .filter_map(|(label, v)| {
            let k = key(label);
            (!k.is_empty()).then(|| (k.to_owned(), v.clone()))
        })
        .collect()
}

pub fn save_contact_details(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let Some(details) = flow.params.get("contactdetails").and_then(Value::as_object) else {
        return fail(Lang::from_params(flow.params).text("refuse_no_contact_details"));
    };
    let status = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    let mut modify = command(json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain }));
    let mut new_owner = None;
    for (whmcs, api) in ROLES {
        let Some(contact) = details.get(*whmcs).and_then(Value::as_object) else {
            continue;
        };
        let add = add_contact_from(
            &whmcs_params(contact),
            Role::Named(whmcs),
            flow.settings.transliterate,
            &Lang::from_params(flow.params),
        )
        .map_err(Interrupt::Fail)?;
        let handle = first(flow.expect(add.clone())?, "CONTACT")
            .unwrap_or_default()
            .to_owned();
        if *api == "OWNERCONTACT" {
            new_owner = Some((handle, add));
        } else {
            modify.insert(format!("{api}0"), json!(handle));
        }
    }
    let mut activity = None;
    if let Some((handle, add)) = new_owner {
        let current = role_handle(status, "OWNERCONTACT").unwrap_or_default();
        if current.is_empty() {
            modify.insert("OWNERCONTACT0".into(), json!(handle));
        } else if handle != current {
            let old = flow.expect(command(
                json!({ "COMMAND": "StatusContact", "CONTACT": current }),
            ))?;
            let material = MATERIAL.iter().any(|f| {
                let new = add.get(*f).and_then(Value::as_str).unwrap_or_default();
                !new.eq_ignore_ascii_case(first(old, f).unwrap_or_default())
            });
            let gtld = is_gtld(&domain);
            let trade = if !material {
                None
            } else if flow.settings.irtp_designated_agent && gtld {
                // ICANN's IRTP-C: a new gTLD registrant needs both registrants' consent, which
                // the reseller confirms as designated agent; the customer may opt out of the
                // 60-day transfer lock that follows.
                Some(command(json!({
                    "COMMAND": "TradeDomain", "DOMAIN": domain, "OWNERCONTACT0": handle,
                    "X-CONFIRM-DA-OLD-REGISTRANT": 1, "X-CONFIRM-DA-NEW-REGISTRANT": 1,
                    "X-REQUEST-OPT-OUT-TRANSFERLOCK": i32::from(yes(flow.params, "irtpOptOut", false)),
                })))
            } else if registry_trades(flow, &domain, gtld)? {
                // The registry changes a registrant only by a trade (QueryDomainOptions names
                // the method): some country-code registries (TRADE, which some charge), and
                // gTLDs under ICANN's IRTP-C (ICANN-TRADE) when the API's own IRTP settings
                // confirm it ("API settings"). The registry's trade fields (AFNIC's legal
                // type …) come from the domain's additional fields, as at registration.
                let api = flow.settings.api();
                let fields = tld_fields(flow.params, &domain, crate::fields::Action::Trade, api)?;
                let mut trade = command(json!({
                    "COMMAND": "TradeDomain", "DOMAIN": domain, "OWNERCONTACT0": handle,
                }));
                if gtld && yes(flow.params, "irtpOptOut", false) {
                    trade.insert("X-REQUEST-OPT-OUT-TRANSFERLOCK".into(), json!(1));
                }
                for (k, v) in fields.params {
                    trade.insert(k, json!(v));
                }
                Some(trade)
            } else {
                None
            };
            match trade {
                Some(trade) => {
                    let r = flow.expect(trade)?;
                    activity = Some(trade_line(flow, &domain, r)?);
                }
                // Otherwise a plain update: the registry takes the new registrant as it is.
                None => {
                    modify.insert("OWNERCONTACT0".into(), json!(handle));
                }
            }
        }
    }
    if modify.len() > 2 {
        flow.expect(modify)?;
    }
    if let Some(line) = activity {
        flow.activity(line);
    }
    Ok(json!({ "success": true }))
}

/// Whether the domain's registry changes a registrant only by a trade (ISPAPI:
/// `ZONEPOLICYREGISTRANTNAMECHANGEBY`, QUERYDOMAINOPTIONS.md: `TRADE`, and for a gTLD also
/// `ICANN-TRADE`, the original module's test for IRTP; CNR: GetZoneInfo `OWNERCHANGEPROCESS`
/// `TRADE`, as its module's ZoneInfo.php needs_trade). When the API cannot say, a plain
/// update is tried and the API turns it into a trade where it must.
fn registry_trades(flow: &mut Flow, domain: &str, gtld: bool) -> Result<bool, Interrupt> {
    let rules = &super::dialect::dialect(flow.settings.api()).zone_rules;
    let r = flow.send(rules.request(domain))?;
    Ok(r.success
        && first(r, rules.owner_change).is_some_and(|p| {
            let p = p.trim();
            p.eq_ignore_ascii_case(rules.trade)
                || (gtld && rules.gtld_trade.is_some_and(|t| p.eq_ignore_ascii_case(t)))
        }))
}

/// The activity-log line of a trade, with its cost as the original module logged it (WHMCS
/// cannot invoice a trade): the reply's PRICE, else the account's trade price for the TLD.
fn trade_line(flow: &mut Flow, domain: &str, reply: &Response) -> Result<String, Interrupt> {
    // CNR's TradeDomain answers X-FEE-AMOUNT / X-FEE-CURRENCY and its prices are QueryZoneList's
    // TRADE column (its knowledge base, api-command/TradeDomain and QueryZoneList).
    let cnr = flow.settings.api() == crate::wire::Api::Cnr;
    let (price, currency) = if cnr {
        ("X-FEE-AMOUNT", "X-FEE-CURRENCY")
    } else {
        ("PRICE", "CURRENCY")
    };
    let mut cost = match (first(reply, price), first(reply, currency)) {
        (Some(price), Some(currency)) => Some((price.to_owned(), currency.to_owned())),
        _ => None,
    };
    if cost.is_none() && cnr {
        let tld = domain.split_once('.').map(|(_, t)| t).unwrap_or_default();
        let zones = flow.send(command(json!({ "COMMAND": "QueryZoneList", "ZONE": tld })))?;
        cost = crate::pricing::zone_trade_price(zones, tld);
    } else if cost.is_none() {
        let user = flow.send(command(json!({ "COMMAND": "StatusUser" })))?;
        cost = trade_price(user, domain);
    }
    Ok(match cost {
        // The reply's price and currency, made safe for the log (WHMCS shows it unescaped).
        Some((price, currency)) => format!(
            "ispapi: change of registrant (trade) of {domain} cost {} {}",
            shown(&price, QUOTED_CHARS),
            shown(&currency, QUOTED_CHARS)
        ),
        None => format!("ispapi: change of registrant (trade) of {domain}"),
    })
}

/// The trade price of the domain's TLD among StatusUser's price relations
/// (`PRICE_CLASS_DOMAIN_<CLASS>_TRADE` with `_CURRENCY`), when it is not free.
fn trade_price(user: &Response, domain: &str) -> Option<(String, String)> {
    let (_, suffix) = domain.split_once('.')?;
    let class = crate::pricing::class_for_extension(&format!(".{suffix}"))?;
    let classes = crate::pricing::PriceClasses::from_response(user);
    let trade = *classes.trades.get(&class).filter(|cents| **cents > 0)?;
    let currency = classes.get(&class)?.currency.clone()?;
    Some((crate::pricing::money::format(trade), currency))
}

pub fn register_nameserver(flow: &mut Flow) -> Outcome {
    let host = host_name(flow)?;
    let ip = text(flow.params, "ipaddress");
    if ip.is_empty() {
        return fail(Lang::from_params(flow.params).text("refuse_ns_ip"));
    }
    flow.expect(command(
        json!({ "COMMAND": "AddNameserver", "NAMESERVER": host, "IPADDRESS0": ip }),
    ))?;
    Ok(json!({ "success": true }))
}

pub fn modify_nameserver(flow: &mut Flow) -> Outcome {
    let host = host_name(flow)?;
    let (old, new) = (
        text(flow.params, "currentipaddress"),
        text(flow.params, "newipaddress"),
    );
    if new.is_empty() {
        return fail(Lang::from_params(flow.params).text("refuse_ns_new_ip"));
    }
    let mut modify =
        command(json!({ "COMMAND": "ModifyNameserver", "NAMESERVER": host, "ADDIPADDRESS0": new }));
    if !old.is_empty() {
        modify.insert("DELIPADDRESS0".into(), json!(old));
    }
    flow.expect(modify)?;
    Ok(json!({ "success": true }))
}

pub fn delete_nameserver(flow: &mut Flow) -> Outcome {
    let host = host_name(flow)?;
    flow.expect(command(
        json!({ "COMMAND": "DeleteNameserver", "NAMESERVER": host }),
    ))?;
    Ok(json!({ "success": true }))
}

/// WHMCS passes the host as typed: "ns1" or "ns1.example.com"; both mean a host of the domain.
fn host_name(flow: &Flow) -> Result<String, Interrupt> {
    let domain = domain_name(flow.params)?;
    let host = text(flow.params, "nameserver")
        .trim_end_matches('.')
        .to_lowercase();
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return fail(Lang::from_params(flow.params).text("refuse_ns_host"));
    }
    Ok(if host.ends_with(&format!(".{domain}")) || host == domain {
        host
    } else {
        format!("{host}.{domain}")
    })
}

pub fn id_protect_toggle(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let on = yes(flow.params, "protectenable", false);
    let mut modify = command(json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain }));
    // Where the registry has its own privacy service, that is the protection (0 hides).
    match super::client_area::privacy_parameter(flow.settings.api(), &domain) {
        Some(parameter) => modify.insert(parameter, json!(i32::from(!on))),
        None => {
            let param = super::dialect::dialect(flow.settings.api()).whois_privacy_set;
            modify.insert(param.into(), json!(i32::from(on)))
        }
    };
    flow.expect(modify)?;
    Ok(json!({ "success": true }))
}

pub fn request_delete(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    flow.expect(command(
        json!({ "COMMAND": "DeleteDomain", "DOMAIN": domain }),
    ))?;
    flow.activity(format!("ispapi: deletion of {domain} requested"));
    Ok(json!({ "success": true }))
}

pub fn release_domain(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let tag = text(flow.params, "transfertag").to_uppercase();
    if tag.is_empty() {
        return fail(Lang::from_params(flow.params).text("refuse_release_tag"));
    }
    flow.expect(command(
        json!({ "COMMAND": "PushDomain", "DOMAIN": domain, "TARGET": tag }),
    ))?;
    flow.activity(format!(
        "ispapi: {domain} released to {}",
        crate::error::quoted(&tag)
    ));
    Ok(json!({ "success": true }))
}

pub fn cancel_transfer(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let r = flow.send(command(
        json!({ "COMMAND": "TransferDomain", "DOMAIN": domain, "ACTION": "CANCEL" }),
    ))?;
    if !r.success {
        return fail(api_error("TransferDomain", r));
    }
    flow.activity(format!("ispapi: transfer of {domain} cancelled"));
    let message = Lang::from_params(flow.params).text("transfer_cancelled");
    Ok(json!({ "success": true, "message": message }))
}

/// `ResendTransferApproval`: the approval e-mail of a pending transfer, sent again.
pub fn resend_transfer_approval(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let (name, fixed, object) = super::dialect::dialect(flow.settings.api()).resend_transfer_mail;
    let mut resend = command(json!({ "COMMAND": name }));
    for (k, v) in fixed {
        resend.insert((*k).into(), json!(v));
    }
    resend.insert(object.into(), json!(domain));
    flow.expect(resend)?;
    flow.activity(format!(
        "ispapi: transfer approval e-mail for {domain} sent again"
    ));
    let message = Lang::from_params(flow.params).text("transfer_approval_resent");
    Ok(json!({ "success": true, "message": message }))
}

/// WHMCS's status of a domain waiting for its transfer.
const PENDING_TRANSFER: &str = "Pending Transfer";

/// The buttons the original offered on the admin's domain page: the transfer ones while a
/// transfer is pending (all of them when the host does not say the domain's status).
pub fn admin_buttons(flow: &mut Flow) -> Outcome {
    let status = text(flow.params, "status");
    let lang = Lang::from_params(flow.params);
    let mut buttons = Map::new();
    if status.is_empty() || status == PENDING_TRANSFER {
        buttons.insert(
            lang.text("admin_button_cancel_transfer"),
            json!("CancelTransfer"),
        );
        buttons.insert(
            lang.text("admin_button_resend_transfer_approval"),
            json!("ResendTransferApproval"),
        );
    } else {
        super::suspension::buttons(status, &lang, &mut buttons);
    }
    Ok(Value::Object(buttons))
}

/// `AdminDomainsTabFields`: extra rows on the admin's domain page, as plain text the host
/// escapes. The pending transfer's status and full log, and what trades of the domain cost
/// (from `activity`, the host's activity-log lines about the domain, newest first).
pub fn admin_domain_fields(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let lang = Lang::from_params(flow.params);
    let mut fields = Map::new();
    let status = text(flow.params, "status");
    if status.is_empty() || status == PENDING_TRANSFER {
        let r = flow.send(command(
            json!({ "COMMAND": "StatusDomainTransfer", "DOMAIN": domain }),
        ))?;
        if r.success {
            let state = first(r, "TRANSFERSTATUS").unwrap_or("pending");
            fields.insert(lang.text("admin_field_transfer_status"), json!(state));
            fields.insert(
                lang.text("admin_field_transfer_log"),
                json!(column(r, "TRANSFERLOG").join("\n")),
            );
        } else if status == PENDING_TRANSFER {
            let code = r.code.to_string();
            fields.insert(
                lang.text("admin_field_transfer_status"),
                json!(lang.fill(
                    "admin_field_not_pending",
                    &[("code", &code), ("description", &r.description)]
                )),
            );
        }
    }
    let prefix = format!("ispapi: change of registrant (trade) of {domain} cost ");
    let trades: Vec<String> = flow
        .params
        .get("activity")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|row| {
            let line = row.get("description").and_then(Value::as_str)?;
            let cost = line.strip_prefix(&prefix)?;
            let date = row.get("date").and_then(Value::as_str).unwrap_or_default();
            Some(format!("{date} {cost}").trim().to_owned())
        })
        .collect();
    if !trades.is_empty() {
        fields.insert(
            lang.text("admin_field_trade_costs"),
            json!(trades.join("\n")),
        );
    }
    Ok(Value::Object(fields))
}

/// `GetDomainInformation`: what WHMCS's `Domain` object holds, as setter calls the host makes.
pub fn domain_information(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let r = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    let nameservers: Map<String, Value> = column(r, "NAMESERVER")
        .into_iter()
        .take(5)
        .enumerate()
        .map(|(i, ns)| (format!("ns{}", i + 1), json!(ns)))
        .collect();
    let statuses: Vec<String> = column(r, "STATUS")
        .iter()
        .map(|s| s.to_ascii_uppercase())
        .collect();
    let registration = if statuses
        .iter()
        .any(|s| s.contains("REDEMPTION") || s.contains("DELETE"))
    {
        "STATUS_EXPIRED"
    } else {
        "STATUS_ACTIVE"
    };
    // CNR's module shows PAIDUNTILDATE as the expiry date (StatusDomain.php).
    let expiry_from = match super::dialect::dialect(flow.settings.api()).expiry_is_paid_until {
        true => "PAIDUNTILDATE",
        false => "EXPIRATIONDATE",
    };
    let expiry = first(r, expiry_from)
        .and_then(dates::parse)
        .map(dates::format);
    let mut setters = vec![
        json!(["setDomain", domain]),
        json!(["setNameservers", nameservers]),
        // The class's constant (developer-docs domain-information.md); its value is WHMCS's.
        json!(["setRegistrationStatus", {"constant": registration}]),
        json!(["setTransferLock", first(r, "TRANSFERLOCK") == Some("1")]),
        json!([
            "setIdProtectionStatus",
            super::dialect::whois_privacy_on(flow.settings.api(), r)
        ]),
        json!(["setIsIrtpEnabled", is_gtld(&domain)]),
        json!(["setIrtpOptOutStatus", !flow.settings.irtp_designated_agent]),
    ];
    if let Some(e) = expiry {
        setters.push(json!(["setExpiryDate", { "date": e }]));
    }
    irtp_pending(flow, &domain, r, &mut setters)?;
    Ok(json!({ "object": "WHMCS\\Domain\\Registrar\\Domain", "setters": setters }))
}

/// What is pending on the registrant (WHMCS's "Transfer Policy (IRTP) Management" page
/// shows it, with its resend button).
enum Pending {
    /// The registrant's e-mail awaits verification (StatusDomain
    /// `X-REGISTRANT-VERIFICATION-STATUS` PENDING or OVERDUE, the original module's test); an
    /// unverified registrant's domain is suspended.
    Verification,
    /// A change of registrant awaits the registrants' confirmation e-mails: `TRADE-OWNERCONTACT`
    /// "signals that a trade is currently being processed" (STATUSDOMAIN.md).
    Trade,
}

fn pending(status: &Response) -> Option<Pending> {
    let verification = first(status, "X-REGISTRANT-VERIFICATION-STATUS").unwrap_or_default();
    if ["PENDING", "OVERDUE"]
        .iter()
        .any(|s| verification.trim().eq_ignore_ascii_case(s))
    {
        Some(Pending::Verification)
    } else if !column(status, "TRADE-OWNERCONTACT").is_empty() {
        Some(Pending::Trade)
    } else {
        None
    }
}

/// The IRTP setters of GetDomainInformation (transfer-policy-management.md): a pending
/// registrant verification or trade, whether it ends in a suspension, the verification's due
/// date (only QueryDomainPendingRegistrantVerificationList has it), and for gTLDs the fields
/// whose change starts a new verification (`MATERIAL`, by our contact form's labels).
fn irtp_pending(
    flow: &mut Flow,
    domain: &str,
    status: &Response,
    setters: &mut Vec<Value>,
) -> Result<(), Interrupt> {
    if let Some(cv) = &super::dialect::dialect(flow.settings.api()).contact_verification {
        // CNR's module: a contact change is pending while the registrant's handle awaits
        // verification; the domain is suspended on X-TIME-TO-SUSPENSION, when it has one. An
        // owner change the registrants have not both confirmed is pending too (CNR's KB).
        let pending =
            contact_pending(flow, cv, status)?.is_some() || owner_change_pending(cv, status);
        let suspension = first(status, cv.suspension_date).and_then(dates::parse);
        setters.push(json!(["setDomainContactChangePending", pending]));
        setters.push(json!(["setPendingSuspension", suspension.is_some()]));
        if let Some(date) = suspension {
            setters.push(json!([
                "setDomainContactChangeExpiryDate",
                { "date": dates::format(date) }
            ]));
        }
        trigger_fields(domain, setters);
        return Ok(());
    }
    let pending = pending(status);
    setters.push(json!(["setDomainContactChangePending", pending.is_some()]));
    setters.push(json!([
        "setPendingSuspension",
        matches!(pending, Some(Pending::Verification))
    ]));
    if let Some(Pending::Verification) = pending {
        let list = flow.send(command(json!({
            "COMMAND": "QueryDomainPendingRegistrantVerificationList", "DOMAIN": domain,
        })))?;
        // A list that fails or lacks the date only leaves the date out.
        let due = column(list, "DOMAIN")
            .iter()
            .position(|d| d.eq_ignore_ascii_case(domain))
            .and_then(|i| {
                column(list, "X-REGISTRANT-VERIFICATION-DUEDATE")
                    .get(i)
                    .copied()
            })
            .filter(|_| list.success)
            .and_then(dates::parse);
        if let Some(due) = due {
            setters.push(json!([
                "setDomainContactChangeExpiryDate",
                { "date": dates::format(due) }
            ]));
        }
    }
    trigger_fields(domain, setters);
    Ok(())
}

/// For gTLDs, the fields whose change starts a new verification.
fn trigger_fields(domain: &str, setters: &mut Vec<Value>) {
    if is_gtld(domain) {
        let fields: Vec<&str> = MATERIAL
            .iter()
            .filter_map(|api| LABELS.iter().find(|(_, a)| a == api).map(|(l, _)| *l))
            .collect();
        setters.push(json!([
            "setIrtpVerificationTriggerFields",
            { "Registrant": fields }
        ]));
    }
}

/// CNR: whether StatusDomain shows an owner change awaiting the registrants' confirmation.
fn owner_change_pending(cv: &super::dialect::ContactVerification, status: &Response) -> bool {
    let (property, pending) = cv.owner_change;
    first(status, property)
        .is_some_and(|v| pending.iter().any(|p| v.trim().eq_ignore_ascii_case(p)))
}

/// CNR: the registrant handle's pending verification, as its address (the resend's OBJECT).
/// A StatusContact that fails leaves nothing pending, as CNR's module does.
fn contact_pending(
    flow: &mut Flow,
    cv: &super::dialect::ContactVerification,
    status: &Response,
) -> Result<Option<String>, Interrupt> {
    let Some(owner) = first(status, cv.owner).filter(|h| !h.trim().is_empty()) else {
        return Ok(None);
    };
    let r = flow.send(command(
        json!({ "COMMAND": "StatusContact", "CONTACT": owner.trim() }),
    ))?;
    let on = |k: &str| first(r, k).map(str::trim) == Some("1");
    Ok((r.success && on(cv.requested) && !on(cv.verified))
        .then(|| first(r, cv.email).unwrap_or_default().trim().to_owned()))
}

/// `ResendIRTPVerificationEmail`: the e-mail of what is pending, sent again: the registrant
/// verification (RESENDDOMAINREGISTRANTVERIFICATIONEMAIL.md) or the trade's confirmations
/// (RESENDDOMAINTRANSFERCONFIRMATIONEMAILS.md, "a pending domain transfer/trade"; the command
/// the original module sent).
pub fn resend_irtp_verification(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let status = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    if let Some(cv) = &super::dialect::dialect(flow.settings.api()).contact_verification {
        let email = contact_pending(flow, cv, status)?.filter(|e| !e.is_empty());
        if email.is_none() && owner_change_pending(cv, status) {
            let (name, _) = cv.resend;
            flow.expect(command(json!({
                "COMMAND": name, "TYPE": cv.owner_change_resend_type, "OBJECT": domain,
            })))?;
            flow.activity(format!(
                "ispapi: change of registrant confirmation e-mail for {domain} sent again"
            ));
            return Ok(json!({ "success": true }));
        }
        let Some(email) = email else {
            return fail(
                Lang::from_params(flow.params)
                    .fill("refuse_no_verification_pending", &[("domain", &domain)]),
            );
        };
        let (name, pairs) = cv.resend;
        let mut resend = command(json!({ "COMMAND": name }));
        for (k, v) in pairs {
            resend.insert((*k).into(), json!(v));
        }
        resend.insert("OBJECT".into(), json!(email));
        flow.expect(resend)?;
        flow.activity(format!(
            "ispapi: registrant verification e-mail for {domain} sent again"
        ));
        return Ok(json!({ "success": true }));
    }
    let (name, what) = match pending(status) {
        Some(Pending::Verification) => (
            "ResendDomainRegistrantVerificationEmail",
            "registrant verification",
        ),
        Some(Pending::Trade) => (
            "ResendDomainTransferConfirmationEmails",
            "change of registrant confirmation",
        ),
        None => {
            return fail(
                Lang::from_params(flow.params)
                    .fill("refuse_no_verification_pending", &[("domain", &domain)]),
            )
        }
    };
    flow.expect(command(json!({ "COMMAND": name, "DOMAIN": domain })))?;
    flow.activity(format!("ispapi: {what} e-mail for {domain} sent again"));
    Ok(json!({ "success": true }))
}

/// ICANN's transfer policy (IRTP) applies to generic TLDs: ASCII TLDs of three or more letters
/// (two-letter ones are country codes) and IDN TLDs that are not IDN country codes
/// (`idn_cctlds.txt`, from IANA's root zone database: .рф is a ccTLD, .移动 a gTLD).
pub(super) fn is_gtld(domain: &str) -> bool {
    let tld = domain
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if tld.starts_with("xn--") {
        return !include_str!("idn_cctlds.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .any(|l| l.split_whitespace().next() == Some(tld.as_str()));
    }
    tld.len() > 2
}

/// The settings page's connection check: who is logged in where, and the balance.
pub fn check_connection(flow: &mut Flow) -> Outcome {
    let lang = Lang::from_params(flow.params);
    let r = flow.expect(command(json!({ "COMMAND": "StatusAccount" })))?;
    let system = if flow.settings.test_mode {
        lang.text("connection_ote")
    } else {
        lang.text("connection_live")
    };
    let api = match flow.settings.api() {
        crate::wire::Api::Ispapi => "HEXONET (ISPAPI)",
        crate::wire::Api::Cnr => "CentralNic Reseller",
    };
    let balance = match (first(r, "AMOUNT"), first(r, "CURRENCY")) {
        (Some(amount), Some(currency)) => lang.fill(
            "connection_balance",
            &[
                ("amount", &shown(amount, QUOTED_CHARS)),
                ("currency", &shown(currency, QUOTED_CHARS)),
            ],
        ),
        _ => String::new(),
    };
    let user = shown(text(flow.params, "Username"), QUOTED_CHARS);
    let message = lang.fill(
        "connection_ok",
        &[
            ("api", api),
            ("system", &system),
            ("user", &user),
            ("balance", &balance),
        ],
    );
    Ok(json!({ "connected": true, "message": message }))
}
