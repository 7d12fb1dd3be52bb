//! Additional domain fields: the extra data registries want, as data (`tlds.toml`), and one
//! generic mapper from WHMCS's submitted values to API extension parameters.
//!
//! - [`definitions`] (`fields_definitions`): the fields of one TLD and action in WHMCS's
//!   `$additionaldomainfields` shape, translated, with defaults from the client's data.
//! - [`map_values`] (`fields_map`): submitted values → `X-…` parameters, or every problem at
//!   once. Problems are a normal result (`valid: false`, `errors: […]`), not a core error, so
//!   that WHMCS can show each message next to its field.
//! - [`whmcs_file`] / [`lang_file`]: `resources/domains/additionalfields.php` and the
//!   `lang/overrides/<language>.php` entries, generated from the same data.
//!
//! Texts come from `lang.toml` in English, German, French and Arabic; an admin overrides any
//! of them by passing `translations` (the lang keys with their `ispapi_` prefix).

mod data;
mod whmcs;

pub use data::{
    Action, ClientKind, Condition, Field, Kind, Language, Prefill, Text, Texts, TldRules,
};
pub use whmcs::{definitions, lang_file, whmcs_file, WhmcsField};

use crate::error::{quoted, CoreError, Result};
use crate::wire::Api;
use data::{data, Data, Transform};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The client's data the rules look at (WHMCS's client details; other keys are ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    pub companyname: String,
    pub countrycode: String,
    pub tax_id: String,
    /// WHMCS language name ("french") or ISO 639-1 code ("fr").
    pub language: String,
    /// The DK Hostmaster user ID (a client custom field in WHMCS).
    pub dk_hostmaster_id: String,
    /// A company registration number (a client custom field in WHMCS).
    pub company_number: String,
}

impl Client {
    /// From WHMCS's client array; keys that are missing or not text are empty.
    pub fn from_map(map: &Map<String, Value>) -> Client {
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| match map.get(*k) {
                    Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        let custom = |prefill: Prefill| custom_field(map, prefill).unwrap_or_default();
        let or_custom = |value: String, prefill: Prefill| {
            if value.is_empty() {
                custom(prefill)
            } else {
                value
            }
        };
        Client {
            companyname: text(&["companyname"]),
            countrycode: text(&["countrycode", "country"]).to_uppercase(),
            tax_id: text(&["tax_id", "taxid"]),
            language: text(&["language"]),
            dk_hostmaster_id: or_custom(text(&["dk_hostmaster_id"]), Prefill::DkHostmasterId),
            company_number: or_custom(text(&["company_number"]), Prefill::CompanyNumber),
        }
    }

    pub fn kind(&self) -> ClientKind {
        if self.companyname.is_empty() {
            ClientKind::Individual
        } else {
            ClientKind::Organization
        }
    }
}

/// Client custom fields (Setup > Client Custom Fields) that fill a prefill, by their name
/// with everything but letters and digits removed and lower-cased, as the original module
/// matched them (its `textid`), so "DK-Hostmaster User ID" and "DK Hostmaster User-ID" both
/// count. Seed 003 ("Auto-prefill fields"): the admin creates a text box named
/// "DK-Hostmaster User ID". A company number has no field name in the seeds (unverified: the
/// names below are ours).
const CLIENT_CUSTOM_FIELDS: &[(&str, Prefill)] = &[
    ("dkhostmasteruserid", Prefill::DkHostmasterId),
    ("companynumber", Prefill::CompanyNumber),
    ("companyregistrationnumber", Prefill::CompanyNumber),
];

/// WHMCS lets a custom field's name carry a display text after a `|` ("id|Shown name"); the
/// part before it is the name.
fn custom_field_key(name: &str) -> String {
    let name = name.split('|').next().unwrap_or(name);
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The value of the client custom field (`customfields`: field name → value) for `prefill`.
fn custom_field(map: &Map<String, Value>, prefill: Prefill) -> Option<String> {
    let Some(Value::Object(fields)) = map.get("customfields") else {
        return None;
    };
    fields.iter().find_map(|(name, value)| {
        let key = custom_field_key(name);
        let wanted = CLIENT_CUSTOM_FIELDS
            .iter()
            .any(|(k, p)| *k == key && *p == prefill);
        match value {
            Value::String(s) if wanted && !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        }
    })
}

/// A problem with one submitted value (or with the combination, when `field` is absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// `required`, `option`, `format` or the data's check name (`error_…`).
    pub code: String,
    pub message: String,
}

/// What a valid submission adds to the registrar command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Mapped {
    /// API parameters in the data's order.
    pub params: Vec<(String, String)>,
    /// Parameters that replace the command itself (`.swiss` registers by application).
    pub command: Vec<(String, String)>,
    /// Contact fields to leave empty: `(contact, field)`, e.g. `("owner", "ORGANIZATION")`.
    pub drop_contact_fields: Vec<(String, String)>,
}

