//! Registration, transfer, renewal and the day-to-day domain settings.

use super::contacts::{add_contact, Role};
use super::flow::{Flow, Interrupt};
use super::settings::{text, yes};
use super::texts::Lang;
use super::Params;
use crate::error::{shown, QUOTED_CHARS, TEXT_CHARS};
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
    if name.is_empty() || !name.contains('.') {
        return fail(Lang::from_params(p).text("refuse_domain_missing"));
    }
    // The API takes A-labels; the TLD's registry decides transitional or not (fußball.de).
    crate::idn::to_ascii(&name).map_err(Interrupt::Fail)
}

/// WHMCS's additional fields for the domain's TLD, mapped to the API's extension parameters;
/// every problem named, so the customer can fix them all at once.
pub(super) fn tld_fields(
    p: &Params,
    domain: &str,
    action: crate::fields::Action,
    api: crate::wire::Api,
) -> Result<crate::fields::Mapped, Interrupt> {
    let suffix = domain.split_once('.').map(|(_, t)| t).unwrap_or(domain);
    let tld = format!(
        ".{}",
        crate::idn::to_unicode(suffix).unwrap_or_else(|_| suffix.to_owned())
    );
    let values: std::collections::BTreeMap<String, String> = p
        .get("additionalfields")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let text = v
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string());
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    crate::fields::map(
        &tld,
        action,
        &values,
        &crate::fields::Client::from_map(p),
        api,
    )
    .map_err(|errors| Interrupt::Fail(errors.join(" ")))
}

