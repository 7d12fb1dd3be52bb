//! The lookup provider's flows. Nothing here ends in an error WHMCS would show a customer in
//! the cart: a check that fails makes its names `STATUS_UNKNOWN`, a failed suggestion query
//! gives no suggestions.

use super::classify::{classify, Availability, CheckRow, Status};
use super::fee::{classify_fee, fee_api, fee_check, fee_row, one_fee, FeeFor};
use super::names::{
    candidates, from_name, plain_tld, search_label, unsafe_name, unsafe_tld, Candidate,
};
use super::Classified;
use crate::pricing::money::{Cents, Money};
use crate::pricing::{
    ace_tld, class_for_extension, default_currency, is_premium_class, PriceClasses, Rates,
    WhmcsCurrency,
};
use crate::registrar::{Flow, Interrupt, Params};
use crate::wire::{Command, Response};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

type Outcome = Result<Value, Interrupt>;

/// Names per CheckDomains: CNR's own SDK sends at most 32, so both APIs get 32.
const BATCH: usize = 32;
/// A registrar function sends at most 40 commands; keep room for StatusUser,
/// QueryExchangeRates and the suggestion query. Names beyond 36 × 32 are reported unknown.
const MAX_BATCHES: usize = 36;

const RESULTS_LIST: &str = "WHMCS\\Domains\\DomainLookup\\ResultsList";
const SEARCH_RESULT: &str = "WHMCS\\Domains\\DomainLookup\\SearchResult";

fn command(v: Value) -> Command {
    match v {
        Value::Object(m) => m,
        _ => Command::new(),
    }
}

fn text<'a>(p: &'a Params, key: &str) -> &'a str {
    p.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("")
}

fn truthy(v: Option<&Value>) -> bool {
    v.is_some_and(crate::pricing::lenient::truthy)
}

/// A list parameter WHMCS may pass as an array or an object keyed by index.
fn string_list(v: Option<&Value>) -> Vec<String> {
    let items: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Object(m)) => m.values().collect(),
        Some(Value::String(s)) => {
            return s
                .split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        }
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(Value::as_str)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn column<'r>(r: &'r Response, name: &str) -> Vec<&'r str> {
    r.properties
        .get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default()).collect())
        .unwrap_or_default()
}

fn row(r: &Response, i: usize) -> CheckRow {
    let cell = |name: &str| column(r, name).get(i).copied().unwrap_or("").to_owned();
    CheckRow {
        domaincheck: cell("DOMAINCHECK"),
        reason: cell("REASON"),
        class: cell("CLASS"),
        premiumchannel: cell("PREMIUMCHANNEL"),
        price: cell("PRICE"),
        currency: cell("CURRENCY"),
    }
}

/// The status WHMCS gets for a check result when no premium price is attached.
pub(super) fn settle(a: Availability, premium_enabled: bool) -> Classified {
    match a {
        Availability::Plain { status } => Classified {
            status,
            premium: false,
        },
        // A premium name may only be sold at its premium price, which WHMCS shows only with
        // Premium Domains on; otherwise it is not for sale here.
        Availability::Premium { .. } if premium_enabled => Classified {
            status: Status::Available,
            premium: true,
        },
        Availability::Premium { .. } | Availability::PremiumUnpriced => Classified {
            status: Status::Reserved,
            premium: true,
        },
    }
}

/// CheckDomains for every name, in batches; a batch the API does not answer is unknown.
fn check_names(
    flow: &mut Flow,
    names: &[String],
    premium: bool,
) -> Result<Vec<Availability>, Interrupt> {
    let mut out = Vec::with_capacity(names.len());
    // CNR prices premium names through the fee extension (`fee.rs`), ISPAPI by PREMIUMCHANNELS.
    let fees = fee_api(flow.settings.api()).filter(|_| premium);
    let batch = fees.map_or(BATCH, |f| f.batch);
    for (i, chunk) in names.chunks(batch).enumerate() {
        let unknown = || Availability::plain(Status::Unknown);
        if i >= MAX_BATCHES {
            out.extend(chunk.iter().map(|_| unknown()));
            continue;
        }
        let check = match fees {
            Some(_) => fee_check(chunk, FeeFor::Add, None),
            None => {
                let mut check = command(json!({ "COMMAND": "CheckDomains", "DOMAIN": chunk }));
                if premium {
                    check.insert("PREMIUMCHANNELS".into(), json!("*"));
                }
                check
            }
        };
        let r = flow.send(check)?;
        if !r.success {
            out.extend(chunk.iter().map(|_| unknown()));
            continue;
        }
        match fees {
            Some(_) => out.extend((0..chunk.len()).map(|j| classify_fee(r, j))),
            None => out.extend((0..chunk.len()).map(|j| classify(&row(r, j)))),
        }
    }
    Ok(out)
}

