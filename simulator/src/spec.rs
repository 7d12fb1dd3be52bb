//! Strict mode: every command is checked against the API's documented parameters
//! (`simulator/spec/<flavour>.json`, generated from the documentation) before it runs. A
//! violation is answered with the API's own error code and recorded, so a test run can fail
//! listing every command the real API would refuse.

use crate::protocol::{Flavour, Params};
use crate::reply::Reply;
use ispapi_core::wire::Api;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct SpecFile {
    commands: HashMap<String, CommandSpec>,
}

#[derive(Debug, Deserialize)]
struct CommandSpec {
    /// Set when no source documents the command: it is accepted without parameter checks.
    #[serde(default)]
    unverified: Option<String>,
    /// Set when the sources say the flavour has no such command (why, and what it uses
    /// instead): refused with 500, as an unknown command.
    #[serde(default)]
    absent: Option<String>,
    /// The source's parameter list is known to be incomplete (its page is not in our sources,
    /// or our copy is cut off): required parameters and value sets are checked, other names
    /// are accepted.
    #[serde(default)]
    open: bool,
    #[serde(default)]
    params: Vec<ParamSpec>,
    /// Verified data the core does not follow yet: the command is still served as the entry
    /// says, and what this spec would refuse is only reported (`pending_violations`).
    #[serde(default)]
    pending: Option<Box<CommandSpec>>,
    /// The response properties the source lists (upper-case, as the API sends them; `NAME#`
    /// or `NAME0..N` stands for `NAME` and `NAME<n>`). Absent when no source lists them: the
    /// reply is then passed on whole.
    #[serde(default)]
    properties: Option<Vec<String>>,
    /// Properties the source does not list but real replies carry: the original ISPAPI module
    /// or the provider's CNR module reads them (`source` names the file).
    #[serde(default)]
    extra_properties: Vec<ExtraProperty>,
}

#[derive(Debug, Deserialize)]
struct ExtraProperty {
    name: String,
    #[allow(dead_code)] // documentation in the data; serde checks that it is there
    source: String,
}

#[derive(Debug, Deserialize)]
struct ParamSpec {
    name: String,
    #[serde(default)]
    indexed: bool,
    #[serde(default)]
    max: Option<u64>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    values: Option<Vec<String>>,
    /// The name is a prefix: any parameter starting with it (CNR's `X-FEE-…` family).
    #[serde(default)]
    prefix: bool,
}

/// Commands whose TLD-specific `X-` parameters come from the core's TLD data
/// (`src/fields/tlds.toml`) as well as from the command's documentation. On CNR they are the
/// names CNR's sources give (`cnr_param`, from the CNR module's tlds/ files and the KB's TLD
/// pages); a field without one keeps its ISPAPI name (unverified where its TLD has no
/// `cnr_source`).
const TLD_FIELD_COMMANDS: &[&str] = &[
    "AddDomain",
    "AddDomainApplication",
    "TransferDomain",
    "TradeDomain",
    "ModifyDomain",
];

struct Specs {
    ispapi: SpecFile,
    cnr: SpecFile,
    /// `X-` parameter names in the TLD data per flavour (`{CLASS}` stands for any TLD class).
    tld_params_ispapi: Regex,
    tld_params_cnr: Regex,
}

fn api(flavour: Flavour) -> Api {
    match flavour {
        Flavour::Ispapi => Api::Ispapi,
        Flavour::Cnr => Api::Cnr,
    }
}

/// Every parameter name the TLD data sends on `api`'s accounts, as one pattern.
fn tld_param_pattern(api: Api) -> Regex {
    let rules = ispapi_core::fields::all_rules().expect("the TLD data loads");
    let names = rules.iter().flat_map(|r| {
        let fields = r.fields.iter().filter_map(|f| f.name_on(api));
        fields.chain(r.derived.iter().filter_map(|d| d.param_on(api)))
    });
    let mut alternatives: Vec<String> = names
        .filter(|n| n.starts_with("X-"))
        .map(|n| regex::escape(n).replace(r"\{CLASS\}", "[A-Z0-9]+"))
        .collect();
    alternatives.sort();
    alternatives.dedup();
    Regex::new(&format!("^(?:{})$", alternatives.join("|"))).expect("valid TLD parameter pattern")
}

