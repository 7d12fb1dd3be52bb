//! The registrar functions WHMCS calls (`ispapi_RegisterDomain($params)` …), as sans-I/O flows.
//!
//! A flow is plain code that calls [`Flow::send`] for each API command it needs. The host runs
//! it step by step: `registrar_step {function, params, transcript}` either asks for one more
//! command (`{"step":"send","command":{…}}`) or finishes (`{"step":"done","result":{…}}`, the
//! array WHMCS expects). The host sends the command, appends `{command, response}` to the
//! transcript and asks again. Each step replays the flow over the transcript, so a flow keeps
//! no state of its own and reads top to bottom like the original module's functions.

mod applications;
mod checkout;
mod client_area;
mod contacts;
mod dates;
mod dialect;
mod domain;
mod flow;
mod import;
mod manage;
mod migrate;
mod settings;
mod suspension;
mod sync;
mod sync_list;
pub mod texts;
mod webapps;
mod zone;

pub(crate) use flow::find_function;
pub use flow::{api_error, DbChange, Exchange, Flow, Interrupt, Step};
pub use import::{import, ImportInput, ImportStep};
pub use migrate::{migration, Migration, MigrationInput};
pub use settings::{account, config_array, AccountInput, Settings};

use crate::error::Result;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The WHMCS `$params` array as the host received it (settings included, as WHMCS merges them).
pub type Params = Map<String, Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    pub function: String,
    pub params: Params,
    #[serde(default)]
    pub transcript: Vec<Exchange>,
    /// Today's date (`Y-m-d`) from the host's clock, for rules about expired domains.
    #[serde(default)]
    pub today: Option<String>,
}

type Function = fn(&mut Flow) -> std::result::Result<Value, Interrupt>;

/// Every registrar function by its WHMCS name.
const FUNCTIONS: &[(&str, Function)] = &[
    ("RegisterDomain", domain::register),
    ("TransferDomain", domain::transfer),
    ("RenewDomain", domain::renew),
    ("GetNameservers", domain::get_nameservers),
    ("SaveNameservers", domain::save_nameservers),
    ("GetRegistrarLock", domain::get_lock),
    ("SaveRegistrarLock", domain::save_lock),
    ("GetEPPCode", domain::get_epp_code),
    ("Sync", sync::sync),
    ("TransferSync", sync::transfer_sync),
    ("SyncListPage", sync_list::page),
    ("GetContactDetails", manage::get_contact_details),
    ("SaveContactDetails", manage::save_contact_details),
    ("RegisterNameserver", manage::register_nameserver),
    ("ModifyNameserver", manage::modify_nameserver),
    ("DeleteNameserver", manage::delete_nameserver),
    ("IDProtectToggle", manage::id_protect_toggle),
    ("RequestDelete", manage::request_delete),
    ("ReleaseDomain", manage::release_domain),
    ("CancelTransfer", manage::cancel_transfer),
    ("ResendTransferApproval", manage::resend_transfer_approval),
    ("SuspendDomain", suspension::suspend),
    ("UnsuspendDomain", suspension::unsuspend),
    ("FollowApplication", applications::follow),
    ("AdminCustomButtonArray", manage::admin_buttons),
    ("AdminDomainsTabFields", manage::admin_domain_fields),
    ("GetDomainInformation", manage::domain_information),
    (
        "ResendIRTPVerificationEmail",
        manage::resend_irtp_verification,
    ),
    ("CheckConnection", manage::check_connection),
    ("GetTldPricing", crate::pricing::get_tld_pricing),
    ("SyncTldPricing", crate::pricing::sync_tld_pricing),
    ("CheckoutTransfers", checkout::check_transfers),
    ("CheckAvailability", crate::lookup::check_availability),
    (
        "GetDomainSuggestions",
        crate::lookup::get_domain_suggestions,
    ),
    ("GetPremiumPrice", crate::lookup::get_premium_price),
    ("DomainSuggestionOptions", crate::lookup::suggestion_options),
    ("GetDNS", zone::get_dns),
    ("SaveDNS", zone::save_dns),
    ("GetEmailForwarding", zone::get_email_forwarding),
    ("SaveEmailForwarding", zone::save_email_forwarding),
    ("ClientAreaCustomButtonArray", client_area::buttons),
    ("ClientAreaDnssec", client_area::dnssec),
    ("ClientAreaWhoisPrivacy", client_area::whois_privacy),
    ("ClientAreaWhoisOutput", client_area::whois_output),
    ("ClientAreaErrp", client_area::errp),
    ("ClientAreaWebApps", webapps::web_apps),
    ("ClientAreaLockMenu", client_area::lock_menu),
    (
        "ClientAreaPrivateNameservers",
        client_area::private_nameservers,
    ),
];

/// `registrar_step`: the next command to send for a registrar function, or its result.
pub fn registrar_step(input: StepInput) -> Result<Step> {
    let function = flow::find_function(FUNCTIONS, &input.function, "the registrar")?;
    let params = untransliterated(input.params);
    let settings = Settings::from_params(&params);
    let today = input.today.as_deref().and_then(dates::parse);
    let mut flow = Flow::new(&params, settings, today, &input.transcript);
    let outcome = function(&mut flow);
    Ok(flow.finish(outcome))
}

/// The params as the client and the admin wrote them. WHMCS strips accents from every string
/// of `$params` before calling a registrar function ("Jørgen" arrives as "Jorgen", the IDN
/// `müller` as `muller`) and keeps the untouched values under `original` (developer-docs
/// extending-further.md reads `$params['original']`). Contact data then stays UTF-8 unless the
/// module's own Transliterate setting asks otherwise, and an IDN names the right domain, as the
/// original module did by reading `original`. Keys WHMCS adds only at the top level stay.
fn untransliterated(mut params: Params) -> Params {
    if let Some(Value::Object(original)) = params.remove("original") {
        for (key, value) in original {
            if key != "original" {
                params.insert(key, value);
            }
        }
    }
    params
}

/// The names of the registrar functions the core implements.
pub fn functions() -> Vec<&'static str> {
    FUNCTIONS.iter().map(|(name, _)| *name).collect()
}
