//! The extra pages of a domain in WHMCS's client area (ClientAreaCustomButtonArray): DNSSEC,
//! the registry's own WHOIS privacy (.ca, .se, .nz), WHOIS output and ERRP notices; web apps
//! are in [`super::webapps`].
//!
//! Each page is a flow: it reads the domain, applies the posted form when there is one
//! (`params.form`, which the host passes only after WHMCS's CSRF token check) and returns
//! WHMCS's `{templatefile, vars}`. A page shows its errors itself instead of failing.

use super::domain::{column, command, decode_html, domain_name, first};
use super::flow::{Flow, Interrupt};
use super::manage::is_gtld;
use super::settings::yes;
use super::texts::Lang;
use crate::dnssec::{self, DnsKey, Ds};
use serde::Deserialize;
use serde_json::{json, Map, Value};

type Outcome = Result<Value, Interrupt>;
type Vars = Map<String, Value>;

pub(super) fn fail<T>(message: impl Into<String>) -> Result<T, Interrupt> {
    Err(Interrupt::Fail(message.into()))
}

/// The button labels and the `ispapi_<function>` each opens (the original module's names).
pub fn buttons(flow: &mut Flow) -> Outcome {
    let mut buttons = Map::new();
    let lang = Lang::from_params(flow.params);
    let domain = domain_name(flow.params).unwrap_or_default();
    if yes(flow.params, "DNSSEC", false) {
        buttons.insert(lang.text("button_dnssec"), json!("dnssec"));
    }
    if privacy_rule(flow.settings.api(), &domain).is_some() {
        buttons.insert(lang.text("button_whoisprivacy"), json!("whoisprivacy"));
    }
    // Both are ICANN registrar services, so they exist for generic TLDs only.
    if yes(flow.params, "WhoisOutput", false) && is_gtld(&domain) {
        buttons.insert(lang.text("button_whoisoutput"), json!("whoisoutput"));
    }
    if yes(flow.params, "ERRP", false) && is_gtld(&domain) {
        buttons.insert(lang.text("button_errp"), json!("errp"));
    }
    // Whether the zone is at the provider costs an API call; the page itself says so.
    if yes(flow.params, "WebApps", false) {
        buttons.insert(lang.text("button_webapps"), json!("webapps"));
    }
    Ok(Value::Object(buttons))
}

/// Runs a page body; an error it ends with becomes the page's `error` message. The texts it
/// sets are in the reader's language; the template's own texts (`t`, `dir`) are added by the
/// host from `registrar_texts`.
pub(super) fn page(
    flow: &mut Flow,
    template: &str,
    body: impl FnOnce(&mut Flow, &Lang, &mut Vars) -> Result<(), Interrupt>,
) -> Outcome {
    let lang = Lang::from_params(flow.params);
    let mut vars = Vars::new();
    vars.insert(
        "domain".into(),
        json!(domain_name(flow.params).unwrap_or_default()),
    );
    vars.insert(
        "domainid".into(),
        flow.params.get("domainid").cloned().unwrap_or(Value::Null),
    );
    vars.insert("error".into(), json!(""));
    vars.insert("errors".into(), json!([]));
    vars.insert("success".into(), json!(""));
    match body(flow, &lang, &mut vars) {
        Ok(()) => {}
        Err(Interrupt::Fail(message)) => {
            vars.insert("error".into(), json!(message));
        }
        Err(send) => return Err(send),
    }
    Ok(json!({ "templatefile": format!("templates/{template}"), "vars": vars }))
}

/// The posted form, when the page was submitted.
pub(super) fn form<'p>(flow: &Flow<'p>) -> Option<&'p Value> {
    flow.params.get("form").filter(|f| f.is_object())
}

