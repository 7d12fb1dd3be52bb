//! Importing the domains already in the API account into WHMCS, one page at a time.
//!
//! The host calls `registrar_import` repeatedly for one page, adding what the last step asked
//! for, until the step is `done`: `send` (API commands by key; put the replies under the same
//! keys in `replies`), `domains` (which of these names WHMCS has already: `existing`),
//! `clients` (the WHMCS client ids of these e-mail addresses: `clients`). `done` is the plan for
//! the page: clients to create, tbldomains rows to insert, what was skipped, held back or failed
//! and why, and the `FIRST` of the next page (the resume cursor). One list command per page and
//! one StatusContact per distinct new registrant keep the API calls per domain below one. On
//! CNR the list names the domains only (its KB, api-command/QueryDomainList), so each new domain
//! is also read with one StatusDomain (registrant, dates, ID protection).
//!
//! A registrant's e-mail address is public (WHOIS) and a WHMCS client's is unverified, so an
//! existing client with the same address is not proof of ownership: such a client gets the
//! domain (and with it the auth code) only when the admin confirmed that client
//! (`match_clients`). Otherwise the registrant becomes a new client; where WHMCS cannot make one
//! because the address is taken, the domain is held back and the plan names the client to
//! confirm.

use super::dates;
use super::domain::command;
use super::flow::api_error;
use crate::error::{CoreError, Result};
use crate::wire::{Api, Command, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The API's largest page of QueryDomainList.
const MAX_LIMIT: u64 = 1000;
const LIST: &str = "list";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    /// The page's `FIRST` (0 for the first page).
    #[serde(default)]
    pub first: u64,
    #[serde(default = "default_limit")]
    pub limit: u64,
    /// Replies to the commands of `send` steps, under their keys.
    #[serde(default)]
    pub replies: BTreeMap<String, Response>,
    /// The names (of those asked for) that WHMCS has in tbldomains.
    #[serde(default)]
    pub existing: Option<Vec<String>>,
    /// Lower-case e-mail address → WHMCS client id, for those asked for that exist.
    #[serde(default)]
    pub clients: Option<BTreeMap<String, u64>>,
    /// TLD (without dot) → WHMCS's one-year renewal price, so imported domains are invoiced.
    #[serde(default)]
    pub renewals: BTreeMap<String, f64>,
    /// The host's date (`Y-m-d`): domains that ended before it are imported as Expired.
    #[serde(default)]
    pub today: Option<String>,
    /// Existing clients the admin confirmed may receive the domains of registrants with their
    /// e-mail address (none unless the admin says so).
    #[serde(default)]
    pub match_clients: MatchClients,
    /// Lower-case e-mail address → id of a client this import created from a registrant
    /// contact (on an earlier page or before an interruption): the registrant's own client.
    #[serde(default)]
    pub created: BTreeMap<String, u64>,
    /// The payment gateway (module name, from localAPI GetPaymentMethods) WHMCS invoices the
    /// imported domains with, and the currency (tblcurrencies id) of the clients the import
    /// creates; the admin chooses both, and `renewals` are priced in that currency.
    #[serde(default)]
    pub payment_method: String,
    #[serde(default)]
    pub currency: Option<u64>,
    /// The account's API (ISPAPI when not given).
    #[serde(default)]
    pub api: Option<Api>,
}

/// Which existing clients the admin confirmed (`"none"`, `"all"` or `{"ids": [12, 15]}`).
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum MatchClients {
    #[default]
    None,
    All,
    Ids(BTreeSet<u64>),
}

impl MatchClients {
    fn confirms(&self, client_id: u64) -> bool {
        match self {
            Self::None => false,
            Self::All => true,
            Self::Ids(ids) => ids.contains(&client_id),
        }
    }
}

fn default_limit() -> u64 {
    250
}