fn specs() -> &'static Specs {
    static SPECS: OnceLock<Specs> = OnceLock::new();
    SPECS.get_or_init(|| {
        // The files are part of the build; a broken one is a build-time mistake the
        // simulator's tests catch at once, so empty specs would only hide it.
        let ispapi = serde_json::from_str(include_str!("../spec/ispapi.json"))
            .expect("simulator/spec/ispapi.json is valid");
        let cnr = serde_json::from_str(include_str!("../spec/cnr.json"))
            .expect("simulator/spec/cnr.json is valid");
        Specs {
            ispapi,
            cnr,
            tld_params_ispapi: tld_param_pattern(Api::Ispapi),
            tld_params_cnr: tld_param_pattern(Api::Cnr),
        }
    })
}

/// One way a command breaks its documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: u16,
    pub command: String,
    pub text: String,
}

impl Violation {
    pub fn reply(&self) -> Reply {
        match self.code {
            500 => Reply::code(500),
            _ => Reply::detail(self.code, &self.text),
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.code, self.command, self.text)
    }
}

/// Checks one command (`name` as the simulator knows it) against the flavour's spec; the
/// session-control parameters (CNR's SUBUSER) are taken out before this.
pub fn check(flavour: Flavour, name: &str, params: &Params) -> Vec<Violation> {
    let Some(spec) = find_command(flavour, name) else {
        return vec![unknown(name)];
    };
    check_spec(flavour, name, spec, params)
}

/// What the entry's `pending` data would refuse (reported, not refused: the core does not
/// follow it yet).
pub fn check_pending(flavour: Flavour, name: &str, params: &Params) -> Vec<Violation> {
    match find_command(flavour, name).and_then(|s| s.pending.as_deref()) {
        Some(pending) => check_spec(flavour, name, pending, params),
        None => Vec::new(),
    }
}

fn find_command(flavour: Flavour, name: &str) -> Option<&'static CommandSpec> {
    let specs = specs();
    let file = match flavour {
        Flavour::Ispapi => &specs.ispapi,
        Flavour::Cnr => &specs.cnr,
    };
    file.commands
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, s)| s)
}

fn unknown(name: &str) -> Violation {
    Violation {
        code: 500,
        command: name.to_owned(),
        text: format!("{name} is not a command of this API"),
    }
}

fn check_spec(flavour: Flavour, name: &str, spec: &CommandSpec, params: &Params) -> Vec<Violation> {
    let specs = specs();
    let violation = |code: u16, text: String| Violation {
        code,
        command: name.to_owned(),
        text,
    };
    if spec.absent.is_some() {
        return vec![unknown(name)];
    }
    if spec.unverified.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen: Vec<&ParamSpec> = Vec::new();
    for (key, value) in params.iter() {
        let Some(param) = find_param(&spec.params, key) else {
            let tld_params = match flavour {
                Flavour::Ispapi => &specs.tld_params_ispapi,
                Flavour::Cnr => &specs.tld_params_cnr,
            };
            let tld_field = key.starts_with("X-")
                && TLD_FIELD_COMMANDS.contains(&name)
                && tld_params.is_match(key);
            if !tld_field && !spec.open {
                out.push(violation(503, format!("parameter {key} is not documented")));
            }
            continue;
        };
        seen.push(param);
        if let Some(values) = &param.values {
            // `/…/`: the documentation gives a syntax, not a value (ADDDOMAINAPPLICATION.md's
            // PRICE and CURRENCY).
            let allows = |v: &String| match v.strip_prefix('/').and_then(|r| r.strip_suffix('/')) {
                Some(syntax) => Regex::new(syntax).is_ok_and(|re| re.is_match(value.trim())),
                None => v.eq_ignore_ascii_case(value.trim()),
            };
            if !values.iter().any(allows) {
                out.push(violation(
                    505,
                    format!("{key}={value} is not one of {}", values.join("|")),
                ));
            }
        }
    }
    // The X- names are compared with the flavour's TransferDomain page, so only where that
    // list is complete; the TLD's required transfer fields are checked on both.
    if name == "TransferDomain" {
        let documented = (!spec.open).then_some(spec.params.as_slice());
        out.extend(
            transfer_fields(flavour, documented, params)
                .into_iter()
                .map(|(c, t)| violation(c, t)),
        );
    }
    for param in spec.params.iter().filter(|p| p.required) {
        // A name documented both plain and indexed (AddContact STREET, STREET0..n): either
        // form satisfies it.
        if !seen
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(&param.name))
        {
            out.push(violation(
                504,
                format!("required parameter {} is missing", param.name),
            ));
        }
    }
    out
}

