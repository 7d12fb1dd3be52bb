//! The TLD data (`tlds.toml`) and the texts (`lang.toml`): their schema, loaded and checked
//! once. A mistake in either file is reported by [`data`] as an error naming the TLD and
//! field, and the tests load both, so a broken edit never reaches a release.

use crate::wire::Api;
use regex_lite::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// What the customer is doing with the domain; WHMCS has separate forms for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Register,
    Transfer,
    Trade,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Register, Action::Transfer, Action::Trade];

    pub fn name(self) -> &'static str {
        match self {
            Action::Register => "register",
            Action::Transfer => "transfer",
            Action::Trade => "trade",
        }
    }
}

/// WHMCS's additional field types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Text,
    Dropdown,
    Tickbox,
    Radio,
    Display,
}

impl Kind {
    pub fn whmcs_name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Dropdown => "dropdown",
            Kind::Tickbox => "tickbox",
            Kind::Radio => "radio",
            Kind::Display => "display",
        }
    }

    pub fn has_options(self) -> bool {
        matches!(self, Kind::Dropdown | Kind::Radio)
    }
}

/// Client data that can fill an empty field (the original module's "auto-prefill").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    VatId,
    DkHostmasterId,
    Language,
    Country,
    CompanyNumber,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transform {
    Trim,
    Uppercase,
    Lowercase,
    /// A bare e-mail address becomes `mailto:address`.
    Mailto,
    /// Keeps the digits only (DUNS numbers are typed with dashes).
    Digits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    Organization,
    Individual,
}

/// All given parts must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Another field's (mapped) value …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// … is one of these …
    #[serde(default, rename = "in", skip_serializing_if = "Vec::is_empty")]
    pub is_in: Vec<String>,
    /// … or none of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_in: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientKind>,
    /// Country codes; "@name" stands for a list from `[sets]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub country_in: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub country_not_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropContact {
    pub when: Vec<String>,
    pub contact: String,
    pub field: String,
}

/// A field as written in `tlds.toml` (a template or a TLD's field); every key optional so
/// that a field can override any part of its template.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(rename = "use")]
    template: Option<String>,
    name: Option<String>,
    label: Option<String>,
    #[serde(rename = "type")]
    kind: Option<Kind>,
    options: Option<Vec<String>>,
    options_from: Option<String>,
    option_labels: Option<String>,
    aliases: Option<BTreeMap<String, String>>,
    required: Option<bool>,
    required_if: Option<Condition>,
    send_if: Option<Condition>,
    param: Option<String>,
    cnr_param: Option<String>,
    cnr_values: Option<BTreeMap<String, String>>,
    default: Option<String>,
    prefill: Option<Prefill>,
    description: Option<String>,
    size: Option<u32>,
    transform: Option<Vec<Transform>>,
    pattern: Option<String>,
    pattern_hint: Option<String>,
    actions: Option<Vec<Action>>,
    unverified: Option<Vec<Action>>,
    drop_contact: Option<DropContact>,
}