/// Maps submitted values for `tld` and `action` to `api`'s parameter names and values; on
/// failure every message, in English.
///
/// The registrar flows call this with WHMCS's `additionalfields` and the client's details.
pub fn map(
    tld: &str,
    action: Action,
    values: &BTreeMap<String, String>,
    client: &Client,
    api: Api,
) -> std::result::Result<Mapped, Vec<String>> {
    let data = data().map_err(|e| vec![e])?;
    map_with(
        data,
        tld,
        action,
        values,
        client,
        (Language::En, &BTreeMap::new()),
        api,
    )
    .map_err(|errors| errors.into_iter().map(|e| e.message).collect())
}

fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "on" | "1" | "yes" | "true" | "checked" | "y"
    )
}

/// The language for texts from a WHMCS language name or a code; English otherwise.
pub fn language(name: Option<&str>) -> Language {
    let code = name.map(|n| n.trim().to_lowercase()).and_then(|n| {
        data()
            .ok()
            .and_then(|d| d.texts.whmcs_languages.get(&n).cloned())
            .or(Some(n))
    });
    match code.as_deref() {
        Some("de") => Language::De,
        Some("fr") => Language::Fr,
        Some("ar") => Language::Ar,
        _ => Language::En,
    }
}

/// The value a client's data offers for a field (already upper case where codes are).
fn prefill_value(data: &Data, prefill: Prefill, client: &Client) -> Option<String> {
    let value = match prefill {
        Prefill::VatId => client.tax_id.clone(),
        Prefill::DkHostmasterId => client.dk_hostmaster_id.clone(),
        Prefill::Country => client.countrycode.clone(),
        Prefill::CompanyNumber => client.company_number.clone(),
        Prefill::Language => {
            let name = client.language.to_lowercase();
            data.texts
                .whmcs_languages
                .get(&name)
                .cloned()
                .unwrap_or(name)
                .to_uppercase()
        }
    };
    Some(value).filter(|v| !v.is_empty())
}

/// The option a submitted value means: the API value itself (any case), an alias, or the
/// `value|label` form WHMCS shows.
fn option_value(field: &Field, submitted: &str) -> Option<String> {
    let wanted = submitted.split('|').next().unwrap_or(submitted).trim();
    let lower = wanted.to_lowercase();
    field
        .options
        .iter()
        .find(|o| o.as_str() == wanted)
        .or_else(|| field.options.iter().find(|o| o.to_lowercase() == lower))
        .cloned()
        .or_else(|| {
            field
                .aliases
                .iter()
                .find(|(alias, _)| alias.to_lowercase() == lower)
                .map(|(_, v)| v.clone())
        })
}

fn apply_transforms(field: &Field, value: &str) -> String {
    let mut v = value.to_owned();
    for t in &field.transform {
        v = match t {
            Transform::Trim => v.trim().to_owned(),
            Transform::Uppercase => v.to_uppercase(),
            Transform::Lowercase => v.to_lowercase(),
            Transform::Digits => v.chars().filter(char::is_ascii_digit).collect(),
            Transform::Mailto => {
                let looks_like_email = v.contains('@') && !v.contains(':') && !v.contains(' ');
                if looks_like_email {
                    format!("mailto:{v}")
                } else {
                    v
                }
            }
        };
    }
    v
}

fn holds(data: &Data, c: &Condition, values: &BTreeMap<String, String>, client: &Client) -> bool {
    if let Some(field) = &c.field {
        let v = values.get(field).map(String::as_str).unwrap_or_default();
        if !c.is_in.is_empty() && !c.is_in.iter().any(|x| x == v) {
            return false;
        }
        if c.not_in.iter().any(|x| x == v) {
            return false;
        }
    }
    if c.client.is_some_and(|k| k != client.kind()) {
        return false;
    }
    let country = client.countrycode.as_str();
    if !c.country_in.is_empty() && !data.countries(&c.country_in).any(|x| x == country) {
        return false;
    }
    if data.countries(&c.country_not_in).any(|x| x == country) {
        return false;
    }
    true
}

/// Fills `{field}`, `{value}`, `{hint}` in a message.
fn message(template: &str, parts: &[(&str, &str)]) -> String {
    parts.iter().fold(template.to_owned(), |m, (k, v)| {
        m.replace(&format!("{{{k}}}"), v)
    })
}