/// A registry transfer (ACTION=REQUEST, the default) against the TLD's transfer fields in the
/// core's TLD data (`src/fields/tlds.toml`, from the original module's additional fields): a
/// field the data requires unconditionally (.pt's X-PT-ROID) must be sent, and an `X-`
/// parameter the command's documentation (`documented`, when complete) does not list must be
/// one of the TLD's; both under the flavour's names.
fn transfer_fields(
    flavour: Flavour,
    documented: Option<&[ParamSpec]>,
    params: &Params,
) -> Vec<(u16, String)> {
    use ispapi_core::fields::Action;
    let action = params.get("ACTION").unwrap_or("REQUEST").trim();
    let Some(domain) = params
        .get("DOMAIN")
        .filter(|_| action.eq_ignore_ascii_case("REQUEST"))
    else {
        return Vec::new();
    };
    let fields: Vec<&ispapi_core::fields::Field> = tld_rules(domain)
        .map(|(rules, _)| {
            rules
                .fields
                .iter()
                .filter(|f| f.applies_to(Action::Transfer))
                .collect()
        })
        .unwrap_or_default();
    let tld = tld_rules(domain).map(|(_, t)| t).unwrap_or_default();
    let mut out = Vec::new();
    let api = api(flavour);
    for f in &fields {
        let Some(param) = f.param_on(api, &tld) else {
            continue;
        };
        if f.required
            && f.required_if.is_none()
            && params.get(&param).is_none_or(|v| v.trim().is_empty())
        {
            out.push((
                504,
                format!("required parameter {param} is missing (a transfer field of {tld})"),
            ));
        }
    }
    let Some(documented) = documented else {
        return out;
    };
    for (key, _) in params.iter() {
        if key.starts_with("X-")
            && find_param(documented, key).is_none()
            && !fields
                .iter()
                .any(|f| f.param_on(api, &tld).as_deref() == Some(key))
        {
            out.push((
                503,
                format!("parameter {key} is not a transfer field of {tld}"),
            ));
        }
    }
    out
}

/// Strict mode's reply check: drops from `reply` every property the flavour's spec does not list
/// for `name`, so the core never sees one the real API would not send, and returns one entry
/// per dropped property (a handler answers more than the flavour's documentation lists, or the
/// spec lacks a property real replies carry). A command whose entry lists no properties
/// (unverified: no source lists them) is passed on whole.
pub fn limit_reply(flavour: Flavour, name: &str, reply: &mut Reply) -> Vec<Violation> {
    let Some(spec) = find_command(flavour, name) else {
        return Vec::new();
    };
    let Some(listed) = &spec.properties else {
        return Vec::new();
    };
    let allowed = |column: &str| {
        listed.iter().any(|p| property_matches(p, column))
            || spec
                .extra_properties
                .iter()
                .any(|p| property_matches(&p.name, column))
    };
    let code = reply.code;
    let mut out = Vec::new();
    reply.properties.retain(|(column, _)| {
        let keep = allowed(column);
        if !keep {
            out.push(Violation {
                code,
                command: name.to_owned(),
                text: format!("{flavour:?} reply property {column} is not in the spec (dropped)"),
            });
        }
        keep
    });
    out
}

