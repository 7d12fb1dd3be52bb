//! Turning a command and account settings into the HTTP request the API expects.
//!
//! ISPAPI (HEXONET) and CNR (CentralNic Reseller) share the command format but differ in how
//! an account logs in: ISPAPI names its system with `s_entity` (54cd live, 1234 OT&E) and
//! role users as `login!role`, views a subuser with `s_user`; CNR has one URL per system,
//! role users as `login:role`, and a subuser as a `SUBUSER=` line of the command.

use super::command::{clean_value, encode_lines, Command};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Api {
    Ispapi,
    Cnr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Live,
    /// The operational test & evaluation system: free, nothing is really registered.
    Ote,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    pub api: Api,
    #[serde(default)]
    pub environment: Environment,
    pub login: String,
    pub password: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub subuser: Option<String>,
    /// Overrides the API's URL: a proxy, the high-performance setup, or the simulator.
    #[serde(default)]
    pub url: Option<String>,
    /// An HTTP proxy the host should connect through; passed through to the request.
    #[serde(default)]
    pub proxy: Option<String>,
    /// An API session from [`session_id`]: sent instead of the password.
    #[serde(default)]
    pub session: Option<String>,
    /// Build the login that opens a session (ISPAPI `StartSession`, CNR `persistent=1`)
    /// instead of a command.
    #[serde(default)]
    pub start_session: bool,
    /// Build the logout that ends `session` (ISPAPI `EndSession`, CNR `StopSession`) instead
    /// of a command.
    #[serde(default)]
    pub end_session: bool,
    #[serde(default)]
    pub command: Option<Command>,
    /// The memory limit the host runs the core with (`ispapi_core.memory_limit_mb`); the
    /// default is the host's own default, 256.
    #[serde(default)]
    pub core_memory_limit_mb: Option<u64>,
    /// The host process's own memory limit as PHP writes it (`128M`, `1G`, `-1` for none).
    #[serde(default)]
    pub host_memory_limit: Option<String>,
    /// Bytes the host process uses already (PHP's `memory_get_usage(true)`).
    #[serde(default)]
    pub host_memory_used: Option<u64>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub proxy: Option<String>,
    pub method: &'static str,
    pub content_type: &'static str,
    /// Form fields in the order they are sent.
    pub fields: Vec<(String, String)>,
    /// The urlencoded body, ready to POST.
    pub body: String,
    /// The same request with secrets masked: the only form that may be logged.
    pub redacted: Redacted,
    /// The most bytes of the reply's body the host may read: past them it stops reading and
    /// reports `transport_failure` with `reply_limit_bytes`, instead of running out of memory.
    pub max_reply_bytes: u64,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Redacted {
    pub url: String,
    pub fields: Vec<(String, String)>,
    pub command: String,
}

pub const MASK: &str = "***";

const MIB: u64 = 1024 * 1024;
/// The host's default memory limit for the core.
const CORE_MEMORY_DEFAULT_MB: u64 = 256;
/// Parsing a reply takes the core about 3.4 times the body's size (the bench: 61 MiB for the
/// 18 MB body of a 50 000-row list: the arguments, the body, the cell index and the result
/// are alive at once); a quarter of its memory leaves a margin. At the default 256 MiB that
/// is 64 MiB, three times the 50 000-row list and far more than any reply the flows ask for
/// (lists come in pages of at most 10 000 rows).
const CORE_MEMORY_PER_REPLY_BYTE: u64 = 4;
/// The host keeps the body, its JSON for `parse_response`, the parsed rows (about 1.4 times
/// the body) and, while the body grows, a copy: about four times the body in all.
const HOST_MEMORY_PER_REPLY_BYTE: u64 = 4;
/// Even a host that is nearly out of memory reads ordinary replies (a few KB).
pub(crate) const MIN_REPLY_BYTES: u64 = MIB;

const ISPAPI_URL: &str = "https://api.ispapi.net/api/call.cgi";
const CNR_LIVE_URL: &str = "https://api.rrpproxy.net/api/call.cgi";
const CNR_OTE_URL: &str = "https://api-ote.rrpproxy.net/api/call.cgi";

/// `build_request`: the URL, form fields and body to POST, and a redacted copy for logs.
pub fn build_request(input: RequestInput) -> Result<Request> {
    let login = clean_value(input.login.trim());
    if login.is_empty() {
        return Err(CoreError::new(
            "missing_credentials",
            "the API login is empty",
        ));
    }
    let session = input
        .session
        .as_deref()
        .map(|s| clean_value(s.trim()))
        .filter(|s| !s.is_empty() && !input.start_session);
    if session.is_none() && input.password.is_empty() {
        return Err(CoreError::new(
            "missing_credentials",
            "the API password is empty",
        ));
    }
    let role = input
        .role
        .as_deref()
        .map(|r| clean_value(r.trim()))
        .filter(|r| !r.is_empty());
    let subuser = input
        .subuser
        .as_deref()
        .map(|s| clean_value(s.trim()))
        .filter(|s| !s.is_empty());

    let named = |name: &str| {
        let mut c = Command::new();
        c.insert("COMMAND".into(), name.into());
        c
    };
    let command = match (
        &input.command,
        input.start_session,
        input.end_session,
        input.api,
    ) {
        (_, true, _, Api::Ispapi) => named("StartSession"),
        // CNR opens a session with a login that carries no command.
        (_, true, _, Api::Cnr) => Command::new(),
        (_, false, true, Api::Ispapi) => named("EndSession"),
        (_, false, true, Api::Cnr) => named("StopSession"),
        (Some(c), false, false, _) => c.clone(),
        (None, false, false, _) => {
            return Err(CoreError::invalid_args(
                "build_request needs a command (or start_session, end_session)",
            ))
        }
    };
    let mut lines = if command.is_empty() {
        Vec::new()
    } else {
        encode_lines(&command)?
    };
    let mut fields: Vec<(String, String)> = Vec::with_capacity(5);
    let url = match input.api {
        Api::Ispapi => {
            let entity = match input.environment {
                Environment::Live => "54cd",
                Environment::Ote => "1234",
            };
            fields.push(("s_entity".into(), entity.into()));
            if session.is_none() {
                fields.push(("s_login".into(), join_role(&login, role.as_deref(), '!')));
            }
            if let Some(s) = &subuser {
                fields.push(("s_user".into(), s.clone()));
            }
            ISPAPI_URL
        }
        Api::Cnr => {
            fields.push(("s_login".into(), join_role(&login, role.as_deref(), ':')));
            if let Some(s) = &subuser {
                if lines.iter().any(|(k, _)| k == "SUBUSER") {
                    return Err(CoreError::new(
                        "duplicate_key",
                        "the subuser is given both as a setting and as SUBUSER in the command",
                    ));
                }
                lines.push(("SUBUSER".into(), s.clone()));
            }
            match input.environment {
                Environment::Live => CNR_LIVE_URL,
                Environment::Ote => CNR_OTE_URL,
            }
        }
    };
    let max_reply_bytes = max_reply_bytes(&input);
    let url = input.url.unwrap_or_else(|| url.to_owned());
    let text = join_lines(lines.iter());
    let masked_command = join_lines(lines.iter().map(|(k, v)| {
        if is_secret_key(k) {
            (k.clone(), MASK.to_owned())
        } else {
            (k.clone(), v.clone())
        }
    }));
    let mut redacted_fields = fields.clone();
    // A session id is a credential too: masked like the password.
    let (secret_key, secret) = match (&session, input.api) {
        (Some(id), Api::Ispapi) => ("s_session", id.clone()),
        (Some(id), Api::Cnr) => ("s_sessionid", id.clone()),
        (None, _) => ("s_pw", input.password),
    };
    redacted_fields.push((secret_key.into(), MASK.into()));
    fields.push((secret_key.into(), secret));
    if input.start_session && input.api == Api::Cnr {
        redacted_fields.push(("persistent".into(), "1".into()));
        fields.push(("persistent".into(), "1".into()));
    } else {
        redacted_fields.push(("s_command".into(), masked_command.clone()));
        fields.push(("s_command".into(), text));
    }

    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter())
        .finish();
    Ok(Request {
        redacted: Redacted {
            url: url.clone(),
            fields: redacted_fields,
            command: masked_command,
        },
        url,
        proxy: input.proxy,
        method: "POST",
        content_type: "application/x-www-form-urlencoded",
        fields,
        body,
        max_reply_bytes,
    })
}