pub(super) fn form_text(form: &Value, path: &[&str]) -> String {
    let mut v = form;
    for key in path {
        match v.get(key) {
            Some(next) => v = next,
            None => return String::new(),
        }
    }
    // WHMCS HTML-encodes posted text (`&` arrives as `&amp;`).
    match v {
        Value::String(s) => decode_html(s.trim()),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

// --- Registrar lock menu and private nameservers (hooks.php)

/// Whether WHMCS's "Registrar Lock Status" page applies: the registry of the domain's TLD has a
/// transfer lock (QueryDomainRepositoryInfo `REGISTRYTRANSFERLOCK` `YES`/`NO`,
/// QUERYDOMAINREPOSITORYINFO.md). Only an explicit `NO` hides it: an answer without the
/// property leaves WHMCS's page as it is. CNR: nothing to ask, the page stays (dialect).
pub fn lock_menu(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    if !super::dialect::dialect(flow.settings.api()).lock_menu_asks_registry {
        return Ok(json!({ "supported": true }));
    }
    let info = flow.expect(command(json!({
        "COMMAND": "QueryDomainRepositoryInfo", "DOMAIN": domain
    })))?;
    let supported =
        first(info, "REGISTRYTRANSFERLOCK").is_none_or(|v| !v.trim().eq_ignore_ascii_case("NO"));
    Ok(json!({ "supported": supported }))
}

/// At most this many hosts are looked up for one page (the page shows the rest without IPs).
const MAX_HOSTS_LOOKED_UP: usize = 20;

/// The domain's own nameservers registered at the registry, with their addresses, for the
/// client's "Private Nameservers" page, which WHMCS shows without them. StatusDomain lists them
/// (ISPAPI `HOST`, by name with the default `HOSTTYPE`, STATUSDOMAIN.md; CNR: see the dialect's
/// `private_hosts`); StatusNameserver gives each one's `IPADDRESS` (STATUSNAMESERVER.md, kb
/// api-command/StatusNameserver).
pub fn private_nameservers(flow: &mut Flow) -> Outcome {
    let domain = domain_name(flow.params)?;
    let status = flow.expect(command(
        json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
    ))?;
    let (property, under_domain_only) = super::dialect::dialect(flow.settings.api()).private_hosts;
    let suffix = format!(".{}", domain.to_ascii_lowercase());
    // With HOSTTYPE ATTRIBUTE a HOST line also carries its addresses; the name comes first.
    let mut hosts: Vec<String> = column(status, property)
        .into_iter()
        .filter_map(|h| h.split_whitespace().next())
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty() && (!under_domain_only || h.ends_with(&suffix)))
        .collect();
    hosts.sort();
    hosts.dedup();
    let mut listed = Vec::with_capacity(hosts.len());
    for (i, host) in hosts.into_iter().enumerate() {
        let mut ips = Vec::new();
        if i < MAX_HOSTS_LOOKED_UP {
            let r = flow.send(command(
                json!({ "COMMAND": "StatusNameserver", "NAMESERVER": host }),
            ))?;
            // A host the registry lists but the API cannot show is listed without addresses.
            if r.success {
                ips = column(r, "IPADDRESS")
                    .into_iter()
                    .flat_map(str::split_whitespace)
                    .map(str::to_owned)
                    .collect();
            }
        }
        listed.push(json!({ "host": host, "ips": ips }));
    }
    Ok(json!({ "nameservers": listed }))
}

// --- DNSSEC

pub fn dnssec(flow: &mut Flow) -> Outcome {
    page(flow, "dnssec", |flow, lang, vars| {
        vars.insert("algorithms".into(), json!(dnssec::ALGORITHMS));
        vars.insert("digesttypes".into(), json!(dnssec::DIGEST_TYPES));
        vars.insert(
            "flags".into(),
            json!(dnssec::FLAGS
                .iter()
                .map(|(n, name)| json!({"number": n, "name": name}))
                .collect::<Vec<_>>()),
        );
        vars.insert("protocol".into(), json!(dnssec::PROTOCOL));
        vars.insert("supported".into(), json!(false));
        if !yes(flow.params, "DNSSEC", false) {
            return fail(lang.text("dnssec_not_offered"));
        }
        let domain = domain_name(flow.params)?;
        let names = super::dialect::dialect(flow.settings.api());
        // NONE, KEY or DS: whether the registry takes DNSSEC data, and in which form.
        let interface = match names.dnssec_interface {
            Some(fixed) => fixed.to_owned(),
            None => {
                let info = flow.expect(command(json!({
                    "COMMAND": "QueryDomainRepositoryInfo", "DOMAIN": domain
                })))?;
                first(info, "ZONESECDNSINTERFACE")
                    .unwrap_or("NONE")
                    .to_ascii_uppercase()
            }
        };
        vars.insert("interface".into(), json!(interface));
        if interface == "NONE" {
            return fail(lang.fill("dnssec_unsupported", &[("domain", &domain)]));
        }
        vars.insert(
            "intro".into(),
            json!(lang.fill("dnssec_intro", &[("interface", &interface)])),
        );
        vars.insert("supported".into(), json!(true));
        let status = flow.expect(command(
            json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
        ))?;
        let current_ds = column(status, names.dnssec_ds.0);
        let current_keys = column(status, names.dnssec_keys);
        let current_life = names
            .dnssec_max_sig_life
            .and_then(|p| first(status, p))
            .unwrap_or_default();
        let show = |vars: &mut Vars, rows: &dnssec::Form| {
            vars.insert("ds".into(), json!(rows.ds));
            vars.insert("keys".into(), json!(rows.keys));
            vars.insert("maxsiglife".into(), json!(rows.max_sig_life));
        };
        let Some(posted) = form(flow) else {
            let listed = dnssec::Form {
                ds: current_ds.iter().filter_map(|v| Ds::from_api(v)).collect(),
                keys: current_keys
                    .iter()
                    .filter_map(|v| DnsKey::from_api(v))
                    .collect(),
                max_sig_life: current_life.to_owned(),
            };
            show(vars, &listed);
            return Ok(());
        };
        // Until it is saved, the page shows what was typed, mistakes included.
        let submitted = dnssec::Form::from_value(posted);
        show(vars, &submitted);
        let saved = match submitted.check() {
            Ok(saved) => saved,
            Err(problems) => {
                let errors: Vec<String> = problems.iter().map(|p| lang.problem(p)).collect();
                vars.insert("errors".into(), json!(errors));
                return fail(lang.text("nothing_changed"));
            }
        };
        save_dnssec(
            flow,
            lang,
            &domain,
            &saved,
            &current_ds,
            &current_keys,
            current_life,
        )?;
        let stored = dnssec::Form {
            ds: saved.ds.iter().map(Ds::fields).collect(),
            keys: saved.keys.iter().map(DnsKey::fields).collect(),
            max_sig_life: saved
                .max_sig_life
                .map(|v| v.to_string())
                .unwrap_or_default(),
        };
        show(vars, &stored);
        vars.insert("success".into(), json!(lang.text("dnssec_saved")));
        Ok(())
    })
}

/// One ModifyDomain with what changed: the DS and DNSKEY sets replace the registry's (or are
/// deleted when emptied), the signature lifetime is set or cleared.
fn save_dnssec(
    flow: &mut Flow,
    lang: &Lang,
    domain: &str,
    saved: &dnssec::Delegation,
    current_ds: &[&str],
    current_keys: &[&str],
    current_life: &str,
) -> Result<(), Interrupt> {
    let names = super::dialect::dialect(flow.settings.api());
    let mut modify = command(json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain }));
    let wanted_ds: Vec<String> = saved.ds.iter().map(Ds::api).collect();
    let wanted_keys: Vec<String> = saved.keys.iter().map(DnsKey::api).collect();
    // The registry's records in the same spelling, so that an unchanged set is not resent.
    let normal_ds: Vec<String> = current_ds
        .iter()
        .map(|v| match Ds::from_api(v).and_then(|f| Ds::check(&f).ok()) {
            Some(ds) => ds.api(),
            None => (*v).to_owned(),
        })
        .collect();
    let normal_keys: Vec<String> = current_keys
        .iter()
        .map(
            |v| match DnsKey::from_api(v).and_then(|f| DnsKey::check(&f).ok()) {
                Some(key) => key.api(),
                None => (*v).to_owned(),
            },
        )
        .collect();
    let (ds_name, ds_settable) = names.dnssec_ds;
    // Where the DS list is only read (CNR), it may stay as listed or go with the keys.
    if !ds_settable
        && !same_set(&wanted_ds, &normal_ds)
        && (!wanted_ds.is_empty() || !wanted_keys.is_empty())
    {
        return Err(Interrupt::Fail(lang.text("dnssec_keys_only")));
    }
    let mut lists = vec![(names.dnssec_keys, &wanted_keys, &normal_keys, current_keys)];
    if ds_settable {
        lists.insert(0, (ds_name, &wanted_ds, &normal_ds, current_ds));
    }
    for (key, wanted, now, listed) in lists {
        if same_set(wanted, now) {
            continue;
        }
        match (wanted.is_empty(), names.dnssec_delete_all) {
            (true, Some(flag)) => modify.insert(flag.to_owned(), json!(1)),
            (true, None) => modify.insert(format!("DEL{key}"), json!(listed)),
            (false, _) => modify.insert(key.to_owned(), json!(wanted)),
        };
    }
    let life = saved
        .max_sig_life
        .map(|v| v.to_string())
        .unwrap_or_default();
    match names.dnssec_max_sig_life {
        Some(param) if life != current_life.trim() => {
            modify.insert(param.into(), json!(life));
        }
        None if !life.is_empty() => {
            return Err(Interrupt::Fail(lang.text("dnssec_no_sig_life")));
        }
        _ => {}
    }
    if modify.len() > 2 {
        flow.expect(modify)?;
    }
    Ok(())
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

