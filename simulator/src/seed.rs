//! Filling a database: the demo account (from `fixtures/simulator/demo.json`) or a large
//! benchmark account. Everything is derived from the data file and a fixed seed, so two seeds
//! give the same names, flags and (relative) dates.

use crate::catalog::{cents, Catalog};
use crate::clock::{add_months, Clock, Rng, DAY};
use crate::model::{Account, AccountingRow, Contact, Domain, ForeignTransfer, Role, Zone};
use crate::store::Store;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The data file the seed reads unless told otherwise.
pub fn default_data_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/simulator/demo.json")
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedData {
    pub catalog: Catalog,
    pub accounts: Vec<AccountSpec>,
    pub demo: DemoSpec,
    pub scale: ScaleSpec,
    #[serde(default)]
    pub contacts: Vec<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    pub login: String,
    pub password: String,
    pub currency: String,
    #[serde(default)]
    pub balance: f64,
    #[serde(default)]
    pub credit: f64,
    #[serde(default)]
    pub deposit: f64,
    #[serde(default)]
    pub vat: f64,
    #[serde(default)]
    pub roles: Vec<RoleSpec>,
    #[serde(default)]
    pub allowed_ips: Vec<String>,
    #[serde(default)]
    pub subusers: Vec<AccountSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    pub id: String,
    pub password: String,
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSpec {
    pub account: String,
    pub domains: usize,
    pub seed: u64,
    pub labels: Vec<String>,
    pub suffixes: Vec<String>,
    pub tlds: Vec<String>,
    pub idn: Vec<String>,
    /// Premium names (from the catalog) that the account already holds.
    pub premium_owned: Vec<String>,
    pub id_protection_every: usize,
    pub unlocked_every: usize,
    pub nameservers: Vec<String>,
    /// Domains of a subuser: (subuser, count).
    #[serde(default)]
    pub subuser_domains: BTreeMap<String, usize>,
    /// Outgoing transfers other registrars asked for: (domain index, gaining registrar).
    #[serde(default)]
    pub foreign_transfers: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    pub account: String,
    pub password: String,
    pub currency: String,
    pub balance: f64,
    pub tlds: Vec<String>,
}

pub fn load(path: &Path) -> Result<SeedData, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

const TABLES: &[&str] = &[
    "meta",
    "accounts",
    "contacts",
    "domains",
    "transfers",
    "foreign_transfers",
    "accounting",
    "nameservers",
    "zones",
    "applications",
];

/// Empties every table: a seed starts from nothing.
fn wipe(store: &Store) -> rusqlite::Result<()> {
    for t in TABLES {
        store.conn.execute(&format!("DELETE FROM {t}"), [])?;
    }
    Ok(())
}

fn put_accounts(
    store: &Store,
    spec: &AccountSpec,
    parent: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    let a = Account {
        login: spec.login.clone(),
        parent: parent.map(str::to_owned),
        password: spec.password.clone(),
        currency: spec.currency.clone(),
        balance: cents(spec.balance),
        credit: cents(spec.credit),
        deposit: cents(spec.deposit),
        vat: spec.vat,
        roles: spec
            .roles
            .iter()
            .map(|r| Role {
                id: r.id.clone(),
                password: r.password.clone(),
                allow: r.allow.clone(),
            })
            .collect(),
        allowed_ips: spec.allowed_ips.clone(),
        created: now - 900 * DAY,
    };
    store.put_account(&a)?;
    if a.balance != 0 {
        store.add_accounting(&AccountingRow {
            id: 0,
            login: a.login.clone(),
            date: now - 30 * DAY,
            kind: "PAYMENT".into(),
            description: "Opening balance".into(),
            amount: a.balance,
            currency: a.currency.clone(),
        })?;
    }
    for sub in &spec.subusers {
        put_accounts(store, sub, Some(&spec.login), now)?;
    }
    Ok(())
}

fn contact(
    store: &Store,
    owner: &str,
    fields: &BTreeMap<String, String>,
    n: usize,
    now: i64,
) -> rusqlite::Result<String> {
    let mut fields = fields.clone();
    let street = fields.remove("STREET").map(|s| vec![s]).unwrap_or_default();
    let initial = |k: &str| {
        fields
            .get(k)
            .and_then(|v| v.chars().find(|c| c.is_ascii_alphabetic()))
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or('X')
    };
    let handle = format!(
        "P-{}{}{}{}",
        initial("FIRSTNAME"),
        initial("LASTNAME"),
        initial("CITY"),
        100 + n
    );
    store.put_contact(&Contact {
        handle: handle.clone(),
        owner: owner.into(),
        created: now - 800 * DAY,
        updated: now - 800 * DAY,
        fields,
        street,
        auth: format!("c{}{}", n * 7 + 3, owner.len()),
    })?;
    Ok(handle)
}

/// An auth code that is the same on every seed (rng-derived).
fn auth(rng: &mut Rng) -> String {
    rng.string(
        b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-+/:",
        12,
    )
}

#[allow(clippy::too_many_arguments)]
fn demo_domain(
    catalog: &Catalog,
    rng: &mut Rng,
    name: String,
    owner: &str,
    i: usize,
    spec: &DemoSpec,
    handles: &[String],
    now: i64,
) -> Domain {
    let (class, _) = catalog.prices_for(&name).unwrap_or_default();
    let age_days = 30 + rng.below(2500) as i64;
    let created = now - age_days * DAY - rng.below(DAY as u64) as i64;
    // Expiry spread over the next two years, some within the next month for renewal lists.
    let until = 2 + rng.below(if i.is_multiple_of(9) { 30 } else { 700 }) as i64;
    let expiration = created + ((now + until * DAY - created) / DAY) * DAY;
    let contact = |k: usize| vec![handles[(i + k) % handles.len()].clone()];
    let mut d = Domain {
        name,
        owner: owner.into(),
        subclass: class,
        created,
        updated: now - rng.below(30) as i64 * DAY,
        expiration,
        paiduntil: expiration,
        renewalmode: match i % 23 {
            7 => "AUTOEXPIRE",
            13 => "AUTODELETE",
            _ => "DEFAULT",
        }
        .into(),
        transferlock: spec.unlocked_every == 0 || !i.is_multiple_of(spec.unlocked_every),
        auth: auth(rng),
        nameservers: spec.nameservers.clone(),
        owner_contact: contact(0),
        admin_contact: contact(1),
        tech_contact: contact(1),
        billing_contact: contact(1),
        created_by: owner.into(),
        ..Domain::default()
    };
    let protected = spec.id_protection_every > 0 && i % spec.id_protection_every == 3;
    d.x.insert(
        "X-ACCEPT-WHOISTRUSTEE-TAC".into(),
        if protected { "1" } else { "0" }.into(),
    );
    d
}

pub struct Summary {
    pub login: String,
    pub password: String,
    pub domains: usize,
}

/// Seeds the demo OT&E account; returns its login and password for printing.
pub fn demo(store: &Store, data: &SeedData) -> Result<Summary, String> {
    let db = |e: rusqlite::Error| e.to_string();
    let spec = &data.demo;
    let catalog = &data.catalog;
    let now = Clock::default().now();
    store.conn.execute_batch("BEGIN").map_err(db)?;
    wipe(store).map_err(db)?;
    store.set_catalog(catalog).map_err(db)?;
    for a in &data.accounts {
        put_accounts(store, a, None, now).map_err(db)?;
    }
    let account = store
        .account(&spec.account)
        .map_err(db)?
        .ok_or_else(|| format!("demo account {} is not among the accounts", spec.account))?;
    let mut rng = Rng::new(spec.seed);
    let mut owners = vec![account.login.clone()];
    owners.extend(spec.subuser_domains.keys().cloned());
    let mut handles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (n, owner) in owners.iter().enumerate() {
        for (k, fields) in data.contacts.iter().enumerate() {
            let h = contact(store, owner, fields, n * 100 + k, now).map_err(db)?;
            handles.entry(owner.clone()).or_default().push(h);
        }
    }
    let main_handles = handles.get(&account.login).cloned().unwrap_or_default();
    if main_handles.is_empty() {
        return Err("the data file needs at least one contact".into());
    }

    let usable = |name: &str, seen: &HashSet<String>| {
        !seen.contains(name)
            && catalog.tld_of(name).is_some()
            && !catalog.is_reserved(name)
            && catalog.foreign(name).is_none()
    };
    let mut seen = HashSet::new();
    let mut names = Vec::new();
    for idn in &spec.idn {
        let ace = idna::domain_to_ascii(idn).map_err(|_| format!("bad IDN {idn}"))?;
        if usable(&ace, &seen) {
            seen.insert(ace.clone());
            names.push(ace);
        }
    }
    let mut attempt = 0usize;
    while names.len() < spec.domains && attempt < spec.domains * 50 {
        let label = &spec.labels[rng.below(spec.labels.len() as u64) as usize];
        let suffix = &spec.suffixes[rng.below(spec.suffixes.len() as u64) as usize];
        let tld = &spec.tlds[attempt % spec.tlds.len()];
        attempt += 1;
        let name = if suffix.is_empty() {
            format!("{label}.{tld}")
        } else {
            format!("{label}-{suffix}.{tld}")
        };
        if usable(&name, &seen) && catalog.premium(&name).is_none() {
            seen.insert(name.clone());
            names.push(name);
        }
    }
    let mut count = 0;
    for (i, name) in names.iter().enumerate() {
        let d = demo_domain(
            catalog,
            &mut rng,
            name.clone(),
            &account.login,
            i,
            spec,
            &main_handles,
            now,
        );
        store.put_domain(&d, catalog).map_err(db)?;
        if i % 10 == 0 {
            store
                .put_zone(&Zone {
                    zone: format!("{name}."),
                    owner: account.login.clone(),
                    serial: 1,
                    records: {
                        let mut r = crate::commands::dns::default_records(name);
                        r.push(format!("{name}. 3600 IN A 192.0.2.{}", 10 + i % 200));
                        r.push(format!("www.{name}. 3600 IN CNAME {name}."));
                        r
                    },
                })
                .map_err(db)?;
        }
        count += 1;
    }
    for (k, name) in spec.premium_owned.iter().enumerate() {
        let name = name.to_lowercase();
        if catalog.premium(&name).is_none() {
            return Err(format!(
                "premium_owned {name} is not a premium name of the catalog"
            ));
        }
        let d = demo_domain(
            catalog,
            &mut rng,
            name,
            &account.login,
            names.len() + k,
            spec,
            &main_handles,
            now,
        );
        store.put_domain(&d, catalog).map_err(db)?;
        count += 1;
    }
    for (sub, n) in &spec.subuser_domains {
        let sub_handles = handles
            .get(sub)
            .cloned()
            .unwrap_or_else(|| main_handles.clone());
        for i in 0..*n {
            let name = format!("{}-{}.com", sub.replace('.', "-"), i + 1);
            let d = demo_domain(catalog, &mut rng, name, sub, i, spec, &sub_handles, now);
            store.put_domain(&d, catalog).map_err(db)?;
            count += 1;
        }
    }
    for name in names.iter().take(spec.foreign_transfers) {
        store
            .put_foreign_transfer(&ForeignTransfer {
                domain: name.clone(),
                owner: account.login.clone(),
                created: now - 2 * DAY,
                status: "PENDING".into(),
                new_registrar: "GAINING-REGISTRAR".into(),
            })
            .map_err(db)?;
    }
    store.conn.execute_batch("COMMIT").map_err(db)?;
    Ok(Summary {
        login: account.login,
        password: account.password,
        domains: count,
    })
}

/// Seeds one account with `n` domains for benchmarks (one transaction, prepared statements).
pub fn scale(store: &Store, data: &SeedData, n: usize) -> Result<Summary, String> {
    let db = |e: rusqlite::Error| e.to_string();
    let spec = &data.scale;
    let catalog = &data.catalog;
    let now = Clock::default().now();
    store.conn.execute_batch("BEGIN").map_err(db)?;
    wipe(store).map_err(db)?;
    store.set_catalog(catalog).map_err(db)?;
    let account = AccountSpec {
        login: spec.account.clone(),
        password: spec.password.clone(),
        currency: spec.currency.clone(),
        balance: spec.balance,
        credit: 0.0,
        deposit: 0.0,
        vat: 0.0,
        roles: Vec::new(),
        allowed_ips: Vec::new(),
        subusers: Vec::new(),
    };
    put_accounts(store, &account, None, now).map_err(db)?;
    let fields = data.contacts.first().cloned().unwrap_or_default();
    let handle = contact(store, &spec.account, &fields, 0, now).map_err(db)?;
    let mut rng = Rng::new(7);
    for i in 0..n {
        let tld = &spec.tlds[i % spec.tlds.len()];
        let name = format!("bench{i:06}.{tld}");
        let (class, _) = catalog.prices_for(&name).unwrap_or_default();
        let created = now - (30 + (i % 2000) as i64) * DAY;
        let expiration = add_months(created, 12 * (1 + (i % 5) as i64));
        let expiration = if expiration <= now {
            add_months(now, 1 + (i % 11) as i64)
        } else {
            expiration
        };
        let mut d = Domain {
            name,
            owner: spec.account.clone(),
            subclass: class,
            created,
            updated: created,
            expiration,
            paiduntil: expiration,
            renewalmode: "DEFAULT".into(),
            transferlock: i % 7 != 0,
            auth: auth(&mut rng),
            nameservers: vec!["ns1.ispapi.net".into(), "ns2.ispapi.net".into()],
            owner_contact: vec![handle.clone()],
            admin_contact: vec![handle.clone()],
            tech_contact: vec![handle.clone()],
            billing_contact: vec![handle.clone()],
            created_by: spec.account.clone(),
            ..Domain::default()
        };
        d.x.insert(
            "X-ACCEPT-WHOISTRUSTEE-TAC".into(),
            if i % 11 == 0 { "1" } else { "0" }.into(),
        );
        store.put_domain(&d, catalog).map_err(db)?;
    }
    store.conn.execute_batch("COMMIT").map_err(db)?;
    Ok(Summary {
        login: spec.account.clone(),
        password: spec.password.clone(),
        domains: n,
    })
}