#[derive(Debug, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ImportStep {
    Send { commands: BTreeMap<String, Command> },
    Domains { names: Vec<String> },
    Clients { emails: Vec<String> },
    Done(ImportPlan),
}

#[derive(Debug, Serialize, PartialEq)]
pub struct NewClient {
    pub email: String,
    /// localAPI AddClient parameters.
    pub values: Map<String, Value>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct NewDomain {
    pub domain: String,
    /// The existing client (confirmed by the admin, or created by this import from the
    /// registrant), or `None` for the new client with `email`.
    pub client_id: Option<u64>,
    pub email: String,
    /// tbldomains columns (the host adds `userid`).
    pub values: Map<String, Value>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Skipped {
    pub domain: String,
    pub reason: String,
}

/// A domain not imported because an existing, unconfirmed client has its registrant's e-mail.
#[derive(Debug, Serialize, PartialEq)]
pub struct Held {
    pub domain: String,
    pub email: String,
    /// The client that has the address; confirming it imports the domain for it.
    pub client_id: u64,
}

#[derive(Debug, Serialize)]
pub struct ImportPlan {
    pub clients: Vec<NewClient>,
    pub domains: Vec<NewDomain>,
    pub skipped: Vec<Skipped>,
    pub held: Vec<Held>,
    pub failed: Vec<Skipped>,
    /// `FIRST` of the next page; `None` after the last one.
    pub next: Option<u64>,
    /// Domains in the account, and how many of them this page ends at.
    pub total: u64,
    pub read: u64,
}

/// One domain of the list page, with the columns the import reads.
struct Row {
    ace: String,
    name: String,
    owner: String,
    values: Map<String, Value>,
}

/// `registrar_import`: the next thing the host must do for this page, or its plan.
pub fn import(input: ImportInput) -> Result<ImportStep> {
    let limit = input.limit.clamp(1, MAX_LIMIT);
    let cnr = input.api == Some(Api::Cnr);
    let Some(list) = input.replies.get(LIST) else {
        // A fixed order makes FIRST a cursor that survives an interrupted run.
        let list = if cnr {
            // CNR's list names the domains only (KB api-command/QueryDomainList: no registrant,
            // paid-until date or privacy); each new one is read with StatusDomain below.
            command(json!({
                "COMMAND": "QueryDomainList", "ORDERBY": "DOMAIN", "ORDER": "ASC",
                "FIRST": input.first, "LIMIT": limit,
            }))
        } else {
            command(json!({
                "COMMAND": "QueryDomainList", "VERSION": "2", "WIDE": "1", "USERDEPTH": "SELF",
                "ORDERBY": "DOMAIN", "FIRST": input.first, "LIMIT": limit,
            }))
        };
        return Ok(ImportStep::Send {
            commands: BTreeMap::from([(LIST.to_owned(), list)]),
        });
    };
    if !list.success {
        return Err(CoreError::new(
            "api_error",
            api_error("QueryDomainList", list),
        ));
    }
    let today = input.today.as_deref().and_then(dates::parse);
    let rows = if cnr {
        cnr_names(list)
    } else {
        rows(list, &input.renewals, today)
    };
    let Some(existing) = &input.existing else {
        let names = rows
            .iter()
            .flat_map(|r| [r.ace.clone(), r.name.clone()])
            .collect::<BTreeSet<_>>();
        return Ok(ImportStep::Domains {
            names: names.into_iter().collect(),
        });
    };
    let existing: BTreeSet<String> = existing.iter().map(|n| n.to_lowercase()).collect();
    let (known, new): (Vec<Row>, Vec<Row>) = rows
        .into_iter()
        .partition(|r| existing.contains(&r.ace) || existing.contains(&r.name));
    let mut failed = Vec::new();
    let new = if cnr {
        let status_key = |ace: &str| format!("status:{ace}");
        let missing: BTreeMap<String, Command> = new
            .iter()
            .filter(|r| !input.replies.contains_key(&status_key(&r.ace)))
            .map(|r| {
                let c = command(json!({ "COMMAND": "StatusDomain", "DOMAIN": r.ace }));
                (status_key(&r.ace), c)
            })
            .collect();
        if !missing.is_empty() {
            return Ok(ImportStep::Send { commands: missing });
        }
        let mut read = Vec::new();
        for row in new {
            match input.replies.get(&status_key(&row.ace)) {
                Some(r) if r.success => read.push(cnr_row(row, r, &input.renewals, today)),
                Some(r) => failed.push(Skipped {
                    domain: row.name,
                    reason: api_error("StatusDomain", r),
                }),
                None => continue,
            }
        }
        read
    } else {
        new
    };

    let contact_key = |handle: &str| format!("contact:{handle}");
    let missing: BTreeMap<String, Command> = new
        .iter()
        .filter(|r| !r.owner.is_empty() && !input.replies.contains_key(&contact_key(&r.owner)))
        .map(|r| {
            let c = command(json!({ "COMMAND": "StatusContact", "CONTACT": r.owner }));
            (contact_key(&r.owner), c)
        })
        .collect();
    if !missing.is_empty() {
        return Ok(ImportStep::Send { commands: missing });
    }

    let mut ready = Vec::new();
    for row in new {
        match registrant(&input.replies, &row.owner) {
            Ok(client) => ready.push((row, client)),
            Err(reason) => failed.push(Skipped {
                domain: row.name,
                reason,
            }),
        }
    }
    let Some(clients) = &input.clients else {
        let emails = ready
            .iter()
            .map(|(_, c)| c.email.clone())
            .collect::<BTreeSet<_>>();
        return Ok(ImportStep::Clients {
            emails: emails.into_iter().collect(),
        });
    };

    let mut new_clients: Vec<NewClient> = Vec::new();
    let mut domains = Vec::new();
    let mut held = Vec::new();
    for (row, client) in ready {
        let client_id = match (input.created.get(&client.email), clients.get(&client.email)) {
            (Some(&own), _) => Some(own),
            (None, Some(&existing)) if input.match_clients.confirms(existing) => Some(existing),
            (None, Some(&existing)) => {
                held.push(Held {
                    domain: row.name,
                    email: client.email,
                    client_id: existing,
                });
                continue;
            }
            (None, None) => None,
        };
        if client_id.is_none() && !new_clients.iter().any(|c| c.email == client.email) {
            let mut values = client.values;
            if let Some(currency) = input.currency {
                values.insert("currency".into(), json!(currency));
            }
            new_clients.push(NewClient {
                email: client.email.clone(),
                values,
            });
        }
        let mut values = row.values;
        values.insert("paymentmethod".into(), json!(input.payment_method));
        domains.push(NewDomain {
            domain: row.name,
            client_id,
            email: client.email,
            values,
        });
    }
    let p = &list.pagination;
    Ok(ImportStep::Done(ImportPlan {
        clients: new_clients,
        domains,
        skipped: known
            .into_iter()
            .map(|r| Skipped {
                domain: r.name,
                reason: "already in WHMCS".into(),
            })
            .collect(),
        held,
        failed,
        next: p.next_first,
        total: p.total,
        read: p.first + p.count,
    }))
}

/// The value of `column` in row `i` ("" when absent).
fn cell<'r>(r: &'r Response, column: &str, i: usize) -> &'r str {
    r.properties
        .get(column)
        .and_then(|v| v.get(i))
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
}