/// A premium name's cost prices in the currency WHMCS gets.
#[derive(Debug, Clone)]
struct Priced {
    register: Option<Cents>,
    renew: Option<Cents>,
    transfer: Option<Cents>,
    currency: String,
}

impl Priced {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        for (key, amount) in [
            ("register", self.register),
            ("renew", self.renew),
            ("transfer", self.transfer),
        ] {
            if let Some(a) = amount {
                m.insert(key.into(), json!(Money(a)));
            }
        }
        m.insert("CurrencyCode".into(), json!(self.currency));
        Value::Object(m)
    }
}

/// The currency WHMCS can take: the API's when WHMCS has it (or when the host did not say),
/// else WHMCS's default currency.
fn target_currency(currency: &str, currencies: &[WhmcsCurrency]) -> String {
    let known = currencies.is_empty()
        || currencies
            .iter()
            .any(|c| c.code.eq_ignore_ascii_case(currency));
    match default_currency(currencies) {
        Some(d) if !known => d.code.to_ascii_uppercase(),
        _ => currency.to_ascii_uppercase(),
    }
}

/// Amounts `(cents, currency)` converted to `target`, asking for the exchange rates only when a
/// currency differs.
fn convert_all(
    flow: &mut Flow,
    amounts: &[Option<(Cents, String)>],
    target: &str,
    rates: &mut Option<Rates>,
) -> Result<Vec<Option<Cents>>, Interrupt> {
    let differs = amounts
        .iter()
        .flatten()
        .any(|(_, c)| !c.eq_ignore_ascii_case(target));
    if differs && rates.is_none() {
        let r = flow.send(command(json!({ "COMMAND": "QueryExchangeRates" })))?;
        *rates = Some(if r.success {
            Rates::from_response(r)
        } else {
            Rates::default()
        });
    }
    let table = rates.clone().unwrap_or_default();
    Ok(amounts
        .iter()
        .map(|a| {
            let (cents, currency) = a.as_ref()?;
            table.convert(*cents, currency, target)
        })
        .collect())
}

/// The renewal price of a premium name: its class's annual price, or for an aftermarket name
/// (no class) the TLD's own.
fn renewal(classes: &PriceClasses, class: &str, tld: &str) -> Option<(Cents, String)> {
    let class = if is_premium_class(class) {
        class.to_owned()
    } else {
        class_for_extension(tld)?
    };
    let p = classes.get(&class)?;
    Some((p.annual?, p.currency.clone()?))
}

/// A premium price from CheckDomains in the WHMCS currency the lookup quoted it in (the same
/// conversion), so that registration compares like with like: `(cents, currency)`.
pub(crate) fn quoted_premium_price(
    flow: &mut Flow,
    price: Cents,
    currency: &str,
) -> Result<Option<(Cents, String)>, Interrupt> {
    let currencies = crate::pricing::whmcs_currencies(flow.params)?;
    let target = target_currency(currency, &currencies);
    let mut rates = None;
    let converted = convert_all(
        flow,
        &[Some((price, currency.to_owned()))],
        &target,
        &mut rates,
    )?;
    Ok(converted[0].map(|c| (c, target)))
}

