//! `$DomainRenewalMinimums` for the TLDs whose registries take no explicit renewals, from the
//! data in `renewal_minimums.toml`.

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    group: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    days: u32,
    tlds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Minimum {
    pub tld: String,
    pub days: u32,
}

fn table() -> std::result::Result<&'static [Minimum], String> {
    static TABLE: OnceLock<std::result::Result<Vec<Minimum>, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let data: Data = toml::from_str(include_str!("renewal_minimums.toml"))
                .map_err(|e| format!("renewal_minimums.toml: {e}"))?;
            let mut all: Vec<Minimum> = data
                .group
                .into_iter()
                .flat_map(|g| {
                    g.tlds.into_iter().map(move |t| Minimum {
                        tld: normalise(&t),
                        days: g.days,
                    })
                })
                .collect();
            all.sort_by(|a, b| a.tld.cmp(&b.tld));
            Ok(all)
        })
        .as_deref()
        .map_err(Clone::clone)
}

fn normalise(tld: &str) -> String {
    format!(".{}", tld.trim().trim_start_matches('.').to_lowercase())
}

/// The entries for `tlds` (all listed TLDs when `None`), in the table's order.
pub fn minimums(tlds: Option<&[String]>) -> Result<Vec<Minimum>> {
    let all = table().map_err(|e| CoreError::new("internal", e))?;
    let wanted: Option<Vec<String>> = tlds.map(|t| t.iter().map(|x| normalise(x)).collect());
    Ok(all
        .iter()
        .filter(|m| wanted.as_ref().is_none_or(|w| w.contains(&m.tld)))
        .cloned()
        .collect())
}

/// The lines to paste into WHMCS's configuration.php.
pub fn php_lines(entries: &[Minimum]) -> String {
    entries
        .iter()
        .map(|m| format!("$DomainRenewalMinimums[\"{}\"] = \"{}\";\n", m.tld, m.days))
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumsInput {
    /// Only these TLDs (e.g. the ones the shop sells); all when missing.
    #[serde(default)]
    pub tlds: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct MinimumsOutput {
    pub entries: Vec<Minimum>,
    /// `$DomainRenewalMinimums[".de"] = "61";` lines for configuration.php.
    pub php: String,
}

/// `renewal_minimums {tlds?}`: the `$DomainRenewalMinimums` entries the admin needs.
pub fn renewal_minimums(input: MinimumsInput) -> Result<MinimumsOutput> {
    let entries = minimums(input.tlds.as_deref())?;
    let php = php_lines(&entries);
    Ok(MinimumsOutput { entries, php })
}
