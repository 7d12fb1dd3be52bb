//! The HTTP side: a loopback-only listener, the API endpoints of both flavours, and the
//! control endpoint for tests (`/_control`).
//!
//! HTTP is tiny_http's. In front of it sits a plain TCP relay (bytes only, no HTTP) that keeps
//! each client's socket, because the `close` fault must end a connection without writing a
//! single byte, which tiny_http cannot do (it answers 500 to an unanswered request).

use crate::api::Sim;
use crate::commands;
use crate::faults::{FaultKind, FaultSpec, Faults};
use crate::protocol::Flavour;
use crate::reply::Reply;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::io::{self, Read};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Requests above this size get the API's error instead of being read (8 MiB).
pub const MAX_BODY: usize = 8 * 1024 * 1024;
/// The control log keeps the most recent commands only.
const LOG_CAP: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    pub host: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub workers: usize,
    /// Check every command against the documented spec (`crate::spec`); tests always do.
    pub strict: bool,
}

impl Config {
    pub fn new(db: impl Into<PathBuf>, port: u16) -> Config {
        Config {
            db: db.into(),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port,
            workers: 4,
            strict: false,
        }
    }
}

#[derive(Default)]
struct Control {
    faults: Faults,
    log: VecDeque<String>,
}

/// Client sockets by the relay's port towards tiny_http (what `remote_addr` shows there).
type Conns = Arc<Mutex<HashMap<u16, TcpStream>>>;

struct Shared {
    sim: Mutex<Sim>,
    control: Mutex<Control>,
    conns: Conns,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler must not take the whole simulator down with a poisoned lock.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct Running {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    server: Arc<tiny_http::Server>,
    conns: Conns,
    threads: Vec<JoinHandle<()>>,
}

impl Running {
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, closes open connections, waits for the workers and closes the store.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        self.server.unblock();
        for (_, c) in lock(&self.conns).drain() {
            let _ = c.shutdown(Shutdown::Both);
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn io_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Opens the store and starts serving on `config.host:config.port` (loopback only).
pub fn start(config: &Config) -> io::Result<Running> {
    if !config.host.is_loopback() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to listen on {}: the simulator binds loopback addresses only",
                config.host
            ),
        ));
    }
    let mut sim = Sim::open(&config.db).map_err(io_error)?;
    sim.strict = config.strict;
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(io_error)?);
    let inner = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io_error("tiny_http did not bind an IP address"))?;
    let listener = TcpListener::bind((config.host, config.port))?;
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let conns: Conns = Arc::default();
    let shared = Arc::new(Shared {
        sim: Mutex::new(sim),
        control: Mutex::default(),
        conns: conns.clone(),
    });
    let mut threads = Vec::new();
    {
        let stop = stop.clone();
        let conns = conns.clone();
        threads.push(thread::spawn(move || {
            accept_loop(listener, inner, stop, conns)
        }));
    }
    for _ in 0..config.workers.max(1) {
        let (server, stop, shared) = (server.clone(), stop.clone(), shared.clone());
        threads.push(thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match server.recv_timeout(Duration::from_millis(100)) {
                    Ok(Some(request)) => handle(&shared, request),
                    Ok(None) => {}
                    Err(_) => break,
                }
            }
        }));
    }
    Ok(Running {
        addr,
        stop,
        server,
        conns,
        threads,
    })
}

fn accept_loop(listener: TcpListener, inner: SocketAddr, stop: Arc<AtomicBool>, conns: Conns) {
    for client in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(client) = client else { continue };
        let conns = conns.clone();
        thread::spawn(move || {
            let _ = relay(client, inner, conns);
        });
    }
}

/// Copies bytes both ways between a client and tiny_http until either side closes.
fn relay(client: TcpStream, inner: SocketAddr, conns: Conns) -> io::Result<()> {
    let upstream = TcpStream::connect(inner)?;
    let _ = upstream.set_nodelay(true);
    let _ = client.set_nodelay(true);
    let key = upstream.local_addr()?.port();
    lock(&conns).insert(key, client.try_clone()?);
    let (mut from_client, mut to_upstream) = (client.try_clone()?, upstream.try_clone()?);
    let forward = thread::spawn(move || {
        let _ = io::copy(&mut from_client, &mut to_upstream);
        let _ = to_upstream.shutdown(Shutdown::Write);
    });
    let (mut from_upstream, mut to_client) = (upstream, client);
    let _ = io::copy(&mut from_upstream, &mut to_client);
    let _ = to_client.shutdown(Shutdown::Both);
    let _ = from_upstream.shutdown(Shutdown::Both);
    let _ = forward.join();
    lock(&conns).remove(&key);
    Ok(())
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    // Only constant, valid header names and values are passed here.
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(request: tiny_http::Request, status: u16, content_type: &str, body: String) {
    let response = tiny_http::Response::from_string(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type));
    let _ = request.respond(response);
}

