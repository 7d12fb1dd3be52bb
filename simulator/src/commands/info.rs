//! Registry and product information: ConvertIDN, QueryDomainOptions, GetZoneInfo,
//! QueryDomainSuggestionList, QueryPremiumDomainList.

use super::transfer::wildcard;
use super::{ace, unicode, Ctx, Outcome, Page};
use crate::catalog::{cents, money, Tld};
use crate::protocol::Params;
use crate::reply::Reply;

/// ConvertIDN: ACE and Unicode forms (UTS #46 through the `idna` crate).
pub fn convert_idn(_ctx: &mut Ctx, p: &Params) -> Outcome {
    let names = p.list("DOMAIN");
    if names.is_empty() {
        return Err(Reply::detail(504, "parameter DOMAIN0 is missing"));
    }
    let mut r = Reply::ok();
    for n in names.iter().take(1000) {
        let ace = idna::domain_to_ascii(n.trim()).unwrap_or_default();
        r.push("ACE", ace.clone());
        r.push(
            "IDN",
            if ace.is_empty() {
                n.clone()
            } else {
                unicode(&ace)
            },
        );
    }
    Ok(r)
}

fn years(list: &[u32]) -> String {
    list.iter()
        .map(|y| format!("{y}Y"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The TLD named by a domain (`x.co.uk`) or by the TLD itself (`co.uk`, `.co.uk`).
fn tld_for<'a>(ctx: &Ctx<'a>, text: &str) -> Option<(&'a str, &'a Tld)> {
    let catalog = ctx.catalog;
    let t = text.trim().trim_start_matches('.').to_lowercase();
    let t = idna::domain_to_ascii(&t).unwrap_or(t);
    if let Some((k, v)) = catalog.tlds.get_key_value(t.as_str()) {
        return Some((k.as_str(), v));
    }
    catalog.tld_of(&t)
}

pub fn query_domain_options(ctx: &mut Ctx, p: &Params) -> Outcome {
    let names = p.list("DOMAIN");
    if names.is_empty() {
        return Err(Reply::detail(504, "parameter DOMAIN0 is missing"));
    }
    let mut r = Reply::ok();
    for n in names.iter().take(1000) {
        let Some((_, tld)) = tld_for(ctx, n) else {
            return Err(Reply::detail(
                541,
                format!(
                    "the TLD of {} is not offered",
                    n.chars().take(60).collect::<String>()
                ),
            ));
        };
        r.push("HOSTIPADDRESSESTYPE", "ipv6");
        r.push("HOSTMANAGEDAS", "OBJECT");
        r.push("LAUNCHPHASES", "");
        r.push("LAUNCHPHASESALLOCATIONTYPE", "");
        r.push("LAUNCHPHASESAPPLICATIONDATE", "");
        r.push("LAUNCHPHASESCLOSEDATE", "");
        r.push("LAUNCHPHASESSTARTDATE", "");
        r.push("NAMESERVERMAX", tld.nameserver_max.to_string());
        r.push("NAMESERVERMIN", tld.nameserver_min.to_string());
        r.push(
            "REGISTRYTRANSFERREQUIREAUTHCODE",
            if tld.auth_required { "YES" } else { "NO" },
        );
        r.push("REPOSITORY", super::domain::repository(tld));
        r.push("X-INSTANTMOBILIZER", "");
        r.push("X-PROXY", tld.privacy.join(" "));
        r.push("X-TRUSTEE", "");
        for role in ["ADMIN", "BILLING", "REGISTRANT", "TECH"] {
            r.push(&format!("ZONE{role}CONTACTSMAX"), "1");
            r.push(&format!("ZONE{role}CONTACTSMIN"), "1");
        }
        for policy in [
            "ZONEPOLICYDOMAINTRADEAPPROVECONFIRMATION",
            "ZONEPOLICYDOMAINTRADEREQUESTCONFIRMATION",
            "ZONEPOLICYDOMAINTRANSFERAPPROVECONFIRMATION",
            "ZONEPOLICYDOMAINTRANSFERREJECTCONFIRMATION",
            "ZONEPOLICYDOMAINTRANSFERREQUESTCONFIRMATION",
        ] {
            r.push(policy, "");
        }
        r.push(
            "ZONEPOLICYREGISTRANTNAMECHANGEBY",
            if tld.prices.trade.is_some() {
                "TRADE"
            } else {
                "ICANN-TRADE"
            },
        );
        // Not in the command's reference, but the original module read the redemption days
        // from QueryDomainOptions under this name ("30d").
        r.push(
            "ZONEDELETIONRESTORABLEPERIOD",
            format!("{}d", tld.redemption_days),
        );
        r.push("ZONEREGISTRATIONPERIODS", years(&tld.register_periods));
        r.push("ZONERENEWALPERIODS", years(&tld.renew_periods));
        r.push("ZONETRANSFERPERIODS", years(&tld.transfer_periods));
    }
    Ok(r)
}

/// GetZoneInfo (CNR): a TLD's rules under the names the provider's CNR module reads
/// (rtldev-middleware-whmcs-rrpproxy-registrar lib/Helpers/ZoneInfo.php; spec/cnr.json). Its
/// knowledge-base page is not in our sources, so the values beside those the module tests
/// (`1`, AUTHCODE `required`, OWNERCHANGEPROCESS `TRADE`) are unverified: `0` and empty here.
pub fn get_zone_info(ctx: &mut Ctx, p: &Params) -> Outcome {
    let zone = p.require("ZONE")?;
    let (_, tld) = tld_for(ctx, zone).ok_or_else(|| Reply::detail(545, "zone not found"))?;
    let flag = |on: bool| if on { "1" } else { "0" };
    // A registry that transfers without a renewal lists 0Y among ISPAPI's transfer periods.
    let renews_on_transfer = !tld.transfer_periods.contains(&0);
    Ok(Reply::ok()
        .with("PERIODS", years(&tld.register_periods))
        .with("REGISTRATIONPERIODS", years(&tld.register_periods))
        .with("RENEWALPERIODS", years(&tld.renew_periods))
        .with("AUTORENEWGRACEPERIODDAYS", tld.grace_days.to_string())
        .with("REDEMPTIONPERIODDAYS", tld.redemption_days.to_string())
        .with("AUTHCODE", if tld.auth_required { "required" } else { "" })
        .with("RRPSUPPORTSWHOISPRIVACY", flag(!tld.privacy.is_empty()))
        .with("SUPPORTSTRUSTEE", "0")
        .with("RRPSUPPORTSRENEWAL", flag(!tld.pay_renewal))
        .with("RENEWALATTRANSFER", flag(renews_on_transfer))
        .with("RENEWALAFTERTRANSFER", "0")
        .with("HANDLESUPDATEABLE", "1")
        // As the ISPAPI side: a registry that charges for a registrant change trades.
        .with(
            "OWNERCHANGEPROCESS",
            if tld.prices.trade.is_some() {
                "TRADE"
            } else {
                ""
            },
        ))
}

/// QueryDomainSuggestionList: the keyword and a few word combinations over the offered TLDs
/// (or ZONE0..n), available names only, premium ones with their price. Deterministic.
pub fn query_suggestion_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let keyword = p.require("KEYWORD")?.trim().to_lowercase();
    let label: String = keyword
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    if label.is_empty() {
        return Err(Reply::detail(541, "KEYWORD has no usable characters"));
    }
    let zones: Vec<String> = {
        let z = p.list("ZONE");
        if z.is_empty() {
            ctx.catalog.tlds.keys().cloned().collect()
        } else {
            z.iter()
                .map(|z| z.trim().trim_start_matches('.').to_lowercase())
                .collect()
        }
    };
    let page = Page::from(p, 20)?;
    let mut labels = vec![label.clone()];
    for w in &ctx.catalog.suggestion_words {
        labels.push(format!("{label}{w}"));
        labels.push(format!("{w}{label}"));
    }
    let mut found = Vec::new();
    'outer: for l in &labels {
        for z in &zones {
            let Ok(name) = ace("KEYWORD", &format!("{l}.{z}")) else {
                continue;
            };
            if ctx.catalog.tld_of(&name).is_none()
                || ctx.catalog.is_reserved(&name)
                || ctx.catalog.foreign(&name).is_some()
            {
                continue;
            }
            if ctx.store.domain(&name)?.is_some() {
                continue;
            }
            found.push(name);
            if found.len() >= page.first + page.limit {
                break 'outer;
            }
        }
    }
    let mut r = Reply::ok();
    for name in found.into_iter().skip(page.first) {
        let premium = ctx.catalog.premium(&name);
        r.push("DOMAIN", name.clone());
        r.push("CATEGORY", "");
        r.push(
            "PREMIUMCHANNEL",
            premium
                .map(|(pn, _)| pn.channel.clone())
                .unwrap_or_default(),
        );
        r.push(
            "PRICE",
            premium
                .map(|(_, pr)| money(cents(pr.setup + pr.annual)))
                .unwrap_or_default(),
        );
        r.push(
            "CURRENCY",
            premium
                .map(|(_, pr)| pr.currency.clone())
                .unwrap_or_default(),
        );
    }
    r.column("DOMAIN");
    Ok(r)
}

