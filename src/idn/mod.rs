//! Internationalised domain names: UTS #46 to ASCII (Punycode) and back, in bulk.
//!
//! Registries differ in how they treat the four UTS #46 deviation characters (ß, ς, ZWJ,
//! ZWNJ): IDNA2008 registries keep them (`fußball.de` → `xn--fuball-cta.de`), the others map
//! them away (`fußball.com` → `fussball.com`). Which TLD wants which is data
//! (`processing.toml`); the conversion itself is the `idna` crate.
//!
//! `idna` 1.x implements only nontransitional processing. Transitional processing differs from
//! it only in the mapping step of those four characters (UTS #46 §4, Table 3 "Deviations"), so
//! [`to_ascii_with`] maps them first (ß and ẞ → "ss", ς → σ, ZWJ and ZWNJ removed) and then
//! runs nontransitional processing. `tests/idn_conformance.rs` checks that against the
//! transitional columns of Unicode's `IdnaTestV2.txt`.
//!
//! Every function is total: invalid input gives an `Err` with a message naming the domain.

use crate::error::{quoted, CoreError, Result};
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// How the deviation characters are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Processing {
    /// IDNA2003 compatibility: ß → ss, ς → σ, ZWJ/ZWNJ removed.
    Transitional,
    /// IDNA2008: the deviation characters are kept.
    Nontransitional,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcessingData {
    nontransitional: Vec<String>,
}

/// The TLDs (with their dot, lower case) that get nontransitional processing.
fn nontransitional_tlds() -> &'static [String] {
    static DATA: OnceLock<Vec<String>> = OnceLock::new();
    DATA.get_or_init(|| {
        // The file is part of the build; `tests` parse it, so a broken edit fails there.
        toml::from_str::<ProcessingData>(include_str!("processing.toml"))
            .map(|d| d.nontransitional)
            .unwrap_or_default()
    })
}

/// The processing the registry of `domain`'s TLD expects (from `processing.toml`).
pub fn processing_for(domain: &str) -> Processing {
    // Map first, so that "FUSSBALL.DE", "fußball．de" and an A-label TLD all find their rule.
    let (mapped, _) = uts46().to_unicode(domain.as_bytes(), AsciiDenyList::EMPTY, Hyphens::Allow);
    let name = mapped.trim_end_matches('.');
    // Each listed TLD starts with its dot, so "xde" is not under ".de".
    let listed = nontransitional_tlds()
        .iter()
        .any(|tld| name.ends_with(tld.as_str()) || name == tld.trim_start_matches('.'));
    if listed {
        Processing::Nontransitional
    } else {
        Processing::Transitional
    }
}

fn uts46() -> &'static Uts46 {
    static UTS46: Uts46 = Uts46::new();
    &UTS46
}

/// `domain` in ASCII (A-labels), processed as its TLD's registry expects.
pub fn to_ascii(domain: &str) -> std::result::Result<String, String> {
    to_ascii_with(domain, processing_for(domain))
}

/// `domain` in ASCII with the given processing. The checks are the strict ones a registry
/// applies: STD3 ASCII rules (letters, digits, hyphen), hyphen positions (no leading or
/// trailing hyphen, no "--" in positions 3–4 outside A-labels), and the DNS lengths (labels up
/// to 63 octets, names up to 253, no empty label, no trailing dot).
pub fn to_ascii_with(domain: &str, processing: Processing) -> std::result::Result<String, String> {
    let input = match processing {
        Processing::Nontransitional => domain.to_owned(),
        Processing::Transitional => map_deviations(domain),
    };
    uts46()
        .to_ascii(
            input.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::Check,
            DnsLength::Verify,
        )
        .map(|ascii| ascii.into_owned())
        .map_err(|_| explain(domain))
}