// --- The registry's own WHOIS privacy

#[derive(Debug, Deserialize)]
struct PrivacyTable {
    tld: Vec<PrivacyRule>,
}

#[derive(Debug, Clone, Deserialize)]
struct PrivacyRule {
    tld: String,
    parameter: String,
    #[serde(default)]
    individual: Option<Individual>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Individual {
    DomainParameter { name: String, pattern: String },
    RegistrantWithoutOrganization,
}

const PRIVACY: &str = include_str!("whois_privacy.toml");

/// ISPAPI only: the table's names are ISPAPI's. CNR's StatusDomain documents no .ca/.se/.nz
/// disclosure or legal-type property (its KB page; CNR's module names the .ca legal type
/// X-CA-LEGAL-TYPE and offers no such page), so on CNR the page is not offered and ID
/// protection is CNR's own (X-WHOISPRIVACY) for every TLD.
fn privacy_rule(api: crate::wire::Api, domain: &str) -> Option<PrivacyRule> {
    if api == crate::wire::Api::Cnr {
        return None;
    }
    let tld = domain.rsplit('.').next()?;
    let table: PrivacyTable = toml::from_str(PRIVACY).ok()?;
    table.tld.into_iter().find(|r| r.tld == tld)
}

/// The extension parameter that hides (0) or discloses (1) the registrant where the registry
/// has its own privacy service; IDProtectToggle uses it instead of the WHOIS trustee there.
pub(super) fn privacy_parameter(api: crate::wire::Api, domain: &str) -> Option<String> {
    privacy_rule(api, domain).map(|r| r.parameter)
}

pub fn whois_privacy(flow: &mut Flow) -> Outcome {
    page(flow, "whoisprivacy", |flow, lang, vars| {
        vars.insert("protectable".into(), json!(false));
        vars.insert("protected".into(), json!(false));
        let domain = domain_name(flow.params)?;
        let Some(rule) = privacy_rule(flow.settings.api(), &domain) else {
            return fail(lang.fill("whoisprivacy_none", &[("domain", &domain)]));
        };
        let status = flow.expect(command(
            json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
        ))?;
        let disclosed = first(status, &rule.parameter) == Some("1");
        let protectable = match &rule.individual {
            None => true,
            Some(Individual::DomainParameter { name, pattern }) => {
                let value = first(status, name).unwrap_or_default();
                regex_lite::Regex::new(pattern).is_ok_and(|re| re.is_match(value))
            }
            Some(Individual::RegistrantWithoutOrganization) => {
                match first(status, "OWNERCONTACT") {
                    Some(handle) => {
                        let owner = flow.expect(command(
                            json!({ "COMMAND": "StatusContact", "CONTACT": handle }),
                        ))?;
                        first(owner, "ORGANIZATION").is_none()
                    }
                    None => false,
                }
            }
        };
        vars.insert("protectable".into(), json!(protectable));
        // The registry's privacy covers individuals only; everyone else is in WHOIS.
        vars.insert("protected".into(), json!(protectable && !disclosed));
        let Some(posted) = form(flow) else {
            return Ok(());
        };
        let protect = match form_text(posted, &["protect"]).as_str() {
            "1" => true,
            "0" => false,
            _ => return fail(lang.text("whoisprivacy_choose")),
        };
        if !protectable {
            return fail(lang.text("whoisprivacy_individuals_only"));
        }
        let mut modify = command(json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain }));
        modify.insert(rule.parameter.clone(), json!(i32::from(!protect)));
        flow.expect(modify)?;
        vars.insert("protected".into(), json!(protect));
        vars.insert(
            "success".into(),
            json!(lang.text(if protect {
                "whoisprivacy_now_hidden"
            } else {
                "whoisprivacy_now_shown"
            })),
        );
        Ok(())
    })
}