/// A reply column against one listed property name: the same name (case as the API sends it),
/// or for an indexed listing (`NAME#`, `NAME0..N`) the name with or without a number.
fn property_matches(listed: &str, column: &str) -> bool {
    if listed == column {
        return true;
    }
    let base = listed
        .strip_suffix('#')
        .or_else(|| listed.strip_suffix("0..N"));
    base.is_some_and(|b| {
        column
            .strip_prefix(b)
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// The TLD data's rules for a domain (its nearest listed suffix, as the core looks them up)
/// and that suffix in Unicode with its dot.
fn tld_rules(domain: &str) -> Option<(&'static ispapi_core::fields::TldRules, String)> {
    let (unicode, _) = idna::domain_to_unicode(&domain.trim().to_lowercase());
    let rules = ispapi_core::fields::all_rules().ok()?;
    let mut rest = unicode.as_str();
    while let Some((_, suffix)) = rest.split_once('.') {
        let tld = format!(".{suffix}");
        if let Some(r) = rules.iter().find(|r| r.tlds.contains(&tld)) {
            return Some((r, tld));
        }
        rest = suffix;
    }
    None
}

/// The documented parameter a sent key stands for: the same name, or an indexed one's
/// `NAME<n>` (n within the documented maximum).
fn find_param<'a>(params: &'a [ParamSpec], key: &str) -> Option<&'a ParamSpec> {
    if let Some(p) = params.iter().find(|p| p.name.eq_ignore_ascii_case(key)) {
        return Some(p);
    }
    let upper = key.to_ascii_uppercase();
    if let Some(p) = params
        .iter()
        .find(|p| p.prefix && upper.starts_with(&p.name.to_ascii_uppercase()))
    {
        return Some(p);
    }
    let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let index: u64 = key[base.len()..].parse().ok()?;
    params.iter().find(|p| {
        p.indexed && p.name.eq_ignore_ascii_case(base) && p.max.is_none_or(|m| index <= m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn a_documented_command_passes() {
        let p = params(&[("DOMAIN", "a.com"), ("PERIOD", "1"), ("CLASS", "P1")]);
        assert!(check(Flavour::Ispapi, "RenewDomain", &p).is_empty());
    }

    #[test]
    fn each_kind_of_violation_is_reported_with_the_api_code() {
        let p = params(&[("PERIODE", "1"), ("ORDER", "MAYBE")]);
        let codes: Vec<u16> = check(Flavour::Ispapi, "RenewDomain", &p)
            .iter()
            .map(|v| v.code)
            .collect();
        assert_eq!(codes, vec![503, 505, 504]);
        assert_eq!(
            check(Flavour::Ispapi, "RenewDomainNow", &params(&[]))[0].code,
            500
        );
    }

    #[test]
    fn a_transfer_is_checked_against_the_tlds_transfer_fields() {
        let codes = |pairs: &[(&str, &str)]| -> Vec<u16> {
            check(Flavour::Ispapi, "TransferDomain", &params(pairs))
                .iter()
                .map(|v| v.code)
                .collect()
        };
        // .pt's ROID is required for a transfer (tlds.toml); a move within the provider and
        // a TLD without the field do not need it.
        assert_eq!(codes(&[("DOMAIN", "a.pt")]), vec![504]);
        assert!(codes(&[("DOMAIN", "a.pt"), ("ACTION", "USERTRANSFER")]).is_empty());
        assert!(codes(&[("DOMAIN", "a.com")]).is_empty());
        // An undocumented X- parameter must be one of the TLD's transfer fields.
        assert_eq!(
            codes(&[
                ("DOMAIN", "a.com"),
                ("X-PT-ROID", "1"),
                ("X-DK-REGISTRANT-CONTACT", "DKHM1-DK")
            ]),
            vec![503]
        );
    }

    #[test]
    fn tld_fields_are_accepted_under_the_flavours_own_names() {
        let codes = |flavour: Flavour, name: &str, pairs: &[(&str, &str)]| -> Vec<u16> {
            check(flavour, name, &params(pairs))
                .iter()
                .map(|v| v.code)
                .collect()
        };
        fn add(legal_type: &str) -> Vec<(&str, &str)> {
            vec![
                ("DOMAIN", "a.ca"),
                ("OWNERCONTACT0", "P-A1"),
                ("ADMINCONTACT0", "P-A1"),
                ("TECHCONTACT0", "P-A1"),
                ("BILLINGCONTACT0", "P-A1"),
                (legal_type, "CCT"),
            ]
        }
        // CNR's KB page names .ca's legal type X-CA-LEGAL-TYPE; ISPAPI's is X-CA-LEGALTYPE.
        assert_eq!(
            codes(Flavour::Cnr, "AddDomain", &add("X-CA-LEGALTYPE")),
            vec![503]
        );
        assert!(codes(Flavour::Cnr, "AddDomain", &add("X-CA-LEGAL-TYPE")).is_empty());
        assert!(codes(Flavour::Ispapi, "AddDomain", &add("X-CA-LEGALTYPE")).is_empty());
        assert_eq!(
            codes(Flavour::Ispapi, "AddDomain", &add("X-CA-LEGAL-TYPE")),
            vec![503]
        );
        // A name CNR does not take (cnr_param ""), a comment's name in tlds.toml: refused.
        let mut with_language = add("X-CA-LEGAL-TYPE");
        with_language.push(("X-CA-LANGUAGE", "EN"));
        assert_eq!(codes(Flavour::Cnr, "AddDomain", &with_language), vec![503]);
        let mut with_trademark = add("X-CA-LEGALTYPE");
        with_trademark.push(("X-CA-TRADEMARK", "0"));
        assert_eq!(
            codes(Flavour::Ispapi, "AddDomain", &with_trademark),
            vec![503]
        );
        // Transfers: .pt's ROID is required on ISPAPI; CNR has no such parameter.
        assert_eq!(
            codes(Flavour::Ispapi, "TransferDomain", &[("DOMAIN", "a.pt")]),
            vec![504]
        );
        assert!(codes(Flavour::Cnr, "TransferDomain", &[("DOMAIN", "a.pt")]).is_empty());
    }

    #[test]
    fn cnr_commands_follow_cnrs_own_sources() {
        let codes = |name: &str, pairs: &[(&str, &str)]| -> Vec<u16> {
            check(Flavour::Cnr, name, &params(pairs))
                .iter()
                .map(|v| v.code)
                .collect()
        };
        // ISPAPI-only commands are unknown on CNR (500), as its return codes page says.
        for name in [
            "StartSession",
            "EndSession",
            "QueryDomainRepositoryInfo",
            "StatusUser",
        ] {
            assert_eq!(codes(name, &[]), vec![500], "{name}");
        }
        // CheckDomains: up to 32 names and the X-FEE-* family; ISPAPI's PREMIUMCHANNELS is
        // not a CNR parameter.
        assert!(codes(
            "CheckDomains",
            &[("DOMAIN31", "a.com"), ("X-FEE-COMMAND0", "create")]
        )
        .is_empty());
        assert_eq!(
            codes("CheckDomains", &[("DOMAIN32", "a.com")]),
            vec![503, 504]
        );
        assert_eq!(
            codes(
                "CheckDomains",
                &[("DOMAIN0", "a.com"), ("PREMIUMCHANNELS", "*")]
            ),
            vec![503]
        );
        // CNR has no QueryDomainOptions (the price sync asks GetZoneInfo): refused outright.
        assert_eq!(
            codes("QueryDomainOptions", &[("DOMAIN0", "a.com")]),
            vec![500]
        );
        assert!(check_pending(
            Flavour::Cnr,
            "QueryDomainOptions",
            &params(&[("DOMAIN0", "a.com")])
        )
        .is_empty());
        // RenewDomain: no CLASS on CNR (premium renewals carry X-FEE-AMOUNT).
        assert!(codes("RenewDomain", &[("DOMAIN", "a.com"), ("X-FEE-AMOUNT", "9")]).is_empty());
        assert_eq!(
            codes("RenewDomain", &[("DOMAIN", "a.com"), ("CLASS", "P1")]),
            vec![503]
        );
        // An open entry (its page is not in our sources) checks what is known only.
        assert!(codes("ModifyDomain", &[("DOMAIN", "a.com"), ("ANYTHING", "1")]).is_empty());
        assert_eq!(codes("ModifyDomain", &[]), vec![504]);
        // An entry from the module's usage alone is strict: only the names it shows.
        assert_eq!(
            codes("StatusDomain", &[("DOMAIN", "a.com"), ("ANYTHING", "1")]),
            vec![503]
        );
        assert!(codes(
            "AddContact",
            &[
                ("FIRSTNAME", "A"),
                ("LASTNAME", "B"),
                ("STREET0", "s"),
                ("CITY", "c"),
                ("ZIP", "1"),
                ("COUNTRY", "DE"),
                ("PHONE", "+49.1"),
                ("EMAIL", "a@b.de"),
                ("STATE", "Bayern"),
                ("FAX", "+49.2")
            ]
        )
        .is_empty());
        assert_eq!(
            codes(
                "SetDomainRenewalmode",
                &[("DOMAIN", "a.com"), ("RENEWALMODE", "SOMETIMES")]
            ),
            vec![505]
        );
    }

    #[test]
    fn a_reply_keeps_only_the_listed_properties() {
        let reply = || {
            Reply::ok()
                .with("DOMAIN", "a.com")
                .with("DOMAINNAMESERVER0", "ns1.a.com")
                .with("MADEUP", "1")
        };
        // ISPAPI QueryDomainList lists DOMAIN and DOMAINNAMESERVER0..N, not MADEUP.
        let mut r = reply();
        let dropped = limit_reply(Flavour::Ispapi, "QueryDomainList", &mut r);
        let kept: Vec<&str> = r.properties.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(kept, ["DOMAIN", "DOMAINNAMESERVER0"]);
        assert_eq!(dropped.len(), 1);
        assert!(dropped[0].text.contains("MADEUP"), "{}", dropped[0]);
        // Names are compared as the API sends them (upper-case).
        let mut r = Reply::ok().with("domain", "a.com");
        assert_eq!(
            limit_reply(Flavour::Ispapi, "QueryDomainList", &mut r).len(),
            1
        );
        // An entry without a property list (unverified) passes the reply whole.
        let mut r = reply();
        assert!(limit_reply(Flavour::Ispapi, "QueryUserObjectStatistics", &mut r).is_empty());
        assert_eq!(r.properties.len(), 3);
        // An undocumented property the original module reads (extra_properties) is kept.
        let mut r = Reply::ok().with("ZONEDELETIONRESTORABLEPERIOD", "30d");
        assert!(limit_reply(Flavour::Ispapi, "QueryDomainOptions", &mut r).is_empty());
    }

    #[test]
    fn indexed_parameters_and_tld_fields_are_recognised() {
        let p = params(&[
            ("DOMAIN", "a.pt"),
            ("NAMESERVER0", "ns1.a.com"),
            ("X-PT-ROID", "1"),
        ]);
        assert!(check(Flavour::Ispapi, "TransferDomain", &p).is_empty());
        let p = params(&[("DOMAIN0", "a.com"), ("DOMAIN1", "b.com")]);
        assert!(check(Flavour::Ispapi, "CheckDomains", &p).is_empty());
        let p = params(&[
            ("FIRSTNAME", "Ada"),
            ("LASTNAME", "L"),
            ("STREET0", "1 Way"),
            ("CITY", "London"),
            ("ZIP", "N1"),
            ("COUNTRY", "GB"),
            ("EMAIL", "a@example.org"),
        ]);
        assert!(check(Flavour::Ispapi, "AddContact", &p).is_empty());
    }
}
