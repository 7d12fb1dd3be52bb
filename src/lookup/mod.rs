//! WHMCS's lookup provider: `CheckAvailability`, `GetDomainSuggestions`, `GetPremiumPrice` and
//! the provider's settings (`DomainSuggestionOptions`), as registrar flows; and the WHOIS servers
//! WHMCS's own lookup lacks for TLDs sold here ([`whois_json`]).
//!
//! Results that WHMCS expects as objects go out as `{"objects": ResultsList, "items": [{"object":
//! SearchResult, "args": [sld, tld], "setters": [[method, argument], …]}]}`; a status argument
//! is `{"constant": "STATUS_…"}`, which the host reads from the SearchResult class.

mod classify;
mod fee;
mod flows;
mod names;
mod whois;

pub use classify::{classify, Availability, CheckRow, Status};
pub(crate) use fee::{fee_api, fee_check, fee_row, one_fee, FeeFor};
pub(crate) use flows::quoted_premium_price;
pub use flows::{
    check_availability, get_domain_suggestions, get_premium_price, suggestion_options,
};
pub use names::{candidates, from_name, safe_search_entries, search_label, unsafe_name, Candidate};
pub use whois::{whois_entries, whois_json, WhoisEntry, WhoisJsonInput, WhoisJsonOutput};

use crate::error::Result;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifyInput {
    pub rows: Vec<CheckRow>,
    /// WHMCS's Premium Domains switch: without it a premium name cannot be sold.
    #[serde(default)]
    pub premium_enabled: bool,
}

/// `lookup_classify {rows, premium_enabled}` → the SearchResult status of each CheckDomains row
/// (and its premium price when it is for sale).
pub fn lookup_classify(input: ClassifyInput) -> Result<Vec<Classified>> {
    Ok(input
        .rows
        .iter()
        .map(|r| flows::settle(classify(r), input.premium_enabled))
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classified {
    pub status: Status,
    pub premium: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamesInput {
    #[serde(rename = "searchTerm", default)]
    pub search_term: String,
    #[serde(rename = "punyCodeSearchTerm", default)]
    pub puny_code_search_term: String,
    #[serde(rename = "tldsToInclude", default)]
    pub tlds: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct NamesOutput {
    pub names: Vec<Candidate>,
    /// `[sld, tld]` pairs no registry could register.
    pub invalid: Vec<(String, String)>,
}

/// `lookup_names {searchTerm, punyCodeSearchTerm, tldsToInclude}`: the names a lookup checks,
/// each TLD with its registry's IDN processing.
pub fn lookup_names(input: NamesInput) -> Result<NamesOutput> {
    let label = search_label(&input.search_term, &input.puny_code_search_term);
    let (names, invalid) = candidates(&label, &input.tlds);
    Ok(NamesOutput { names, invalid })
}
