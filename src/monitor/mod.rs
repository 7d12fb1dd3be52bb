//! The monitoring widget's and the domain-monitoring addon's decisions: which domains are out
//! of step between the registrar and WHMCS (the cases of `cases.json`, one rule each), how
//! each is fixed, the account summary, and whether a failed renewal or transfer was caused by
//! a premium price.
//!
//! The host drives it in three kinds of calls:
//! - `monitor_cases {api}`: the case table, with the API list each case needs.
//! - `monitor_step {function, params, args, transcript}`: the flows that talk to the API
//!   (`ListPage`, `FixBatch`, `Account`, `PremiumCheck`), replayed over a transcript exactly
//!   like `registrar_step` (see [`crate::registrar`]).
//! - `monitor_detect {api, whmcs, lists}`: the rules over WHMCS's rows and the API lists;
//!   `monitor_csv {case, rows}`: the tab-separated download.

mod account;
mod cases;
mod csv;
mod flows;
mod premium;
mod rules;

pub use cases::{Case, Fix, ListSpec};
pub use csv::{csv, CsvInput};
pub use flows::{monitor_step, MonitorStepInput};
pub use rules::{Item, WhmcsDomain};

use crate::error::Result;
use crate::wire::Api;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesInput {
    pub api: Api,
}

#[derive(Debug, Serialize)]
pub struct CaseInfo {
    pub id: &'static str,
    pub description: &'static str,
    /// This API's list whose names `monitor_detect` needs under `lists[id]`.
    pub list: Option<&'static ListSpec>,
    /// Whether the case can be checked for this API at all.
    pub supported: bool,
    pub batch: usize,
}

/// `monitor_cases`: every case, whether it applies to this API, and which list it needs.
pub fn case_table(input: CasesInput) -> Result<Vec<CaseInfo>> {
    Ok(cases::all()
        .iter()
        .map(|c| CaseInfo {
            id: &c.id,
            description: &c.description,
            list: c.list(input.api),
            supported: c.supports(input.api),
            batch: c.batch,
        })
        .collect())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectInput<'a> {
    pub api: Api,
    /// WHMCS's active domains of this registrar.
    #[serde(borrow)]
    pub whmcs: Vec<WhmcsDomain<'a>>,
    /// Case id → the names the API listed for that case's filter.
    #[serde(default, borrow)]
    pub lists: rules::Lists<'a>,
}

#[derive(Debug, Serialize)]
pub struct Found {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub count: usize,
    pub batch: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Skipped {
    pub id: &'static str,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct Detected {
    /// The cases that apply to at least one domain, in table order.
    pub cases: Vec<Found>,
    /// Every case that was checked (found or not).
    pub checked: Vec<&'static str>,
    /// Cases that could not be checked, and why.
    pub skipped: Vec<Skipped>,
}

/// `monitor_detect` from its encoded arguments, read in place (the rows borrow from them).
pub fn detect_with(codec: crate::abi::Codec, args: &[u8]) -> Result<Detected> {
    detect(crate::abi::parse_args(codec, args)?)
}

/// `monitor_detect`: every rule over the inputs.
pub fn detect(input: DetectInput) -> Result<Detected> {
    let inputs = rules::Inputs::new(&input.whmcs, &input.lists);
    let mut out = Detected {
        cases: Vec::new(),
        checked: Vec::new(),
        skipped: Vec::new(),
    };
    for case in cases::all() {
        if let Some(why) = case.unavailable(input.api) {
            out.skipped.push(Skipped {
                id: &case.id,
                reason: format!("not available for {} accounts: {why}", api_name(input.api)),
            });
            continue;
        }
        if case.list(input.api).is_some() && inputs.list(&case.id).is_none() {
            out.skipped.push(Skipped {
                id: &case.id,
                reason: "the registrar's list for this case is missing".into(),
            });
            continue;
        }
        let Some(rule) = rules::rule(&case.id) else {
            continue;
        };
        let items = rule(&inputs, &case.before);
        out.checked.push(&case.id);
        if !items.is_empty() {
            out.cases.push(Found {
                id: &case.id,
                title: case.title(items.len()),
                description: &case.description,
                count: items.len(),
                batch: case.batch,
                items,
            });
        }
    }
    Ok(out)
}

fn api_name(api: Api) -> &'static str {
    match api {
        Api::Ispapi => "HEXONET (ISPAPI)",
        Api::Cnr => "CentralNic Reseller (CNR)",
    }
}
