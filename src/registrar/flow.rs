//! The replay machinery: a flow asks for API replies one command at a time.

use super::settings::Settings;
use super::Params;
use crate::wire::{Command, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// One command the host sent and the reply it got (from `parse_response` or
/// `transport_failure`).
#[derive(Debug, Clone, Deserialize)]
pub struct Exchange {
    pub command: Command,
    pub response: Response,
}

/// A change to WHMCS's database that the host applies when the flow is done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DbChange {
    pub table: &'static str,
    /// Column → value identifying the row(s).
    #[serde(rename = "where")]
    pub filter: serde_json::Map<String, Value>,
    /// Column → new value. With `upsert`, the row is inserted when none matches.
    pub set: serde_json::Map<String, Value>,
    pub upsert: bool,
}

#[derive(Debug, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Send this command and call again with the exchange appended to the transcript.
    Send { command: Command },
    /// The function is finished: `result` is what the WHMCS function returns.
    Done {
        result: Value,
        db: Vec<DbChange>,
        /// Lines for WHMCS's activity log (no secrets).
        activity: Vec<String>,
    },
}

/// Why a flow stopped before its end.
#[derive(Debug)]
pub enum Interrupt {
    /// The flow needs the reply to this command.
    Send(Command),
    /// The flow ends with an error for WHMCS (`['error' => …]`).
    Fail(String),
}

/// The function named `name` in a table of flows (registrar, monitoring); `owner` names the
/// table in the error.
pub(crate) fn find_function<F: Copy>(
    table: &[(&str, F)],
    name: &str,
    owner: &str,
) -> crate::error::Result<F> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            crate::error::CoreError::new(
                "unknown_function",
                format!("{owner} has no function {}", crate::error::quoted(name)),
            )
        })
}

/// The most commands one registrar function may send: a bound on any loop in a flow.
const MAX_COMMANDS: usize = 40;

pub struct Flow<'a> {
    pub params: &'a Params,
    pub settings: Settings,
    /// The host's date, when it gave one.
    pub today: Option<time::Date>,
    transcript: &'a [Exchange],
    next: usize,
    db: Vec<DbChange>,
    activity: Vec<String>,
}

impl<'a> Flow<'a> {
    pub fn new(
        params: &'a Params,
        settings: Settings,
        today: Option<time::Date>,
        transcript: &'a [Exchange],
    ) -> Self {
        Flow {
            params,
            settings,
            today,
            transcript,
            next: 0,
            db: Vec::new(),
            activity: Vec::new(),
        }
    }

    /// The reply to `command`: from the transcript when it was already sent, otherwise the
    /// flow stops here and the host is asked to send it.
    pub fn send(&mut self, command: Command) -> Result<&'a Response, Interrupt> {
        let Some(exchange) = self.transcript.get(self.next) else {
            if self.next >= MAX_COMMANDS {
                return Err(Interrupt::Fail(format!(
                    "stopped after {MAX_COMMANDS} API commands without finishing"
                )));
            }
            return Err(Interrupt::Send(command));
        };
        if !same_command(&exchange.command, &command) {
            return Err(Interrupt::Fail(format!(
                "the transcript does not match this function (step {} was {})",
                self.next + 1,
                crate::error::quoted(
                    exchange
                        .command
                        .get("COMMAND")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                )
            )));
        }
        self.next += 1;
        Ok(&exchange.response)
    }

    /// Like [`Flow::send`], but an unsuccessful reply ends the flow with the API's message.
    pub fn expect(&mut self, command: Command) -> Result<&'a Response, Interrupt> {
        let name = command
            .get("COMMAND")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let r = self.send(command)?;
        if r.success {
            Ok(r)
        } else {
            Err(Interrupt::Fail(api_error(&name, r)))
        }
    }

    pub fn db(&mut self, change: DbChange) {
        self.db.push(change);
    }

    pub fn activity(&mut self, line: impl Into<String>) {
        self.activity.push(line.into());
    }

    pub(crate) fn finish(self, outcome: Result<Value, Interrupt>) -> Step {
        match outcome {
            Ok(result) => Step::Done {
                result,
                db: self.db,
                activity: self.activity,
            },
            Err(Interrupt::Send(command)) => Step::Send { command },
            Err(Interrupt::Fail(message)) => Step::Done {
                result: json!({ "error": message }),
                db: self.db,
                activity: self.activity,
            },
        }
    }
}

/// The error text WHMCS shows for a failed command, as the original module did: code and text
/// (the reply's text made safe to show: WHMCS does not escape it, and the API may repeat input).
pub fn api_error(command: &str, r: &Response) -> String {
    let hint = match r.code {
        530 => " (check the API login and password in the registrar settings)",
        531 => " (the API user or its role may not run this command)",
        421 | 423 => " (the API could not be reached properly; try again)",
        _ => "",
    };
    format!(
        "{command} failed: {} {}{hint}",
        r.code,
        crate::error::shown(&r.description, crate::error::TEXT_CHARS)
    )
}

/// Commands are compared as their encoded lines, so `DOMAIN: ["a"]` equals `DOMAIN0: "a"`.
fn same_command(a: &Command, b: &Command) -> bool {
    match (crate::wire::encode_lines(a), crate::wire::encode_lines(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