/// Prices for the available premium names among `found`; `None` where no price in a WHMCS
/// currency could be made (that name is then not for sale here).
fn price_premiums(
    flow: &mut Flow,
    names: &[Candidate],
    found: &[Availability],
    currencies: &[WhmcsCurrency],
) -> Result<Vec<Option<Priced>>, Interrupt> {
    let mut out = vec![None; found.len()];
    if !found
        .iter()
        .any(|a| matches!(a, Availability::Premium { .. }))
    {
        return Ok(out);
    }
    if let Some(fees) = fee_api(flow.settings.api()) {
        return price_fees(flow, fees.batch, names, found, currencies);
    }
    let status = flow.send(command(json!({ "COMMAND": "StatusUser" })))?;
    let classes = if status.success {
        PriceClasses::from_response(status)
    } else {
        PriceClasses::default()
    };
    let mut rates = None;
    for (i, a) in found.iter().enumerate() {
        let Availability::Premium {
            class,
            price,
            currency,
            ..
        } = a
        else {
            continue;
        };
        let tld = names.get(i).map(|c| c.tld.as_str()).unwrap_or("");
        let target = target_currency(currency, currencies);
        let amounts = [
            Some((*price, currency.clone())),
            renewal(&classes, class, tld),
        ];
        let converted = convert_all(flow, &amounts, &target, &mut rates)?;
        if let Some(register) = converted[0] {
            out[i] = Some(Priced {
                register: Some(register),
                renew: converted[1],
                transfer: None,
                currency: target,
            });
        }
    }
    Ok(out)
}

/// CNR: each premium name's renewal price is its RENEW fee (one CheckDomains per batch of
/// premium names); there are no price classes to read it from.
fn price_fees(
    flow: &mut Flow,
    batch: usize,
    names: &[Candidate],
    found: &[Availability],
    currencies: &[WhmcsCurrency],
) -> Result<Vec<Option<Priced>>, Interrupt> {
    let premium: Vec<usize> = (0..found.len())
        .filter(|&i| matches!(found[i], Availability::Premium { .. }) && i < names.len())
        .collect();
    let mut renew: Vec<Option<(Cents, String)>> = vec![None; found.len()];
    for chunk in premium.chunks(batch) {
        let list: Vec<String> = chunk.iter().map(|&i| names[i].ace.clone()).collect();
        let r = flow.send(fee_check(&list, FeeFor::Renew, None))?;
        if r.success {
            for (j, &i) in chunk.iter().enumerate() {
                renew[i] = fee_row(r, j).price();
            }
        }
    }
    let mut out = vec![None; found.len()];
    let mut rates = None;
    for &i in &premium {
        let Availability::Premium {
            price, currency, ..
        } = &found[i]
        else {
            continue;
        };
        let target = target_currency(currency, currencies);
        let amounts = [Some((*price, currency.clone())), renew[i].clone()];
        let converted = convert_all(flow, &amounts, &target, &mut rates)?;
        if let Some(register) = converted[0] {
            out[i] = Some(Priced {
                register: Some(register),
                renew: converted[1],
                transfer: None,
                currency: target,
            });
        }
    }
    Ok(out)
}

/// CNR's `GetPremiumPrice`: the ADD, RENEW and TRANSFER fees of one name, where its fee class
/// is premium (the registration price only while the name is available).
fn premium_fees(flow: &mut Flow, name: &str, currencies: &[WhmcsCurrency]) -> Outcome {
    let mut amounts = Vec::new();
    for what in [FeeFor::Add, FeeFor::Renew, FeeFor::Transfer] {
        let price = match one_fee(flow, name, what, None)? {
            Some((fee, available))
                if fee.premium() && (available || !matches!(what, FeeFor::Add)) =>
            {
                fee.price()
            }
            _ => None,
        };
        amounts.push(price);
    }
    let Some(base) = amounts.iter().flatten().map(|(_, c)| c.clone()).next() else {
        return Ok(json!({}));
    };
    let target = target_currency(&base, currencies);
    let converted = convert_all(flow, &amounts, &target, &mut None)?;
    let priced = Priced {
        register: converted[0],
        renew: converted[1],
        transfer: converted[2],
        currency: target,
    };
    if priced.register.is_none() && priced.renew.is_none() && priced.transfer.is_none() {
        return Ok(json!({}));
    }
    Ok(priced.to_json())
}

fn item(
    sld: &str,
    tld: &str,
    status: Status,
    premium: Option<&Priced>,
    score: Option<f64>,
) -> Value {
    let mut setters = vec![json!(["setStatus", { "constant": status.constant() }])];
    if let Some(p) = premium {
        setters.push(json!(["setPremiumDomain", true]));
        setters.push(json!(["setPremiumCostPricing", p.to_json()]));
    }
    if let Some(s) = score {
        setters.push(json!(["setScore", s]));
    }
    json!({ "object": SEARCH_RESULT, "args": [sld, tld], "setters": setters })
}