// --- WHOIS output and ERRP: settings of the domain as extension parameters

#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    Url,
    Email,
    Phone,
}

/// A setting: the ModifyDomain parameter (StatusDomain lists it under the same name), its
/// label's text key (with `{n}`, the line, for numbered lines), and what it holds.
struct Setting {
    key: &'static str,
    label: &'static str,
    line: &'static str,
    kind: Kind,
}

impl Setting {
    fn label(&self, lang: &Lang) -> String {
        lang.fill(self.label, &[("n", self.line)])
    }
}

/// What the API's own WHOIS shows for the domain besides the registry data.
const WHOIS_OUTPUT: &[Setting] = &[
    Setting {
        key: "X-WHOIS-RSP",
        label: "field_rsp",
        line: "",
        kind: Kind::Text,
    },
    Setting {
        key: "X-WHOIS-URL",
        label: "field_rsp_url",
        line: "",
        kind: Kind::Url,
    },
    Setting {
        key: "X-WHOIS-BANNER0",
        label: "field_banner",
        line: "1",
        kind: Kind::Text,
    },
    Setting {
        key: "X-WHOIS-BANNER1",
        label: "field_banner",
        line: "2",
        kind: Kind::Text,
    },
    Setting {
        key: "X-WHOIS-BANNER2",
        label: "field_banner",
        line: "3",
        kind: Kind::Text,
    },
];

