//! The simulator's state in one SQLite file, so a demo can stop and resume.
//!
//! SQLite rather than a JSON file: a command changes one or two rows, and rewriting a
//! 100 000-domain JSON document (tens of MB) on every change would cost more than the command.
//! Each object is a JSON document in its table; the columns that QueryDomainList filters and
//! sorts on are copied beside it and indexed.

use crate::catalog::Catalog;
use crate::model::*;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

pub struct Store {
    pub conn: Connection,
}

pub type Result<T> = rusqlite::Result<T>;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (login TEXT PRIMARY KEY, parent TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS accounts_parent ON accounts(parent);
CREATE TABLE IF NOT EXISTS contacts (handle TEXT PRIMARY KEY, owner TEXT NOT NULL, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS contacts_owner ON contacts(owner, handle);
CREATE TABLE IF NOT EXISTS domains (
  name TEXT PRIMARY KEY, owner TEXT NOT NULL, deleted INTEGER NOT NULL, subclass TEXT NOT NULL,
  created INTEGER NOT NULL, updated INTEGER NOT NULL, expiration INTEGER NOT NULL,
  paiduntil INTEGER NOT NULL, accounting INTEGER NOT NULL, finalization INTEGER NOT NULL,
  failure INTEGER NOT NULL, renewalmode TEXT NOT NULL, transferlock INTEGER NOT NULL,
  idprotect INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS domains_owner ON domains(owner, deleted, name);
CREATE INDEX IF NOT EXISTS domains_expiration ON domains(deleted, expiration);
CREATE TABLE IF NOT EXISTS transfers (domain TEXT PRIMARY KEY, owner TEXT NOT NULL, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS foreign_transfers (domain TEXT PRIMARY KEY, owner TEXT NOT NULL, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounting (id INTEGER PRIMARY KEY AUTOINCREMENT, login TEXT NOT NULL, date INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS accounting_login ON accounting(login, date);
CREATE TABLE IF NOT EXISTS nameservers (host TEXT PRIMARY KEY, owner TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS zones (zone TEXT PRIMARY KEY, owner TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS applications (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS object_log (id INTEGER PRIMARY KEY AUTOINCREMENT, object TEXT NOT NULL, owner TEXT NOT NULL, date INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS object_log_object ON object_log(object, date);
";

fn to_json<T: Serialize>(v: &T) -> String {
    // Serializing these plain structs cannot fail (no maps with non-string keys).
    serde_json::to_string(v).unwrap_or_else(|_| "{}".into())
}

fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        )?;
        conn.execute_batch(SCHEMA)?;
        crate::commands::register_sql_functions(&conn)?;
        Ok(Store { conn })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// A per-kind counter for handles and ids (`P-SIM000042`).
    pub fn next_seq(&self, kind: &str) -> Result<u64> {
        let key = format!("seq.{kind}");
        let n = self
            .meta(&key)?
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            + 1;
        self.set_meta(&key, &n.to_string())?;
        Ok(n)
    }

    pub fn catalog(&self) -> Result<Catalog> {
        match self.meta("catalog")? {
            Some(text) => from_json(&text),
            None => Ok(Catalog::default()),
        }
    }

    pub fn set_catalog(&self, catalog: &Catalog) -> Result<()> {
        self.set_meta("catalog", &to_json(catalog))
    }

    // --- accounts

    pub fn account(&self, login: &str) -> Result<Option<Account>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT data FROM accounts WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    pub fn put_account(&self, a: &Account) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO accounts(login, parent, data) VALUES (?1, ?2, ?3)",
            params![a.login, a.parent, to_json(a)],
        )?;
        Ok(())
    }

    pub fn account_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))
    }

    pub fn children(&self, login: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT login FROM accounts WHERE parent = ?1 ORDER BY login")?;
        let rows = st.query_map([login], |r| r.get(0))?;
        rows.collect()
    }

    /// The user and every user below it.
    pub fn descendants(&self, login: &str) -> Result<Vec<String>> {
        let mut out = vec![login.to_owned()];
        let mut i = 0;
        while i < out.len() && out.len() < 10_000 {
            let kids = self.children(&out[i])?;
            out.extend(kids);
            i += 1;
        }
        Ok(out)
    }

    // --- domains

    pub fn domain(&self, name: &str) -> Result<Option<Domain>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT data FROM domains WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    pub fn put_domain(&self, d: &Domain, catalog: &Catalog) -> Result<()> {
        let tld = catalog.tld_of(&d.name).map(|(_, t)| t);
        let dates = d.dates(tld);
        let mut st = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO domains(name, owner, deleted, subclass, created, updated, expiration,
               paiduntil, accounting, finalization, failure, renewalmode, transferlock, idprotect, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        st.execute(params![
            d.name,
            d.owner,
            d.deleted.is_some() as i64,
            d.subclass,
            d.created,
            d.updated,
            d.expiration,
            d.paiduntil,
            dates.accounting,
            dates.finalization,
            dates.failure,
            d.renewalmode,
            d.transferlock as i64,
            d.whois_trustee() as i64,
            to_json(d),
        ])?;
        Ok(())
    }

    pub fn remove_domain(&self, name: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM domains WHERE name = ?1", [name])?;
        Ok(())
    }

    /// Loads domains by SQL over the `domains` table, selecting `data`.
    pub fn domains_where(
        &self,
        sql_tail: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Domain>> {
        let sql = format!("SELECT data FROM domains {sql_tail}");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(args, |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for text in rows {
            out.push(from_json(&text?)?);
        }
        Ok(out)
    }

    // --- contacts

    pub fn contact(&self, handle: &str) -> Result<Option<Contact>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT data FROM contacts WHERE handle = ?1",
                [handle],
                |r| r.get(0),
            )
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    pub fn put_contact(&self, c: &Contact) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO contacts(handle, owner, created, data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        st.execute(params![c.handle, c.owner, c.created, to_json(c)])?;
        Ok(())
    }

    pub fn contacts_of(&self, owners: &[String]) -> Result<Vec<Contact>> {
        let mut out = Vec::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT data FROM contacts WHERE owner = ?1 ORDER BY handle")?;
        for o in owners {
            let rows = st.query_map([o], |r| r.get::<_, String>(0))?;
            for t in rows {
                out.push(from_json(&t?)?);
            }
        }
        Ok(out)
    }

    // --- nameservers and zones

    pub fn nameserver(&self, host: &str) -> Result<Option<Nameserver>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT data FROM nameservers WHERE host = ?1",
                [host],
                |r| r.get(0),
            )
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    pub fn put_nameserver(&self, n: &Nameserver) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO nameservers(host, owner, data) VALUES (?1, ?2, ?3)",
            params![n.host, n.owner, to_json(n)],
        )?;
        Ok(())
    }

    pub fn remove_nameserver(&self, host: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM nameservers WHERE host = ?1", [host])?;
        Ok(())
    }

    pub fn nameservers_of(&self, owners: &[String]) -> Result<Vec<Nameserver>> {
        let mut out = Vec::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT data FROM nameservers WHERE owner = ?1 ORDER BY host")?;
        for o in owners {
            let rows = st.query_map([o], |r| r.get::<_, String>(0))?;
            for t in rows {
                out.push(from_json(&t?)?);
            }
        }
        Ok(out)
    }

    /// How many domains delegate to `host`.
    pub fn domains_using_host(&self, host: &str) -> Result<i64> {
        // Host names are stored lower-case inside the JSON array, quoted.
        let needle = format!("%\"{}\"%", host.replace(['%', '_'], ""));
        self.conn.query_row(
            "SELECT COUNT(*) FROM domains WHERE deleted = 0 AND json_extract(data, '$.nameservers') LIKE ?1",
            [needle],
            |r| r.get(0),
        )
    }

    pub fn zone(&self, zone: &str) -> Result<Option<Zone>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT data FROM zones WHERE zone = ?1", [zone], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    /// The zones of these users, by name.
    pub fn zones_of(&self, owners: &[String]) -> Result<Vec<Zone>> {
        let mut out = Vec::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT data FROM zones WHERE owner = ?1 ORDER BY zone")?;
        for o in owners {
            let rows = st.query_map([o], |r| r.get::<_, String>(0))?;
            for t in rows {
                out.push(from_json(&t?)?);
            }
        }
        Ok(out)
    }

    pub fn put_zone(&self, z: &Zone) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO zones(zone, owner, data) VALUES (?1, ?2, ?3)",
            params![z.zone, z.owner, to_json(z)],
        )?;
        Ok(())
    }

    // --- transfers

    pub fn transfer(&self, domain: &str) -> Result<Option<Transfer>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT data FROM transfers WHERE domain = ?1",
                [domain],
                |r| r.get(0),
            )
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    pub fn put_transfer(&self, t: &Transfer) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO transfers(domain, owner, created, data) VALUES (?1, ?2, ?3, ?4)",
            params![t.domain, t.owner, t.created, to_json(t)],
        )?;
        Ok(())
    }

    pub fn remove_transfer(&self, domain: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM transfers WHERE domain = ?1", [domain])?;
        Ok(())
    }

    /// Records an operation on an object (QueryObjectLogList / StatusObjectLog).
    pub fn add_object_log(&self, entry: &ObjectLog) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO object_log(object, owner, date, data) VALUES (?1, ?2, ?3, ?4)",
            params![entry.object, entry.owner, entry.date, to_json(entry)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// An object's log entries, newest first, with their index.
    pub fn object_logs(&self, object: &str) -> Result<Vec<(i64, ObjectLog)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, data FROM object_log WHERE object = ?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = st.query_map([object], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, text) = row?;
            out.push((id, from_json(&text)?));
        }
        Ok(out)
    }

    pub fn object_log(&self, id: i64) -> Result<Option<ObjectLog>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT data FROM object_log WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    pub fn transfers(&self, owners: Option<&[String]>) -> Result<Vec<Transfer>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT owner, data FROM transfers ORDER BY created, domain")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (owner, text) = row?;
            if owners.is_none_or(|o| o.contains(&owner)) {
                out.push(from_json(&text)?);
            }
        }
        Ok(out)
    }

    pub fn put_foreign_transfer(&self, t: &ForeignTransfer) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO foreign_transfers(domain, owner, created, data) VALUES (?1, ?2, ?3, ?4)",
            params![t.domain, t.owner, t.created, to_json(t)],
        )?;
        Ok(())
    }

    pub fn foreign_transfers(&self, owners: &[String]) -> Result<Vec<ForeignTransfer>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT owner, data FROM foreign_transfers ORDER BY created, domain")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (owner, text) = row?;
            if owners.contains(&owner) {
                out.push(from_json(&text)?);
            }
        }
        Ok(out)
    }

    // --- accounting

    pub fn add_accounting(&self, row: &AccountingRow) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO accounting(login, date, data) VALUES (?1, ?2, ?3)",
            params![row.login, row.date, to_json(row)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn accounting(&self, logins: &[String], min: i64, max: i64) -> Result<Vec<AccountingRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, data FROM accounting WHERE login = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, id",
        )?;
        let mut out = Vec::new();
        for l in logins {
            let rows = st.query_map(params![l, min, max], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (id, text) = row?;
                let mut a: AccountingRow = from_json(&text)?;
                a.id = id;
                out.push(a);
            }
        }
        out.sort_by_key(|a| (a.date, a.id));
        Ok(out)
    }

    // --- applications

    pub fn add_application(&self, a: &Application) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO applications(owner, data) VALUES (?1, ?2)",
            params![a.owner, to_json(a)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn application(&self, id: i64) -> Result<Option<Application>> {
        let row: Option<String> = self
            .conn
            .query_row(
                "SELECT data FROM applications WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        row.map(|text| {
            let mut a: Application = from_json(&text)?;
            a.id = id;
            Ok(a)
        })
        .transpose()
    }

    pub fn put_application(&self, a: &Application) -> Result<()> {
        self.conn.execute(
            "UPDATE applications SET data = ?2 WHERE id = ?1",
            params![a.id, to_json(a)],
        )?;
        Ok(())
    }

    /// Applications not yet decided, oldest first.
    pub fn open_applications(&self) -> Result<Vec<Application>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, data FROM applications ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, text) = row?;
            let mut a: Application = from_json(&text)?;
            a.id = id;
            if a.status == "REQUESTED" {
                out.push(a);
            }
        }
        Ok(out)
    }
}