fn results(items: Vec<Value>) -> Value {
    json!({ "objects": RESULTS_LIST, "items": items })
}

/// The status and price of one checked name.
fn outcome(
    a: &Availability,
    priced: Option<&Priced>,
    premium_enabled: bool,
) -> (Status, Option<Priced>) {
    match (a, priced) {
        (Availability::Premium { .. }, Some(p)) if premium_enabled => {
            (Status::Available, Some(p.clone()))
        }
        (Availability::Premium { .. }, None) => (Status::Reserved, None),
        (other, _) => (settle(other.clone(), premium_enabled).status, None),
    }
}

/// `CheckAvailability`: the search term under every TLD of `tldsToInclude`.
pub fn check_availability(flow: &mut Flow) -> Outcome {
    let p = flow.params;
    let label = search_label(text(p, "searchTerm"), text(p, "punyCodeSearchTerm"));
    let tlds = string_list(p.get("tldsToInclude"));
    let premium_enabled = truthy(p.get("premiumEnabled"));
    let currencies = crate::pricing::whmcs_currencies(p)?;
    let (names, invalid) = candidates(&label, &tlds);
    let aces: Vec<String> = names.iter().map(|c| c.ace.clone()).collect();
    let found = check_names(flow, &aces, premium_enabled)?;
    let priced = if premium_enabled {
        price_premiums(flow, &names, &found, &currencies)?
    } else {
        vec![None; found.len()]
    };
    let mut items = Vec::with_capacity(names.len() + invalid.len());
    for (i, c) in names.iter().enumerate() {
        let a = found
            .get(i)
            .cloned()
            .unwrap_or(Availability::plain(Status::Unknown));
        let (status, premium) =
            outcome(&a, priced.get(i).and_then(Option::as_ref), premium_enabled);
        items.push(item(&c.sld, &c.tld, status, premium.as_ref(), None));
    }
    for (sld, tld) in &invalid {
        items.push(item(sld, tld, Status::Unknown, None, None));
    }
    Ok(results(items))
}

/// The lookup provider's settings page, as data.
const OPTIONS: &str = include_str!("suggestion_options.json");

fn options() -> Result<Vec<Map<String, Value>>, Interrupt> {
    serde_json::from_str(OPTIONS)
        .map_err(|e| Interrupt::Fail(format!("suggestion_options.json: {e}")))
}

/// `DomainSuggestionOptions`: the settings WHMCS shows for this lookup provider.
pub fn suggestion_options(_flow: &mut Flow) -> Outcome {
    let mut out = Map::new();
    for mut field in options()? {
        if let Some(Value::String(key)) = field.remove("key") {
            out.insert(key, Value::Object(field));
        }
    }
    Ok(Value::Object(out))
}

struct SuggestionSettings {
    enabled: bool,
    tlds: Vec<String>,
    premium: bool,
    safe_search: bool,
    max: usize,
}

