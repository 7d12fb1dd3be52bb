//! Mail forwarding (WHMCS's GetEmailForwarding / SaveEmailForwarding): the provider forwards
//! mail for `prefix@domain` to another address when the zone holds an X-SMTP record
//! `example.com. 3600 IN X-SMTP info@ MAILFORWARD someone@example.net` (`@` alone for all
//! addresses of the domain).

use super::name::{host_name, Zone};
use super::record::{parse_line, DEFAULT_TTL};
use super::ZoneChange;
use crate::error::quoted;
use serde::Serialize;
use std::collections::HashSet;

/// One forwarding as WHMCS's page shows it; `*` is the catch-all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forward {
    pub prefix: String,
    pub forwardto: String,
}

/// The X-SMTP mode of a mail forwarding (the others, such as mailboxes, are kept untouched).
const MODE: &str = "MAILFORWARD";
/// How many forwardings one save may set.
const MAX_FORWARDS: usize = 1000;

/// A forwarding record's parts: (prefix, target), prefix `*` for the catch-all.
fn parse(zone: &Zone, line: &str) -> Option<(String, String)> {
    let r = parse_line(zone, line)?;
    if r.rtype != "X-SMTP" || r.name != zone.apex() {
        return None;
    }
    let fields: Vec<&str> = r.data.split_whitespace().collect();
    let [prefix, mode, target] = fields.as_slice() else {
        return None;
    };
    if !mode.eq_ignore_ascii_case(MODE) {
        return None;
    }
    let prefix = prefix.strip_suffix('@')?;
    let prefix = if prefix.is_empty() { "*" } else { prefix };
    let target = check_address(target).unwrap_or_else(|_| (*target).to_owned());
    Some((prefix.to_lowercase(), target))
}

fn data(prefix: &str, target: &str) -> String {
    let prefix = if prefix == "*" { "" } else { prefix };
    format!("{prefix}@ {MODE} {target}")
}

/// A forwarding as the record line the planning works on, for a provider that lists its
/// forwardings apart from the zone (CNR's QueryMailFwdList); `*` is the catch-all.
pub fn forward_line(zone: &Zone, prefix: &str, target: &str) -> String {
    format!(
        "{} {DEFAULT_TTL} IN X-SMTP {}",
        zone.apex(),
        data(prefix, target)
    )
}

/// A forwarding line's prefix (`*` for the catch-all) and target; `None` for other lines.
pub fn forward_parts(zone: &Zone, line: &str) -> Option<(String, String)> {
    parse(zone, line)
}

/// GetEmailForwarding: the forwardings in the zone's listing.
pub fn forwards(zone: &Zone, listing: &[&str]) -> Vec<Forward> {
    listing
        .iter()
        .filter_map(|l| parse(zone, l))
        .map(|(prefix, forwardto)| Forward { prefix, forwardto })
        .collect()
}

/// The forwardings a save asks for, checked; rows with an empty prefix or target are removed
/// ones. Every invalid row is reported.
pub fn check_forwards(pairs: &[(String, String)]) -> Result<Vec<(String, String)>, Vec<String>> {
    if pairs.len() > MAX_FORWARDS {
        return Err(vec![format!(
            "{} forwardings were sent; at most {MAX_FORWARDS} are accepted.",
            pairs.len()
        )]);
    }
    let mut errors = Vec::new();
    let mut wanted = Vec::new();
    for (i, (prefix, target)) in pairs.iter().enumerate() {
        let (prefix, target) = (prefix.trim(), target.trim());
        if prefix.is_empty() || target.is_empty() {
            continue;
        }
        let checked = check_prefix(prefix).and_then(|p| Ok((p, check_address(target)?)));
        match checked {
            Ok(pair) => wanted.push(pair),
            Err(e) => errors.push(format!("Forwarding {} ({}): {e}", i + 1, quoted(prefix))),
        }
    }
    if errors.is_empty() {
        Ok(wanted)
    } else {
        Err(errors)
    }
}

/// SaveEmailForwarding: the X-SMTP records to delete and add so that the zone forwards exactly
/// the saved addresses.
pub fn plan_forwards(
    zone: &Zone,
    listing: &[&str],
    pairs: &[(String, String)],
) -> Result<ZoneChange, Vec<String>> {
    let wanted = check_forwards(pairs)?;
    let wanted_keys: HashSet<String> = wanted.iter().map(|(p, t)| data(p, t)).collect();
    let mut current = HashSet::new();
    let mut change = ZoneChange::default();
    for line in listing {
        if let Some((prefix, target)) = parse(zone, line) {
            let key = data(&prefix, &target);
            if !wanted_keys.contains(&key) {
                change.delete.push(line.trim().to_owned());
            }
            current.insert(key);
        }
    }
    let mut added = HashSet::new();
    for (prefix, target) in &wanted {
        let key = data(prefix, target);
        if !current.contains(&key) && added.insert(key.clone()) {
            change
                .add
                .push(format!("{} {DEFAULT_TTL} IN X-SMTP {key}", zone.apex()));
        }
    }
    Ok(change)
}

/// The part before the @: `*` for every address, or a dot-atom local part (RFC 5322 §3.4.1).
fn check_prefix(prefix: &str) -> Result<String, String> {
    if prefix == "*" {
        return Ok("*".into());
    }
    if check_local_part(prefix) {
        Ok(prefix.to_lowercase())
    } else {
        Err(format!(
            "{} is not the part of an address before the @ (or * for all addresses).",
            quoted(prefix)
        ))
    }
}

fn check_local_part(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+-/=?^_`{|}~";
    local.len() <= 64
        && !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || SPECIALS.contains(&b))
}

/// A forwarding target: `local@host` with a host name that could receive mail; an IDN host is
/// turned into its A-labels.
pub fn check_address(address: &str) -> Result<String, String> {
    let bad = || format!("{} is not an e-mail address.", quoted(address));
    let (local, host) = address.rsplit_once('@').ok_or_else(bad)?;
    if address.len() > 254 || !check_local_part(local) {
        return Err(bad());
    }
    let host = host_name(host).map_err(|_| bad())?;
    Ok(format!("{local}@{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catch_all_is_an_empty_prefix() {
        let z = Zone::new("example.com").unwrap();
        let listing = ["example.com. 3600 IN X-SMTP @ MAILFORWARD all@example.net"];
        assert_eq!(
            forwards(&z, &listing),
            vec![Forward {
                prefix: "*".into(),
                forwardto: "all@example.net".into()
            }]
        );
        let change =
            plan_forwards(&z, &listing, &[("*".into(), "all@example.net".into())]).unwrap();
        assert!(change.is_empty());
    }

    #[test]
    fn addresses_are_checked() {
        assert!(check_address("a@example.net").is_ok());
        assert_eq!(check_address("a@bücher.de").unwrap(), "a@xn--bcher-kva.de");
        for bad in [
            "a",
            "@example.net",
            "a@",
            "a@localhost",
            "a b@example.net",
            "a..b@x.de",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
        assert!(check_prefix("info").is_ok());
        assert!(check_prefix("in fo").is_err());
    }
}
