//! WHMCS's WHOIS server override file (`resources/domains/whois.json`) for the TLDs this module
//! sells that WHMCS's default list lacks, from the table in `whois_servers.toml`.
//!
//! WHMCS reads a JSON array of `{"extensions": ".a,.b", "uri": "socket://host" | "https://…",
//! "available": "text"}`: it splits `extensions` at commas (no spaces), queries a `socket://`
//! server on port 43 (or the port after a colon) and appends the domain to an http(s) address,
//! and calls the name available when the reply contains `available` (case-sensitive).

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

const SERVERS: &str = include_str!("whois_servers.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    server: Vec<Server>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Server {
    tlds: Vec<String>,
    #[serde(default)]
    whois: Option<String>,
    #[serde(default)]
    url: Option<String>,
    available: String,
}

/// One entry of WHMCS's whois.json, its keys in WHMCS's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhoisEntry {
    pub extensions: String,
    pub uri: String,
    pub available: String,
}

/// `lookup_whois_json` takes no arguments (`{}`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhoisJsonInput {}

#[derive(Debug, Serialize)]
pub struct WhoisJsonOutput {
    /// The file's text: the entries, indented like WHMCS's dist.whois.json.
    pub json: String,
    pub entries: Vec<WhoisEntry>,
}

/// `.香港` → `[".香港", ".xn--j6w193g"]`; an ASCII TLD stays alone.
fn extensions(tld: &str) -> std::result::Result<Vec<String>, String> {
    let name = tld
        .strip_prefix('.')
        .filter(|n| !n.is_empty())
        .ok_or_else(|| format!("{tld:?} does not start with a dot"))?;
    let ascii = crate::idn::to_ascii(name).map_err(|e| format!("{tld:?}: {e}"))?;
    if name.is_ascii() {
        if ascii != name {
            return Err(format!("{tld:?} is not in lower case"));
        }
        Ok(vec![tld.to_owned()])
    } else {
        Ok(vec![tld.to_owned(), format!(".{ascii}")])
    }
}

/// A WHOIS server as `host` or `host:port`, as WHMCS splits it.
fn check_host(host: &str) -> std::result::Result<(), String> {
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !name.contains('.') || !name.split('.').all(label_ok) {
        return Err(format!("{host:?} is not a host name"));
    }
    if port.is_some_and(|p| p.parse::<u16>().map_or(true, |p| p == 0)) {
        return Err(format!("{host:?} has no valid port"));
    }
    Ok(())
}

fn entry(server: &Server) -> std::result::Result<WhoisEntry, String> {
    let uri = match (&server.whois, &server.url) {
        (Some(host), None) => {
            check_host(host)?;
            format!("socket://{host}")
        }
        (None, Some(url)) => {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .filter(|r| !r.is_empty() && !r.contains(char::is_whitespace))
                .ok_or_else(|| format!("{url:?} is not an http(s) address"))?;
            check_host(rest.split(['/', '?']).next().unwrap_or_default())?;
            url.clone()
        }
        _ => return Err("a server has either `whois` or `url`".into()),
    };
    if server.available.trim().is_empty() {
        return Err(format!("{uri}: the available text is empty"));
    }
    if server.tlds.is_empty() {
        return Err(format!("{uri}: no TLDs"));
    }
    let mut all = Vec::new();
    for tld in &server.tlds {
        all.extend(extensions(tld)?);
    }
    Ok(WhoisEntry {
        extensions: all.join(","),
        uri,
        available: server.available.clone(),
    })
}

/// The table's entries, checked: every TLD once, well-formed servers, a non-empty text.
pub fn whois_entries() -> std::result::Result<Vec<WhoisEntry>, String> {
    let table: Table = toml::from_str(SERVERS).map_err(|e| format!("whois_servers.toml: {e}"))?;
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for server in &table.server {
        let e = entry(server).map_err(|e| format!("whois_servers.toml: {e}"))?;
        for ext in e.extensions.split(',') {
            if !seen.insert(ext.to_owned()) {
                return Err(format!("whois_servers.toml: {ext} is listed twice"));
            }
        }
        entries.push(e);
    }
    Ok(entries)
}

/// `lookup_whois_json {}`: the text of WHMCS's `resources/domains/whois.json` for the table.
pub fn whois_json(_: WhoisJsonInput) -> Result<WhoisJsonOutput> {
    let entries = whois_entries().map_err(|e| CoreError::new("internal", e))?;
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    entries
        .serialize(&mut ser)
        .map_err(|e| CoreError::new("internal", format!("whois.json: {e}")))?;
    let mut json = String::from_utf8(bytes)
        .map_err(|e| CoreError::new("internal", format!("whois.json: {e}")))?;
    json.push('\n');
    Ok(WhoisJsonOutput { json, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(whois: Option<&str>, url: Option<&str>, tlds: &[&str]) -> Server {
        Server {
            tlds: tlds.iter().map(|t| (*t).to_owned()).collect(),
            whois: whois.map(str::to_owned),
            url: url.map(str::to_owned),
            available: "NOT FOUND".into(),
        }
    }

    #[test]
    fn an_idn_tld_is_listed_in_both_forms() {
        let e = entry(&server(Some("whois.hkirc.hk"), None, &[".香港", ".hk"])).unwrap();
        assert_eq!(e.extensions, ".香港,.xn--j6w193g,.hk");
        assert_eq!(e.uri, "socket://whois.hkirc.hk");
    }

    #[test]
    fn malformed_servers_and_tlds_are_refused() {
        assert!(entry(&server(None, None, &[".a"])).is_err());
        assert!(entry(&server(
            Some("x.example"),
            Some("https://x.example/?q="),
            &[".a"]
        ))
        .is_err());
        assert!(entry(&server(Some("whois.nic.x:0"), None, &[".x"])).is_err());
        assert!(entry(&server(Some("whois nic"), None, &[".x"])).is_err());
        assert!(entry(&server(Some("whois.nic.x"), None, &["x"])).is_err());
        assert!(entry(&server(Some("whois.nic.x"), None, &[".X"])).is_err());
        assert!(entry(&server(Some("whois.nic.x"), None, &[])).is_err());
        assert!(entry(&server(None, Some("ftp://whois.nic.x/"), &[".x"])).is_err());
        let http = entry(&server(
            None,
            Some("https://whois.nic.x/check?domain="),
            &[".x"],
        ));
        assert_eq!(http.unwrap().uri, "https://whois.nic.x/check?domain=");
        let port = entry(&server(Some("whois.nic.ch:4343"), None, &[".ch"]));
        assert_eq!(port.unwrap().uri, "socket://whois.nic.ch:4343");
    }

    #[test]
    fn the_table_is_valid() {
        let entries = whois_entries().unwrap();
        assert!(entries.len() >= 10, "{} entries", entries.len());
    }
}