/// The generic mapper: every TLD goes through the same steps, driven by its data.
fn map_with(
    data: &Data,
    tld: &str,
    action: Action,
    submitted: &BTreeMap<String, String>,
    client: &Client,
    (language, overrides): (Language, &BTreeMap<String, String>),
    api: Api,
) -> std::result::Result<Mapped, Vec<FieldError>> {
    let Some((rules, tld)) = data.rules_for(tld) else {
        return Ok(Mapped::default());
    };
    let text = |key: &str| data.texts.get(key, language, overrides).to_owned();
    let fields: Vec<&Field> = rules
        .fields
        .iter()
        .filter(|f| f.applies_to(action))
        .collect();
    let mut errors = Vec::new();

    // 1. Each value in its API form (options mapped, transforms applied), or an error.
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut malformed: Vec<&Field> = Vec::new();
    for field in &fields {
        let raw = submitted
            .get(&field.name)
            .map(|v| crate::translit::decode_html_entities(v.trim()))
            .filter(|v| !v.is_empty())
            .or_else(|| field.prefill.and_then(|p| prefill_value(data, p, client)))
            .unwrap_or_default();
        let label = text(&field.label);
        let value = match field.kind {
            Kind::Display => String::new(),
            Kind::Tickbox => {
                if truthy(&raw) {
                    "1".to_owned()
                } else {
                    String::new()
                }
            }
            Kind::Dropdown | Kind::Radio if raw.is_empty() => String::new(),
            Kind::Dropdown | Kind::Radio => match option_value(field, &raw) {
                Some(v) => apply_transforms(field, &v),
                None => {
                    errors.push(FieldError {
                        field: Some(field.name.clone()),
                        code: "option".to_owned(),
                        // Never the decoded value itself: WHMCS shows the message as it is.
                        message: message(
                            &text("error_option"),
                            &[("field", &label), ("value", &quoted(&raw))],
                        ),
                    });
                    continue;
                }
            },
            Kind::Text => apply_transforms(field, &raw),
        };
        if let (Some(pattern), false) = (&field.pattern, value.is_empty()) {
            if !pattern.is_match(&value) {
                malformed.push(field);
            }
        }
        values.insert(field.name.clone(), value);
    }

    // A malformed value matters only if it would be sent (a person's "CHE" placeholder in
    // .swiss's enterprise ID is not); otherwise it is dropped.
    for field in malformed {
        let sent = field
            .send_if
            .as_ref()
            .is_none_or(|c| holds(data, c, &values, client));
        if sent {
            let hint = text(field.pattern_hint.as_deref().unwrap_or_default());
            errors.push(FieldError {
                field: Some(field.name.clone()),
                code: "format".to_owned(),
                message: message(
                    &text("error_format"),
                    &[("field", &text(&field.label)), ("hint", &hint)],
                ),
            });
        }
        values.insert(field.name.clone(), String::new());
    }

    // 2. Required fields (conditions see the mapped values of the other fields).
    for field in &fields {
        let empty = values.get(&field.name).is_none_or(String::is_empty);
        let required = field.required
            || field
                .required_if
                .as_ref()
                .is_some_and(|c| holds(data, c, &values, client));
        let already_reported = errors
            .iter()
            .any(|e| e.field.as_deref() == Some(field.name.as_str()));
        if required && empty && !already_reported && field.kind != Kind::Display {
            errors.push(FieldError {
                field: Some(field.name.clone()),
                code: "required".to_owned(),
                message: message(&text("error_required"), &[("field", &text(&field.label))]),
            });
        }
    }

    // 3. The TLD's rules about the combination.
    for check in &rules.checks {
        if holds(data, &check.when, &values, client) {
            errors.push(FieldError {
                field: check.when.field.clone(),
                code: check.error.clone(),
                message: message(&text(&check.error), &[("tld", &tld.to_uppercase())]),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // 4. The parameters.
    let mut mapped = Mapped::default();
    for field in &fields {
        let value = values.get(&field.name).cloned().unwrap_or_default();
        if let Some(drop) = &field.drop_contact {
            if drop.when.contains(&value) {
                mapped
                    .drop_contact_fields
                    .push((drop.contact.clone(), drop.field.clone()));
            }
        }
        let send = field
            .send_if
            .as_ref()
            .is_none_or(|c| holds(data, c, &values, client));
        if let (Some(param), false, true) = (field.param_on(api, &tld), value.is_empty(), send) {
            mapped.params.push((param, field.value_on(api, &value)));
        }
    }
    if action != Action::Transfer {
        for d in &rules.derived {
            let value = match client.kind() {
                ClientKind::Organization => &d.organization,
                ClientKind::Individual => &d.individual,
            };
            let Some(param) = d.param_on(api) else {
                continue;
            };
            if let Some(v) = value {
                mapped.params.push((param.to_owned(), v.clone()));
            }
        }
    }
    if action == Action::Register {
        let mut command = rules.register_command.clone();
        if api == Api::Cnr {
            command.extend(rules.cnr_register_command.clone());
        }
        mapped.command = command.into_iter().collect();
    }
    Ok(mapped)
}

fn internal(e: String) -> CoreError {
    CoreError::new("internal", e)
}

/// `fields_map` arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapInput {
    pub tld: String,
    pub action: Action,
    /// WHMCS field name → submitted value (WHMCS's `additionalfields`).
    #[serde(default)]
    pub values: Map<String, Value>,
    /// WHMCS's client details (`companyname`, `countrycode`, `tax_id`, `language`, …).
    #[serde(default)]
    pub client: Map<String, Value>,
    /// Language of the messages (WHMCS name or code); English by default.
    #[serde(default)]
    pub language: Option<String>,
    /// The admin's texts, by lang key.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// The account's API ("ispapi", the default, or "cnr"): whose parameter names to give.
    #[serde(default)]
    pub api: Option<Api>,
}

#[derive(Debug, Serialize)]
pub struct MapOutput {
    pub valid: bool,
    /// The API parameters to add (empty when not valid).
    pub params: Map<String, Value>,
    /// Command parameters to replace (e.g. `COMMAND`, `CLASS` for `.swiss`), if any.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub command: Map<String, Value>,
    /// Contact fields to leave empty, as `{contact, field}`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drop_contact_fields: Vec<Value>,
    pub errors: Vec<FieldError>,
}

/// The longest submitted value taken; WHMCS's own column is a TEXT.
const MAX_VALUE: usize = 4096;

/// `fields_map`.
pub fn map_values(input: MapInput) -> Result<MapOutput> {
    let data = data().map_err(internal)?;
    let mut values = BTreeMap::new();
    for (name, value) in &input.values {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "1" } else { "" }.to_owned(),
            Value::Null => String::new(),
            _ => {
                return Err(CoreError::invalid_args(format!(
                    "the value of {} is not text",
                    quoted(name)
                )))
            }
        };
        if text.len() > MAX_VALUE {
            return Err(CoreError::invalid_args(format!(
                "the value of {} is longer than {MAX_VALUE} bytes",
                quoted(name)
            )));
        }
        values.insert(name.clone(), text);
    }
    let client = Client::from_map(&input.client);
    let language = language(input.language.as_deref());
    let outcome = map_with(
        data,
        &input.tld,
        input.action,
        &values,
        &client,
        (language, &input.translations),
        input.api.unwrap_or(Api::Ispapi),
    );
    let to_map = |pairs: &[(String, String)]| -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect()
    };
    Ok(match outcome {
        Ok(m) => MapOutput {
            valid: true,
            params: to_map(&m.params),
            command: to_map(&m.command),
            drop_contact_fields: m
                .drop_contact_fields
                .iter()
                .map(|(c, f)| serde_json::json!({ "contact": c, "field": f }))
                .collect(),
            errors: Vec::new(),
        },
        Err(errors) => MapOutput {
            valid: false,
            params: Map::new(),
            command: Map::new(),
            drop_contact_fields: Vec::new(),
            errors,
        },
    })
}

