//! The objects the simulator keeps: accounts, domains, contacts, hosts, zones, transfers,
//! accounting rows. Each is stored as JSON in its table; columns that lists filter or sort on
//! are copied next to it (see `store`).

use crate::catalog::{Cents, Tld};
use crate::clock::{add_months, DAY};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub login: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub password: String,
    pub currency: String,
    /// The account balance (StatusAccount AMOUNT).
    pub balance: Cents,
    /// How far the balance may go below zero.
    pub credit: Cents,
    /// Reserved deposits (pre-registrations, backorders): not available for charges.
    pub deposit: Cents,
    pub vat: f64,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// When non-empty, logins from other addresses fail like a wrong password.
    #[serde(default)]
    pub allowed_ips: Vec<String>,
    pub created: i64,
}

impl Account {
    /// What a charge may use: balance plus credit, less reserved deposits.
    pub fn available(&self) -> Cents {
        self.balance + self.credit - self.deposit
    }
}

/// A role user (`account!role`): its own password and a whitelist of commands, as the
/// control panel's "Command():ALLOW" lines.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub password: String,
    /// Allowed command names; `*` allows everything.
    pub allow: Vec<String>,
}

impl Role {
    pub fn allows(&self, command: &str) -> bool {
        self.allow
            .iter()
            .any(|c| c == "*" || c.trim_end_matches("():ALLOW").eq_ignore_ascii_case(command))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Domain {
    /// ACE form, lower case.
    pub name: String,
    /// The user (account or subuser) that holds the domain.
    pub owner: String,
    /// The TLD's price class, or a premium class such as `PREMIUM_AI_A`.
    pub subclass: String,
    pub created: i64,
    pub updated: i64,
    pub expiration: i64,
    pub paiduntil: i64,
    pub renewalmode: String,
    #[serde(default)]
    pub renewal_period: Option<String>,
    pub transferlock: bool,
    pub auth: String,
    #[serde(default)]
    pub nameservers: Vec<String>,
    #[serde(default)]
    pub owner_contact: Vec<String>,
    #[serde(default)]
    pub admin_contact: Vec<String>,
    #[serde(default)]
    pub tech_contact: Vec<String>,
    #[serde(default)]
    pub billing_contact: Vec<String>,
    /// Extension parameters (`X-ACCEPT-WHOISTRUSTEE-TAC`, `X-DE-ACCEPT-TRUSTEE-TAC`, …).
    #[serde(default)]
    pub x: BTreeMap<String, String>,
    #[serde(default)]
    pub ds: Vec<String>,
    #[serde(default)]
    pub dnskey: Vec<String>,
    /// SECDNS-MAXSIGLIFE in seconds, when set.
    #[serde(default)]
    pub secdns_maxsiglife: Option<String>,
    /// Client statuses added with ADDSTATUS (`clientHold`).
    #[serde(default)]
    pub status_extra: Vec<String>,
    #[serde(default)]
    pub transferdate: Option<i64>,
    /// Set while the domain is deleted but restorable (redemption).
    #[serde(default)]
    pub deleted: Option<i64>,
    #[serde(default)]
    pub created_by: String,
    /// Pushed to the registry (PushDomain): no longer managed here.
    #[serde(default)]
    pub pushed: bool,
}

/// Lifecycle dates derived from expiration/paid-until and the TLD's periods.
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    pub accounting: i64,
    pub finalization: i64,
    pub failure: i64,
}

impl Domain {
    pub fn dates(&self, tld: Option<&Tld>) -> Dates {
        let (acc, fin, fail) = tld
            .map(|t| (t.accounting_days, t.finalization_days, t.failure_days))
            .unwrap_or((-5, 1, 44));
        Dates {
            accounting: self.paiduntil + acc * DAY,
            finalization: self.expiration + fin * DAY,
            failure: self.paiduntil + fail * DAY,
        }
    }

    pub fn whois_trustee(&self) -> bool {
        self.x
            .get("X-ACCEPT-WHOISTRUSTEE-TAC")
            .is_some_and(|v| v == "1")
    }

    /// The STATUS column: the lifecycle state, then EPP client statuses.
    pub fn statuses(&self) -> Vec<String> {
        let mut s = vec![if self.deleted.is_some() {
            "PENDINGDELETE"
        } else {
            "ACTIVE"
        }
        .to_owned()];
        if self.transferlock {
            s.push("clientTransferProhibited".into());
        }
        s.extend(self.status_extra.iter().cloned());
        s
    }

    pub fn extend(&mut self, months: u32) {
        self.expiration = add_months(self.expiration, months as i64);
        self.paiduntil = add_months(self.paiduntil, months as i64);
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Contact {
    pub handle: String,
    pub owner: String,
    pub created: i64,
    pub updated: i64,
    /// FIRSTNAME, LASTNAME, ORGANIZATION, CITY, … as sent (upper-case keys).
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub street: Vec<String>,
    pub auth: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Nameserver {
    pub host: String,
    pub owner: String,
    pub created: i64,
    pub updated: i64,
    pub ips: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Zone {
    /// With the trailing dot, as the API names zones (`example.com.`).
    pub zone: String,
    pub owner: String,
    pub serial: u64,
    pub records: Vec<String>,
}

/// One operation in an object's history (QueryObjectLogList, StatusObjectLog).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ObjectLog {
    /// The object's id: the domain name.
    pub object: String,
    pub owner: String,
    pub date: i64,
    /// `INBOUND_TRANSFER`, …
    pub operation: String,
    /// `SUCCESSFUL`, `FAILED`
    pub status: String,
    pub info: Vec<String>,
}

/// An incoming transfer that the registry has not completed yet.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Transfer {
    pub domain: String,
    pub owner: String,
    pub created: i64,
    pub updated: i64,
    pub status: String,
    pub log: Vec<String>,
    pub polls: u32,
    pub months: u32,
    pub charged: Cents,
    pub currency: String,
    pub old_registrar: String,
    #[serde(default)]
    pub owner_contact: Vec<String>,
    #[serde(default)]
    pub admin_contact: Vec<String>,
    #[serde(default)]
    pub tech_contact: Vec<String>,
    #[serde(default)]
    pub billing_contact: Vec<String>,
    #[serde(default)]
    pub nameservers: Vec<String>,
    /// USERTRANSFER: moving a domain between users of this system (no charge, no registry).
    #[serde(default)]
    pub internal_from: Option<String>,
}

/// A transfer away from this registrar that another registrar requested.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ForeignTransfer {
    pub domain: String,
    pub owner: String,
    pub created: i64,
    pub status: String,
    pub new_registrar: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct AccountingRow {
    pub id: i64,
    pub login: String,
    pub date: i64,
    pub kind: String,
    pub description: String,
    /// Negative for charges.
    pub amount: Cents,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Application {
    pub id: i64,
    pub owner: String,
    pub domain: String,
    pub class: String,
    pub created: i64,
    pub status: String,
    pub auth: String,
    pub nameservers: Vec<String>,
    pub owner_contact: Vec<String>,
    pub admin_contact: Vec<String>,
    pub tech_contact: Vec<String>,
    pub billing_contact: Vec<String>,
    /// The registration's months (PERIOD), for the domain a successful application becomes.
    #[serde(default)]
    pub months: u32,
    /// When the status last changed.
    #[serde(default)]
    pub updated: i64,
}
