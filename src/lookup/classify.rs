//! One CheckDomains answer → WHMCS's SearchResult status.
//!
//! `DOMAINCHECK` is `<code> <description>`: 210 available; 211 not available, where `REASON`,
//! the description and the premium columns say why (registered, reserved or blocked, premium);
//! 541/549 the TLD is not offered; 4xx the check could not be made now.

use crate::pricing::money::{self, Cents};
use serde::{Deserialize, Serialize};

/// WHMCS's `SearchResult::STATUS_*` constants, by name (their values are WHMCS's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    #[serde(rename = "STATUS_NOT_REGISTERED")]
    Available,
    #[serde(rename = "STATUS_REGISTERED")]
    Registered,
    #[serde(rename = "STATUS_RESERVED")]
    Reserved,
    #[serde(rename = "STATUS_UNKNOWN")]
    Unknown,
    #[serde(rename = "STATUS_TLD_NOT_SUPPORTED")]
    TldNotSupported,
}

impl Status {
    pub fn constant(self) -> &'static str {
        match self {
            Status::Available => "STATUS_NOT_REGISTERED",
            Status::Registered => "STATUS_REGISTERED",
            Status::Reserved => "STATUS_RESERVED",
            Status::Unknown => "STATUS_UNKNOWN",
            Status::TldNotSupported => "STATUS_TLD_NOT_SUPPORTED",
        }
    }
}

/// The columns of one CheckDomains row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRow {
    pub domaincheck: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub class: String,
    #[serde(default)]
    pub premiumchannel: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Availability {
    Plain {
        status: Status,
    },
    /// A premium name that can be registered at this price (asked with PREMIUMCHANNELS).
    Premium {
        /// Registry premium class (`PREMIUM_AI_A`); empty for aftermarket names.
        class: String,
        channel: String,
        price: Cents,
        currency: String,
    },
    /// A premium name without a price: premium checks were not asked for, so it cannot be sold
    /// at the standard price.
    PremiumUnpriced,
}

impl Availability {
    pub fn plain(status: Status) -> Self {
        Availability::Plain { status }
    }
}

pub fn classify(row: &CheckRow) -> Availability {
    let check = row.domaincheck.trim();
    let code: u16 = check.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
    let description = check.get(3..).unwrap_or("").to_ascii_lowercase();
    let reason = row.reason.to_ascii_lowercase();
    match code {
        210 => Availability::plain(Status::Available),
        211 => {
            // Blocked (a brand protection block) and name-collision names are reserved by the
            // registry: nobody can register them, and they are not anyone's domain.
            if reason.contains("block")
                || reason.contains("reserved")
                || description.contains("collision")
            {
                return Availability::plain(Status::Reserved);
            }
            let premium = description.contains("premium")
                || reason.contains("premium")
                || !row.premiumchannel.trim().is_empty();
            if !premium || description.contains("not available") {
                return Availability::plain(Status::Registered);
            }
            match (money::parse(&row.price), row.currency.trim()) {
                (Some(price), currency) if price > 0 && !currency.is_empty() => {
                    Availability::Premium {
                        class: row.class.trim().to_owned(),
                        channel: row.premiumchannel.trim().to_owned(),
                        price,
                        currency: currency.to_ascii_uppercase(),
                    }
                }
                _ => Availability::PremiumUnpriced,
            }
        }
        // 549: the registry could not check the TLD (the original module asked WHOIS instead;
        // a WHOIS lookup is I/O this core does not do).
        549 => Availability::plain(Status::TldNotSupported),
        541 if reason.contains("tld") || description.contains("tld") => {
            Availability::plain(Status::TldNotSupported)
        }
        _ => Availability::plain(Status::Unknown),
    }
}
