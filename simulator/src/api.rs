//! One API call from form fields to reply: login (account, role, subuser), permission,
//! command dispatch. Faults are decided by the HTTP layer before this runs.

use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::commands::{self, Ctx, Settings};
use crate::lifecycle;
use crate::model::Account;
use crate::protocol::{parse_command, split_login, Command, Flavour};
use crate::reply::Reply;
use crate::store::Store;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;

/// The simulator's state behind the server's lock.
pub struct Sim {
    pub store: Store,
    pub catalog: Catalog,
    pub clock: Clock,
    pub settings: Settings,
    last_tick: Option<i64>,
    /// Open API sessions (StartSession / CNR `persistent=1`): id → the login they stand for.
    sessions: HashMap<String, String>,
    /// Calls that logged in with a password (not with a session), for tests of session reuse.
    pub password_logins: u64,
    /// Strict mode: commands are checked against the documented spec first.
    pub strict: bool,
    /// Every spec violation seen in strict mode, oldest first.
    pub violations: Vec<crate::spec::Violation>,
    /// What a spec entry's `pending` data would refuse (served anyway: the core does not follow
    /// it yet), oldest first.
    pub pending_violations: Vec<crate::spec::Violation>,
    /// Strict mode: every reply property dropped because the flavour's spec does not list it
    /// for the command. Not a failure: the handlers are shared by both flavours and answer
    /// ISPAPI's set, and this filter is what makes a reply CNR's; the list shows what a test
    /// that misses a property did not get.
    pub dropped: Vec<crate::spec::Violation>,
}

impl Sim {
    pub fn open(path: &Path) -> rusqlite::Result<Sim> {
        let store = Store::open(path)?;
        let catalog = store.catalog()?;
        let offset = store
            .meta("clock.offset")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let polls = store
            .meta("transfer.polls")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(3);
        let mut sim = Sim {
            store,
            catalog,
            clock: Clock { offset },
            settings: Settings {
                transfer_polls: polls,
            },
            last_tick: None,
            sessions: HashMap::new(),
            password_logins: 0,
            strict: false,
            violations: Vec::new(),
            pending_violations: Vec::new(),
            dropped: Vec::new(),
        };
        sim.tick()?;
        Ok(sim)
    }

    /// Runs the lifecycle at most once a simulated minute (it is a cheap indexed query).
    pub fn tick(&mut self) -> rusqlite::Result<usize> {
        let now = self.clock.now();
        if self.last_tick.is_some_and(|t| now.saturating_sub(t) < 60) {
            return Ok(0);
        }
        self.last_tick = Some(now);
        lifecycle::tick(&self.store, &self.catalog, now)
    }

    /// Moves the clock (persisted, so a resumed demo keeps its date) and applies what expired.
    pub fn advance(&mut self, seconds: i64) -> rusqlite::Result<usize> {
        self.clock.offset = self.clock.offset.saturating_add(seconds);
        self.store
            .set_meta("clock.offset", &self.clock.offset.to_string())?;
        self.last_tick = None;
        self.tick()
    }

    pub fn set_transfer_polls(&mut self, n: u32) -> rusqlite::Result<()> {
        self.settings.transfer_polls = n.max(1);
        self.store
            .set_meta("transfer.polls", &self.settings.transfer_polls.to_string())
    }

    pub fn reset_clock(&mut self) -> rusqlite::Result<()> {
        self.clock.offset = 0;
        self.store.set_meta("clock.offset", "0")
    }

    /// Serves `n` made-up TLDs besides the seeded ones (0: only the seeded ones again).
    pub fn set_generated_tlds(&mut self, n: usize) -> rusqlite::Result<usize> {
        self.catalog.set_generated_tlds(n);
        self.store.set_catalog(&self.catalog)?;
        Ok(self.catalog.tlds.len())
    }

    /// Completes every pending transfer now.
    pub fn complete_transfers(&mut self) -> rusqlite::Result<usize> {
        let now = self.clock.now();
        let list = self.store.transfers(None)?;
        for t in &list {
            commands::transfer::complete(&self.store, &self.catalog, t, now)?;
        }
        Ok(list.len())
    }

    /// The domain leaves for another registrar (as after an approved or acknowledged
    /// transfer request of the gaining side); false when it is not in the simulator.
    pub fn transfer_out(&mut self, domain: &str) -> rusqlite::Result<bool> {
        let name = domain.trim().to_lowercase();
        commands::transfer::transfer_out(&self.store, &name, self.clock.now())
    }