/// Adds mapped extension parameters to a command; the data may also replace the command
/// itself (.swiss registers by application).
fn apply_fields(command: &mut Command, mapped: &crate::fields::Mapped) {
    for (k, v) in mapped.command.iter().chain(&mapped.params) {
        command.insert(k.clone(), json!(v));
    }
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
        _ => fail(Lang::from_params(p).text("refuse_period")),
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
pub(super) fn decode_html(s: &str) -> String {
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
fn contact_handles(
    flow: &mut Flow,
    fields: &crate::fields::Mapped,
) -> Result<(String, String), Interrupt> {
    let mut handles = Vec::with_capacity(2);
    for role in [Role::Owner, Role::Admin] {
        let mut add =
            add_contact(flow.params, role, flow.settings.transliterate).map_err(Interrupt::Fail)?;
        let contact = if role == Role::Owner {
            "owner"
        } else {
            "admin"
        };
        for (_, field) in fields
            .drop_contact_fields
            .iter()
            .filter(|(c, _)| c == contact)
        {
            add.remove(field);
        }
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
    let fields = tld_fields(
        flow.params,
        &domain,
        crate::fields::Action::Register,
        flow.settings.api(),
    )?;
    let premium_cost = premium_cost(flow.params);

    // A premium name: the price in the cart must still be the registry's price.
    let mut premium = None;
    // CNR: the amount the order agrees to pay (the fee extension, `lookup/fee.rs`).
    let mut fee_amount = None;
    let fees = crate::lookup::fee_api(flow.settings.api());
    if let (Some(cost), Some(fees)) = (premium_cost, fees) {
        let amount = premium_add_fee(flow, &domain, cost, years)?;
        fee_amount = Some((fees.add_amount, amount));
    } else if let Some(cost) = premium_cost {
        let check = flow.expect(command(json!({
            "COMMAND": "CheckDomains", "DOMAIN0": domain, "PREMIUMCHANNELS": "*"
        })))?;
        let price = first(check, "PRICE").and_then(crate::pricing::money::parse);
        let currency = first(check, "CURRENCY").unwrap_or_default().to_owned();
        let Some(price) = price else {
            return fail(
                Lang::from_params(flow.params).fill("refuse_premium_gone", &[("domain", &domain)]),
            );
        };
        cart_price_holds(flow, &domain, cost, price, &currency)?;
        let class = first(check, "CLASS").map(str::to_owned);
        let channel = first(check, "PREMIUMCHANNEL")
            .unwrap_or_default()
            .to_owned();
        premium = Some((class, channel, price, currency));
    }

    let (owner, admin) = contact_handles(flow, &fields)?;
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
    apply_fields(&mut add, &fields);
    // A premium name is applied for at the registry's price, as the original module did
    // (ispapi.php RegisterDomain at 1edf62b): ADDDOMAINAPPLICATION.md documents CLASS, PRICE
    // and CURRENCY, ADDDOMAIN.md none of them. A registry premium name applies with its
    // CLASS, an aftermarket name (no CLASS) is bought through its channel.
    if let Some((class, channel, cost, currency)) = &premium {
        let class = class
            .clone()
            .unwrap_or_else(|| format!("AFTERMARKET_PURCHASE_{channel}"));
        add.insert("COMMAND".into(), json!("AddDomainApplication"));
        add.insert("CLASS".into(), json!(class));
        add.insert("PRICE".into(), json!(crate::pricing::money::format(*cost)));
        add.insert("CURRENCY".into(), json!(currency));
    }
    if let Some((param, amount)) = fee_amount {
        add.insert(param.into(), json!(amount));
    }
    let is_application = add.get("COMMAND") == Some(&json!("AddDomainApplication"));
    if is_application {
        let drops = super::dialect::dialect(flow.settings.api()).application_drops;
        add.retain(|k, _| !drops.contains(&k.as_str()));
    }
    // Applications take no add-ons; they can be booked once the domain exists.
    if !is_application {
        // ISPAPI creates the zone with the domain; CNR's module creates it on the first save.
        let zone_at_registration = super::zone::zone_api(flow.settings.api()).at_registration;
        if let Some(param) =
            zone_at_registration.filter(|_| yes(flow.params, "dnsmanagement", false))
        {
            add.insert(param.into(), json!(1));
        }
        if yes(flow.params, "idprotection", false) {
            let param = super::dialect::dialect(flow.settings.api()).whois_privacy_set;
            add.insert(param.into(), json!(1));
        }
    }
    let r = flow.expect(add)?;
    if is_application {
        let id = first(r, "APPLICATION").unwrap_or("?").to_owned();
        // The reply's id goes into messages and the activity log: shown safe there.
        let shown_id = shown(&id, QUOTED_CHARS);
        flow.activity(format!(
            "ispapi: registration of {domain} applied for (application {shown_id})"
        ));
        if let Some(domain_id) = flow
            .params
            .get("domainid")
            .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
        {
            flow.db(super::flow::DbChange {
                table: "tbldomains",
                filter: serde_json::Map::from_iter([("id".to_owned(), json!(domain_id))]),
                set: serde_json::Map::from_iter([(
                    "additionalnotes".to_owned(),
                    json!(notes_with_application(flow.params, &id)),
                )]),
                upsert: false,
            });
        }
        return Ok(json!({
            "success": true,
            "pending": true,
            "pendingMessage": Lang::from_params(flow.params)
                .fill("register_application_pending", &[("id", &shown_id)]),
        }));
    }
    flow.activity(format!("ispapi: registered {domain} for {years} year(s)"));
    Ok(json!({ "success": true }))
}

/// Marks where the module's application id starts in the domain's admin notes.
const APPLICATION_MARK: &str = "### DO NOT DELETE BELOW THIS LINE ###";

/// The domain's admin notes (read by the module into `whmcs_records.additionalnotes`) with the
/// application id appended; an earlier id below the mark is replaced, the admin's text kept.
fn notes_with_application(p: &Params, id: &str) -> String {
    let notes = p
        .get("whmcs_records")
        .and_then(|r| r.get("additionalnotes"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let admin = notes.split(APPLICATION_MARK).next().unwrap_or_default();
    let mut out = admin.trim_end().to_owned();
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("{APPLICATION_MARK}\nApplicationID:{id}\n"));
    out
}

/// The cart shows the premium price the lookup quoted, converted to a WHMCS currency: the
/// registry's price now must convert to the same amount, or nothing is registered.
fn cart_price_holds(
    flow: &mut Flow,
    domain: &str,
    cost: f64,
    price: crate::pricing::money::Cents,
    currency: &str,
) -> Result<(), Interrupt> {
    let quoted = crate::lookup::quoted_premium_price(flow, price, currency)?;
    let cost_cents = (cost * 100.0).round() as i64;
    let lang = Lang::from_params(flow.params);
    match quoted {
        Some((cents, _)) if cents == cost_cents => Ok(()),
        Some((cents, quoted_currency)) => fail(lang.fill(
            "refuse_premium_price_changed",
            &[
                ("domain", domain),
                ("price", &crate::pricing::money::format(cents)),
                ("currency", &shown(&quoted_currency, QUOTED_CHARS)),
                ("cost", &format!("{cost:.2}")),
            ],
        )),
        None => fail(lang.fill("refuse_premium_price_unconverted", &[("domain", domain)])),
    }
}

/// CNR: the one-year ADD fee must still be the cart's price (the lookup quoted one year); the
/// order carries the fee of its own term (the KB's AddDomain example: period 2 with its
/// x-fee-amount), asked again when the term is longer.
fn premium_add_fee(
    flow: &mut Flow,
    domain: &str,
    cost: f64,
    years: u32,
) -> Result<String, Interrupt> {
    use crate::lookup::{one_fee, FeeFor};
    let gone_text =
        Lang::from_params(flow.params).fill("refuse_premium_gone", &[("domain", domain)]);
    let gone = || fail(gone_text.clone());
    let Some((price, currency)) = one_fee(flow, domain, FeeFor::Add, None)?
        .filter(|(fee, available)| *available && fee.premium())
        .and_then(|(fee, _)| fee.price())
    else {
        return gone();
    };
    cart_price_holds(flow, domain, cost, price, &currency)?;
    if years == 1 {
        return Ok(crate::pricing::money::format(price));
    }
    match one_fee(flow, domain, FeeFor::Add, Some(years))?
        .filter(|(fee, _)| fee.premium())
        .and_then(|(fee, _)| fee.price())
    {
        Some((amount, _)) => Ok(crate::pricing::money::format(amount)),
        None => gone(),
    }
}

/// The premium cost WHMCS passes when premium domains are on and the name is premium.
fn premium_cost(p: &Params) -> Option<f64> {
    if !yes(p, "premiumEnabled", false) {
        return None;
    }
    match p.get("premiumCost")? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|c| *c > 0.0)
}

pub fn transfer(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let auth = decode_html(text(flow.params, "eppcode"));
    // The TLD's transfer fields (X-PT-ROID, .ca's legal type …), mapped as at registration;
    // a registry transfer needs them, a move within the provider (USERTRANSFER) does not.
    let fields = tld_fields(
        flow.params,
        &domain,
        crate::fields::Action::Transfer,
        flow.settings.api(),
    );
    let mut action = "REQUEST";
    // A premium name transfers only with its CLASS, which CheckDomainTransfer reports.
    let premium = premium_cost(flow.params).is_some();
    let mut class = None;
    let mut pending_fee = None;
    let checkable = super::dialect::dialect(flow.settings.api()).checks_transfer_of(&domain);
    if (flow.settings.transfer_check || premium) && checkable {
        let mut check = command(json!({ "COMMAND": "CheckDomainTransfer", "DOMAIN": domain }));
        if !auth.is_empty() {
            check.insert("AUTH".into(), json!(auth));
        }
        let lang = Lang::from_params(flow.params);
        let r = flow.send(check)?;
        // 218: the transfer can be requested; anything else says why it cannot.
        if r.code != 218 && r.code != 200 {
            // Our sentence in the reader's language; the API's reply as it came.
            return fail(lang.fill(
                "refuse_transfer_not_possible",
                &[
                    ("domain", &domain),
                    ("code", &r.code.to_string()),
                    ("description", &shown(&r.description, TEXT_CHARS)),
                ],
            ));
        }
        // CHECKDOMAINTRANSFER.md: `1` or `0` (UNKNOWN without an auth code); "NO" as well.
        if matches!(first(r, "AUTHISVALID"), Some("0" | "NO")) {
            return fail(lang.fill("refuse_transfer_auth_invalid", &[("domain", &domain)]));
        }
        if first(r, "TRANSFERLOCK") == Some("1") {
            return fail(lang.fill("refuse_transfer_locked", &[("domain", &domain)]));
        }
        // The domain is held by another account with this provider: moved within its system.
        if first(r, "USERTRANSFERREQUIRED") == Some("1") {
            action = "USERTRANSFER";
        }
        if premium && crate::lookup::fee_api(flow.settings.api()).is_none() {
            class = first(r, "CLASS")
                .filter(|c| !c.trim().is_empty())
                .map(str::to_owned);
        }
    }
    // CNR: a premium transfer carries its TRANSFER fee (TransferDomain X-FEE-AMOUNT0).
    if let Some(fees) = crate::lookup::fee_api(flow.settings.api()).filter(|_| premium) {
        use crate::lookup::{one_fee, FeeFor};
        let fee = one_fee(flow, &domain, FeeFor::Transfer, None)?
            .filter(|(fee, _)| fee.premium())
            .and_then(|(fee, _)| fee.price());
        if let Some((amount, _)) = fee {
            pending_fee = Some((fees.transfer_amount, crate::pricing::money::format(amount)));
        }
    }
    let mut request =
        command(json!({ "COMMAND": "TransferDomain", "DOMAIN": domain, "ACTION": action }));
    if !auth.is_empty() {
        request.insert("AUTH".into(), json!(auth));
    }
    if let Some(class) = class {
        request.insert("CLASS".into(), json!(class));
    }
    if let Some((param, amount)) = pending_fee {
        request.insert(param.into(), json!(amount));
    }
    if action == "REQUEST" {
        let fields = fields?;
        let years = period(flow.params)?;
        // Some registries (.es, .no, .nu …) transfer without a renewal: then the period is 0Y
        // (ISPAPI), or no PERIOD at all (CNR, as its module's TransferDomain.php sends it).
        let rules = &super::dialect::dialect(flow.settings.api()).zone_rules;
        let options = flow.send(rules.request(&domain))?;
        let Some(periods) = rules.transfer_periods else {
            let no_renewal = options.success
                && !rules
                    .renews_on_transfer
                    .iter()
                    .any(|p| first(options, p).is_some_and(|v| v.trim() == "1"));
            if !no_renewal {
                request.insert("PERIOD".into(), json!(format!("{years}Y")));
            }
            apply_fields(&mut request, &fields);
            return send_transfer(flow, request, &domain, action);
        };
        let allowed: Vec<String> = first(options, periods)
            .unwrap_or_default()
            .split(',')
            .map(|p| p.trim().trim_end_matches('Y').to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        let years = if allowed.is_empty() || allowed.contains(&years.to_string()) {
            format!("{years}Y")
        } else if allowed.iter().any(|p| p == "0") {
            "0Y".to_owned()
        } else {
            return fail(Lang::from_params(flow.params).fill(
                "refuse_transfer_period",
                &[
                    ("domain", &domain),
                    ("years", &years.to_string()),
                    ("allowed", &shown(&allowed.join(", "), QUOTED_CHARS)),
                ],
            ));
        };
        request.insert("PERIOD".into(), json!(years));
        apply_fields(&mut request, &fields);
    }
    send_transfer(flow, request, &domain, action)
}

fn send_transfer(flow: &mut Flow, request: Command, domain: &str, action: &str) -> Outcome {
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

/// The CLASS a premium name's renewal, payment and restore must carry: the domain's SUBCLASS
/// (StatusDomain), asked only when WHMCS renews at a premium price.
fn renewal_class(flow: &mut Flow, domain: &str) -> Result<Option<String>, Interrupt> {
    if !yes(flow.params, "premiumEnabled", false)
        || premium_cost(flow.params).is_none()
        || crate::lookup::fee_api(flow.settings.api()).is_some()
    {
        return Ok(None);
    }
    let r = flow.send(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    Ok(if r.success {
        first(r, "SUBCLASS")
            .filter(|c| !c.trim().is_empty())
            .map(str::to_owned)
    } else {
        None
    })
}

/// A renewal command, with the premium CLASS when there is one.
fn renewal_command(
    name: &str,
    domain: &str,
    years: Option<u32>,
    class: &Option<String>,
) -> Command {
    let mut c = command(json!({ "COMMAND": name, "DOMAIN": domain }));
    if let Some(years) = years {
        c.insert("PERIOD".into(), json!(years));
    }
    if let Some(class) = class {
        c.insert("CLASS".into(), json!(class));
    }
    c
}

/// CNR: the parameter and amount a premium renewal or restore agrees to pay (the fee
/// extension); `None` on ISPAPI, for a name WHMCS does not price as premium, or when the
/// registry quotes no premium fee.
fn premium_fee(
    flow: &mut Flow,
    domain: &str,
    what: crate::lookup::FeeFor,
    years: Option<u32>,
) -> Result<Option<(&'static str, String)>, Interrupt> {
    let Some(fees) =
        crate::lookup::fee_api(flow.settings.api()).filter(|_| premium_cost(flow.params).is_some())
    else {
        return Ok(None);
    };
    let param = match what {
        crate::lookup::FeeFor::Restore => fees.restore_amount,
        _ => fees.renew_amount,
    };
    let fee = crate::lookup::one_fee(flow, domain, what, years)?
        .filter(|(fee, _)| fee.premium())
        .and_then(|(fee, _)| fee.price());
    Ok(fee.map(|(amount, _)| (param, crate::pricing::money::format(amount))))
}

pub fn renew(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let mut years = period(flow.params)?;
    let dialect = super::dialect::dialect(flow.settings.api());
    let class = renewal_class(flow, &domain)?;
    if yes(flow.params, "isInRedemptionGracePeriod", false) {
        let restore = &dialect.restore;
        let mut c = renewal_command(restore.command, &domain, None, &class);
        // CNR: a premium restore carries its RESTORE fee.
        if let Some((param, amount)) =
            premium_fee(flow, &domain, crate::lookup::FeeFor::Restore, None)?
        {
            c.insert(param.into(), json!(amount));
        }
        flow.expect(c)?;
        flow.activity(format!("ispapi: restored {domain} from redemption"));
        if years <= restore.years_included {
            return Ok(json!({ "success": true }));
        }
        // The rest of the term is an ordinary renewal.
        years -= restore.years_included;
    }
    let mut renew = renewal_command("RenewDomain", &domain, Some(years), &class);
    // CNR: a premium renewal carries its RENEW fee for the term (RenewDomain X-FEE-AMOUNT).
    if let Some((param, amount)) =
        premium_fee(flow, &domain, crate::lookup::FeeFor::Renew, Some(years))?
    {
        renew.insert(param.into(), json!(amount));
    }
    if let Some(property) = dialect.renew_expiration_year_from {
        let status = flow.expect(command(
            json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
        ))?;
        let Some(year) = first(status, property)
            .and_then(super::dates::parse)
            .map(|d| d.year())
        else {
            return fail(Lang::from_params(flow.params).fill(
                "refuse_renewal_no_expiration",
                &[("property", property), ("domain", &domain)],
            ));
        };
        renew.insert("EXPIRATION".into(), json!(year));
    }
    let r = flow.send(renew)?;
    if let (510, Some(pay)) = (r.code, dialect.pay_renewal) {
        // 510: this TLD renews by paying ahead (PayDomainRenewal) rather than RenewDomain.
        flow.expect(renewal_command(pay, &domain, Some(years), &class))?;
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
        return fail(Lang::from_params(flow.params).text("refuse_two_nameservers"));
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

/// How the domain's TLD hands out its transfer code (`epp_codes.toml`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EppRule {
    tld: String,
    #[serde(default)]
    how: Option<EppHow>,
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    unlocked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum EppHow {
    Generate,
    Request,
    Sent,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EppTable {
    tld: Vec<EppRule>,
    /// CNR's commands by TLD; the registry's rules (`unlocked`) come from `tld`.
    cnr: Vec<EppRule>,
}

fn epp_rule(api: crate::wire::Api, domain: &str) -> EppRule {
    let tld = domain.rsplit('.').next().unwrap_or_default();
    // Part of the build; tests/registrar_flows.rs covers every rule, so a broken edit fails.
    let Ok(table) = toml::from_str::<EppTable>(include_str!("epp_codes.toml")) else {
        return EppRule::default();
    };
    let registry = table
        .tld
        .into_iter()
        .find(|r| r.tld == tld)
        .unwrap_or_default();
    match api {
        crate::wire::Api::Ispapi => registry,
        crate::wire::Api::Cnr => {
            let cnr = table.cnr.into_iter().find(|r| r.tld == tld);
            EppRule {
                tld: tld.to_owned(),
                how: cnr.as_ref().and_then(|r| r.how),
                command: cnr.and_then(|r| r.command),
                unlocked: registry.unlocked,
            }
        }
    }
}

/// `GetEPPCode`: the code shown to the customer, or `{"success": "success"}` when the registry
/// e-mails it to the registrant (sample-registrar-module's answer for an e-mailed code).
pub fn get_epp_code(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let rule = epp_rule(flow.settings.api(), &domain);
    let mut reply = None;
    if let (Some(how), Some(name)) = (rule.how, rule.command.as_deref()) {
        let r = flow.expect(command(json!({ "COMMAND": name, "DOMAIN": domain })))?;
        if how == EppHow::Sent {
            flow.activity(format!(
                "ispapi: {domain}: transfer code sent to the registrant"
            ));
            return Ok(json!({ "success": "success" }));
        }
        reply = first(r, "AUTH").map(str::to_owned);
    }
    let auth = match reply {
        Some(auth) => auth,
        None => {
            let r = flow.expect(command(
                json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
            ))?;
            if rule.unlocked && first(r, "TRANSFERLOCK") == Some("1") {
                return fail(
                    Lang::from_params(flow.params)
                        .fill("refuse_transfer_code_locked", &[("tld", &rule.tld)]),
                );
            }
            first(r, "AUTH").unwrap_or_default().to_owned()
        }
    };
    if auth.is_empty() {
        return fail(Lang::from_params(flow.params).text("refuse_no_transfer_code"));
    }
    flow.activity(format!("ispapi: {domain}: transfer code shown"));
    Ok(json!({ "eppcode": auth }))
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