/// QueryPremiumDomainList: the premium names on offer with their class and prices (not in the
/// HEXONET reference; columns assumed after CheckDomains').
pub fn query_premium_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let page = Page::from(p, 1000)?;
    let pattern = p.get("DOMAIN").map(|d| d.trim().to_lowercase());
    let zone = p
        .get("ZONE")
        .map(|z| z.trim().trim_start_matches('.').to_lowercase());
    let mut rows = Vec::new();
    for prem in &ctx.catalog.premium {
        let name = prem.domain.to_lowercase();
        if pattern.as_deref().is_some_and(|pat| !wildcard(pat, &name)) {
            continue;
        }
        if zone
            .as_deref()
            .is_some_and(|z| !name.ends_with(&format!(".{z}")))
        {
            continue;
        }
        if ctx.store.domain(&name)?.is_some() {
            continue;
        }
        if let Some(prices) = ctx.catalog.premium_classes.get(&prem.class) {
            rows.push((name, prem, prices));
        }
    }
    let shown: Vec<_> = rows.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, shown.len(), rows.len());
    for (name, prem, prices) in shown {
        r.push("DOMAIN", name.clone());
        r.push("CLASS", prem.class.clone());
        r.push("PREMIUMCHANNEL", prem.channel.clone());
        r.push("PRICE", money(cents(prices.setup + prices.annual)));
        r.push("RENEWALPRICE", money(cents(prices.annual)));
        r.push("CURRENCY", prices.currency.clone());
    }
    Ok(r)
}

