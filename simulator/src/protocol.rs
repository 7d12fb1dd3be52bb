//! Reading a request: the two API flavours, the `s_command` lines and the login field.
//!
//! The command text is parsed here rather than with the core's encoder because the simulator
//! must accept what any client sends (spaces around `=`, lower-case keys, CRLF) and answer
//! malformed input with the API's own error codes instead of failing.

use crate::reply::Reply;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// HEXONET: `s_entity`, `login!role`, `s_user` for a subuser view.
    Ispapi,
    /// CentralNic Reseller: `login:role`, a `SUBUSER=` line for a subuser.
    Cnr,
}

impl Flavour {
    pub fn role_separator(self) -> char {
        match self {
            Flavour::Ispapi => '!',
            Flavour::Cnr => ':',
        }
    }
}

/// A command's parameters: upper-cased keys in the order received.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    index: HashMap<String, usize>,
}

/// A parsed `s_command`: its name (as sent) and its other parameters.
#[derive(Debug, Clone)]
pub struct Command {
    pub name: String,
    pub params: Params,
}

/// Splits `s_command` into parameters. The first `=` splits key and value; spaces and tabs
/// around either are padding; blank lines are ignored. A line without `=` or a key given twice
/// makes the command ambiguous, so it is refused with 507 rather than guessed.
pub fn parse_command(text: &str) -> Result<Command, Reply> {
    let mut params = Params::default();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(Reply::detail(507, "a command line has no '='"));
        };
        let key = key.trim_matches([' ', '\t']).to_ascii_uppercase();
        let value = value.trim_matches([' ', '\t']);
        if key.is_empty() {
            return Err(Reply::detail(
                507,
                "a command line has an empty parameter name",
            ));
        }
        if params.index.contains_key(&key) {
            return Err(Reply::detail(
                507,
                format!("parameter {} given twice", shorten(&key)),
            ));
        }
        params.index.insert(key.clone(), params.pairs.len());
        params.pairs.push((key, value.to_owned()));
    }
    let name = params.take("COMMAND").unwrap_or_default();
    if name.trim().is_empty() {
        return Err(Reply::detail(500, "COMMAND is missing"));
    }
    Ok(Command {
        name: name.trim().to_owned(),
        params,
    })
}

fn shorten(s: &str) -> String {
    s.chars().take(60).collect()
}

impl Params {
    pub fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Params {
        let mut p = Params::default();
        for (k, v) in pairs {
            let k = k.to_ascii_uppercase();
            if !p.index.contains_key(&k) {
                p.index.insert(k.clone(), p.pairs.len());
                p.pairs.push((k, v));
            }
        }
        p
    }

    /// The value of `key` (upper-case), even when empty.
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.index.get(key).map(|&i| self.pairs[i].1.as_str())
    }

    /// The value of `key` if present and not blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.raw(key).filter(|v| !v.trim().is_empty())
    }

    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// A required parameter: 504 names it when it is missing.
    pub fn require(&self, key: &str) -> Result<&str, Reply> {
        self.get(key)
            .ok_or_else(|| Reply::detail(504, format!("parameter {key} is missing")))
    }

    /// Removes a parameter (CNR's `SUBUSER` is a login setting, not a command parameter).
    pub fn take(&mut self, key: &str) -> Option<String> {
        let i = self.index.remove(key)?;
        let value = std::mem::take(&mut self.pairs[i].1);
        Some(value)
    }

    /// An array parameter: `KEY0..KEYn` in index order (or plain `KEY`), blanks dropped.
    pub fn list(&self, base: &str) -> Vec<String> {
        let mut items: Vec<(u64, &str)> = self
            .pairs
            .iter()
            .filter(|(k, _)| self.index.contains_key(k))
            .filter_map(|(k, v)| {
                let rest = k.strip_prefix(base)?;
                if rest.is_empty() {
                    return Some((0, v.as_str()));
                }
                if rest.len() > 6 || !rest.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                Some((rest.parse().ok()?, v.as_str()))
            })
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        items.sort_by_key(|(i, _)| *i);
        items
            .into_iter()
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// Whether any `KEY`/`KEYn` parameter is present, even blank (blank lists clear a value).
    pub fn has_list(&self, base: &str) -> bool {
        self.index.keys().any(|k| {
            k.strip_prefix(base)
                .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit()))
        })
    }

    /// A `0`/`1` flag; other values are a 505.
    pub fn flag(&self, key: &str) -> Result<Option<bool>, Reply> {
        match self.get(key).map(str::trim) {
            None => Ok(None),
            Some("1") => Ok(Some(true)),
            Some("0") => Ok(Some(false)),
            Some(other) => Err(Reply::detail(
                505,
                format!("{key} must be 0 or 1, not {}", shorten(other)),
            )),
        }
    }

    /// A non-negative integer parameter with a default.
    pub fn number(&self, key: &str, default: u64) -> Result<u64, Reply> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| Reply::detail(505, format!("{key} must be a number"))),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .filter(|(k, _)| self.index.contains_key(k))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// `account`, `account!role` (ISPAPI) or `account:role` (CNR).
pub fn split_login(flavour: Flavour, login: &str) -> (String, Option<String>) {
    match login.split_once(flavour.role_separator()) {
        Some((a, r)) => (a.trim().to_owned(), Some(r.trim().to_owned())),
        None => (login.trim().to_owned(), None),
    }
}

/// A period such as `1Y`, `2y`, `12M` or plain `2` (years), in months.
pub fn parse_period(text: &str) -> Option<u32> {
    let t = text.trim();
    let (num, unit) = match t.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, 'Y'),
    };
    let n: u32 = num.trim().parse().ok()?;
    match unit {
        'Y' if (1..=10).contains(&n) => Some(n * 12),
        'M' if (1..=120).contains(&n) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_padding_is_ignored() {
        let c = parse_command("command = CheckDomains\r\ndomain0=a.com\n Domain1 =\tb.net \n\n")
            .unwrap();
        assert_eq!(c.name, "CheckDomains");
        assert_eq!(c.params.list("DOMAIN"), vec!["a.com", "b.net"]);
    }

    #[test]
    fn the_first_equals_sign_splits() {
        let c = parse_command("COMMAND=X\nAUTH=a=b=c").unwrap();
        assert_eq!(c.params.get("AUTH"), Some("a=b=c"));
    }

    #[test]
    fn malformed_commands_get_api_codes() {
        assert_eq!(parse_command("").unwrap_err().code, 500);
        assert_eq!(parse_command("DOMAIN=a").unwrap_err().code, 500);
        assert_eq!(parse_command("COMMAND=X\ngarbage").unwrap_err().code, 507);
        assert_eq!(parse_command("COMMAND=X\nA=1\na=2").unwrap_err().code, 507);
    }

    #[test]
    fn lists_do_not_pick_up_longer_names() {
        let c = parse_command(
            "COMMAND=X\nNAMESERVER1=b\nNAMESERVER0=a\nNAMESERVERSET=x\nADDNAMESERVER0=c",
        )
        .unwrap();
        assert_eq!(c.params.list("NAMESERVER"), vec!["a", "b"]);
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("1Y"), Some(12));
        assert_eq!(parse_period("2"), Some(24));
        assert_eq!(parse_period("6M"), Some(6));
        assert_eq!(parse_period("11Y"), None);
        assert_eq!(parse_period("x"), None);
    }
}
