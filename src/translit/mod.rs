//! Contact data to ASCII, for registries that accept nothing else.
//!
//! The schemes and tables are data (`tables.toml`, with the standard each follows):
//! HTML entities decoded first (WHMCS stores contact data HTML-escaped); Greek by ELOT 743
//! (= ISO 843 transcription); Cyrillic by ICAO Doc 9303, or the national system for Ukrainian
//! and Bulgarian contacts; Latin letters by NFKD with their diacritics dropped, after an
//! explicit table for the letters NFKD leaves alone (ß, æ, ø, ł, đ …) and, for German-speaking
//! countries, ä/ö/ü → ae/oe/ue. A character none of these covers is reported, not guessed.

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TablesFile {
    latin: HashMap<String, String>,
    by_language: HashMap<String, HashMap<String, String>>,
    greek: GreekFile,
    cyrillic: HashMap<String, HashMap<String, String>>,
    languages: HashMap<String, String>,
    html_entities: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GreekFile {
    letters: HashMap<String, String>,
    pairs: HashMap<String, String>,
    pairs_at_word_edge: HashMap<String, String>,
    diphthongs: HashMap<String, [String; 2]>,
    voiced: String,
}

/// The tables with single characters as keys.
struct Tables {
    latin: HashMap<char, String>,
    by_language: HashMap<String, HashMap<char, String>>,
    greek_letters: HashMap<char, String>,
    greek_pairs: HashMap<(char, char), String>,
    greek_pairs_at_edge: HashMap<(char, char), String>,
    greek_diphthongs: HashMap<(char, char), [String; 2]>,
    greek_voiced: Vec<char>,
    cyrillic: HashMap<String, HashMap<char, String>>,
    languages: HashMap<String, String>,
    html_entities: HashMap<String, String>,
}

fn single(key: &str) -> Option<char> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn pair(key: &str) -> Option<(char, char)> {
    let mut chars = key.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), Some(b), None) => Some((a, b)),
        _ => None,
    }
}

fn by_char(map: HashMap<String, String>) -> std::result::Result<HashMap<char, String>, String> {
    map.into_iter()
        .map(|(k, v)| single(&k).map(|c| (c, v)).ok_or(k))
        .collect()
}

fn by_pair<V>(map: HashMap<String, V>) -> std::result::Result<HashMap<(char, char), V>, String> {
    map.into_iter()
        .map(|(k, v)| pair(&k).map(|p| (p, v)).ok_or(k))
        .collect()
}

fn load() -> std::result::Result<Tables, String> {
    let file: TablesFile =
        toml::from_str(include_str!("tables.toml")).map_err(|e| format!("tables.toml: {e}"))?;
    let bad_key = |k: String| format!("tables.toml: {k:?} is not a single character or pair");
    Ok(Tables {
        latin: by_char(file.latin).map_err(bad_key)?,
        by_language: file
            .by_language
            .into_iter()
            .map(|(lang, m)| Ok((lang, by_char(m).map_err(bad_key)?)))
            .collect::<std::result::Result<_, String>>()?,
        greek_letters: by_char(file.greek.letters).map_err(bad_key)?,
        greek_pairs: by_pair(file.greek.pairs).map_err(bad_key)?,
        greek_pairs_at_edge: by_pair(file.greek.pairs_at_word_edge).map_err(bad_key)?,
        greek_diphthongs: by_pair(file.greek.diphthongs).map_err(bad_key)?,
        greek_voiced: file.greek.voiced.chars().collect(),
        cyrillic: file
            .cyrillic
            .into_iter()
            .map(|(lang, m)| Ok((lang, by_char(m).map_err(bad_key)?)))
            .collect::<std::result::Result<_, String>>()?,
        languages: file.languages,
        html_entities: file.html_entities,
    })
}

fn tables() -> std::result::Result<&'static Tables, CoreError> {
    static TABLES: OnceLock<std::result::Result<Tables, String>> = OnceLock::new();
    TABLES
        .get_or_init(load)
        .as_ref()
        .map_err(|e| CoreError::new("internal", e.clone()))
}

/// The result of transliterating one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transliteration {
    /// Only ASCII; characters no table covers are left out.
    pub ascii: String,
    /// The characters that were left out, each once, in order of appearance.
    pub unmapped: Vec<char>,
}

/// `text` in ASCII; characters no table covers are dropped (see [`transliterate_text`]).
pub fn to_ascii(text: &str) -> String {
    transliterate_text(text, None).ascii
}

/// `text` in ASCII, with the tables of `country`'s language (ISO 3166-1 alpha-2) if given.
pub fn transliterate_text(text: &str, country: Option<&str>) -> Transliteration {
    match tables() {
        Ok(t) => Transliterator::new(t, text, country).run(),
        // The tables are compiled in and tested; without them only ASCII can pass through.
        Err(_) => Transliteration {
            ascii: text.chars().filter(char::is_ascii).collect(),
            unmapped: text.chars().filter(|c| !c.is_ascii()).collect(),
        },
    }
}