/// QueryDomainRepositoryInfo: the registry repository of a domain's TLD, how it takes DNSSEC
/// data (ZONESECDNSINTERFACE `NONE`, `KEY` or `DS`) and whether it has a transfer lock
/// (REGISTRYTRANSFERLOCK); the domain need not be held.
pub fn query_domain_repository_info(ctx: &mut Ctx, p: &Params) -> Outcome {
    let domain = p.require("DOMAIN")?;
    let (label, tld) =
        tld_for(ctx, domain).ok_or_else(|| Reply::detail(549, "TLD not supported"))?;
    let interface = ctx.catalog.secdns.get(label).map_or("DS", String::as_str);
    let lock = !ctx.catalog.no_transferlock.iter().any(|t| t == label);
    Ok(Reply::ok()
        .with("REGISTRYTRANSFERLOCK", if lock { "YES" } else { "NO" })
        .with("REPOSITORY", super::domain::repository(tld))
        .with("ZONESECDNSINTERFACE", interface))
}

/// CNR's GetNameSuggestion (kb: api/name-suggestion; NAME is the only required parameter; by
/// default TLDs com,de,net,org,ch,info,co.uk,es,com.br,eu, no unavailable names, at most 30),
/// answered as the provider's CNR module reads it: NAME# and AVAILABILITY#. The names come from
/// the same word list as QueryDomainSuggestionList; the other TYPEs and options are not
/// simulated.
pub fn get_name_suggestion(ctx: &mut Ctx, p: &Params) -> Outcome {
    const DEFAULT_TLDS: &[&str] = &[
        "com", "de", "net", "org", "ch", "info", "co.uk", "es", "com.br", "eu",
    ];
    let mut pairs = vec![
        ("KEYWORD".to_owned(), p.require("NAME")?.to_owned()),
        ("LIMIT".to_owned(), "30".to_owned()),
    ];
    pairs.extend(
        DEFAULT_TLDS
            .iter()
            .filter(|t| ctx.catalog.tlds.contains_key(**t))
            .enumerate()
            .map(|(i, t)| (format!("ZONE{i}"), (*t).to_owned())),
    );
    let listed = query_suggestion_list(ctx, &Params::from_pairs(pairs))?;
    let names = listed
        .get("DOMAIN")
        .map(<[String]>::to_vec)
        .unwrap_or_default();
    let mut r = Reply::ok();
    for name in names {
        r.push("NAME", name);
        r.push("AVAILABILITY", "available");
    }
    r.column("NAME");
    Ok(r)
}
