//! The data in WHMCS's shapes: `$additionaldomainfields` entries, the `additionalfields.php`
//! file and the lang override entries.

use super::data::{data, Action, Data, Field, Kind, Language, TldRules, LANG_PREFIX};
use super::{internal, language, prefill_value, Client};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Texts the mapper itself uses (the data names the others).
pub const MESSAGE_KEYS: &[&str] = &["error_required", "error_option", "error_format"];

/// One entry of `$additionaldomainfields['.tld']`, as WHMCS reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WhmcsField {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang_var: Option<String>,
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// WHMCS's comma list of `value|label`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `true`/`false`, or WHMCS's conditional form `{"Other Field": ["value", …]}` (7.9+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    /// Hides a field WHMCS itself defines for the TLD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove: Option<bool>,
}

/// WHMCS splits `Options` at commas, so a comma inside a label becomes U+201A (‚), which
/// looks the same (as the original module did).
fn option_text(text: &str) -> String {
    text.replace(',', "\u{201A}")
}

struct Ctx<'a> {
    data: &'a Data,
    language: Language,
    overrides: &'a BTreeMap<String, String>,
}

impl Ctx<'_> {
    fn text(&self, key: &str) -> String {
        self.data
            .texts
            .get(key, self.language, self.overrides)
            .to_owned()
    }

    /// A description with `{TERMS}` (the registry's terms URL) and `{TLD}` filled in.
    fn description(&self, key: &str, rules: &TldRules, tld: &str) -> String {
        self.text(key)
            .replace("{TERMS}", rules.terms.as_deref().unwrap_or("#"))
            .replace("{TLD}", &tld.to_uppercase())
    }

    fn field(&self, f: &Field, rules: &TldRules, tld: &str, client: Option<&Client>) -> WhmcsField {
        let options = f.kind.has_options().then(|| {
            let mut list: Vec<String> = f
                .options
                .iter()
                .map(|o| match f.option_label_key(tld, o) {
                    Some(key) => format!("{o}|{}", option_text(&self.text(&key))),
                    None => o.clone(),
                })
                .collect();
            // An optional choice starts empty, so nothing is chosen for the customer.
            if !f.required {
                list.insert(0, String::new());
            }
            list.join(",")
        });
        let prefill = client.and_then(|c| f.prefill.and_then(|p| prefill_value(self.data, p, c)));
        // A prefill for a choice counts only if it is one of the options (e.g. .ca has EN/FR).
        let prefill = prefill.filter(|p| !f.kind.has_options() || f.options.contains(p));
        let default = prefill.or_else(|| f.default.clone()).or_else(|| {
            (f.kind.has_options() && f.required)
                .then(|| f.options.first().cloned())
                .flatten()
        });
        let required = match (&f.required_if, f.required) {
            (_, true) => Some(Value::Bool(true)),
            (Some(c), false) => match (
                &c.field,
                c.client,
                c.country_in.is_empty(),
                c.country_not_in.is_empty(),
            ) {
                // WHMCS can express "required when another field has one of these values".
                (Some(other), None, true, true) if c.not_in.is_empty() => {
                    let mut m = Map::new();
                    m.insert(
                        other.clone(),
                        Value::Array(c.is_in.iter().cloned().map(Value::String).collect()),
                    );
                    Some(Value::Object(m))
                }
                // Client-dependent requirements are enforced by fields_map only.
                _ => Some(Value::Bool(false)),
            },
            (None, false) => Some(Value::Bool(false)),
        };
        WhmcsField {
            name: f.name.clone(),
            display_name: Some(self.text(&f.label)),
            lang_var: Some(format!("{LANG_PREFIX}{}", f.label)),
            kind: Some(f.kind.whmcs_name().to_owned()),
            options,
            default,
            required: (f.kind != Kind::Display).then_some(required).flatten(),
            description: f
                .description
                .as_deref()
                .map(|d| self.description(d, rules, tld)),
            size: f.size,
            remove: None,
        }
    }

    /// The fields of `tld` for `action`, then `Remove` entries for WHMCS's own fields of the
    /// TLD (from the data, and `existing` ones the host reports) that the data does not define.
    fn fields(
        &self,
        tld: &str,
        action: Action,
        client: Option<&Client>,
        existing: &[String],
    ) -> Vec<WhmcsField> {
        let Some((rules, tld)) = self.data.rules_for(tld) else {
            return Vec::new();
        };
        let mut out: Vec<WhmcsField> = rules
            .fields
            .iter()
            .filter(|f| f.applies_to(action))
            .map(|f| self.field(f, rules, &tld, client))
            .collect();
        let mut removed: Vec<&String> = Vec::new();
        for name in rules.remove_whmcs.iter().chain(existing) {
            if !out.iter().any(|f| &f.name == name) && !removed.contains(&name) {
                removed.push(name);
            }
        }
        out.extend(removed.into_iter().map(|name| WhmcsField {
            name: name.clone(),
            display_name: None,
            lang_var: None,
            kind: None,
            options: None,
            default: None,
            required: None,
            description: None,
            size: None,
            remove: Some(true),
        }));
        out
    }
}