/// The TLDs the data covers for `action` (with at least one field), sorted.
pub fn tlds_with_fields(action: Action) -> Vec<String> {
    let Ok(data) = data() else {
        return Vec::new();
    };
    let mut tlds: Vec<String> = data
        .tlds
        .iter()
        .filter(|r| r.actions.contains(&action))
        .flat_map(|r| r.tlds.iter().cloned())
        .collect();
    tlds.sort();
    tlds
}

/// Every TLD group of the data (for tests and tools).
pub fn all_rules() -> std::result::Result<&'static [TldRules], String> {
    data().map(|d| d.tlds.as_slice())
}

/// The lang keys the data uses, each with whether `lang.toml` has it (for tests).
pub fn used_text_keys() -> std::result::Result<BTreeMap<String, bool>, String> {
    let data = data()?;
    let mut keys = BTreeMap::new();
    let mut add = |k: String| {
        let known = data.texts.texts.contains_key(&k);
        keys.insert(k, known);
    };
    for rules in &data.tlds {
        for check in &rules.checks {
            add(check.error.clone());
        }
        for f in &rules.fields {
            add(f.label.clone());
            f.description.iter().for_each(|d| add(d.clone()));
            f.pattern_hint.iter().for_each(|h| add(h.clone()));
            for tld in &rules.tlds {
                for o in &f.options {
                    if let Some(k) = f.option_label_key(tld, o) {
                        add(k);
                    }
                }
            }
        }
    }
    for k in whmcs::MESSAGE_KEYS {
        add((*k).to_owned());
    }
    Ok(keys)
}

