//! Owner names and targets: relative to the zone as WHMCS shows them, absolute as the API
//! lists and takes them.

use crate::error::quoted;

/// The longest name the DNS allows, without the final dot (RFC 1035 §2.3.4: 255 octets on the
/// wire, which is 253 characters in text).
const MAX_NAME: usize = 253;
/// The longest label (RFC 1035 §2.3.4).
const MAX_LABEL: usize = 63;

/// A zone by its apex, `example.com.` (ASCII, lower case, with the final dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    apex: String,
}

impl Zone {
    /// The zone of a domain name as WHMCS passes it (`example.com`, an IDN, a final dot or not).
    pub fn new(domain: &str) -> Result<Zone, String> {
        let domain = domain.trim().trim_end_matches('.');
        let ascii = if domain.is_ascii() {
            domain.to_ascii_lowercase()
        } else {
            crate::idn::to_ascii(domain)?
        };
        if ascii.is_empty() || !ascii.contains('.') {
            return Err(format!("{} is not a domain name.", quoted(domain)));
        }
        Ok(Zone {
            apex: format!("{ascii}."),
        })
    }

    /// `example.com.`
    pub fn apex(&self) -> &str {
        &self.apex
    }

    /// `www.example.com.` → `www`, `example.com.` → `@`; a name outside the zone stays absolute.
    pub fn relative(&self, absolute: &str) -> String {
        if absolute.eq_ignore_ascii_case(&self.apex) {
            return "@".into();
        }
        let lower = absolute.to_ascii_lowercase();
        match lower.strip_suffix(&format!(".{}", self.apex)) {
            Some(host) => host.to_owned(),
            None => lower,
        }
    }

    /// A name as the API lists it, made absolute: names without a final dot are relative to
    /// the zone (zone-file rules), `@` is the apex.
    pub fn absolute_listed(&self, name: &str) -> String {
        let name = name.to_ascii_lowercase();
        if name == "@" {
            self.apex.clone()
        } else if name.ends_with('.') {
            name
        } else {
            format!("{name}.{}", self.apex)
        }
    }

    /// A host name a customer typed in the DNS editor: `@`, `www`, `*.dev`, `_sip._tcp`, an IDN,
    /// or (as people often type it) the full name `www.example.com`.
    pub fn owner(&self, typed: &str) -> Result<String, String> {
        let typed = typed.trim();
        let zone = self.apex.trim_end_matches('.');
        let lower = typed.trim_end_matches('.').to_lowercase();
        if typed == "@" || lower == zone {
            return Ok(self.apex.clone());
        }
        let host = lower
            .strip_suffix(&format!(".{zone}"))
            .unwrap_or(lower.as_str());
        let ascii = labels_to_ascii(host, true)?;
        let name = format!("{ascii}.{}", self.apex);
        check_length(&name, typed)?;
        Ok(name)
    }

    /// A target host (CNAME, MX, NS, SRV): with a final dot it is absolute; a single label is a
    /// host in this zone (`mail`); a name with dots is taken as absolute, as customers mean
    /// `mail.example.net` and not `mail.example.net.example.com`.
    pub fn target(&self, typed: &str) -> Result<String, String> {
        let typed = typed.trim();
        if typed == "@" {
            return Ok(self.apex.clone());
        }
        let lower = typed.to_lowercase();
        let bare = lower.strip_suffix('.').unwrap_or(&lower);
        let ascii = labels_to_ascii(bare, false)?;
        let name = if lower.ends_with('.') || ascii.contains('.') {
            format!("{ascii}.")
        } else {
            format!("{ascii}.{}", self.apex)
        };
        check_length(&name, typed)?;
        Ok(name)
    }
}

/// A host name of a mail address or URL (no wildcard, no underscore), in ASCII.
pub fn host_name(typed: &str) -> Result<String, String> {
    let lower = typed.trim().trim_end_matches('.').to_lowercase();
    let ascii = labels_to_ascii(&lower, false)?;
    if !ascii.contains('.') || ascii.contains('_') {
        return Err(format!("{} is not a host name.", quoted(typed)));
    }
    check_length(&format!("{ascii}."), typed)?;
    Ok(ascii)
}

fn check_length(absolute: &str, typed: &str) -> Result<(), String> {
    if absolute.len() - 1 > MAX_NAME {
        return Err(format!(
            "{} is longer than the {MAX_NAME} characters a DNS name may have.",
            quoted(typed)
        ));
    }
    Ok(())
}

/// Labels in ASCII: letters, digits, hyphens and underscores (service labels such as `_dmarc`),
/// `*` alone as the first label when `wildcard` is allowed; Unicode labels become A-labels.
fn labels_to_ascii(name: &str, wildcard: bool) -> Result<String, String> {
    if name.is_empty() {
        return Err("A host name is empty.".into());
    }
    let mut out = Vec::new();
    for (i, label) in name.split('.').enumerate() {
        if label.is_empty() {
            return Err(format!("{} has an empty label.", quoted(name)));
        }
        if label == "*" {
            if !wildcard || i != 0 {
                return Err(format!(
                    "{}: \"*\" may only stand as the first label of a host name.",
                    quoted(name)
                ));
            }
            out.push(label.to_owned());
            continue;
        }
        let ascii = if label.is_ascii() {
            label.to_owned()
        } else {
            crate::idn::to_ascii(label).map_err(|e| format!("{}: {e}", quoted(name)))?
        };
        if ascii.len() > MAX_LABEL {
            return Err(format!(
                "{}: the label {} has {} characters; a label may have at most {MAX_LABEL}.",
                quoted(name),
                quoted(&ascii),
                ascii.len()
            ));
        }
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if !ascii.bytes().all(allowed) || ascii.starts_with('-') || ascii.ends_with('-') {
            return Err(format!(
                "{}: a label may only have letters, digits, hyphens (not at its ends) and underscores.",
                quoted(name)
            ));
        }
        out.push(ascii);
    }
    Ok(out.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::new("Example.com").unwrap()
    }

    #[test]
    fn owners_are_made_absolute_from_any_spelling() {
        let z = zone();
        assert_eq!(z.owner("@").unwrap(), "example.com.");
        assert_eq!(z.owner("WWW").unwrap(), "www.example.com.");
        assert_eq!(z.owner("www.example.com").unwrap(), "www.example.com.");
        assert_eq!(z.owner("*.dev").unwrap(), "*.dev.example.com.");
        assert_eq!(z.owner("_sip._tcp").unwrap(), "_sip._tcp.example.com.");
        assert_eq!(z.owner("bücher").unwrap(), "xn--bcher-kva.example.com.");
        assert!(z.owner("a.*").is_err());
        assert!(z.owner("-bad").is_err());
        assert!(z.owner(&"x".repeat(64)).is_err());
        assert!(z.owner("a..b").is_err());
    }

    #[test]
    fn targets_with_dots_are_absolute_and_single_labels_are_in_the_zone() {
        let z = zone();
        assert_eq!(z.target("mail").unwrap(), "mail.example.com.");
        assert_eq!(z.target("mail.example.net").unwrap(), "mail.example.net.");
        assert_eq!(z.target("mail.example.net.").unwrap(), "mail.example.net.");
        assert_eq!(z.target("@").unwrap(), "example.com.");
    }

    #[test]
    fn relative_names_come_back_for_the_editor() {
        let z = zone();
        assert_eq!(z.relative("example.com."), "@");
        assert_eq!(z.relative("WWW.example.com."), "www");
        assert_eq!(z.relative("other.net."), "other.net.");
    }
}
