//! The registrar module's own texts (`texts.toml`) in the language of whoever reads them: the
//! client's on client-area pages, the admin's on the settings page. The host passes
//! `params.lang` = `{language, overrides}` (a WHMCS language name or ISO code, and the admin's
//! `ispapi_…` strings from `lang/overrides/<language>.php`); the choice of text is the one the
//! additional fields use ([`crate::fields::Texts::get`]: override, else ours, English for any
//! other language).

use super::Params;
use crate::error::{CoreError, Result};
use crate::fields::{self, Language, Text, Texts};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTexts {
    texts: BTreeMap<String, Text>,
}

/// The table, parsed once. Broken data is a test failure, never a panic at run time.
pub fn table() -> std::result::Result<&'static Texts, String> {
    static TABLE: OnceLock<std::result::Result<Texts, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let raw: RawTexts = toml::from_str(include_str!("texts.toml"))
                .map_err(|e| format!("texts.toml: {e}"))?;
            Ok(Texts {
                whmcs_languages: BTreeMap::new(),
                texts: raw.texts,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The reader's language and the admin's overrides.
#[derive(Debug, Clone)]
pub struct Lang {
    pub language: Language,
    overrides: BTreeMap<String, String>,
}

impl Lang {
    pub fn new(language: Option<&str>, overrides: BTreeMap<String, String>) -> Lang {
        Lang {
            language: fields::language(language),
            overrides,
        }
    }

    /// From `params.lang`; anything missing or malformed means English without overrides.
    pub fn from_params(p: &Params) -> Lang {
        let lang = p.get("lang");
        let language = lang.and_then(|l| l.get("language")).and_then(Value::as_str);
        let overrides = lang
            .and_then(|l| l.get("overrides"))
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Lang::new(language, overrides)
    }

    /// The text of `key` (the key itself if the table lacks it: a test keeps that from happening).
    pub fn text(&self, key: &str) -> String {
        match table() {
            Ok(t) => t.get(key, self.language, &self.overrides).to_owned(),
            Err(_) => key.to_owned(),
        }
    }

    /// The text with its `{name}` placeholders filled in one pass (a value is never rescanned).
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.text(key), values)
    }

    /// A DNSSEC record's mistake ([`crate::dnssec::Problem`]) in this language.
    pub fn problem(&self, p: &crate::dnssec::Problem) -> String {
        let field = p.field.map(|f| self.text(f)).unwrap_or_default();
        let mut values: Vec<(&str, &str)> =
            p.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        values.push(("field", &field));
        let text = self.fill(p.key, &values);
        match p.row {
            Some((row, n)) => self.fill(row, &[("n", &n.to_string()), ("error", &text)]),
            None => text,
        }
    }

    /// The writing direction of the language, for the pages' `dir` attribute.
    pub fn dir(&self) -> &'static str {
        match self.language {
            Language::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// Every text, by key without the prefix (the templates' `$t`).
    pub fn all(&self) -> Map<String, Value> {
        let Ok(t) = table() else {
            return Map::new();
        };
        t.texts
            .keys()
            .map(|k| (k.clone(), Value::String(self.text(k))))
            .collect()
    }
}

/// `{name}` → its value; an unknown placeholder stays as written.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text, sorted (for the table's test).
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
        .map(str::to_owned)
        .collect();
    found.sort();
    found
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextsInput {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub overrides: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct TextsOutput {
    /// ISO 639-1 code of the texts' language (English for any language without texts).
    pub language: Language,
    pub dir: &'static str,
    /// Every text by key without the `ispapi_` prefix.
    pub texts: Map<String, Value>,
}

/// `registrar_texts`: the module's texts for the PHP side's own output (the settings page's
/// rows it adds, the client's error sentence, the private nameservers panel).
pub fn texts(input: TextsInput) -> Result<TextsOutput> {
    table().map_err(|e| CoreError::new("internal", e))?;
    let lang = Lang::new(input.language.as_deref(), input.overrides);
    Ok(TextsOutput {
        language: lang.language,
        dir: lang.dir(),
        texts: lang.all(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_the_same_placeholders_in_each_language() {
        let t = table().unwrap();
        assert!(t.texts.len() > 50);
        for (key, text) in &t.texts {
            let en = placeholders(&text.en);
            for language in Language::ALL {
                let s = text.get(language);
                assert!(!s.trim().is_empty(), "{key} {language:?} is empty");
                assert_eq!(placeholders(s), en, "{key} {language:?}: {s}");
            }
        }
    }

    #[test]
    fn no_key_is_also_an_additional_field_text() {
        let fields = crate::fields::defined_text_keys().unwrap();
        for key in table().unwrap().texts.keys() {
            assert!(!fields.contains(key), "{key} is in lang.toml too");
        }
    }

    #[test]
    fn overrides_win_and_unknown_languages_read_english() {
        let mut o = BTreeMap::new();
        o.insert("ispapi_save".to_owned(), "Sichern".to_owned());
        assert_eq!(Lang::new(Some("german"), o.clone()).text("save"), "Sichern");
        assert_eq!(
            Lang::new(Some("german"), BTreeMap::new()).text("save"),
            "Speichern"
        );
        assert_eq!(
            Lang::new(Some("danish"), BTreeMap::new()).text("save"),
            "Save"
        );
        assert_eq!(Lang::new(None, BTreeMap::new()).text("save"), "Save");
        assert_eq!(Lang::new(Some("arabic"), BTreeMap::new()).dir(), "rtl");
    }

    /// Every key the flows, the templates and the PHP side name is in the table (keys built
    /// at run time, settings and web apps, are checked by their own modules' tests).
    #[test]
    fn every_key_used_is_in_the_table() {
        let t = table().unwrap();
        let sources = [
            include_str!("client_area.rs"),
            include_str!("webapps.rs"),
            include_str!("../dnssec/mod.rs"),
            include_str!("settings.rs"),
            include_str!("domain.rs"),
            include_str!("manage.rs"),
            include_str!("suspension.rs"),
            include_str!("../../php-bridge/modules/registrars/ispapi/templates/dnssec.tpl"),
            include_str!("../../php-bridge/modules/registrars/ispapi/templates/settings.tpl"),
            include_str!("../../php-bridge/modules/registrars/ispapi/templates/webapps.tpl"),
            include_str!("../../php-bridge/modules/registrars/ispapi/templates/whoisprivacy.tpl"),
            include_str!("../../php-bridge/lib/ClientArea.php"),
            include_str!("../../php-bridge/lib/Registrar.php"),
        ];
        let used = regex_lite::Regex::new(
            r#"(?:\.text\(|\.fill\()\s*"([a-z_]+)"|\$t\('([a-z_]+)'|\$t\.([a-z_]+)|"((?:button|dnssec|whoisprivacy|whoisoutput|errp|settings|field|check|webapps|privatens|setting)_[a-z_]+)""#,
        )
        .unwrap();
        let mut n = 0;
        for source in sources {
            for c in used.captures_iter(source) {
                let key = (1..=4).find_map(|i| c.get(i)).unwrap().as_str();
                n += 1;
                assert!(t.texts.contains_key(key), "{key} is not in texts.toml");
            }
        }
        assert!(n > 60, "{n} uses found");
        for state in ["connected", "partly_connected", "not_connected"] {
            assert!(t.texts.contains_key(&format!("webapps_state_{state}")));
        }
    }

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            fill(
                "{app} on {domain} {x}",
                &[("app", "{domain}"), ("domain", "a.de")]
            ),
            "{domain} on a.de {x}"
        );
        assert_eq!(fill("{ open", &[("open", "x")]), "{ open");
    }
}