/// `suggestionSettings` as WHMCS passes them, with each missing one at its `Default`.
fn suggestion_settings(p: &Params) -> Result<SuggestionSettings, Interrupt> {
    let saved = p.get("suggestionSettings").and_then(Value::as_object);
    let defaults = options()?;
    let get = |key: &str| -> Value {
        saved
            .and_then(|s| s.get(key))
            .filter(|v| !v.is_null())
            .cloned()
            .or_else(|| {
                defaults
                    .iter()
                    .find(|f| f.get("key").and_then(Value::as_str) == Some(key))
                    .and_then(|f| f.get("Default").cloned())
            })
            .unwrap_or(Value::Null)
    };
    let max = match get("maxSuggestions") {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(25)
    .clamp(1, 200) as usize;
    Ok(SuggestionSettings {
        enabled: crate::pricing::lenient::truthy(&get("suggestions")),
        tlds: string_list(Some(&get("suggestTlds")))
            .iter()
            .map(|t| plain_tld(t))
            .collect(),
        premium: crate::pricing::lenient::truthy(&get("suggestPremium")),
        safe_search: crate::pricing::lenient::truthy(&get("safeSearch")),
        max,
    })
}

/// The suggestion engine's command per API.
struct SuggestionApi {
    command: &'static str,
    /// The parameter the search label goes in.
    keyword: &'static str,
    /// Whether the command takes the TLDs (`ZONE#`), the source and a `LIMIT`.
    zones_source_limit: bool,
    /// Fixed parameters after the label.
    fixed: &'static [(&'static str, &'static str)],
    /// The reply's list of suggested names.
    names: &'static str,
}

/// ISPAPI: QUERYDOMAINSUGGESTIONLIST.md. CNR: GetNameSuggestion as the provider's CNR module
/// sends it (lib/Commands/GetNameSuggestion.php: NAME, SHOW-UNAVAILABLE=0; it reads NAME#) and
/// CNR's knowledge base (api/name-suggestion: NAME is the only required parameter); the TLDs
/// are kept to the lookup's by the filter below, as CNR's own defaults decide what it suggests.
fn suggestion_api(api: crate::wire::Api) -> &'static SuggestionApi {
    const ISPAPI: SuggestionApi = SuggestionApi {
        command: "QueryDomainSuggestionList",
        keyword: "KEYWORD",
        zones_source_limit: true,
        fixed: &[],
        names: "DOMAIN",
    };
    const CNR: SuggestionApi = SuggestionApi {
        command: "GetNameSuggestion",
        keyword: "NAME",
        zones_source_limit: false,
        fixed: &[("SHOW-UNAVAILABLE", "0")],
        names: "NAME",
    };
    match api {
        crate::wire::Api::Ispapi => &ISPAPI,
        crate::wire::Api::Cnr => &CNR,
    }
}

/// `GetDomainSuggestions`: available names from the suggestion engine, under the lookup's TLDs
/// (narrowed by the "TLDs to suggest" setting), best first.
pub fn get_domain_suggestions(flow: &mut Flow) -> Outcome {
    let p = flow.params;
    let settings = suggestion_settings(p)?;
    let label = search_label(text(p, "searchTerm"), text(p, "punyCodeSearchTerm"));
    if !settings.enabled || label.is_empty() {
        return Ok(results(Vec::new()));
    }
    let lookup_tlds = string_list(p.get("tldsToInclude"));
    let mut zones: Vec<String> = Vec::new();
    for tld in lookup_tlds.iter().map(|t| plain_tld(t)) {
        // The engine suggests under one-label TLDs only (the original module's experience).
        let wanted = !tld.is_empty()
            && !tld.contains('.')
            && (settings.tlds.is_empty() || settings.tlds.contains(&tld))
            && !(settings.safe_search && unsafe_tld(&tld));
        if wanted && !zones.contains(&tld) {
            zones.push(tld);
        }
    }
    if zones.is_empty() {
        return Ok(results(Vec::new()));
    }
    let zone_keys: BTreeSet<String> = zones.iter().filter_map(|z| ace_tld(z)).collect();
    let engine = suggestion_api(flow.settings.api());
    let mut ask = command(json!({ "COMMAND": engine.command }));
    ask.insert(engine.keyword.into(), json!(label));
    if engine.zones_source_limit {
        ask.insert("ZONE".into(), json!(zones));
        ask.insert("SOURCE".into(), json!("ISPAPI-SUGGESTIONS"));
        ask.insert("LIMIT".into(), json!(settings.max));
    }
    for (k, v) in engine.fixed {
        ask.insert((*k).into(), json!(v));
    }
    let r = flow.send(ask)?;
    if !r.success {
        return Ok(results(Vec::new()));
    }
    // The names CheckAvailability shows already.
    let searched: BTreeSet<String> = candidates(&label, &lookup_tlds)
        .0
        .into_iter()
        .map(|c| c.ace)
        .collect();
    let mut seen = BTreeSet::new();
    let names: Vec<Candidate> = column(r, engine.names)
        .into_iter()
        .filter_map(from_name)
        .filter(|c| ace_tld(&c.tld).is_some_and(|t| zone_keys.contains(&t)))
        .filter(|c| !searched.contains(&c.ace))
        .filter(|c| !(settings.safe_search && unsafe_name(c)))
        .filter(|c| seen.insert(c.ace.clone()))
        .take(settings.max)
        .collect();
    let premium_enabled = truthy(p.get("premiumEnabled"));
    let sell_premium = premium_enabled && settings.premium;
    let aces: Vec<String> = names.iter().map(|c| c.ace.clone()).collect();
    let found = check_names(flow, &aces, sell_premium)?;
    let priced = if sell_premium {
        let currencies = crate::pricing::whmcs_currencies(p)?;
        price_premiums(flow, &names, &found, &currencies)?
    } else {
        vec![None; found.len()]
    };
    let total = names.len().max(1) as f64;
    let mut items = Vec::new();
    for (i, c) in names.iter().enumerate() {
        let Some(a) = found.get(i) else { continue };
        let (status, premium) = outcome(a, priced.get(i).and_then(Option::as_ref), sell_premium);
        // Suggestions must be available for registration (WHMCS "Availability Checks").
        if status == Status::Available {
            let score = ((1.0 - i as f64 / total) * 1000.0).round() / 1000.0;
            items.push(item(&c.sld, &c.tld, status, premium.as_ref(), Some(score)));
        }
    }
    Ok(results(items))
}