fn rows(list: &Response, renewals: &BTreeMap<String, f64>, today: Option<time::Date>) -> Vec<Row> {
    let count = list
        .properties
        .get("OBJECTID")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    (0..count)
        .filter_map(|i| {
            let ace = cell(list, "OBJECTID", i).to_lowercase();
            if ace.is_empty() || !ace.contains('.') {
                return None;
            }
            let name = crate::idn::to_unicode(&ace).unwrap_or_else(|_| ace.clone());
            let owner = cell(list, "OWNERCONTACT", i)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned();
            let date = |c: &str| dates::parse(cell(list, c, i));
            let created = date("CREATEDDATE");
            let expiry = match (date("EXPIRATIONDATE"), date("PAIDUNTILDATE")) {
                (Some(e), Some(p)) => Some(dates::whmcs_expiry(
                    e,
                    p,
                    date("FAILUREDATE"),
                    date("FINALIZATIONDATE"),
                )),
                (e, p) => e.or(p),
            };
            // ID protection is a WHMCS domain add-on: flagged, WHMCS invoices it on renewal.
            let protected = cell(list, "X-ACCEPT-WHOISTRUSTEE-TAC", i) == "1";
            let values = domain_values(
                &ace,
                &name,
                Dates { created, expiry },
                cell(list, "RENEWALPERIOD", i),
                protected,
                (renewals, today),
                "Imported from the ISPAPI account.",
            );
            Some(Row {
                ace,
                name,
                owner,
                values,
            })
        })
        .collect()
}