/// Who the expiration reminders of ICANN's Expired Registration Recovery Policy come from.
const ERRP: &[Setting] = &[
    Setting {
        key: "X-ERRP-RSP",
        label: "field_rsp",
        line: "",
        kind: Kind::Text,
    },
    Setting {
        key: "X-ERRP-URL",
        label: "field_rsp_url",
        line: "",
        kind: Kind::Url,
    },
    Setting {
        key: "X-ERRP-EMAIL",
        label: "field_email",
        line: "",
        kind: Kind::Email,
    },
    Setting {
        key: "X-ERRP-PHONE",
        label: "field_phone",
        line: "",
        kind: Kind::Phone,
    },
    Setting {
        key: "X-ERRP-TAC-URL",
        label: "field_terms_url",
        line: "",
        kind: Kind::Url,
    },
    Setting {
        key: "X-ERRP-SIGNATURE0",
        label: "field_signature",
        line: "1",
        kind: Kind::Text,
    },
    Setting {
        key: "X-ERRP-SIGNATURE1",
        label: "field_signature",
        line: "2",
        kind: Kind::Text,
    },
    Setting {
        key: "X-ERRP-SIGNATURE2",
        label: "field_signature",
        line: "3",
        kind: Kind::Text,
    },
    Setting {
        key: "X-ERRP-SIGNATURE3",
        label: "field_signature",
        line: "4",
        kind: Kind::Text,
    },
];

/// The longest text a setting takes (the API's TEXT fields).
const MAX_SETTING: usize = 255;

fn check_setting(lang: &Lang, kind: Kind, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    if value.chars().count() > MAX_SETTING || value.chars().any(char::is_control) {
        return Err(lang.fill("check_one_line", &[("max", &MAX_SETTING.to_string())]));
    }
    match kind {
        Kind::Text => Ok(()),
        Kind::Url => {
            let ok = (value.starts_with("http://") || value.starts_with("https://"))
                && !value.contains(char::is_whitespace);
            if ok {
                Ok(())
            } else {
                Err(lang.text("check_url"))
            }
        }
        Kind::Email => crate::dns::forwarding::check_address(value)
            .map(|_| ())
            .map_err(|_| {
                lang.fill(
                    "check_email",
                    &[("value", &crate::error::quoted(value).to_string())],
                )
            }),
        Kind::Phone => {
            // The API's PHONE type: +country code, a dot, the number.
            let ok = value
                .strip_prefix('+')
                .and_then(|v| v.split_once('.'))
                .is_some_and(|(cc, n)| {
                    (1..=3).contains(&cc.len())
                        && cc.bytes().all(|b| b.is_ascii_digit())
                        && (4..=14).contains(&n.len())
                        && n.bytes().all(|b| b.is_ascii_digit())
                });
            if ok {
                Ok(())
            } else {
                Err(lang.text("check_phone"))
            }
        }
    }
}

pub fn whois_output(flow: &mut Flow) -> Outcome {
    settings_page(
        flow,
        "whoisoutput",
        "WhoisOutput",
        "whoisoutput_title",
        WHOIS_OUTPUT,
    )
}

pub fn errp(flow: &mut Flow) -> Outcome {
    settings_page(flow, "errp", "ERRP", "errp_title", ERRP)
}