/// `fields_definitions` arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionsInput {
    pub tld: String,
    #[serde(default = "register")]
    pub action: Action,
    #[serde(default)]
    pub language: Option<String>,
    /// WHMCS's client details, for defaults (VAT ID, DK Hostmaster ID, language …).
    #[serde(default)]
    pub client: Option<Map<String, Value>>,
    /// Names of the fields WHMCS currently defines for the TLD; those the data does not
    /// define are returned as `Remove` entries (the original module did this too).
    #[serde(default)]
    pub existing: Vec<String>,
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

fn register() -> Action {
    Action::Register
}

#[derive(Debug, Serialize)]
pub struct DefinitionsOutput {
    /// The TLD as WHMCS keys it (".ca").
    pub tld: String,
    pub fields: Vec<WhmcsField>,
}

/// `fields_definitions`: what `$additionaldomainfields['.tld']` holds for one form.
pub fn definitions(input: DefinitionsInput) -> Result<DefinitionsOutput> {
    let data = data().map_err(internal)?;
    let ctx = Ctx {
        data,
        language: language(input.language.as_deref()),
        overrides: &input.translations,
    };
    let mut client = input.client.as_ref().map(Client::from_map);
    // A guest, or a client who never chose a language, sees the cart in the page's language;
    // that is the language to prefill (.ca's contact language), as the original module did.
    if let Some(lang) = input.language.as_deref() {
        let c = client.get_or_insert_with(Client::default);
        if c.language.is_empty() {
            c.language = lang.trim().to_owned();
        }
    }
    Ok(DefinitionsOutput {
        tld: super::data::normalise_tld(&input.tld),
        fields: ctx.fields(&input.tld, input.action, client.as_ref(), &input.existing),
    })
}

/// `fields_whmcs_file` arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhmcsFileInput {
    #[serde(default)]
    pub language: Option<String>,
    /// WHMCS has one set of fields per TLD for both forms; `register` by default.
    #[serde(default = "register")]
    pub action: Action,
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct PhpOutput {
    pub php: String,
}

/// A PHP single-quoted string literal.
fn php_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn php_value(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => php_string(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(php_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "[{}]",
            m.iter()
                .map(|(k, v)| format!("{} => {}", php_string(k), php_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Null => "null".to_owned(),
    }
}

/// `fields_whmcs_file`: the whole `resources/domains/additionalfields.php`.
pub fn whmcs_file(input: WhmcsFileInput) -> Result<PhpOutput> {
    let data = data().map_err(internal)?;
    let ctx = Ctx {
        data,
        language: language(input.language.as_deref()),
        overrides: &input.translations,
    };
    let mut php = String::from(
        "<?php\n\
         // Additional domain fields for the TLDs offered through the ISPAPI registrar module,\n\
         // generated from the module's TLD data (core function fields_whmcs_file).\n\
         // Copy to resources/domains/additionalfields.php; regenerate instead of editing.\n\n",
    );
    let mut tlds: Vec<(&str, &TldRules)> = data
        .tlds
        .iter()
        .flat_map(|r| r.tlds.iter().map(move |t| (t.as_str(), r)))
        .collect();
    tlds.sort_by_key(|(t, _)| *t);
    for (tld, _) in tlds {
        let fields = ctx.fields(tld, input.action, None, &[]);
        if fields.is_empty() {
            continue;
        }
        php.push_str(&format!(
            "$additionaldomainfields[{}] = [];\n",
            php_string(tld)
        ));
        for f in fields {
            let v = serde_json::to_value(&f)
                .map_err(|e| CoreError::new("internal", format!("field: {e}")))?;
            php.push_str(&format!(
                "$additionaldomainfields[{}][] = {};\n",
                php_string(tld),
                php_value(&v)
            ));
        }
        php.push('\n');
    }
    Ok(PhpOutput { php })
}

/// `fields_lang` arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangInput {
    pub language: String,
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct LangOutput {
    /// `lang/overrides/<file>.php`
    pub file: String,
    pub entries: BTreeMap<String, String>,
    pub php: String,
}

/// `fields_lang`: the lang override entries (`$_LANG['ispapi_…'] = '…';`) of one language.
pub fn lang_file(input: LangInput) -> Result<LangOutput> {
    let data = data().map_err(internal)?;
    let language = language(Some(&input.language));
    let entries: BTreeMap<String, String> = data
        .texts
        .texts
        .keys()
        .map(|k| {
            let text = data.texts.get(k, language, &input.translations).to_owned();
            (format!("{LANG_PREFIX}{k}"), text)
        })
        .collect();
    let mut php = format!(
        "<?php\n// ISPAPI registrar module: additional domain field texts ({}).\n",
        language.whmcs_name()
    );
    for (k, v) in &entries {
        php.push_str(&format!("$_LANG[{}] = {};\n", php_string(k), php_string(v)));
    }
    Ok(LangOutput {
        file: format!("lang/overrides/{}.php", language.whmcs_name()),
        entries,
        php,
    })
}