/// The largest reply both the core and the host can hold: a larger one would end the host
/// with "Allowed memory size exhausted" (a blank page) or the core with out-of-memory, after
/// reading all of it.
fn max_reply_bytes(input: &RequestInput) -> u64 {
    let core_mb = input
        .core_memory_limit_mb
        .filter(|mb| *mb > 0)
        .unwrap_or(CORE_MEMORY_DEFAULT_MB);
    let for_core = core_mb.saturating_mul(MIB) / CORE_MEMORY_PER_REPLY_BYTE;
    let for_host = input
        .host_memory_limit
        .as_deref()
        .and_then(memory_quantity)
        .map_or(u64::MAX, |limit| {
            limit.saturating_sub(input.host_memory_used.unwrap_or(0)) / HOST_MEMORY_PER_REPLY_BYTE
        });
    for_core.min(for_host).max(MIN_REPLY_BYTES)
}

/// A byte count as php.ini writes it (`134217728`, `512K`, `128M`, `1G`, any case); `None`
/// for no limit (`-1`, `0`) and for text PHP would not read as a limit either.
fn memory_quantity(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&text[..i], Some(c.to_ascii_uppercase())),
        _ => (text, None),
    };
    let number: u64 = digits.trim().parse().ok().filter(|n| *n > 0)?;
    let factor = match unit {
        None => 1,
        Some('K') => 1024,
        Some('M') => MIB,
        Some('G') => 1024 * MIB,
        Some(_) => return None,
    };
    Some(number.saturating_mul(factor))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    pub api: Api,
    /// The parsed reply to the login that [`build_request`] built with `start_session`.
    pub response: super::Response,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Session {
    /// Null when the login failed or opened none: the host then logs in on every command.
    pub session: Option<String>,
}