/// `function`: the page's button function, which its form posts back to; `title`: its text key.
fn settings_page(
    flow: &mut Flow,
    function: &str,
    setting: &str,
    title: &str,
    fields: &'static [Setting],
) -> Outcome {
    page(flow, "settings", |flow, lang, vars| {
        let title = lang.text(title);
        vars.insert("page".into(), json!(function));
        vars.insert("title".into(), json!(title));
        vars.insert("fields".into(), json!([]));
        let domain = domain_name(flow.params)?;
        if !yes(flow.params, setting, false) || !is_gtld(&domain) {
            return fail(lang.fill(
                "settings_not_offered",
                &[("title", &title), ("domain", &domain)],
            ));
        }
        let status = flow.expect(command(
            json!({ "COMMAND": "StatusDomain", "DOMAIN": domain }),
        ))?;
        let current: Vec<String> = fields
            .iter()
            .map(|f| first(status, f.key).unwrap_or_default().to_owned())
            .collect();
        let mut shown = current.clone();
        let mut outcome = Ok(());
        if let Some(posted) = form(flow) {
            shown = fields
                .iter()
                .map(|f| form_text(posted, &["fields", f.key]))
                .collect();
            let errors: Vec<String> = fields
                .iter()
                .zip(&shown)
                .filter_map(|(f, v)| {
                    check_setting(lang, f.kind, v).err().map(|e| {
                        lang.fill("field_error", &[("field", &f.label(lang)), ("error", &e)])
                    })
                })
                .collect();
            if errors.is_empty() {
                let mut modify = command(json!({ "COMMAND": "ModifyDomain", "DOMAIN": domain }));
                for ((f, new), old) in fields.iter().zip(&shown).zip(&current) {
                    if new != old {
                        modify.insert(f.key.to_owned(), json!(new));
                    }
                }
                if modify.len() > 2 {
                    flow.expect(modify)?;
                }
                vars.insert(
                    "success".into(),
                    json!(lang.fill("settings_saved", &[("title", &title)])),
                );
            } else {
                vars.insert("errors".into(), json!(errors));
                outcome = fail(lang.text("nothing_changed"));
            }
        }
        let rows: Vec<Value> = fields
            .iter()
            .zip(&shown)
            .map(|(f, v)| {
                let kind = match f.kind {
                    Kind::Text => "text",
                    Kind::Url => "url",
                    Kind::Email => "email",
                    Kind::Phone => "tel",
                };
                json!({ "key": f.key, "label": f.label(lang), "value": v, "kind": kind })
            })
            .collect();
        vars.insert("fields".into(), json!(rows));
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_privacy_table_parses_and_names_each_parameter() {
        assert_eq!(
            privacy_parameter(crate::wire::Api::Ispapi, "example.ca").as_deref(),
            Some("X-CA-DISCLOSE")
        );
        assert_eq!(
            privacy_parameter(crate::wire::Api::Ispapi, "example.se").as_deref(),
            Some("X-NICSE-DISCLOSE")
        );
        assert_eq!(
            privacy_parameter(crate::wire::Api::Ispapi, "example.co.nz").as_deref(),
            Some("X-DISCLOSE")
        );
        assert_eq!(
            privacy_parameter(crate::wire::Api::Ispapi, "example.com"),
            None
        );
        // CNR documents none of these names: its own privacy service applies everywhere.
        assert_eq!(privacy_parameter(crate::wire::Api::Cnr, "example.ca"), None);
        let table: PrivacyTable = toml::from_str(PRIVACY).unwrap();
        for rule in table.tld {
            if let Some(Individual::DomainParameter { pattern, .. }) = rule.individual {
                assert!(regex_lite::Regex::new(&pattern).is_ok(), "{pattern}");
            }
        }
    }

    #[test]
    fn settings_are_checked_by_kind() {
        let en = Lang::new(None, Default::default());
        assert!(check_setting(&en, Kind::Phone, "+49.6894939650").is_ok());
        assert!(check_setting(&en, Kind::Phone, "0049 6894").is_err());
        assert!(check_setting(&en, Kind::Url, "https://reseller.example").is_ok());
        assert!(check_setting(&en, Kind::Url, "ftp://x").is_err());
        assert!(check_setting(&en, Kind::Email, "help@reseller.example").is_ok());
        assert!(check_setting(&en, Kind::Text, "line\nbreak").is_err());
        assert!(check_setting(&en, Kind::Text, "").is_ok());
        let de = Lang::new(Some("german"), Default::default());
        assert_eq!(
            check_setting(&de, Kind::Url, "ftp://x").unwrap_err(),
            "eine http://- oder https://-Adresse."
        );
    }
}
