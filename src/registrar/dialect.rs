//! Names that differ between the two APIs for the same thing, one table per flavour, so that a
//! flow names the thing and the table the parameter (issue #18 item 7). Sources: ISPAPI's
//! documentation repository (`API/`), the provider's CNR module
//! (centralnicgroup-opensource/rtldev-middleware-whmcs-rrpproxy-registrar, `lib/Commands/`).

use crate::wire::Api;

pub(super) struct Dialect {
    /// Sets the provider's WHOIS privacy service on AddDomain / ModifyDomain (1 on, 0 off).
    /// CNR: `AddDomain.php`, `ModifyDomain.php` (`X-WHOISPRIVACY`).
    pub whois_privacy_set: &'static str,
    /// StatusDomain's property that says whether the service is on ("1"; CNR's module takes
    /// any value above 0, `StatusDomain.php`).
    pub whois_privacy_read: &'static str,
    /// DNSSEC: which records the registry takes. `None`: ask QueryDomainRepositoryInfo
    /// (ISPAPI's ZONESECDNSINTERFACE); CNR's module asks nothing and offers DNSKEY records.
    pub dnssec_interface: Option<&'static str>,
    /// ModifyDomain's and StatusDomain's list of DNSKEY records.
    pub dnssec_keys: &'static str,
    /// StatusDomain's list of DS records, and whether ModifyDomain sets it under that name
    /// (CNR's DNSSECDSDATA is only read by its module).
    pub dnssec_ds: (&'static str, bool),
    /// How ModifyDomain empties the DNSKEY list: `DEL` + the list's name with the listed
    /// records (ISPAPI), or this flag set to 1 (CNR's `DNSSECDELALL`).
    pub dnssec_delete_all: Option<&'static str>,
    /// The signature lifetime's parameter; CNR's module has none.
    pub dnssec_max_sig_life: Option<&'static str>,
    /// Whether the client area's "Registrar Lock Status" menu asks the registry repository
    /// (ISPAPI QueryDomainRepositoryInfo REGISTRYTRANSFERLOCK). CNR has no such command (500)
    /// and its module never hides the menu (hooks.php only runs the daily cron; lock status
    /// from StatusDomain TRANSFERLOCK): the menu stays, WHMCS's default.
    pub lock_menu_asks_registry: bool,
    /// Where the client area's "Private Nameservers" list finds the domain's own hosts: the
    /// StatusDomain property, and whether only names under the domain count. ISPAPI's `HOST`
    /// lists the hosts registered under the domain (STATUSDOMAIN.md). No CNR source lists them
    /// (its StatusDomain as the module reads it, StatusDomain.php, has no such property): CNR
    /// lists the nameservers the domain uses that lie under it, so a host it does not use is
    /// not listed. Each host's addresses: StatusNameserver (kb api-command/StatusNameserver).
    pub private_hosts: (&'static str, bool),
    /// Where a TLD's rules (transfer periods, registrant changes) are read.
    pub zone_rules: ZoneRules,
    /// TransferSync: a failed transfer read from StatusDomainTransfer (its status property, the
    /// value meaning failed, the log given as the reason). CNR's module (StatusDomainTransfer.php,
    /// keysystems_TransferSync); CNR's object-log commands are unverified, so not sent. `None`:
    /// ISPAPI, whose StatusDomainTransfer lists pending transfers only; the object log says why.
    pub transfer_failure_in_status: Option<(&'static str, &'static str, &'static str)>,
    /// Sends the pending transfer's approval mail again: the command, its fixed parameters and
    /// the parameter naming the domain. ISPAPI: RESENDDOMAINTRANSFERCONFIRMATIONEMAILS.md;
    /// CNR: its knowledge base, api-command/ResendNotification (TYPE=domaintransfer, OBJECT).
    /// The expiry date WHMCS gets from StatusDomain is PAIDUNTILDATE alone, as CNR's module reads
    /// it (`StatusDomain.php` setExpiryData); ISPAPI's is derived from EXPIRATIONDATE and the
    /// TLD's finalization rule (`sync::expiry_on`).
    pub expiry_is_paid_until: bool,
    /// RenewDomain names the year the domain expires now (`EXPIRATION`), read from this
    /// StatusDomain property first: CNR's module sends the year of WHMCS's expiry date, which
    /// on CNR is PAIDUNTILDATE (`RenewDomain.php`); CNR's TLD pages list `expiration` with
    /// `period` for a renewal. ISPAPI sends no EXPIRATION.
    pub renew_expiration_year_from: Option<&'static str>,
    /// The TLDs CheckDomainTransfer answers for (`None`: all). CNR's knowledge base
    /// (api-command/CheckDomainTransfer): only .com .net .jobs .org .biz .info .name .mobi; the
    /// TransferCheck setting skips the check elsewhere rather than block the transfer.
    pub transfer_check_tlds: Option<&'static [&'static str]>,
    /// How RenewDomain brings back a domain in redemption.
    pub restore: Restore,
    /// What a RenewDomain answered with 510 (the TLD renews by paying ahead) is retried as
    /// (ISPAPI PayDomainRenewal, PAYDOMAINRENEWAL.md). `None`: CNR, whose module never sends
    /// it and whose knowledge base lists no such command; the 510 is shown as the API's error.
    pub pay_renewal: Option<&'static str>,
    /// How the daily follow-up asks an application's state and reads the answer.
    pub application_status: Option<ApplicationStatus>,
    /// What a registration made as AddDomainApplication leaves out because the flavour's
    /// AddDomainApplication does not take it (ISPAPI's ADDDOMAINAPPLICATION.md documents
    /// NAMESERVER and TRANSFERLOCK; CNR's kb api-command/AddDomainApplication lists no
    /// TRANSFERLOCK, and its .swiss page, wiki.rrpproxy.net/domains/tlds/swiss, shows
    /// NAMESERVER# on AddDomainApplication).
    pub application_drops: &'static [&'static str],
    /// Sync, a domain StatusDomain does not find (545): the object log and the deleted-domain
    /// list that tell an outbound transfer from a deletion (ISPAPI QUERYOBJECTLOGLIST.md
    /// OPERATIONTYPE OUTBOUND_TRANSFER, QUERYOBJECTLIST.md OBJECTCLASS DELETEDDOMAIN). `None`:
    /// CNR, whose object log (kb api-command/QueryObjectLogList) documents no operation-type
    /// values and no type filter, and whose command reference has no QueryObjectList; as CNR's
    /// module (keysystems_Sync) the 545 is an error and WHMCS changes nothing.
    pub removal_lookup: Option<(&'static str, &'static str)>,
    /// Where a pending registrant verification is read and how its e-mail is sent again.
    /// `None`: ISPAPI, whose StatusDomain carries it (`X-REGISTRANT-VERIFICATION-STATUS`,
    /// STATUSDOMAIN.md; resent by ResendDomainRegistrantVerificationEmail).
    pub contact_verification: Option<ContactVerification>,
    pub resend_transfer_mail: (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
    ),
}

/// The restore of a domain in redemption.
pub(super) struct Restore {
    pub command: &'static str,
    /// Years the restore itself adds; RenewDomain renews the rest of the term after it.
    pub years_included: u32,
}

/// An application's follow-up: StatusDomainApplication with the id in `id_param`; its
/// `status` property ends the application when it is one of `succeeded` (the domain exists)
/// or `failed` (it never will); `updated` dates the decision.
pub(super) struct ApplicationStatus {
    pub command: &'static str,
    pub id_param: &'static str,
    pub status: &'static str,
    pub succeeded: &'static [&'static str],
    pub failed: &'static [&'static str],
    pub updated: &'static str,
}