/// Every lang key `lang.toml` defines (for tests).
pub fn defined_text_keys() -> std::result::Result<Vec<String>, String> {
    Ok(data()?.texts.texts.keys().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn person(country: &str) -> Client {
        Client {
            countrycode: country.to_owned(),
            ..Client::default()
        }
    }

    #[test]
    fn the_data_loads() {
        assert!(data().is_ok(), "{:?}", data().err());
    }

    #[test]
    fn a_tld_without_rules_needs_nothing() {
        let m = map(
            ".com",
            Action::Register,
            &BTreeMap::new(),
            &person("DE"),
            Api::Ispapi,
        )
        .unwrap();
        assert_eq!(m, Mapped::default());
    }

    #[test]
    fn second_levels_use_their_tlds_rules() {
        let (rules, tld) = data().unwrap().rules_for("com.sg").unwrap();
        assert!(rules.tlds.contains(&".sg".to_owned()));
        assert_eq!(tld, ".com.sg");
        assert!(
            data().unwrap().rules_for("xn--p1ai").is_some(),
            ".рф by its A-label"
        );
    }

    #[test]
    fn every_missing_field_is_reported_at_once() {
        let errors = map(
            ".ca",
            Action::Register,
            &BTreeMap::new(),
            &person("CA"),
            Api::Ispapi,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn legacy_option_texts_map_to_api_values() {
        let m = map(
            ".ca",
            Action::Register,
            &values(&[
                ("Legal Type", "Canadian Citizen"),
                ("Contact Language", "French"),
            ]),
            &person("CA"),
            Api::Ispapi,
        )
        .unwrap();
        assert_eq!(
            m.params,
            vec![
                ("X-CA-LEGALTYPE".to_owned(), "CCT".to_owned()),
                ("X-CA-LANGUAGE".to_owned(), "FR".to_owned())
            ]
        );
    }

    #[test]
    fn client_custom_fields_fill_by_their_cleaned_name() {
        let map = serde_json::json!({
            "customfields": {"DK-Hostmaster User ID": " ab12-dk ", "Favourite colour": "blue"}
        });
        let client = Client::from_map(map.as_object().unwrap());
        assert_eq!(client.dk_hostmaster_id, "ab12-dk");
        assert_eq!(client.company_number, "");
        let translated = serde_json::json!({"customfields": {"dkhostmasteruserid|DK-ID": "Z3-DK"}});
        assert_eq!(
            Client::from_map(translated.as_object().unwrap()).dk_hostmaster_id,
            "Z3-DK"
        );
        let direct = serde_json::json!({"dk_hostmaster_id": "X1-DK",
            "customfields": {"DK Hostmaster User-ID": "Y2-DK"}});
        assert_eq!(
            Client::from_map(direct.as_object().unwrap()).dk_hostmaster_id,
            "X1-DK"
        );
    }

    #[test]
    fn the_session_language_prefills_when_the_client_has_none() {
        let input = |client: Value| whmcs::DefinitionsInput {
            tld: "ca".to_owned(),
            action: Action::Register,
            language: Some("french".to_owned()),
            client: client.as_object().cloned(),
            existing: Vec::new(),
            translations: BTreeMap::new(),
        };
        let language_default = |client: Value| {
            definitions(input(client))
                .unwrap()
                .fields
                .into_iter()
                .find(|f| f.name == "Contact Language")
                .and_then(|f| f.default)
        };
        assert_eq!(
            language_default(serde_json::json!({"language": ""})),
            Some("FR".to_owned())
        );
        assert_eq!(
            language_default(serde_json::json!({"language": "english"})),
            Some("EN".to_owned())
        );
        assert_eq!(
            language_default(Value::Null),
            Some("FR".to_owned()),
            "a guest"
        );
    }

    #[test]
    fn slugs_are_lang_keys() {
        assert_eq!(
            data::slug("Contact Job Title (e.g. CEO)"),
            "contact_job_title_e_g_ceo"
        );
        assert_eq!(data::slug("HOS"), "hos");
    }
}