/// `GetPremiumPrice`: the premium cost prices of one domain (registration, renewal, transfer);
/// `{}` when it is not premium. A name in the account that CheckDomains shows as taken gets its
/// class from StatusDomain.
pub fn get_premium_price(flow: &mut Flow) -> Outcome {
    let p = flow.params;
    let name = match (text(p, "sld"), text(p, "tld")) {
        (sld, tld) if !sld.is_empty() && !tld.is_empty() => {
            format!("{sld}.{}", tld.trim_start_matches('.'))
        }
        _ => text(p, "domain").to_owned(),
    };
    let Some(c) = from_name(&name) else {
        return Ok(json!({}));
    };
    let currencies = crate::pricing::whmcs_currencies(p)?;
    if fee_api(flow.settings.api()).is_some() {
        return premium_fees(flow, &c.ace, &currencies);
    }
    let r = flow.send(command(json!({
        "COMMAND": "CheckDomains", "DOMAIN": [c.ace], "PREMIUMCHANNELS": "*"
    })))?;
    let check = if r.success {
        row(r, 0)
    } else {
        CheckRow::default()
    };
    let available = classify(&check);
    let mut class = check.class.trim().to_owned();
    if class.is_empty() {
        let s = flow.send(command(
            json!({ "COMMAND": "StatusDomain", "DOMAIN": c.ace }),
        ))?;
        if s.success {
            class = column(s, "SUBCLASS")
                .first()
                .copied()
                .unwrap_or("")
                .trim()
                .to_owned();
        }
    }
    let aftermarket = matches!(&available, Availability::Premium { class, .. } if class.is_empty());
    if !is_premium_class(&class) && !aftermarket {
        return Ok(json!({}));
    }
    let status = flow.send(command(json!({ "COMMAND": "StatusUser" })))?;
    let classes = if status.success {
        PriceClasses::from_response(status)
    } else {
        PriceClasses::default()
    };
    let own = classes.get(&class).cloned().unwrap_or_default();
    let register = match &available {
        Availability::Premium {
            price, currency, ..
        } => Some((*price, currency.clone())),
        _ => None,
    };
    let in_class = |amount: Option<Cents>| Some((amount?, own.currency.clone()?));
    let transfer = in_class(own.transfer);
    let renew = renewal(&classes, &class, &c.tld);
    let base = register
        .as_ref()
        .or(renew.as_ref())
        .or(transfer.as_ref())
        .map(|(_, cur)| cur.clone());
    let Some(base) = base else {
        return Ok(json!({}));
    };
    let target = target_currency(&base, &currencies);
    let converted = convert_all(flow, &[register, renew, transfer], &target, &mut None)?;
    let priced = Priced {
        register: converted[0],
        renew: converted[1],
        transfer: converted[2],
        currency: target,
    };
    if priced.register.is_none() && priced.renew.is_none() && priced.transfer.is_none() {
        return Ok(json!({}));
    }
    Ok(priced.to_json())
}