fn respond_json(request: tiny_http::Request, status: u16, value: Value) {
    respond(request, status, "application/json", value.to_string());
}

fn handle(shared: &Shared, mut request: tiny_http::Request) {
    let started = Instant::now();
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let relay_port = request.remote_addr().map(|a| a.port());
    let client_ip = relay_port
        .and_then(|p| lock(&shared.conns).get(&p).and_then(|c| c.peer_addr().ok()))
        .map(|a| a.ip());
    let mut body = Vec::new();
    let too_big = request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map(|n| n > MAX_BODY)
        .unwrap_or(true);
    let method = request.method().clone();
    let flavour = match path {
        "/ispapi/api/call.cgi" | "/api/call.cgi" => Some(Flavour::Ispapi),
        "/cnr/api/call.cgi" => Some(Flavour::Cnr),
        _ => None,
    };
    if let Some(flavour) = flavour {
        if too_big {
            let r = Reply::detail(507, "request too large (8 MiB at most)");
            return respond(
                request,
                200,
                "text/plain; charset=utf-8",
                r.render(flavour, 0.0),
            );
        }
        return api(
            shared, request, flavour, query, &body, client_ip, relay_port, started,
        );
    }
    if !client_ip.is_none_or(|ip| ip.is_loopback()) {
        return respond(request, 403, "text/plain", "forbidden".into());
    }
    match (method, path) {
        (tiny_http::Method::Post, "/_control") if !too_big => control(shared, request, &body),
        (tiny_http::Method::Get, "/_control/log") => {
            let log: Vec<String> = lock(&shared.control).log.iter().cloned().collect();
            respond_json(request, 200, json!(log))
        }
        (tiny_http::Method::Get, "/_control/violations") => {
            let list: Vec<String> = lock(&shared.sim)
                .violations
                .iter()
                .map(ToString::to_string)
                .collect();
            respond_json(request, 200, json!(list))
        }
        (tiny_http::Method::Get, "/_control/dropped") => {
            let list: Vec<String> = lock(&shared.sim)
                .dropped
                .iter()
                .map(ToString::to_string)
                .collect();
            respond_json(request, 200, json!(list))
        }
        (tiny_http::Method::Get, "/_control/state") => {
            let (now, offset, polls) = {
                let sim = lock(&shared.sim);
                (
                    sim.clock.now(),
                    sim.clock.offset,
                    sim.settings.transfer_polls,
                )
            };
            let faults = lock(&shared.control).faults.len();
            respond_json(
                request,
                200,
                json!({"now": crate::clock::format(now), "offset_seconds": offset, "transfer_polls": polls, "faults": faults}),
            )
        }
        _ => respond(request, 404, "text/plain", "not found".into()),
    }
}