/// `domain` in Unicode (U-labels), with the same checks as [`to_ascii_with`] except the DNS
/// lengths, which belong to the ASCII form; an empty label is still an error (UTS #46 X4_2).
pub fn to_unicode(domain: &str) -> std::result::Result<String, String> {
    let (unicode, result) =
        uts46().to_unicode(domain.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
    match result {
        Ok(()) if !has_empty_label(&unicode) => Ok(unicode.into_owned()),
        _ => Err(explain(domain)),
    }
}

/// UTS #46 separates labels at these four full stops (§2.3 "Label separators").
const FULL_STOPS: [char; 4] = ['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'];

/// An empty label other than the root label after a final dot ("a..b", ".a", "").
fn has_empty_label(name: &str) -> bool {
    let name = name.strip_suffix(FULL_STOPS).unwrap_or(name);
    name.is_empty() || name.split(FULL_STOPS).any(str::is_empty)
}

/// The transitional mapping of the deviation characters (UTS #46 §4 step 1 with
/// Transitional_Processing=true). Labels that are already A-labels are left alone: UTS #46
/// decodes and validates them nontransitionally in both modes (Unicode 15.1 onwards).
fn map_deviations(domain: &str) -> String {
    let mut out = String::with_capacity(domain.len());
    for (i, label) in domain.split(FULL_STOPS).enumerate() {
        if i > 0 {
            out.push('.');
        }
        if is_a_label_prefix(label) {
            out.push_str(label);
            continue;
        }
        for c in label.chars() {
            match c {
                // ẞ maps to ß in UTS #46 (Unicode 15.1+), which transitionally becomes "ss".
                '\u{00DF}' | '\u{1E9E}' => out.push_str("ss"),
                '\u{03C2}' => out.push('\u{03C3}'),
                '\u{200C}' | '\u{200D}' => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// "xn--" in any case and width, as UTS #46 maps the label before it looks for the prefix.
fn is_a_label_prefix(label: &str) -> bool {
    let mut prefix = label.chars().map(|c| match c {
        'X' | 'x' | '\u{FF38}' | '\u{FF58}' => 'x',
        'N' | 'n' | '\u{FF2E}' | '\u{FF4E}' => 'n',
        '-' | '\u{FF0D}' => '-',
        other => other,
    });
    prefix.next() == Some('x')
        && prefix.next() == Some('n')
        && prefix.next() == Some('-')
        && prefix.next() == Some('-')
}

/// A message that says which rule a name breaks, for the common cases.
fn explain(domain: &str) -> String {
    let reason = if domain.trim().is_empty() {
        "the name is empty".to_owned()
    } else if domain.chars().any(char::is_whitespace) {
        "it contains a space".to_owned()
    } else if domain.ends_with(FULL_STOPS) {
        "it ends with a dot".to_owned()
    } else if has_empty_label(domain) {
        "it has an empty label (two dots in a row)".to_owned()
    } else if let Some(label) = domain
        .split(FULL_STOPS)
        .find(|l| l.starts_with('-') || l.ends_with('-'))
    {
        format!("the label {} starts or ends with a hyphen", quoted(label))
    } else if domain.len() > 253 {
        "it is longer than 253 characters".to_owned()
    } else if let Some(bad) = domain
        .chars()
        .find(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        format!(
            "it contains the character {}, which domain names cannot have",
            quoted(&bad.to_string())
        )
    } else {
        "it breaks the IDNA rules (UTS #46): a label may be too long once converted, mix \
         scripts or directions, or contain a character no registry allows"
            .to_owned()
    };
    format!("{} is not a valid domain name: {reason}.", quoted(domain))
}

/// What `idn_convert` converts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Ascii,
    Unicode,
}

/// `auto` follows the TLD's registry (`processing.toml`); the others force one processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProcessingChoice {
    #[default]
    Auto,
    Transitional,
    Nontransitional,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConvertInput {
    pub domains: Vec<String>,
    pub to: Target,
    #[serde(default)]
    pub processing: ProcessingChoice,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Converted {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ascii: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unicode: Option<String>,
    /// The processing used for `ascii`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing: Option<Processing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ConvertOutput {
    pub results: Vec<Converted>,
}

/// Most names a single `idn_convert` call takes; a WHMCS domain list page is far below it.
pub const MAX_DOMAINS: usize = 100_000;

/// `idn_convert`: each domain to ASCII or to Unicode, one result (or error) per domain.
pub fn convert(input: ConvertInput) -> Result<ConvertOutput> {
    if input.domains.len() > MAX_DOMAINS {
        return Err(CoreError::invalid_args(format!(
            "at most {MAX_DOMAINS} domains per call, got {}",
            input.domains.len()
        )));
    }
    let results = input
        .domains
        .into_iter()
        .map(|domain| convert_one(domain, input.to, input.processing))
        .collect();
    Ok(ConvertOutput { results })
}

fn convert_one(domain: String, to: Target, choice: ProcessingChoice) -> Converted {
    let mut out = Converted {
        input: domain,
        ascii: None,
        unicode: None,
        processing: None,
        error: None,
    };
    match to {
        Target::Ascii => {
            let processing = match choice {
                ProcessingChoice::Auto => processing_for(&out.input),
                ProcessingChoice::Transitional => Processing::Transitional,
                ProcessingChoice::Nontransitional => Processing::Nontransitional,
            };
            out.processing = Some(processing);
            match to_ascii_with(&out.input, processing) {
                Ok(ascii) => out.ascii = Some(ascii),
                Err(e) => out.error = Some(e),
            }
        }
        Target::Unicode => match to_unicode(&out.input) {
            Ok(unicode) => out.unicode = Some(unicode),
            Err(e) => out.error = Some(e),
        },
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_processing_data_parses_and_lists_de() {
        assert!(nontransitional_tlds().iter().any(|t| t == ".de"));
        assert!(nontransitional_tlds().iter().all(|t| t.starts_with('.')));
    }

    #[test]
    fn eszett_is_kept_for_de_and_mapped_for_com() {
        assert_eq!(to_ascii("fußball.de").unwrap(), "xn--fuball-cta.de");
        assert_eq!(to_ascii("fußball.com").unwrap(), "fussball.com");
        assert_eq!(to_ascii("FUẞBALL.COM").unwrap(), "fussball.com");
    }

    #[test]
    fn the_tld_rule_is_found_in_any_spelling() {
        assert_eq!(processing_for("Fußball.DE"), Processing::Nontransitional);
        assert_eq!(
            processing_for("fußball\u{FF0E}de"),
            Processing::Nontransitional
        );
        assert_eq!(processing_for("fußball.swiss"), Processing::Nontransitional);
        assert_eq!(processing_for("fußball.com"), Processing::Transitional);
        assert_eq!(processing_for("de.com"), Processing::Transitional);
        assert_eq!(processing_for("xde"), Processing::Transitional);
    }

    #[test]
    fn final_sigma_and_joiners_follow_the_processing() {
        let greek = "ελληνικός.com";
        let t = to_ascii_with(greek, Processing::Transitional).unwrap();
        let n = to_ascii_with(greek, Processing::Nontransitional).unwrap();
        assert_ne!(t, n);
        assert_eq!(to_unicode(&t).unwrap(), "ελληνικόσ.com");
        assert_eq!(to_unicode(&n).unwrap(), greek);
    }

    #[test]
    fn a_labels_are_not_remapped_in_transitional_mode() {
        assert_eq!(
            to_ascii_with("xn--fuball-cta.com", Processing::Transitional).unwrap(),
            "xn--fuball-cta.com"
        );
    }

    #[test]
    fn unicode_round_trips() {
        assert_eq!(to_unicode("xn--fuball-cta.de").unwrap(), "fußball.de");
        assert_eq!(to_unicode("XN--MLLER-KVA.DE").unwrap(), "müller.de");
    }

    #[test]
    fn invalid_names_get_a_reason_each() {
        for (name, reason) in [
            ("", "empty"),
            ("a b.com", "space"),
            ("example.com.", "ends with a dot"),
            ("a..com", "empty label"),
            ("-a.com", "hyphen"),
            ("a_b.com", "“_”"),
            ("<b>.com", "character “&lt;”,"),
            (&format!("{}.com", "a".repeat(64)), "IDNA rules"),
        ] {
            let e = to_ascii(name).unwrap_err();
            assert!(e.contains(reason) && !e.contains('<'), "{name}: {e}");
        }
    }

    #[test]
    fn bulk_conversion_keeps_order_and_reports_per_name() {
        let out = convert(ConvertInput {
            domains: vec![
                "fußball.de".into(),
                "bad..name".into(),
                "fußball.com".into(),
            ],
            to: Target::Ascii,
            processing: ProcessingChoice::Auto,
        })
        .unwrap();
        assert_eq!(out.results[0].ascii.as_deref(), Some("xn--fuball-cta.de"));
        assert_eq!(out.results[0].processing, Some(Processing::Nontransitional));
        assert!(out.results[1].error.is_some() && out.results[1].ascii.is_none());
        assert_eq!(out.results[2].ascii.as_deref(), Some("fussball.com"));
    }
}