impl RawField {
    /// `self` over `base`: every key `self` sets wins.
    fn over(self, base: RawField) -> RawField {
        RawField {
            template: None,
            name: self.name.or(base.name),
            label: self.label.or(base.label),
            kind: self.kind.or(base.kind),
            options: self.options.or(base.options),
            options_from: self.options_from.or(base.options_from),
            option_labels: self.option_labels.or(base.option_labels),
            aliases: self.aliases.or(base.aliases),
            required: self.required.or(base.required),
            required_if: self.required_if.or(base.required_if),
            send_if: self.send_if.or(base.send_if),
            param: self.param.or(base.param),
            cnr_param: self.cnr_param.or(base.cnr_param),
            cnr_values: self.cnr_values.or(base.cnr_values),
            default: self.default.or(base.default),
            prefill: self.prefill.or(base.prefill),
            description: self.description.or(base.description),
            size: self.size.or(base.size),
            transform: self.transform.or(base.transform),
            pattern: self.pattern.or(base.pattern),
            pattern_hint: self.pattern_hint.or(base.pattern_hint),
            actions: self.actions.or(base.actions),
            unverified: self.unverified.or(base.unverified),
            drop_contact: self.drop_contact.or(base.drop_contact),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    when: Condition,
    error: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerived {
    param: String,
    #[serde(default)]
    cnr_param: Option<String>,
    client: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTld {
    tlds: Vec<String>,
    #[serde(default)]
    actions: Option<Vec<Action>>,
    #[serde(default)]
    terms: Option<String>,
    #[serde(default)]
    cnr_source: Option<String>,
    #[serde(default)]
    remove_whmcs: Vec<String>,
    #[serde(default)]
    fields: Vec<RawField>,
    #[serde(default)]
    checks: Vec<RawCheck>,
    #[serde(default)]
    derived: Vec<RawDerived>,
    #[serde(default)]
    register_command: BTreeMap<String, String>,
    #[serde(default)]
    cnr_register_command: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    sets: BTreeMap<String, Vec<String>>,
    templates: BTreeMap<String, RawField>,
    tld: Vec<RawTld>,
}

/// A field ready to use. `param` and `option_labels` may hold `{CLASS}` / `{class}`, the
/// TLD's last label in upper / lower case, resolved by [`Field::param_for`] and friends.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: Kind,
    pub options: Vec<String>,
    pub option_labels: Option<String>,
    pub aliases: BTreeMap<String, String>,
    pub required: bool,
    pub required_if: Option<Condition>,
    pub send_if: Option<Condition>,
    pub param: Option<String>,
    /// The parameter's name on a CNR account: `Some("")` when CNR takes none, `None` when
    /// it is `param` (see `tlds.toml`'s header).
    pub cnr_param: Option<String>,
    /// API value (as for ISPAPI) → CNR's value, where they differ.
    pub cnr_values: BTreeMap<String, String>,
    pub default: Option<String>,
    pub prefill: Option<Prefill>,
    pub description: Option<String>,
    pub size: Option<u32>,
    pub transform: Vec<Transform>,
    pub pattern: Option<Regex>,
    pub pattern_hint: Option<String>,
    pub actions: Vec<Action>,
    pub unverified: Vec<Action>,
    pub drop_contact: Option<DropContact>,
}

/// `{CLASS}` and `{class}` of a TLD: its last label (".com.au" → "AU" / "au").
pub fn tld_class(tld: &str) -> String {
    tld.rsplit('.').next().unwrap_or_default().to_owned()
}

fn fill_class(text: &str, tld: &str) -> String {
    let class = tld_class(tld);
    text.replace("{CLASS}", &class.to_uppercase())
        .replace("{class}", &class.to_lowercase())
}

impl Field {
    pub fn param_for(&self, tld: &str) -> Option<String> {
        self.param.as_deref().map(|p| fill_class(p, tld))
    }

    /// The parameter on `api`'s accounts: on CNR its `cnr_param` (none when that is empty).
    pub fn param_on(&self, api: Api, tld: &str) -> Option<String> {
        self.name_on(api).map(|p| fill_class(p, tld))
    }

    /// [`Self::param_on`] as the data writes it (`{CLASS}` not filled in).
    pub fn name_on(&self, api: Api) -> Option<&str> {
        cnr_or(api, self.cnr_param.as_deref(), self.param.as_deref())
    }

    /// An API value as `api` takes it (CNR's own value where `cnr_values` has one).
    pub fn value_on(&self, api: Api, value: &str) -> String {
        match api {
            Api::Cnr => self.cnr_values.get(value).map(String::as_str),
            Api::Ispapi => None,
        }
        .unwrap_or(value)
        .to_owned()
    }

    /// The lang key of an option's label, if the field's options have labels.
    pub fn option_label_key(&self, tld: &str, value: &str) -> Option<String> {
        self.option_labels
            .as_deref()
            .map(|prefix| format!("{}_{}", fill_class(prefix, tld), slug(value)))
    }

    pub fn applies_to(&self, action: Action) -> bool {
        self.actions.contains(&action)
    }
}

/// A lang key part from any text: lower case letters and digits, "_" between words.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

#[derive(Debug, Clone)]
pub struct Check {
    pub when: Condition,
    pub error: String,
}

#[derive(Debug, Clone)]
pub struct Derived {
    pub param: String,
    /// As [`Field::cnr_param`].
    pub cnr_param: Option<String>,
    pub organization: Option<String>,
    pub individual: Option<String>,
}

impl Derived {
    /// The parameter on `api`'s accounts, as [`Field::name_on`].
    pub fn param_on(&self, api: Api) -> Option<&str> {
        cnr_or(api, self.cnr_param.as_deref(), Some(&self.param))
    }
}

/// On CNR the `cnr_param` where the data gives one (none when it is empty), else `param`.
fn cnr_or<'a>(api: Api, cnr_param: Option<&'a str>, param: Option<&'a str>) -> Option<&'a str> {
    match (api, cnr_param) {
        (Api::Cnr, Some("")) => None,
        (Api::Cnr, Some(p)) => Some(p),
        _ => param,
    }
}

/// The rules of one group of TLDs that share them.
#[derive(Debug, Clone)]
pub struct TldRules {
    pub tlds: Vec<String>,
    pub terms: Option<String>,
    /// The CNR source (module file or KB page) the `cnr_` keys follow; none: unverified.
    pub cnr_source: Option<String>,
    pub remove_whmcs: Vec<String>,
    pub fields: Vec<Field>,
    pub checks: Vec<Check>,
    pub derived: Vec<Derived>,
    pub register_command: BTreeMap<String, String>,
    /// On CNR, these replace `register_command`'s values of the same names (CNR's own forms).
    pub cnr_register_command: BTreeMap<String, String>,
    /// The actions any of its fields apply to (a TLD with fields for "trade" only has these).
    pub actions: Vec<Action>,
}

pub struct Data {
    pub sets: BTreeMap<String, Vec<String>>,
    pub tlds: Vec<TldRules>,
    /// TLD (with its dot, lower case, Unicode) → index in `tlds`.
    pub index: HashMap<String, usize>,
    pub texts: Texts,
}

/// One text in the four languages of the module.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub de: String,
    pub fr: String,
    pub ar: String,
}

impl Text {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::De => &self.de,
            Language::Fr => &self.fr,
            Language::Ar => &self.ar,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    De,
    Fr,
    Ar,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::De, Language::Fr, Language::Ar];

    /// WHMCS's file name for the language (`lang/overrides/<name>.php`).
    pub fn whmcs_name(self) -> &'static str {
        match self {
            Language::En => "english",
            Language::De => "german",
            Language::Fr => "french",
            Language::Ar => "arabic",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTexts {
    /// WHMCS language names (and ISO 639-1 codes) → ISO 639-1 codes, for the language prefill.
    whmcs_languages: BTreeMap<String, String>,
    texts: BTreeMap<String, Text>,
}

pub struct Texts {
    pub whmcs_languages: BTreeMap<String, String>,
    pub texts: BTreeMap<String, Text>,
}

/// The lang-file prefix of every key, so the module's texts never clash with WHMCS's own.
pub const LANG_PREFIX: &str = "ispapi_";

impl Texts {
    /// The text of `key` in `language`: the admin's override, else ours, else the key.
    pub fn get<'a>(
        &'a self,
        key: &'a str,
        language: Language,
        overrides: &'a BTreeMap<String, String>,
    ) -> &'a str {
        overrides
            .get(&format!("{LANG_PREFIX}{key}"))
            .or_else(|| overrides.get(key))
            .map(String::as_str)
            .or_else(|| self.texts.get(key).map(|t| t.get(language)))
            .unwrap_or(key)
    }
}

fn resolve_field(
    raw: RawField,
    templates: &BTreeMap<String, RawField>,
    sets: &BTreeMap<String, Vec<String>>,
    tld_actions: &[Action],
    where_: &str,
) -> Result<Field, String> {
    let raw = match raw.template.clone() {
        Some(t) => {
            let base = templates
                .get(&t)
                .ok_or_else(|| format!("{where_}: no template {t:?}"))?;
            raw.over(base.clone())
        }
        None => raw,
    };
    let name = raw
        .name
        .ok_or_else(|| format!("{where_}: a field has no name"))?;
    let where_ = format!("{where_}, field {name:?}");
    let kind = raw.kind.unwrap_or_default();
    let options = match (raw.options, raw.options_from) {
        (Some(o), None) => o,
        (None, Some(set)) => sets
            .get(&set)
            .cloned()
            .ok_or_else(|| format!("{where_}: no set {set:?}"))?,
        (None, None) => Vec::new(),
        (Some(_), Some(_)) => return Err(format!("{where_}: options and options_from")),
    };
    if kind.has_options() == options.is_empty() {
        return Err(format!("{where_}: options belong to dropdowns and radios"));
    }
    let pattern = raw
        .pattern
        .map(|p| Regex::new(&p).map_err(|e| format!("{where_}: pattern: {e}")))
        .transpose()?;
    if pattern.is_some() != raw.pattern_hint.is_some() {
        return Err(format!("{where_}: a pattern needs a pattern_hint"));
    }
    if raw.param.is_none() && (raw.cnr_param.is_some() || raw.cnr_values.is_some()) {
        return Err(format!("{where_}: cnr_param and cnr_values need a param"));
    }
    for condition in [&raw.required_if, &raw.send_if].into_iter().flatten() {
        check_condition(condition, sets).map_err(|e| format!("{where_}: {e}"))?;
    }
    Ok(Field {
        label: raw.label.unwrap_or_else(|| slug(&name)),
        name,
        kind,
        options,
        option_labels: raw.option_labels,
        aliases: raw.aliases.unwrap_or_default(),
        required: raw.required.unwrap_or(false),
        required_if: raw.required_if,
        send_if: raw.send_if,
        param: raw.param,
        cnr_param: raw.cnr_param,
        cnr_values: raw.cnr_values.unwrap_or_default(),
        default: raw.default,
        prefill: raw.prefill,
        description: raw.description,
        size: raw.size,
        transform: raw.transform.unwrap_or_default(),
        pattern,
        pattern_hint: raw.pattern_hint,
        actions: raw.actions.unwrap_or_else(|| tld_actions.to_vec()),
        unverified: raw.unverified.unwrap_or_default(),
        drop_contact: raw.drop_contact,
    })
}

fn check_condition(c: &Condition, sets: &BTreeMap<String, Vec<String>>) -> Result<(), String> {
    if c.field.is_none() != (c.is_in.is_empty() && c.not_in.is_empty()) {
        return Err("a condition on a field needs `in` or `not_in`".to_owned());
    }
    for code in c.country_in.iter().chain(&c.country_not_in) {
        if let Some(set) = code.strip_prefix('@') {
            if !sets.contains_key(set) {
                return Err(format!("no set {set:?}"));
            }
        }
    }
    Ok(())
}

/// The canonical form of a TLD as the data keys it: leading dot, lower case.
pub fn normalise_tld(tld: &str) -> String {
    let t = tld.trim().trim_start_matches('.').trim_end_matches('.');
    format!(".{}", t.to_lowercase())
}

fn load() -> Result<Data, String> {
    let raw: RawFile =
        toml::from_str(include_str!("tlds.toml")).map_err(|e| format!("tlds.toml: {e}"))?;
    let texts: RawTexts =
        toml::from_str(include_str!("lang.toml")).map_err(|e| format!("lang.toml: {e}"))?;
    let mut tlds = Vec::new();
    let mut index = HashMap::new();
    for entry in raw.tld {
        let where_ = format!("tlds.toml, {}", entry.tlds.join(" "));
        let default_actions = entry.actions.unwrap_or_else(|| vec![Action::Register]);
        let fields = entry
            .fields
            .into_iter()
            .map(|f| resolve_field(f, &raw.templates, &raw.sets, &default_actions, &where_))
            .collect::<Result<Vec<_>, _>>()?;
        for f in &fields {
            for c in [&f.required_if, &f.send_if].into_iter().flatten() {
                if let Some(other) = &c.field {
                    if !fields.iter().any(|g| &g.name == other) {
                        return Err(format!("{where_}: {:?} refers to {other:?}", f.name));
                    }
                }
            }
        }
        let checks = entry
            .checks
            .into_iter()
            .map(|c| {
                check_condition(&c.when, &raw.sets).map_err(|e| format!("{where_}: {e}"))?;
                Ok(Check {
                    when: c.when,
                    error: c.error,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let derived = entry
            .derived
            .into_iter()
            .map(|d| {
                if d.client
                    .keys()
                    .any(|k| k != "organization" && k != "individual")
                {
                    return Err(format!("{where_}: derived {} keys", d.param));
                }
                Ok(Derived {
                    organization: d.client.get("organization").cloned(),
                    individual: d.client.get("individual").cloned(),
                    param: d.param,
                    cnr_param: d.cnr_param,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut actions: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| fields.iter().any(|f| f.applies_to(*a)))
            .collect();
        actions.sort();
        let rules = TldRules {
            tlds: entry.tlds.iter().map(|t| normalise_tld(t)).collect(),
            terms: entry.terms,
            cnr_source: entry.cnr_source,
            remove_whmcs: entry.remove_whmcs,
            fields,
            checks,
            derived,
            register_command: entry.register_command,
            cnr_register_command: entry.cnr_register_command,
            actions,
        };
        for tld in &rules.tlds {
            if index.insert(tld.clone(), tlds.len()).is_some() {
                return Err(format!("tlds.toml: {tld} is listed twice"));
            }
        }
        tlds.push(rules);
    }
    Ok(Data {
        sets: raw.sets,
        tlds,
        index,
        texts: Texts {
            whmcs_languages: texts.whmcs_languages,
            texts: texts.texts,
        },
    })
}

/// The data, loaded on first use.
pub fn data() -> Result<&'static Data, String> {
    static DATA: OnceLock<Result<Data, String>> = OnceLock::new();
    DATA.get_or_init(load).as_ref().map_err(Clone::clone)
}

impl Data {
    /// The rules for `tld`: an exact entry, else the nearest listed parent (".com.sg" uses
    /// ".sg"'s rules, as registries apply their rules to their second levels). A-labels are
    /// looked up by their Unicode form.
    pub fn rules_for(&self, tld: &str) -> Option<(&TldRules, String)> {
        let mut key = normalise_tld(tld);
        if key.contains("xn--") {
            if let Ok(unicode) = crate::idn::to_unicode(key.trim_start_matches('.')) {
                key = format!(".{unicode}");
            }
        }
        let mut candidate = key.as_str();
        loop {
            if let Some(&i) = self.index.get(candidate) {
                return Some((&self.tlds[i], key.clone()));
            }
            // ".com.sg" → ".sg"
            let rest = candidate.get(1..)?;
            let dot = rest.find('.')?;
            candidate = &rest[dot..];
        }
    }

    /// A country list with "@set" entries expanded.
    pub fn countries<'a>(&'a self, codes: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
        codes.iter().flat_map(move |c| match c.strip_prefix('@') {
            Some(set) => self
                .sets
                .get(set)
                .map(|v| v.iter().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default(),
            None => vec![c.as_str()],
        })
    }
}