/// The command name in `s_command`, for matching faults (the full parse happens later).
fn command_name(s_command: &str) -> String {
    s_command
        .split('\n')
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("COMMAND"))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn api(
    shared: &Shared,
    request: tiny_http::Request,
    flavour: Flavour,
    query: &str,
    body: &[u8],
    client_ip: Option<IpAddr>,
    relay_port: Option<u16>,
    started: Instant,
) {
    // Query-string fields first, then the body's, which win (the SDKs POST everything).
    let mut fields: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    for (k, v) in form_urlencoded::parse(body).into_owned() {
        fields.retain(|(x, _)| *x != k);
        fields.push((k, v));
    }
    let s_command = fields
        .iter()
        .find(|(k, _)| k == "s_command")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let name = command_name(&s_command);
    let fault = {
        let mut control = lock(&shared.control);
        if control.log.len() >= LOG_CAP {
            control.log.pop_front();
        }
        control.log.push_back(s_command);
        (
            control.faults.take(&name, commands::charges(&name)),
            control.faults.latency(),
        )
    };
    let (fault, latency) = fault;
    if latency > 0 {
        thread::sleep(Duration::from_millis(latency));
    }
    let text = |r: Reply| r.render(flavour, started.elapsed().as_secs_f64());
    let plain = "text/plain; charset=utf-8";
    let mut truncate = false;
    match fault {
        None => {}
        Some(FaultKind::Slow(ms)) => thread::sleep(Duration::from_millis(ms)),
        Some(FaultKind::Close) => {
            if let Some(client) = relay_port.and_then(|p| lock(&shared.conns).remove(&p)) {
                let _ = client.shutdown(Shutdown::Both);
            }
            return;
        }
        Some(FaultKind::Html) => {
            let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
            return respond(request, 502, "text/html", page.into());
        }
        Some(FaultKind::Http500) => {
            return respond(request, 500, "text/plain", "Internal Server Error".into())
        }
        Some(FaultKind::Temporary421) => {
            return respond(request, 200, plain, text(Reply::code(421)))
        }
        Some(FaultKind::Auth530) => return respond(request, 200, plain, text(Reply::code(530))),
        Some(FaultKind::InsufficientFunds) => {
            return respond(
                request,
                200,
                plain,
                text(Reply::detail(546, "insufficient funds")),
            )
        }
        Some(FaultKind::IpRestricted) => {
            return respond(
                request,
                200,
                plain,
                text(Reply::detail(
                    530,
                    "access from this IP address is not allowed",
                )),
            )
        }
        Some(FaultKind::Truncated) => truncate = true,
    }
    let reply = lock(&shared.sim).call(flavour, &fields, client_ip);
    let mut body = text(reply);
    if truncate {
        // Cut inside the body, on a character boundary, well before EOF.
        let mut cut = body.len() / 2;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
    }
    respond(request, 200, plain, body)
}

const CONTROL_KEYS: &[&str] = &[
    "reset",
    "extra_tlds",
    "seed",
    "fault",
    "times",
    "command",
    "delay_ms",
    "after",
    "probability",
    "advance_days",
    "advance_seconds",
    "complete_transfers",
    "transfer_polls",
    "clear_log",
    "expire_sessions",
    "fail_transfers",
    "transfer_out",
    "decide_application",
    "request_verification",
    "clear_violations",
    "clear_dropped",
    "latency_ms",
];

fn control(shared: &Shared, request: tiny_http::Request, body: &[u8]) {
    let result = control_inner(shared, body);
    match result {
        Ok(v) => respond_json(request, 200, v),
        Err(e) => respond_json(request, 400, json!({"ok": false, "error": e})),
    }
}