/// CNR: the page's domain names; what the import needs of each comes from StatusDomain.
fn cnr_names(list: &Response) -> Vec<Row> {
    let count = list
        .properties
        .get("DOMAIN")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    (0..count)
        .filter_map(|i| {
            let ace = cell(list, "DOMAIN", i).to_lowercase();
            if ace.is_empty() || !ace.contains('.') {
                return None;
            }
            let name = crate::idn::to_unicode(&ace).unwrap_or_else(|_| ace.clone());
            Some(Row {
                ace,
                name,
                owner: String::new(),
                values: Map::new(),
            })
        })
        .collect()
}

/// CNR: a domain's row from its StatusDomain, read as CNR's module reads it (`StatusDomain.php`):
/// the registrant OWNERCONTACT, CREATEDDATE, PAIDUNTILDATE as the expiry date, and the privacy
/// service's X-WHOIS-PRIVACY as ID protection (the dialect's names).
fn cnr_row(
    row: Row,
    status: &Response,
    renewals: &BTreeMap<String, f64>,
    today: Option<time::Date>,
) -> Row {
    let owner = cell(status, "OWNERCONTACT", 0)
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    let date = |c: &str| dates::parse(cell(status, c, 0));
    let values = domain_values(
        &row.ace,
        &row.name,
        Dates {
            created: date("CREATEDDATE"),
            expiry: date("PAIDUNTILDATE"),
        },
        cell(status, "RENEWALPERIOD", 0),
        super::dialect::whois_privacy_on(Api::Cnr, status),
        (renewals, today),
        "Imported from the CentralNic Reseller account.",
    );
    Row {
        owner,
        values,
        ..row
    }
}

struct Dates {
    created: Option<time::Date>,
    expiry: Option<time::Date>,
}

/// The tbldomains columns of an imported domain.
fn domain_values(
    ace: &str,
    name: &str,
    Dates { created, expiry }: Dates,
    renewal_period: &str,
    protected: bool,
    (renewals, today): (&BTreeMap<String, f64>, Option<time::Date>),
    note: &str,
) -> Map<String, Value> {
    let expired = matches!((expiry, today), (Some(e), Some(t)) if e < t);
    let day = |d: Option<time::Date>| d.map_or_else(|| "0000-00-00".to_owned(), dates::format);
    let tld = ace.rsplit_once('.').map_or("", |(_, t)| t);
    let tld = crate::idn::to_unicode(tld).unwrap_or_else(|_| tld.to_owned());
    let price = renewals.get(&tld).copied().unwrap_or(0.0);
    let years = renewal_period
        .trim_end_matches(['Y', 'y'])
        .parse::<u32>()
        .ok()
        .filter(|y| (1..=10).contains(y))
        .unwrap_or(1);
    let mut values = Map::new();
    values.insert("type".into(), json!("Register"));
    values.insert("domain".into(), json!(name));
    values.insert("registrar".into(), json!("ispapi"));
    values.insert("registrationdate".into(), json!(day(created)));
    values.insert("registrationperiod".into(), json!(years));
    values.insert("expirydate".into(), json!(day(expiry)));
    values.insert("nextduedate".into(), json!(day(expiry)));
    values.insert("nextinvoicedate".into(), json!(day(expiry)));
    values.insert("firstpaymentamount".into(), json!(price));
    values.insert("recurringamount".into(), json!(price));
    values.insert(
        "status".into(),
        json!(if expired { "Expired" } else { "Active" }),
    );
    values.insert("idprotection".into(), json!(u8::from(protected)));
    values.insert("dnsmanagement".into(), json!(0));
    values.insert("emailforwarding".into(), json!(0));
    values.insert("additionalnotes".into(), json!(note));
    values
}