/// CNR verifies the registrant's contact handle, not the domain: CNR's module
/// (`keysystems.php` GetDomainInformation and ResendIRTPVerificationEmail,
/// `lib/Commands/StatusContact.php`, `ResendNotification.php`, `StatusDomain.php`) and its
/// knowledge base (api-command/ResendNotification; ICANN contact-verification FAQ for
/// X-TIME-TO-SUSPENSION).
pub(super) struct ContactVerification {
    /// StatusDomain's registrant handle, asked with `StatusContact CONTACT=`.
    pub owner: &'static str,
    /// StatusContact: a verification was requested (1) and whether it is done (1).
    pub requested: &'static str,
    pub verified: &'static str,
    /// StatusContact's address, the resend's OBJECT.
    pub email: &'static str,
    /// StatusDomain's date the domain is suspended unless the registrant verifies.
    pub suspension_date: &'static str,
    /// The resend: command and fixed parameters; the address goes in OBJECT.
    pub resend: (&'static str, &'static [(&'static str, &'static str)]),
    /// A pending change of registrant (CNR's OwnerChange): StatusDomain's property and its
    /// values while the registrants have not both confirmed (KB domains/icann/
    /// ownerchange-api-examples/ownerchange-statusdomain: REQUESTED, LOSING_APPROVED,
    /// GAINING_APPROVED; SUCCESS when done). The page's `ownerchange status` is read as the
    /// wire parser names columns: upper case, no spaces.
    pub owner_change: (&'static str, &'static [&'static str]),
    /// Its confirmation e-mails sent again: ResendNotification's TYPE (KB api-command/
    /// ResendNotification lists `ownerchange`); the domain goes in OBJECT (the page names a
    /// domain among OBJECT's forms; which form ownerchange takes is unverified).
    pub owner_change_resend_type: &'static str,
}

/// A TLD's rules. ISPAPI: QueryDomainOptions DOMAIN0=<domain> (QUERYDOMAINOPTIONS.md). CNR has
/// no QueryDomainOptions (spec/cnr.json); its module asks GetZoneInfo ZONE=<tld>.
pub(super) struct ZoneRules {
    pub command: &'static str,
    /// The parameter, naming the domain (`by_domain`) or its TLD.
    pub param: &'static str,
    pub by_domain: bool,
    /// The transfer periods offered (`1Y,2Y`; `0Y`: the registry renews nothing at a transfer).
    /// `None`: CNR lists none; a transfer carries PERIOD only where the zone renews at transfer.
    pub transfer_periods: Option<&'static str>,
    /// Properties any of which is `1` when the registry renews at a transfer (CNR).
    pub renews_on_transfer: &'static [&'static str],
    /// How the registry changes a registrant, and the value meaning "only by a trade"; for a
    /// gTLD also `gtld_trade` (ISPAPI's IRTP-C, the original module's test).
    pub owner_change: &'static str,
    pub trade: &'static str,
    pub gtld_trade: Option<&'static str>,
}

impl ZoneRules {
    /// The command asking for the rules of `domain`'s TLD.
    pub fn request(&self, domain: &str) -> crate::wire::Command {
        let target = if self.by_domain {
            domain
        } else {
            domain.split_once('.').map_or(domain, |(_, tld)| tld)
        };
        super::domain::command(serde_json::json!({ "COMMAND": self.command, self.param: target }))
    }
}

const ISPAPI: Dialect = Dialect {
    whois_privacy_set: "X-ACCEPT-WHOISTRUSTEE-TAC",
    whois_privacy_read: "X-ACCEPT-WHOISTRUSTEE-TAC",
    dnssec_interface: None,
    dnssec_keys: "SECDNS-KEY",
    dnssec_ds: ("SECDNS-DS", true),
    dnssec_delete_all: None,
    dnssec_max_sig_life: Some("SECDNS-MAXSIGLIFE"),
    lock_menu_asks_registry: true,
    private_hosts: ("HOST", false),
    transfer_failure_in_status: None,
    zone_rules: ZoneRules {
        command: "QueryDomainOptions",
        param: "DOMAIN0",
        by_domain: true,
        transfer_periods: Some("ZONETRANSFERPERIODS"),
        renews_on_transfer: &[],
        owner_change: "ZONEPOLICYREGISTRANTNAMECHANGEBY",
        trade: "TRADE",
        gtld_trade: Some("ICANN-TRADE"),
    },
    expiry_is_paid_until: false,
    renew_expiration_year_from: None,
    transfer_check_tlds: None,
    // RESTOREDOMAIN.md: the restore includes one year.
    restore: Restore {
        command: "RestoreDomain",
        years_included: 1,
    },
    pay_renewal: Some("PayDomainRenewal"),
    // STATUSDOMAINAPPLICATION.md. ACTIVE: its example reply; SUCCESSFUL and FAILED: the values
    // the original module's daily hook and Sync acted on (hexonet/whmcs-ispapi-registrar
    // hooks.php and ispapi.php before v7). CANCELLED: unverified, no source names it; an
    // application withdrawn at the provider cannot become a domain either.
    application_status: Some(ApplicationStatus {
        command: "StatusDomainApplication",
        id_param: "APPLICATION",
        status: "STATUS",
        succeeded: &["ACTIVE", "SUCCESSFUL"],
        failed: &["FAILED", "CANCELLED"],
        updated: "UPDATEDDATE",
    }),
    application_drops: &[],
    removal_lookup: Some(("QueryObjectLogList", "QueryObjectList")),
    contact_verification: None,
    resend_transfer_mail: ("ResendDomainTransferConfirmationEmails", &[], "DOMAIN"),
};

const CNR: Dialect = Dialect {
    whois_privacy_set: "X-WHOISPRIVACY",
    whois_privacy_read: "X-WHOIS-PRIVACY",
    // keysystems.php keysystems_dnssec, lib/Commands/ModifyDomain.php setDnssecRecords /
    // setDnssecDelete.
    dnssec_interface: Some("KEY"),
    dnssec_keys: "DNSSEC",
    dnssec_ds: ("DNSSECDSDATA", false),
    dnssec_delete_all: Some("DNSSECDELALL"),
    dnssec_max_sig_life: None,
    lock_menu_asks_registry: false,
    private_hosts: ("NAMESERVER", true),
    transfer_failure_in_status: Some(("TRANSFERSTATUS", "failed", "TRANSFERLOG")),
    // lib/Commands/GetZoneInfo.php; lib/Helpers/ZoneInfo.php (renews_on_transfer, needs_trade).
    zone_rules: ZoneRules {
        command: "GetZoneInfo",
        param: "ZONE",
        by_domain: false,
        transfer_periods: None,
        renews_on_transfer: &["RENEWALATTRANSFER", "RENEWALAFTERTRANSFER"],
        owner_change: "OWNERCHANGEPROCESS",
        trade: "TRADE",
        gtld_trade: None,
    },
    expiry_is_paid_until: true,
    renew_expiration_year_from: Some("PAIDUNTILDATE"),
    transfer_check_tlds: Some(&["com", "net", "jobs", "org", "biz", "info", "name", "mobi"]),
    // kb api-command/RestoreDomain: DOMAIN only, no PERIOD and no word of a renewal (the EPP
    // Domain:Restore it maps to is an RGP restore request). Whether it adds a year is
    // unverified: none is counted, so the whole term is renewed after it (a year too many at
    // worst, never a year short of what the customer paid).
    restore: Restore {
        command: "RestoreDomain",
        years_included: 0,
    },
    pay_renewal: None,
    // kb api-command/StatusDomainApplication: APPLICATION; STATUS one of UNPAID PAID REQUESTED
    // PROCESSING SUCCESSFUL FAILED INVALID HOLD UNPAIDREQUESTED UNPAIDPROCESSING; UPDATE_DATE.
    // The page gives no meanings: SUCCESSFUL and FAILED read as ISPAPI's; INVALID as failed
    // (unverified); the rest (unpaid, on hold, in progress) stay pending.
    application_status: Some(ApplicationStatus {
        command: "StatusDomainApplication",
        id_param: "APPLICATION",
        status: "STATUS",
        succeeded: &["SUCCESSFUL"],
        failed: &["FAILED", "INVALID"],
        updated: "UPDATE_DATE",
    }),
    application_drops: &["TRANSFERLOCK"],
    removal_lookup: None,
    // The KB lists TYPE's values in lower case; the module sends CONTACTVERIFICATION.
    contact_verification: Some(ContactVerification {
        owner: "OWNERCONTACT",
        requested: "VERIFICATIONREQUESTED",
        verified: "VERIFIED",
        email: "EMAIL",
        suspension_date: "X-TIME-TO-SUSPENSION",
        resend: ("ResendNotification", &[("TYPE", "contactverification")]),
        owner_change: (
            "OWNERCHANGESTATUS",
            &["REQUESTED", "LOSING_APPROVED", "GAINING_APPROVED"],
        ),
        owner_change_resend_type: "ownerchange",
    }),
    resend_transfer_mail: (
        "ResendNotification",
        &[("TYPE", "domaintransfer")],
        "OBJECT",
    ),
};

impl Dialect {
    /// Whether CheckDomainTransfer can check a transfer of this (ASCII) domain.
    pub fn checks_transfer_of(&self, domain: &str) -> bool {
        let tld = domain.rsplit('.').next().unwrap_or_default();
        self.transfer_check_tlds
            .is_none_or(|tlds| tlds.iter().any(|t| t.eq_ignore_ascii_case(tld)))
    }
}

pub(super) fn dialect(api: Api) -> &'static Dialect {
    match api {
        Api::Ispapi => &ISPAPI,
        Api::Cnr => &CNR,
    }
}

/// Whether a StatusDomain reply says the WHOIS privacy service is on.
pub(super) fn whois_privacy_on(api: Api, r: &crate::wire::Response) -> bool {
    privacy_value_on(super::domain::first(r, dialect(api).whois_privacy_read))
}

/// Whether the privacy property's value means on (a number above 0), wherever it was read.
pub(super) fn privacy_value_on(value: Option<&str>) -> bool {
    value
        .and_then(|v| v.trim().parse::<i64>().ok())
        .is_some_and(|n| n > 0)
}