/// Decodes `&amp;`, `&uuml;`, `&#039;`, `&#x41;` … once (not recursively). Unknown entities
/// and a bare `&` stay as they are.
pub fn decode_html_entities(text: &str) -> String {
    match tables() {
        Ok(t) => decode_entities(text, &t.html_entities),
        Err(_) => text.to_owned(),
    }
}

fn decode_entities(text: &str, named: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // The longest entity name in the table is 8 characters; numeric ones are shorter.
        let decoded = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| {
                let name = &rest[1..1 + end];
                let value = if let Some(num) = name.strip_prefix('#') {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse::<u32>().ok(),
                    };
                    code.and_then(char::from_u32)
                        .filter(|c| *c != '\0')
                        .map(String::from)
                } else {
                    named.get(name).cloned()
                };
                value.map(|v| (v, end + 2))
            });
        match decoded {
            Some((value, consumed)) => {
                out.push_str(&value);
                rest = &rest[consumed..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}')
}

/// Apostrophes inside a Ukrainian word mark a hard sound; the national system drops them.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// A letter in the case of its word: as is in lower case, "Zh" when it starts a mixed-case
/// word, "ZH" when the word is in capitals.
fn cased(mapped: &str, upper: bool, word_in_capitals: bool) -> String {
    if !upper {
        return mapped.to_owned();
    }
    if word_in_capitals {
        return mapped.to_uppercase();
    }
    let mut chars = mapped.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Transliterator<'t> {
    tables: &'t Tables,
    chars: Vec<char>,
    language: Option<String>,
    out: String,
    unmapped: Vec<char>,
}

impl<'t> Transliterator<'t> {
    fn new(tables: &'t Tables, text: &str, country: Option<&str>) -> Self {
        let decoded = decode_entities(text, &tables.html_entities);
        let chars: Vec<char> = decoded.chars().collect();
        let language = country
            .map(|c| c.trim().to_ascii_uppercase())
            .and_then(|c| tables.languages.get(&c).cloned())
            .or_else(|| {
                // Letters only Ukrainian uses among the Cyrillic alphabets.
                chars
                    .iter()
                    .any(|c| matches!(c, 'є' | 'Є' | 'ї' | 'Ї' | 'ґ' | 'Ґ'))
                    .then(|| "uk".to_owned())
            });
        Transliterator {
            tables,
            chars,
            language,
            out: String::new(),
            unmapped: Vec::new(),
        }
    }

    fn run(mut self) -> Transliteration {
        let mut i = 0;
        while i < self.chars.len() {
            let c = self.chars[i];
            let end = if is_greek(c) {
                let end = self.run_end(i, is_greek);
                self.greek_word(i, end);
                end
            } else if is_cyrillic(c) {
                let end = self.run_end(i, |c| is_cyrillic(c) || is_combining_mark(c));
                self.cyrillic_word(i, end);
                end
            } else {
                self.latin(i);
                i + 1
            };
            i = end;
        }
        Transliteration {
            ascii: self.out,
            unmapped: self.unmapped,
        }
    }

    /// The end of the run of letters of one script that starts at `start`; for Cyrillic an
    /// apostrophe between two letters belongs to the word (Ukrainian "м'ята").
    fn run_end(&self, start: usize, in_script: impl Fn(char) -> bool) -> usize {
        let mut end = start;
        while end < self.chars.len() {
            let c = self.chars[end];
            let inner_apostrophe = is_apostrophe(c)
                && end > start
                && self.chars.get(end + 1).copied().is_some_and(&in_script);
            if in_script(c) || is_combining_mark(c) || inner_apostrophe {
                end += 1;
            } else {
                break;
            }
        }
        end
    }

    fn word_in_capitals(letters: &[(char, bool)]) -> bool {
        letters.len() > 1 && letters.iter().all(|(_, upper)| *upper)
    }

    fn note_unmapped(&mut self, c: char) {
        if !self.unmapped.contains(&c) {
            self.unmapped.push(c);
        }
    }

    /// One Greek word by ELOT 743: letters in lower case with their case and diaeresis noted,
    /// accents dropped; then pairs, diphthongs and single letters.
    fn greek_word(&mut self, start: usize, end: usize) {
        // (lower-case base letter, was upper case, carries a diaeresis, as written). "As
        // written" is the character of the input, not its decomposed base: an unmapped "ϓ" is
        // reported as "ϓ", never as the "ϒ" of its decomposition.
        let mut letters: Vec<(char, bool, bool, char)> = Vec::new();
        for &written in &self.chars[start..end] {
            for c in written.nfd() {
                if c == '\u{0308}' {
                    if let Some(last) = letters.last_mut() {
                        last.2 = true;
                    }
                } else if !is_combining_mark(c) {
                    let lower = c.to_lowercase().next().unwrap_or(c);
                    letters.push((lower, c.is_uppercase(), false, written));
                }
            }
        }
        let cases: Vec<(char, bool)> = letters.iter().map(|l| (l.0, l.1)).collect();
        let capitals = Self::word_in_capitals(&cases);
        let t = self.tables;
        let mut i = 0;
        while i < letters.len() {
            let (c, upper, _, written) = letters[i];
            let next = letters.get(i + 1).copied();
            let (mapped, used) = match next {
                // A diaeresis on the second vowel keeps the two letters apart ("Μαΐου").
                Some((n, _, false, _)) => {
                    let after = letters.get(i + 2).map(|l| l.0);
                    if let Some([voiced, voiceless]) = t.greek_diphthongs.get(&(c, n)) {
                        let v = after.is_some_and(|a| t.greek_voiced.contains(&a));
                        (Some(if v { voiced } else { voiceless }.clone()), 2)
                    } else if let Some(p) = t.greek_pairs.get(&(c, n)) {
                        let at_edge = i == 0 || i + 2 == letters.len();
                        let edge = t.greek_pairs_at_edge.get(&(c, n)).filter(|_| at_edge);
                        (Some(edge.unwrap_or(p).clone()), 2)
                    } else {
                        (t.greek_letters.get(&c).cloned(), 1)
                    }
                }
                _ => (t.greek_letters.get(&c).cloned(), 1),
            };
            match mapped {
                Some(m) => {
                    let s = cased(
                        &m,
                        upper,
                        capitals || (used == 2 && next.is_some_and(|n| n.1)),
                    );
                    self.out.push_str(&s);
                }
                None => self.fallback(written, upper, capitals),
            }
            i += used;
        }
    }

    fn cyrillic_word(&mut self, start: usize, end: usize) {
        let written: Vec<char> = self.chars[start..end]
            .iter()
            .copied()
            .filter(|c| !is_combining_mark(*c))
            .collect();
        let letters: Vec<(char, bool)> = written
            .iter()
            .map(|c| (c.to_lowercase().next().unwrap_or(*c), c.is_uppercase()))
            .collect();
        let capitals = Self::word_in_capitals(&letters);
        let t = self.tables;
        let language = self.language.clone().unwrap_or_default();
        let table = |name: &str| t.cyrillic.get(name);
        for (i, &(c, upper)) in letters.iter().enumerate() {
            let word_start = table(&format!("{language}_word_start"))
                .filter(|_| i == 0)
                .and_then(|m| m.get(&c));
            let mapped = word_start
                .or_else(|| table(&language).and_then(|m| m.get(&c)))
                .or_else(|| table("default").and_then(|m| m.get(&c)));
            match mapped {
                Some(m) => self.out.push_str(&cased(m, upper, capitals)),
                // An apostrophe no table removes stays an apostrophe.
                None if is_apostrophe(c) => self.out.push('\''),
                None => self.fallback(written[i], upper, capitals),
            }
        }
    }

    /// A character outside Greek and Cyrillic words.
    fn latin(&mut self, i: usize) {
        let c = self.chars[i];
        if c.is_ascii() {
            self.out.push(c);
            return;
        }
        let is_upper_letter = |j: Option<&char>| j.is_some_and(|c| c.is_uppercase());
        let next_upper = is_upper_letter(self.chars.get(i + 1));
        let next_lower = self.chars.get(i + 1).is_some_and(|c| c.is_lowercase());
        let prev_upper = i > 0 && is_upper_letter(self.chars.get(i - 1));
        let capitals = next_upper || (prev_upper && !next_lower);
        self.fallback(c, c.is_uppercase(), capitals);
    }

    /// Language table, then the Latin table, then NFKD without marks; else unmapped.
    fn fallback(&mut self, c: char, upper: bool, capitals: bool) {
        let t = self.tables;
        let lower = c.to_lowercase().next().unwrap_or(c);
        let language_table = self.language.as_ref().and_then(|l| t.by_language.get(l));
        for table in language_table.into_iter().chain([&t.latin]) {
            if let Some(m) = table.get(&c) {
                self.out.push_str(m);
                return;
            }
            if lower != c {
                if let Some(m) = table.get(&lower) {
                    self.out.push_str(&cased(m, upper, capitals));
                    return;
                }
            }
        }
        let mut converted = String::new();
        for d in c.nfkd().filter(|d| !is_combining_mark(*d)) {
            if d.is_ascii() {
                converted.push(d);
            } else if let Some(m) = t.latin.get(&d) {
                converted.push_str(m);
            } else {
                self.note_unmapped(c);
                return;
            }
        }
        self.out.push_str(&converted);
    }
}

/// `transliterate`: one text, or every field of a contact, to ASCII.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransliterateInput {
    #[serde(default)]
    pub text: Option<String>,
    /// WHMCS contact fields (`firstname`, `companyname`, `address1` …) to their values.
    #[serde(default)]
    pub contact: Option<BTreeMap<String, String>>,
    /// The contact's country (ISO 3166-1 alpha-2): picks the language-specific tables.
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TransliterateOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<BTreeMap<String, String>>,
    /// Characters left out because no table covers them: per field (`text` for the text).
    pub unmapped: BTreeMap<String, Vec<String>>,
}

