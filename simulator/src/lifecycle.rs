//! What happens to domains as (simulated) time passes: the registry renews paid-ahead domains,
//! AUTORENEW domains are charged and renewed, unpaid or AUTOEXPIRE/AUTODELETE domains are
//! deleted into redemption, and redemption ends in a purge.

use crate::catalog::{cents, Catalog};
use crate::clock::DAY;
use crate::model::{AccountingRow, Domain};
use crate::store::Store;

/// Processes every domain whose expiration has passed; returns how many changed.
pub fn tick(store: &Store, catalog: &Catalog, now: i64) -> rusqlite::Result<usize> {
    store.conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = tick_in_transaction(store, catalog, now);
    store
        .conn
        .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    result
}

fn tick_in_transaction(store: &Store, catalog: &Catalog, now: i64) -> rusqlite::Result<usize> {
    let mut changed = 0;
    let due = store.domains_where("WHERE deleted = 0 AND expiration <= ?1", &[&now])?;
    for mut d in due {
        let mut guard = 0;
        while d.expiration <= now && d.deleted.is_none() && guard < 20 {
            guard += 1;
            if d.paiduntil > d.expiration {
                // Paid ahead (PayDomainRenewal): the registry date follows.
                d.expiration = crate::clock::add_months(d.expiration, 12);
                continue;
            }
            match d.renewalmode.as_str() {
                "AUTOEXPIRE" | "AUTODELETE" => d.deleted = Some(d.expiration),
                _ => {
                    if !auto_renew(store, catalog, &mut d, now)? {
                        d.deleted = Some(d.expiration);
                    } else if d.renewalmode == "RENEWONCE" {
                        d.renewalmode = "AUTOEXPIRE".into();
                    }
                }
            }
        }
        d.updated = now;
        store.put_domain(&d, catalog)?;
        changed += 1;
    }
    // Redemption over: the name is released.
    let deleted = store.domains_where("WHERE deleted = 1", &[])?;
    for d in deleted {
        let days = catalog
            .tld_of(&d.name)
            .map(|(_, t)| t.redemption_days)
            .unwrap_or(30);
        if d.deleted.is_some_and(|t| now > t + days * DAY) {
            store.remove_domain(&d.name)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Charges one year to the owner; false when the account cannot pay.
fn auto_renew(
    store: &Store,
    catalog: &Catalog,
    d: &mut Domain,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some((_, prices)) = catalog.prices_for(&d.name) else {
        return Ok(false);
    };
    let Some(mut account) = store.account(&d.owner)? else {
        return Ok(false);
    };
    let Some(due) = catalog.convert(cents(prices.annual), &prices.currency, &account.currency)
    else {
        return Ok(false);
    };
    if due > account.available() {
        return Ok(false);
    }
    account.balance -= due;
    store.put_account(&account)?;
    store.add_accounting(&AccountingRow {
        id: 0,
        login: account.login.clone(),
        date: now,
        kind: "RENEW_DOMAIN".into(),
        description: format!("{} (automatic renewal)", d.name),
        amount: -due,
        currency: account.currency,
    })?;
    d.extend(12);
    Ok(true)
}