    /// The registry decides the open application for `domain` (`status`: SUCCESSFUL or ACTIVE
    /// registers it, FAILED or CANCELLED does not); false when none is open for it.
    pub fn decide_application(&mut self, domain: &str, status: &str) -> rusqlite::Result<bool> {
        let name = domain.trim().to_lowercase();
        let now = self.clock.now();
        commands::application::decide(&self.store, &self.catalog, &name, status, now)
    }

    /// CNR asks the registrant of `domain` to verify its address; false when it is unknown.
    pub fn request_verification(&mut self, domain: &str) -> rusqlite::Result<bool> {
        let name = domain.trim().to_lowercase();
        let now = self.clock.now();
        commands::verification::request_cnr_verification(&self.store, &self.catalog, &name, now)
    }

    /// Fails every pending transfer with the registry's `reason` (refunded, logged).
    pub fn fail_transfers(&mut self, reason: &str) -> rusqlite::Result<usize> {
        let list = self.store.transfers(None)?;
        for t in &list {
            let Some(user) = self.store.account(&t.owner)? else {
                continue;
            };
            let mut ctx = Ctx {
                store: &self.store,
                catalog: &self.catalog,
                now: self.clock.now(),
                user,
                flavour: Flavour::Ispapi,
                settings: &self.settings,
            };
            // A database error surfaces as the reply's text; the control API reports it.
            commands::transfer::fail(&mut ctx, t, reason).map_err(|r| {
                rusqlite::Error::InvalidParameterName(format!(
                    "transfer failure: API code {}",
                    r.code
                ))
            })?;
        }
        Ok(list.len())
    }

    /// Handles one call. `fields` are the form fields (`s_login`, `s_pw`, `s_command`, …).
    pub fn call(
        &mut self,
        flavour: Flavour,
        fields: &[(String, String)],
        client: Option<IpAddr>,
    ) -> Reply {
        match self.call_inner(flavour, fields, client) {
            Ok(r) | Err(r) => r,
        }
    }