struct Registrant {
    email: String,
    values: Map<String, Value>,
}

/// The WHMCS client a registrant contact becomes (localAPI AddClient's fields).
fn registrant(
    replies: &BTreeMap<String, Response>,
    handle: &str,
) -> std::result::Result<Registrant, String> {
    if handle.is_empty() {
        return Err("the API names no registrant contact".into());
    }
    let Some(r) = replies.get(&format!("contact:{handle}")) else {
        return Err(format!(
            "registrant contact {} was not looked up",
            crate::error::shown(handle, crate::error::QUOTED_CHARS)
        ));
    };
    if !r.success {
        return Err(api_error("StatusContact", r));
    }
    let at = |c: &str, i: usize| cell(r, c, i).to_owned();
    let email = at("EMAIL", 0).to_lowercase();
    let plausible = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    if !plausible {
        return Err(format!(
            "registrant contact {} has no usable e-mail address",
            crate::error::shown(handle, crate::error::QUOTED_CHARS)
        ));
    }
    let mut first = at("FIRSTNAME", 0);
    let mut last = at("LASTNAME", 0);
    let company = at("ORGANIZATION", 0);
    // WHMCS requires both names; a company-only contact keeps its name in both.
    if first.is_empty() && last.is_empty() {
        first = if company.is_empty() {
            handle.to_owned()
        } else {
            company.clone()
        };
    }
    if last.is_empty() {
        last = first.clone();
    } else if first.is_empty() {
        first = last.clone();
    }
    let values = Map::from_iter(
        [
            ("firstname", first),
            ("lastname", last),
            ("companyname", company),
            ("email", email.clone()),
            ("address1", at("STREET", 0)),
            ("address2", at("STREET", 1)),
            ("city", at("CITY", 0)),
            ("state", at("STATE", 0)),
            ("postcode", at("ZIP", 0)),
            ("country", at("COUNTRY", 0).to_uppercase()),
            ("phonenumber", at("PHONE", 0)),
        ]
        .map(|(k, v)| (k.to_owned(), json!(v))),
    );
    Ok(Registrant { email, values })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(text: &str) -> Response {
        crate::wire::parse(text)
    }

    const PAGE: &str = "[RESPONSE]\ncode = 200\ndescription = Command completed successfully\n\
        property[FIRST][0] = 0\nproperty[LAST][0] = 2\nproperty[COUNT][0] = 3\n\
        property[LIMIT][0] = 3\nproperty[TOTAL][0] = 5\n\
        property[OBJECTID][0] = known.com\nproperty[OBJECTID][1] = xn--mnchen-3ya.de\n\
        property[OBJECTID][2] = other.net\n\
        property[OWNERCONTACT][0] = P-A\nproperty[OWNERCONTACT][1] = P-A\nproperty[OWNERCONTACT][2] = P-B\n\
        property[CREATEDDATE][1] = 2020-01-02 10:00:00\nproperty[CREATEDDATE][2] = 2019-05-06 10:00:00\n\
        property[EXPIRATIONDATE][1] = 2027-01-02 10:00:00\nproperty[EXPIRATIONDATE][2] = 2024-05-06 10:00:00\n\
        property[PAIDUNTILDATE][1] = 2027-01-02 10:00:00\nproperty[PAIDUNTILDATE][2] = 2024-05-06 10:00:00\n\
        property[X-ACCEPT-WHOISTRUSTEE-TAC][1] = 1\nproperty[X-ACCEPT-WHOISTRUSTEE-TAC][2] = 0\n\
        EOF\n";

    fn contact(email: &str) -> Response {
        reply(&format!(
            "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[FIRSTNAME][0] = Jo\n\
             property[LASTNAME][0] = Doe\nproperty[EMAIL][0] = {email}\nproperty[STREET][0] = Main 1\n\
             property[STREET][1] = Floor 2\nproperty[CITY][0] = Town\nproperty[COUNTRY][0] = de\nEOF\n"
        ))
    }

    fn input(v: Value) -> ImportInput {
        serde_json::from_value(v).unwrap()
    }

    fn with_page(mut i: ImportInput) -> ImportInput {
        i.replies.insert(LIST.into(), reply(PAGE));
        i
    }

    /// CNR's list names the domains only; each new one is read with StatusDomain (registrant,
    /// PAIDUNTILDATE, X-WHOIS-PRIVACY as ID protection).
    #[test]
    fn on_cnr_each_new_domain_is_read_with_status_domain_and_its_privacy_carried() {
        let mut i = input(json!({"api": "cnr", "first": 0, "limit": 2}));
        let ImportStep::Send { commands } = import(i).unwrap() else {
            panic!("expected the list")
        };
        let list = serde_json::to_value(&commands[LIST]).unwrap();
        assert_eq!(
            list,
            json!({"COMMAND": "QueryDomainList", "ORDERBY": "DOMAIN", "ORDER": "ASC",
                "FIRST": 0, "LIMIT": 2})
        );
        i = input(
            json!({"api": "cnr", "existing": ["known.com"], "clients": {}, "today": "2026-01-01"}),
        );
        i.replies.insert(
            LIST.into(),
            reply(
                "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[DOMAIN][0] = known.com\n\
                 property[DOMAIN][1] = private.com\nproperty[DOMAIN][2] = open.com\n\
                 property[FIRST][0] = 0\nproperty[LAST][0] = 2\nproperty[COUNT][0] = 3\n\
                 property[LIMIT][0] = 3\nproperty[TOTAL][0] = 3\nEOF\n",
            ),
        );
        let ImportStep::Send { commands } = import(input(json!({
            "api": "cnr", "existing": ["known.com"],
            "replies": {"list": serde_json::to_value(&i.replies[LIST]).unwrap()}
        })))
        .unwrap() else {
            panic!("expected the StatusDomain commands")
        };
        assert_eq!(
            commands.keys().collect::<Vec<_>>(),
            ["status:open.com", "status:private.com"]
        );
        let status = |privacy: &str| {
            reply(&format!(
                "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[OWNERCONTACT][0] = P-A\n\
                 property[CREATEDDATE][0] = 2020-01-02 10:00:00\n\
                 property[PAIDUNTILDATE][0] = 2027-03-04 10:00:00\n\
                 property[X-WHOIS-PRIVACY][0] = {privacy}\nEOF\n"
            ))
        };
        i.replies.insert("status:private.com".into(), status("1"));
        i.replies.insert("status:open.com".into(), status("0"));
        i.replies
            .insert("contact:P-A".into(), contact("jo@example.org"));
        let ImportStep::Done(plan) = import(i).unwrap() else {
            panic!("expected a plan")
        };
        let protection: BTreeMap<&str, &Value> = plan
            .domains
            .iter()
            .map(|d| (d.domain.as_str(), &d.values["idprotection"]))
            .collect();
        assert_eq!(
            protection,
            BTreeMap::from([("open.com", &json!(0)), ("private.com", &json!(1))])
        );
        assert_eq!(plan.domains[0].values["expirydate"], "2027-03-04");
        assert_eq!(plan.skipped.len(), 1);
    }

    #[test]
    fn a_page_goes_list_then_names_then_contacts_then_clients_then_plan() {
        let ImportStep::Send { commands } =
            import(input(json!({"first": 3, "limit": 5000}))).unwrap()
        else {
            panic!("expected the list command");
        };
        assert_eq!(commands[LIST]["FIRST"], 3);
        assert_eq!(commands[LIST]["LIMIT"], 1000);

        let ImportStep::Domains { names } = import(with_page(input(json!({})))).unwrap() else {
            panic!("expected a domain lookup");
        };
        assert!(names.contains(&"münchen.de".to_owned()));
        assert!(names.contains(&"xn--mnchen-3ya.de".to_owned()));

        let step = import(with_page(input(json!({"existing": ["KNOWN.com"]})))).unwrap();
        let ImportStep::Send { commands } = step else {
            panic!("expected contacts")
        };
        // known.com's owner P-A is still needed for münchen.de; each handle once.
        assert_eq!(commands.len(), 2);
        assert_eq!(commands["contact:P-B"]["CONTACT"], "P-B");

        let mut i = with_page(input(
            json!({"existing": ["known.com"], "renewals": {"de": 7.5}, "today": "2026-01-01"}),
        ));
        i.replies
            .insert("contact:P-A".into(), contact("Jo@Example.org"));
        i.replies.insert("contact:P-B".into(), contact("broken"));
        let ImportStep::Clients { emails } = import(i).unwrap() else {
            panic!("expected clients")
        };
        assert_eq!(emails, ["jo@example.org"]);
    }

    #[test]
    fn the_plan_creates_one_client_per_new_registrant_and_carries_id_protection() {
        let mut i = with_page(input(json!({
            "existing": ["known.com"], "clients": {}, "renewals": {"de": 7.5}, "today": "2026-01-01",
            "payment_method": "banktransfer", "currency": 2
        })));
        i.replies
            .insert("contact:P-A".into(), contact("Jo@Example.org"));
        i.replies.insert("contact:P-B".into(), contact("broken"));
        let ImportStep::Done(plan) = import(i).unwrap() else {
            panic!("expected a plan")
        };
        assert_eq!(
            plan.skipped,
            [Skipped {
                domain: "known.com".into(),
                reason: "already in WHMCS".into()
            }]
        );
        assert_eq!(plan.failed.len(), 1);
        assert!(
            plan.failed[0].reason.contains("no usable e-mail"),
            "{:?}",
            plan.failed
        );
        assert_eq!(plan.clients.len(), 1);
        assert_eq!(plan.clients[0].values["country"], "DE");
        assert_eq!(plan.clients[0].values["address2"], "Floor 2");
        let d = &plan.domains[0];
        assert_eq!(d.domain, "münchen.de");
        assert_eq!(d.client_id, None);
        assert_eq!(d.values["idprotection"], 1);
        assert_eq!(d.values["recurringamount"], 7.5);
        assert_eq!(d.values["expirydate"], "2027-01-02");
        assert_eq!(d.values["status"], "Active");
        assert_eq!(d.values["paymentmethod"], "banktransfer");
        assert_eq!(plan.clients[0].values["currency"], 2);
        assert_eq!(plan.next, Some(3));
        assert_eq!((plan.read, plan.total), (3, 5));
    }

    /// The page with both registrants at jo@example.org, a WHMCS client #9 having that address.
    fn plan_with_client_nine(extra: Value) -> ImportPlan {
        let mut v =
            json!({"existing": [], "clients": {"jo@example.org": 9}, "today": "2026-01-01"});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let mut i = with_page(input(v));
        i.replies
            .insert("contact:P-A".into(), contact("Jo@example.org"));
        i.replies
            .insert("contact:P-B".into(), contact("jo@example.org"));
        let ImportStep::Done(plan) = import(i).unwrap() else {
            panic!("expected a plan")
        };
        plan
    }

    #[test]
    fn a_client_with_the_registrants_email_gets_nothing_unless_the_admin_confirmed_it() {
        for unconfirmed in [json!({}), json!({"match_clients": {"ids": [8, 10]}})] {
            let plan = plan_with_client_nine(unconfirmed);
            assert!(plan.domains.is_empty(), "{:?}", plan.domains);
            assert!(
                plan.clients.is_empty(),
                "WHMCS refuses a second client with the address"
            );
            assert_eq!(plan.held.len(), 3);
            assert_eq!(
                plan.held[0],
                Held {
                    domain: "known.com".into(),
                    email: "jo@example.org".into(),
                    client_id: 9
                }
            );
        }
        for confirmed in [
            json!({"match_clients": "all"}),
            json!({"match_clients": {"ids": [9]}}),
            // A client this import made from the registrant is the registrant's own.
            json!({"created": {"jo@example.org": 9}}),
        ] {
            let plan = plan_with_client_nine(confirmed.clone());
            assert!(plan.held.is_empty(), "{confirmed}");
            assert_eq!(plan.domains.len(), 3);
            assert!(plan.domains.iter().all(|d| d.client_id == Some(9)));
        }
        let plan = plan_with_client_nine(json!({"created": {"other@example.org": 4}}));
        assert_eq!(
            plan.held.len(),
            3,
            "only the address this import made counts"
        );
        assert!(serde_json::from_value::<ImportInput>(json!({"match_clients": "some"})).is_err());
    }

    #[test]
    fn existing_clients_are_matched_by_email_once_confirmed_and_expired_domains_say_so() {
        let mut i = with_page(input(json!({
            "existing": [], "clients": {"jo@example.org": 9}, "today": "2026-01-01",
            "match_clients": {"ids": [9]}
        })));
        i.replies
            .insert("contact:P-A".into(), contact("jo@example.org"));
        i.replies
            .insert("contact:P-B".into(), contact("jo@example.org"));
        let ImportStep::Done(plan) = import(i).unwrap() else {
            panic!("expected a plan")
        };
        assert!(plan.clients.is_empty());
        assert!(plan.domains.iter().all(|d| d.client_id == Some(9)));
        let net = plan
            .domains
            .iter()
            .find(|d| d.domain == "other.net")
            .unwrap();
        assert_eq!(net.values["status"], "Expired");
        // known.com has no dates: WHMCS's empty date, never a made-up one.
        let known = plan
            .domains
            .iter()
            .find(|d| d.domain == "known.com")
            .unwrap();
        assert_eq!(known.values["expirydate"], "0000-00-00");
    }

    #[test]
    fn a_failed_list_is_an_error_and_a_failed_contact_fails_only_its_domains() {
        let mut i = input(json!({}));
        i.replies.insert(
            LIST.into(),
            reply("[RESPONSE]\ncode = 530\ndescription = Authentication failed\nEOF\n"),
        );
        assert_eq!(import(i).unwrap_err().code, "api_error");

        let mut i = with_page(input(json!({"existing": [], "clients": {}})));
        i.replies.insert(
            "contact:P-A".into(),
            reply("[RESPONSE]\ncode = 545\ndescription = Entity reference not found\nEOF\n"),
        );
        i.replies
            .insert("contact:P-B".into(), contact("b@example.org"));
        let ImportStep::Done(plan) = import(i).unwrap() else {
            panic!("expected a plan")
        };
        assert_eq!(plan.failed.len(), 2);
        assert!(plan.failed[0].reason.contains("545"));
        assert_eq!(plan.domains.len(), 1);
    }
}
