//! The names a lookup checks: the search term under each TLD, converted to ASCII the way that
//! TLD's registry expects.
//!
//! WHMCS passes one `punyCodeSearchTerm` for all TLDs, converted transitionally, so a search
//! for `fußball` checks `fussball.de` although DENIC registers `fußball.de` (WHMCS #CORE-17342,
//! seed 003 "IDN Conversion"). Here each candidate is converted with its TLD's processing
//! (`crate::idn`), from the term as the customer typed it.

use crate::idn;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// What the API is asked about: `xn--fuball-cta.de`, `fussball.com`.
    pub ace: String,
    /// The second level as the customer sees the result: `fußball`, `fussball`.
    pub sld: String,
    /// The TLD as WHMCS listed it, without its dot.
    pub tld: String,
}

/// The label to search: the term up to its first dot, in lower case; the punycode term when
/// WHMCS gave no Unicode one.
pub fn search_label(search_term: &str, puny_code_search_term: &str) -> String {
    let term = if search_term.trim().is_empty() {
        let puny = puny_code_search_term.trim();
        idn::to_unicode(puny).unwrap_or_else(|_| puny.to_owned())
    } else {
        search_term.trim().to_owned()
    };
    term.split(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase()
}

/// A TLD as WHMCS lists it (`.co.uk`, `COM`) without dot, in lower case.
pub fn plain_tld(tld: &str) -> String {
    tld.trim().trim_start_matches('.').to_lowercase()
}

/// One candidate per distinct TLD; a name no registry could take (`foo_bar`, too long) is
/// returned in the second list with its TLD.
pub fn candidates(label: &str, tlds: &[String]) -> (Vec<Candidate>, Vec<(String, String)>) {
    let mut ok = Vec::new();
    let mut invalid = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    if label.is_empty() {
        return (ok, invalid);
    }
    for tld in tlds.iter().map(|t| plain_tld(t)) {
        if tld.is_empty() || !seen.insert(tld.clone()) {
            continue;
        }
        match from_name(&format!("{label}.{tld}")) {
            Some(mut c) => {
                c.tld = tld;
                ok.push(c)
            }
            None => invalid.push((label.to_owned(), tld)),
        }
    }
    (ok, invalid)
}

/// A candidate for a full name in either form (`coffee.xn--czrs0t`, `münchen.de`).
pub fn from_name(name: &str) -> Option<Candidate> {
    let ace = idn::to_ascii(name.trim()).ok()?;
    let shown = idn::to_unicode(&ace).unwrap_or_else(|_| ace.clone());
    let (sld, tld) = shown.split_once('.')?;
    Some(Candidate {
        ace,
        sld: sld.to_owned(),
        tld: tld.to_owned(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SafeSearch {
    tlds: Vec<String>,
    substrings: Vec<String>,
    words: Vec<String>,
}

fn safe_search() -> &'static SafeSearch {
    static DATA: OnceLock<SafeSearch> = OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str(include_str!("safe_search.toml")).unwrap_or(SafeSearch {
            tlds: Vec::new(),
            substrings: Vec::new(),
            words: Vec::new(),
        })
    })
}

/// Whether safe search leaves this TLD out.
pub fn unsafe_tld(tld: &str) -> bool {
    let tld = plain_tld(tld);
    safe_search().tlds.contains(&tld)
}

/// Whether safe search leaves this name out (by its TLD or its words).
pub fn unsafe_name(c: &Candidate) -> bool {
    let data = safe_search();
    let label = c.sld.to_lowercase();
    unsafe_tld(&c.tld)
        || data.substrings.iter().any(|s| label.contains(s.as_str()))
        || label
            .split('-')
            .any(|part| data.words.iter().any(|w| w == part))
}

/// Entries in the safe-search data (for the tests: a broken edit parses to nothing).
pub fn safe_search_entries() -> usize {
    let d = safe_search();
    d.tlds.len() + d.substrings.len() + d.words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tld_gets_its_registry_processing() {
        let (c, bad) = candidates("fußball", &[".de".into(), ".com".into(), "DE".into()]);
        assert!(bad.is_empty());
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].ace, "xn--fuball-cta.de");
        assert_eq!(c[0].sld, "fußball");
        assert_eq!(c[1].ace, "fussball.com");
        assert_eq!(c[1].sld, "fussball");
        let (_, bad) = candidates("foo_bar", &[".com".into()]);
        assert_eq!(bad, [("foo_bar".to_owned(), "com".to_owned())]);
    }

    #[test]
    fn safe_search_spares_harmless_words() {
        let essex = from_name("essex-hotels.com").unwrap();
        assert!(!unsafe_name(&essex));
        assert!(unsafe_name(&from_name("hot-sex.com").unwrap()));
        assert!(unsafe_name(&from_name("coffee.xxx").unwrap()));
        assert!(safe_search_entries() > 0);
    }
}