    fn call_inner(
        &mut self,
        flavour: Flavour,
        fields: &[(String, String)],
        client: Option<IpAddr>,
    ) -> Result<Reply, Reply> {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if flavour == Flavour::Ispapi {
            match field("s_entity").map(str::trim) {
                Some("54cd") | Some("1234") => {}
                _ => return Err(Reply::code(502)),
            }
        }
        // A session stands for the login that started it (ISPAPI s_session, CNR s_sessionid).
        let session_field = match flavour {
            Flavour::Ispapi => "s_session",
            Flavour::Cnr => "s_sessionid",
        };
        let session = field(session_field)
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let login_text = match session {
            Some(id) => self
                .sessions
                .get(id)
                .cloned()
                .ok_or_else(|| Reply::detail(530, "session expired or unknown"))?,
            None => field("s_login").unwrap_or("").to_owned(),
        };
        // CNR starts a session with an empty command and `persistent=1`.
        let cnr_login = flavour == Flavour::Cnr
            && field("persistent") == Some("1")
            && field("s_command").is_none_or(|c| c.trim().is_empty());
        let command_text = if cnr_login {
            "COMMAND=StartSession"
        } else {
            field("s_command").unwrap_or("")
        };
        let Command { name, mut params } = parse_command(command_text)?;
        let account = match session {
            Some(_) => {
                let (owner, _) = split_login(flavour, &login_text);
                self.store
                    .account(&owner)?
                    .ok_or_else(|| Reply::code(530))?
            }
            None => {
                let a =
                    self.authenticate(flavour, &login_text, field("s_pw").unwrap_or(""), client)?;
                self.password_logins += 1;
                a
            }
        };
        match (flavour, name.to_ascii_lowercase().as_str()) {
            // CNR has no StartSession command (its SDK logs in with `persistent=1`).
            (Flavour::Ispapi, "startsession") | (Flavour::Cnr, "startsession")
                if flavour == Flavour::Ispapi || cnr_login =>
            {
                let id = self.new_session_id();
                self.sessions.insert(id.clone(), login_text);
                let key = match flavour {
                    Flavour::Ispapi => "SESSION",
                    Flavour::Cnr => "SESSIONID",
                };
                return Ok(Reply::ok().with(key, id));
            }
            (Flavour::Ispapi, "endsession") | (Flavour::Cnr, "stopsession") => {
                if let Some(id) = session {
                    self.sessions.remove(id);
                }
                return Ok(Reply::ok());
            }
            _ => {}
        }
        let (login, role) = split_login(flavour, &login_text);
        let subuser = match flavour {
            Flavour::Ispapi => field("s_user")
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            Flavour::Cnr => params
                .take("SUBUSER")
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
        };
        let Some((canonical, handler)) = commands::find(&name) else {
            if self.strict {
                self.violations.push(crate::spec::Violation {
                    code: 500,
                    command: name.clone(),
                    text: format!("{name} is not a command of this API"),
                });
            }
            return Err(Reply::code(500));
        };
        if let Some(role) = role {
            let allowed = account
                .roles
                .iter()
                .find(|r| r.id == role)
                .is_some_and(|r| r.allows(canonical));
            if !allowed {
                return Err(Reply::detail(
                    531,
                    format!(
                        "role {login}{}{role} may not run {canonical}",
                        flavour.role_separator()
                    ),
                ));
            }
        }
        let user = match subuser {
            None => account,
            Some(s) if s == account.login => account,
            Some(s) => {
                let below = self.store.descendants(&account.login)?;
                if !below.contains(&s) {
                    return Err(Reply::detail(531, "not a subuser of this account"));
                }
                self.store.account(&s)?.ok_or_else(|| Reply::code(531))?
            }
        };
        if self.strict {
            let pending = crate::spec::check_pending(flavour, canonical, &params);
            report_pending(&pending);
            self.pending_violations.extend(pending);
            let found = crate::spec::check(flavour, canonical, &params);
            if let Some(first) = found.first() {
                let reply = first.reply();
                self.violations.extend(found);
                return Err(reply);
            }
        }
        self.tick()?;
        let mut ctx = Ctx {
            store: &self.store,
            catalog: &self.catalog,
            now: self.clock.now(),
            user,
            flavour,
            settings: &self.settings,
        };
        let mut reply = commands::run(&mut ctx, handler, &params);
        // Every handler's reply passes here: strict mode lets only documented properties out.
        if self.strict {
            // Each distinct one once: a long demo run must not grow the list without end.
            for d in crate::spec::limit_reply(flavour, canonical, &mut reply) {
                if !self.dropped.contains(&d) {
                    self.dropped.push(d);
                }
            }
        }
        Ok(reply)
    }

    /// Ends every open session, as the API does after a while without use.
    pub fn expire_sessions(&mut self) -> usize {
        let n = self.sessions.len();
        self.sessions.clear();
        n
    }

    fn new_session_id(&mut self) -> String {
        let seq = self.store.next_seq("session").unwrap_or(0);
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ seq ^ (self.clock.now() as u64).rotate_left(17);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        format!("{h:016x}{seq:04x}")
    }

    /// Checks the login: the account's password, or the role user's with `account!role`
    /// (`account:role` for CNR); a login from an address outside the allowed list fails too.
    fn authenticate(
        &self,
        flavour: Flavour,
        login: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<Account, Reply> {
        let (account, role) = split_login(flavour, login);
        let failed = || Reply::code(530);
        if account.is_empty() || password.is_empty() {
            return Err(failed());
        }
        let a = self.store.account(&account)?.ok_or_else(failed)?;
        let expected = match &role {
            None => Some(a.password.as_str()),
            Some(r) => a
                .roles
                .iter()
                .find(|x| &x.id == r)
                .map(|x| x.password.as_str()),
        };
        if expected != Some(password) {
            return Err(failed());
        }
        if !a.allowed_ips.is_empty() {
            let ok = client.is_some_and(|ip| {
                a.allowed_ips
                    .iter()
                    .any(|x| x.parse::<IpAddr>().ok() == Some(ip))
            });
            if !ok {
                return Err(Reply::detail(
                    530,
                    "access from this IP address is not allowed",
                ));
            }
        }
        Ok(a)
    }
}

/// Appends pending violations to the file `ISPAPI_SIM_PENDING_LOG` names, if set, so a test run
/// can list what the core still sends against the verified spec.
fn report_pending(found: &[crate::spec::Violation]) {
    use std::io::Write;
    let Some(path) = std::env::var_os("ISPAPI_SIM_PENDING_LOG").filter(|_| !found.is_empty())
    else {
        return;
    };
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        for v in found {
            let _ = writeln!(f, "{v}");
        }
    }
}