/// `session_id`: the session a login reply opened (ISPAPI `SESSION`, CNR `SESSIONID`).
pub fn session_id(input: SessionInput) -> Result<Session> {
    if !input.response.success {
        return Ok(Session { session: None });
    }
    let key = match input.api {
        Api::Ispapi => "SESSION",
        Api::Cnr => "SESSIONID",
    };
    let session = input
        .response
        .properties
        .get(key)
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.contains(|c: char| c.is_control()))
        .map(str::to_owned);
    Ok(Session { session })
}

fn join_role(login: &str, role: Option<&str>, separator: char) -> String {
    match role {
        Some(r) => format!("{login}{separator}{r}"),
        None => login.to_owned(),
    }
}

fn join_lines<'a, I, T>(lines: I) -> String
where
    I: Iterator<Item = T>,
    T: std::borrow::Borrow<(String, String)> + 'a,
{
    let mut out = String::new();
    for (i, pair) in lines.enumerate() {
        let (k, v) = pair.borrow();
        if i > 0 {
            out.push('\n');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// Parameters whose values are credentials: passwords, domain auth (EPP) codes and session ids.
/// Any case; no allocation (the redaction asks once per line of a 100 000-row reply).
pub(crate) fn is_secret_key(key: &str) -> bool {
    let k = key.as_bytes();
    let contains = |needle: &[u8]| {
        k.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    contains(b"PASSWORD")
        || contains(b"AUTH")
        || k.eq_ignore_ascii_case(b"PW")
        || (k.len() >= 3 && k[k.len() - 3..].eq_ignore_ascii_case(b"-PW"))
        || k.eq_ignore_ascii_case(b"SESSION")
        || k.eq_ignore_ascii_case(b"SESSIONID")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(v: serde_json::Value) -> RequestInput {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn ispapi_ote_uses_entity_1234_and_bang_roles() {
        let r = build_request(input(json!({
            "api":"ispapi","environment":"ote","login":"test.user","password":"s3cret!",
            "role":"billing","command":{"COMMAND":"StatusAccount"}
        })))
        .unwrap();
        assert_eq!(r.url, ISPAPI_URL);
        assert_eq!(r.fields[0], ("s_entity".into(), "1234".into()));
        assert_eq!(r.fields[1], ("s_login".into(), "test.user!billing".into()));
        assert!(r.body.contains("s_pw=s3cret%21"));
        assert!(!format!("{:?}", r.redacted).contains("s3cret"));
    }

    #[test]
    fn cnr_puts_the_subuser_into_the_command() {
        let r = build_request(input(json!({
            "api":"cnr","environment":"ote","login":"me","password":"p","role":"r","subuser":"sub1",
            "command":{"COMMAND":"StatusAccount"}
        })))
        .unwrap();
        assert_eq!(r.url, CNR_OTE_URL);
        assert_eq!(r.fields[0], ("s_login".into(), "me:r".into()));
        assert_eq!(
            r.fields.last().unwrap().1,
            "COMMAND=StatusAccount\nSUBUSER=sub1"
        );
    }

    #[test]
    fn a_session_replaces_the_password_and_is_masked() {
        let r = build_request(input(json!({
            "api":"ispapi","login":"me","password":"pw","session":"abc123",
            "command":{"COMMAND":"StatusAccount"}
        })))
        .unwrap();
        let keys: Vec<&str> = r.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["s_entity", "s_session", "s_command"]);
        assert!(!r.body.contains("s_pw") && !r.body.contains("s_login"));
        assert!(!format!("{:?}", r.redacted).contains("abc123"));
        let cnr = build_request(input(json!({
            "api":"cnr","login":"me","password":"","session":"abc123",
            "command":{"COMMAND":"StatusAccount"}
        })))
        .unwrap();
        let keys: Vec<&str> = cnr.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["s_login", "s_sessionid", "s_command"]);
        let end = |api| {
            build_request(input(json!({
                "api": api, "login": "me", "password": "", "session": "abc123", "end_session": true
            })))
            .unwrap()
            .fields
            .last()
            .unwrap()
            .1
            .clone()
        };
        assert_eq!(end("ispapi"), "COMMAND=EndSession");
        assert_eq!(end("cnr"), "COMMAND=StopSession");
    }

    #[test]
    fn a_session_login_per_api() {
        let ispapi = build_request(input(json!({
            "api":"ispapi","login":"me","password":"pw","start_session":true
        })))
        .unwrap();
        assert_eq!(ispapi.fields.last().unwrap().1, "COMMAND=StartSession");
        let cnr = build_request(input(json!({
            "api":"cnr","login":"me","password":"pw","start_session":true
        })))
        .unwrap();
        let keys: Vec<&str> = cnr.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["s_login", "s_pw", "persistent"]);
        let reply = |text: &str| crate::wire::parse(text);
        let id = |api, text: &str| {
            session_id(SessionInput {
                api,
                response: reply(text),
            })
            .unwrap()
            .session
        };
        assert_eq!(
            id(
                Api::Ispapi,
                "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[SESSION][0] = s1\nEOF\n"
            ),
            Some("s1".into())
        );
        assert_eq!(
            id(
                Api::Cnr,
                "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[SESSIONID][0] = s2\nEOF\n"
            ),
            Some("s2".into())
        );
        assert_eq!(
            id(Api::Cnr, "[RESPONSE]\ncode = 530\ndescription = no\nEOF\n"),
            None
        );
    }

    #[test]
    fn the_reply_limit_follows_the_cores_and_the_hosts_memory() {
        const MIB: u64 = 1024 * 1024;
        let limit = |extra: serde_json::Value| {
            let mut v = json!({"api":"ispapi","login":"me","password":"pw","command":{"COMMAND":"QueryDomainList"}});
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            build_request(input(v)).unwrap().max_reply_bytes
        };
        // The core's default 256 MiB holds the parse of a reply of a quarter of it.
        assert_eq!(limit(json!({})), 64 * MIB);
        assert_eq!(limit(json!({"core_memory_limit_mb": 512})), 128 * MIB);
        assert_eq!(
            limit(json!({"host_memory_limit": "-1", "host_memory_used": 900 * MIB})),
            64 * MIB
        );
        // PHP with memory_limit=64M and 4 MiB in use: a quarter of the 60 MiB left.
        assert_eq!(
            limit(json!({"host_memory_limit": "64M", "host_memory_used": 4 * MIB})),
            15 * MIB
        );
        assert_eq!(
            limit(json!({"host_memory_limit": "1g", "host_memory_used": 0})),
            64 * MIB
        );
        assert_eq!(
            limit(json!({"host_memory_limit": "134217728", "host_memory_used": 0})),
            32 * MIB
        );
        // Nearly out of memory: ordinary replies (a few KB) still get through.
        assert_eq!(
            limit(json!({"host_memory_limit": "128M", "host_memory_used": 128 * MIB})),
            MIN_REPLY_BYTES
        );
        // A limit PHP would not understand either is no limit here.
        assert_eq!(limit(json!({"host_memory_limit": "lots"})), 64 * MIB);
    }

    #[test]
    fn auth_codes_are_masked_in_the_redacted_copy() {
        let r = build_request(input(json!({
            "api":"ispapi","login":"me","password":"pw",
            "command":{"COMMAND":"TransferDomain","DOMAIN":"a.com","AUTH":"Xy#12"}
        })))
        .unwrap();
        assert_eq!(
            r.redacted.command,
            "COMMAND=TransferDomain\nDOMAIN=a.com\nAUTH=***"
        );
        assert!(r.fields.iter().any(|(_, v)| v.contains("AUTH=Xy#12")));
    }
}