fn control_inner(shared: &Shared, body: &[u8]) -> Result<Value, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = v.as_object().ok_or("expected a JSON object")?;
    if let Some(k) = obj.keys().find(|k| !CONTROL_KEYS.contains(&k.as_str())) {
        return Err(format!("unknown control key {k:?}"));
    }
    let mut out = serde_json::Map::new();
    let db = |e: rusqlite::Error| e.to_string();
    if obj.get("reset").and_then(Value::as_bool) == Some(true) {
        let mut c = lock(&shared.control);
        c.faults = Faults::default();
        c.log.clear();
        let mut sim = lock(&shared.sim);
        sim.reset_clock().map_err(db)?;
        sim.set_transfer_polls(3).map_err(db)?;
        sim.set_generated_tlds(0).map_err(db)?;
    }
    // Violations survive `reset`: the run's end must still see them.
    if obj.get("clear_violations").and_then(Value::as_bool) == Some(true) {
        lock(&shared.sim).violations.clear();
    }
    if obj.get("clear_dropped").and_then(Value::as_bool) == Some(true) {
        lock(&shared.sim).dropped.clear();
    }
    if obj.get("clear_log").and_then(Value::as_bool) == Some(true) {
        lock(&shared.control).log.clear();
    }
    if let Some(seed) = obj.get("seed") {
        let seed = seed.as_u64().ok_or("seed must be a non-negative integer")?;
        lock(&shared.control).faults.seed(seed);
    }
    if obj.contains_key("fault") {
        let keys = [
            "fault",
            "times",
            "command",
            "delay_ms",
            "after",
            "probability",
        ];
        let spec: serde_json::Map<String, Value> = obj
            .iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let spec: FaultSpec =
            serde_json::from_value(Value::Object(spec)).map_err(|e| e.to_string())?;
        lock(&shared.control).faults.arm(spec)?;
    }
    if let Some(ms) = obj.get("latency_ms") {
        let ms = ms
            .as_u64()
            .ok_or("latency_ms must be a non-negative number of milliseconds")?;
        lock(&shared.control).faults.set_latency(ms);
    }
    if let Some(n) = obj.get("transfer_polls") {
        let n = n
            .as_u64()
            .filter(|n| *n <= 1_000_000)
            .ok_or("transfer_polls must be a small integer")?;
        lock(&shared.sim).set_transfer_polls(n as u32).map_err(db)?;
    }
    let mut seconds = 0i64;
    if let Some(d) = obj.get("advance_days") {
        let d = d
            .as_f64()
            .filter(|d| d.abs() < 36_500.0)
            .ok_or("advance_days must be a number of days")?;
        seconds += (d * 86_400.0) as i64;
    }
    if let Some(s) = obj.get("advance_seconds") {
        seconds += s
            .as_i64()
            .filter(|s| s.abs() < 3_153_600_000)
            .ok_or("advance_seconds must be an integer")?;
    }
    if seconds != 0 {
        let changed = lock(&shared.sim).advance(seconds).map_err(db)?;
        out.insert("changed_domains".into(), json!(changed));
    }
    if let Some(n) = obj.get("extra_tlds") {
        let n = n
            .as_u64()
            .filter(|n| *n <= 20_000)
            .ok_or("extra_tlds must be a number of TLDs up to 20000")?;
        let total = lock(&shared.sim)
            .set_generated_tlds(n as usize)
            .map_err(db)?;
        out.insert("tlds".into(), json!(total));
    }
    if obj.get("expire_sessions").and_then(Value::as_bool) == Some(true) {
        let n = lock(&shared.sim).expire_sessions();
        out.insert("expired_sessions".into(), json!(n));
    }
    if let Some(reason) = obj.get("fail_transfers") {
        let reason = reason
            .as_str()
            .filter(|r| !r.trim().is_empty() && r.len() <= 500)
            .ok_or("fail_transfers must be the reason the registry gives")?;
        let n = lock(&shared.sim).fail_transfers(reason).map_err(db)?;
        out.insert("failed_transfers".into(), json!(n));
    }
    if let Some(domain) = obj.get("transfer_out") {
        let domain = domain
            .as_str()
            .filter(|d| !d.trim().is_empty() && d.len() <= 253)
            .ok_or("transfer_out must be a domain name")?;
        let moved = lock(&shared.sim).transfer_out(domain).map_err(db)?;
        out.insert("transferred_out".into(), json!(moved));
    }
    if let Some(domain) = obj.get("request_verification") {
        let domain = domain
            .as_str()
            .filter(|d| !d.trim().is_empty() && d.len() <= 253)
            .ok_or("request_verification must be a domain name")?;
        let asked = lock(&shared.sim).request_verification(domain).map_err(db)?;
        out.insert("verification_requested".into(), json!(asked));
    }
    if let Some(decision) = obj.get("decide_application") {
        let field = |k: &str| decision.get(k).and_then(Value::as_str).map(str::trim);
        let domain = field("domain")
            .filter(|d| !d.is_empty() && d.len() <= 253)
            .ok_or("decide_application needs the application's domain")?;
        let status = field("status")
            .filter(|s| ["SUCCESSFUL", "ACTIVE", "FAILED", "CANCELLED"].contains(s))
            .ok_or("decide_application's status must be SUCCESSFUL, ACTIVE, FAILED or CANCELLED")?;
        let decided = lock(&shared.sim)
            .decide_application(domain, status)
            .map_err(db)?;
        out.insert("decided_application".into(), json!(decided));
    }
    if obj.get("complete_transfers").and_then(Value::as_bool) == Some(true) {
        let n = lock(&shared.sim).complete_transfers().map_err(db)?;
        out.insert("completed_transfers".into(), json!(n));
    }
    let now = lock(&shared.sim).clock.now();
    out.insert("ok".into(), json!(true));
    out.insert("now".into(), json!(crate::clock::format(now)));
    out.insert("faults".into(), json!(lock(&shared.control).faults.len()));
    out.insert(
        "password_logins".into(),
        json!(lock(&shared.sim).password_logins),
    );
    Ok(Value::Object(out))
}
