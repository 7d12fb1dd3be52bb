//! Starts a simulator on a fresh database in a temporary directory and talks to it the way the
//! module does: `ispapi_core::wire::build_request` → HTTP POST → `ispapi_core::wire::parse`.
#![allow(dead_code)]

use ispapi_core::wire::{build_request, parse, RequestInput, Response};
use ispapi_simulator::seed::{self, AccountSpec, SeedData};
use ispapi_simulator::store::Store;
use ispapi_simulator::{Config, Running};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const DEMO: &str = "demo.reseller";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct TestSim {
    running: Option<Running>,
    pub url: String,
    pub dir: PathBuf,
    pub db: PathBuf,
    pub data: SeedData,
    agent: ureq::Agent,
}

fn temp_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "ispapi-sim-test-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Tests always run the simulator in strict mode (commands checked against the spec).
fn strict_config(db: &std::path::Path) -> Config {
    let mut config = Config::new(db, 0);
    config.strict = true;
    config
}

impl TestSim {
    /// The demo account from `fixtures/simulator/demo.json`.
    pub fn demo() -> TestSim {
        Self::with(|store, data| {
            seed::demo(store, data).unwrap();
        })
    }

    /// The benchmark account with `n` domains.
    pub fn scale(n: usize) -> TestSim {
        Self::with(|store, data| {
            seed::scale(store, data, n).unwrap();
        })
    }

    fn with(fill: impl FnOnce(&Store, &SeedData)) -> TestSim {
        let data = seed::load(&seed::default_data_path()).unwrap();
        let dir = temp_dir();
        let db = dir.join("sim.db");
        {
            let store = Store::open(&db).unwrap();
            fill(&store, &data);
        }
        let running = ispapi_simulator::start(&strict_config(&db)).unwrap();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        TestSim {
            url: running.url(),
            running: Some(running),
            dir,
            db,
            data,
            agent,
        }
    }

    /// Stops the server and starts a new one on the same database file.
    pub fn restart(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
        let running = ispapi_simulator::start(&strict_config(&self.db)).unwrap();
        self.url = running.url();
        self.running = Some(running);
    }

    pub fn account(&self, login: &str) -> AccountSpec {
        fn find<'a>(list: &'a [AccountSpec], login: &str) -> Option<&'a AccountSpec> {
            list.iter().find_map(|a| {
                if a.login == login {
                    Some(a)
                } else {
                    find(&a.subusers, login)
                }
            })
        }
        find(&self.data.accounts, login)
            .cloned()
            .expect("account in the data file")
    }

    pub fn password(&self, login: &str) -> String {
        if login == self.data.scale.account {
            return self.data.scale.password.clone();
        }
        self.account(login).password
    }

    pub fn role_password(&self, login: &str, role: &str) -> String {
        self.account(login)
            .roles
            .iter()
            .find(|r| r.id == role)
            .unwrap()
            .password
            .clone()
    }

    /// A command as the demo account over ISPAPI.
    pub fn call(&self, command: Value) -> Response {
        self.call_as("ispapi", DEMO, &self.password(DEMO), None, None, command)
    }

    /// A command as the demo account over CNR.
    pub fn call_cnr(&self, command: Value) -> Response {
        self.call_as("cnr", DEMO, &self.password(DEMO), None, None, command)
    }

    pub fn call_as(
        &self,
        api: &str,
        login: &str,
        password: &str,
        role: Option<&str>,
        subuser: Option<&str>,
        command: Value,
    ) -> Response {
        let (_, text) = self
            .request(api, login, password, role, subuser, command)
            .expect("an HTTP response");
        parse(&text)
    }

    /// The raw HTTP status and body of a call (for fault tests); Err when no response came.
    pub fn request(
        &self,
        api: &str,
        login: &str,
        password: &str,
        role: Option<&str>,
        subuser: Option<&str>,
        command: Value,
    ) -> Result<(u16, String), String> {
        let path = if api == "cnr" {
            "/cnr/api/call.cgi"
        } else {
            "/ispapi/api/call.cgi"
        };
        let input: RequestInput = serde_json::from_value(json!({
            "api": api, "environment": "ote", "login": login, "password": password,
            "role": role, "subuser": subuser, "url": format!("{}{path}", self.url), "command": command,
        }))
        .unwrap();
        let req = build_request(input).unwrap();
        self.post(&req.url, req.content_type, req.body.as_bytes())
    }

    pub fn post(
        &self,
        url: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<(u16, String), String> {
        let mut resp = self
            .agent
            .post(url)
            .header("Content-Type", content_type)
            .send(body)
            .map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?;
        Ok((status, text))
    }

    pub fn control(&self, v: Value) -> Value {
        let (status, text) = self
            .post(
                &format!("{}/_control", self.url),
                "application/json",
                v.to_string().as_bytes(),
            )
            .unwrap();
        let out: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(status, 200, "control {v} failed: {out}");
        out
    }

    pub fn log(&self) -> Vec<String> {
        let mut resp = self
            .agent
            .get(format!("{}/_control/log", self.url))
            .call()
            .unwrap();
        serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
    }

    /// The spec violations strict mode recorded; taking them means the test expected them.
    pub fn take_violations(&self) -> Vec<String> {
        self.take("violations")
    }

    /// The reply properties strict mode dropped (the spec does not list them for the flavour).
    pub fn take_dropped(&self) -> Vec<String> {
        self.take("dropped")
    }

    fn take(&self, list: &str) -> Vec<String> {
        let mut resp = self
            .agent
            .get(format!("{}/_control/{list}", self.url))
            .call()
            .unwrap();
        let out = serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
        self.control(json!({format!("clear_{list}"): true}));
        out
    }

    /// The first contact handle of the demo account.
    pub fn contact(&self) -> String {
        let r = self.call(json!({"COMMAND": "QueryContactList", "LIMIT": 1}));
        r.properties["CONTACT"][0].as_str().unwrap().to_owned()
    }

    /// Registers `domain` for the demo account with its first contact.
    pub fn register(&self, domain: &str) -> Response {
        let c = self.contact();
        self.call(json!({
            "COMMAND": "AddDomain", "DOMAIN": domain, "PERIOD": "1Y",
            "OWNERCONTACT0": c, "ADMINCONTACT0": c, "TECHCONTACT0": c, "BILLINGCONTACT0": c,
            "NAMESERVER": ["ns1.ispapi.net", "ns2.ispapi.net"],
        }))
    }
}

impl Drop for TestSim {
    fn drop(&mut self) {
        // A test fails when it sent anything the documented spec refuses (unless it took them).
        let violations = if self.running.is_some() && !std::thread::panicking() {
            self.take_violations()
        } else {
            Vec::new()
        };
        if let Some(r) = self.running.take() {
            r.stop();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        assert!(
            violations.is_empty(),
            "spec violations:\n{}",
            violations.join("\n")
        );
    }
}

pub fn prop(r: &Response, column: &str) -> String {
    r.properties
        .get(column)
        .and_then(|v| v.get(0))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned()
}

pub fn column(r: &Response, column: &str) -> Vec<String> {
    r.properties
        .get(column)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