/// The longest text (in bytes) one call transliterates: far above any contact field.
pub const MAX_TEXT: usize = 1 << 20;

pub fn transliterate(input: TransliterateInput) -> Result<TransliterateOutput> {
    if input.text.is_none() && input.contact.is_none() {
        return Err(CoreError::invalid_args("give `text` or `contact`"));
    }
    let total: usize = input.text.as_ref().map_or(0, String::len)
        + input
            .contact
            .iter()
            .flatten()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>();
    if total > MAX_TEXT {
        return Err(CoreError::invalid_args(format!(
            "at most {MAX_TEXT} bytes of text per call"
        )));
    }
    tables()?;
    let country = input.country.as_deref();
    let mut unmapped = BTreeMap::new();
    let mut one = |field: &str, value: &str| {
        let t = transliterate_text(value, country);
        if !t.unmapped.is_empty() {
            unmapped.insert(
                field.to_owned(),
                t.unmapped.iter().map(char::to_string).collect(),
            );
        }
        t.ascii
    };
    let text = input.text.as_deref().map(|t| one("text", t));
    let contact = input
        .contact
        .map(|c| c.iter().map(|(k, v)| (k.clone(), one(k, v))).collect());
    Ok(TransliterateOutput {
        text,
        contact,
        unmapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, country: Option<&str>) -> String {
        let r = transliterate_text(text, country);
        assert!(r.unmapped.is_empty(), "{text}: unmapped {:?}", r.unmapped);
        assert!(r.ascii.is_ascii());
        r.ascii
    }

    #[test]
    fn the_tables_load() {
        assert!(tables().is_ok(), "{:?}", tables().err());
    }

    #[test]
    fn html_entities_are_decoded_once() {
        assert_eq!(
            decode_html_entities("O&#039;Brien &amp; M&uuml;ller"),
            "O'Brien & Müller"
        );
        assert_eq!(decode_html_entities("&amp;lt;"), "&lt;");
        assert_eq!(decode_html_entities("&#x41;&#66;"), "AB");
        assert_eq!(
            decode_html_entities("AT&T &unknown; &#0; &"),
            "AT&T &unknown; &#0; &"
        );
    }

    #[test]
    fn case_follows_the_word() {
        assert_eq!(t("Жуков", None), "Zhukov");
        assert_eq!(t("ЖУКОВ", None), "ZHUKOV");
        assert_eq!(t("Ärger", Some("de")), "Aerger");
        assert_eq!(t("ÄRGER", Some("DE")), "AERGER");
        assert_eq!(t("STRAẞE", None), "STRASSE");
    }

    #[test]
    fn greek_follows_elot_743() {
        assert_eq!(t("Ευθυμίου", None), "Efthymiou");
        assert_eq!(t("Αύγουστος", None), "Avgoustos");
        assert_eq!(t("Ευάγγελος", None), "Evangelos");
        assert_eq!(t("Μπακογιάννη", None), "Bakogianni");
        assert_eq!(t("Κολόμβος", None), "Kolomvos");
        assert_eq!(t("Λάμπρος", None), "Lampros");
        assert_eq!(t("Μαΐου", None), "Maiou");
        assert_eq!(t("ΘΕΣΣΑΛΟΝΙΚΗ", None), "THESSALONIKI");
    }

    #[test]
    fn unknown_scripts_are_reported_not_guessed() {
        let r = transliterate_text("東京 Tokyo", None);
        assert_eq!(r.ascii, " Tokyo");
        assert_eq!(r.unmapped, vec!['東', '京']);
    }

    #[test]
    fn bulk_contact_keeps_fields_and_reports_unmapped_per_field() {
        let out = transliterate(TransliterateInput {
            text: None,
            contact: Some(BTreeMap::from([
                ("firstname".to_owned(), "Jürgen".to_owned()),
                ("city".to_owned(), "東京".to_owned()),
            ])),
            country: Some("DE".to_owned()),
        })
        .unwrap();
        let contact = out.contact.unwrap();
        assert_eq!(contact["firstname"], "Juergen");
        assert_eq!(out.unmapped["city"], vec!["東", "京"]);
        assert!(!out.unmapped.contains_key("firstname"));
    }
}
