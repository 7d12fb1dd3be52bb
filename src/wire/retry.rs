//! When a failed call may be sent again, decided without I/O: the host reports what happened
//! and performs the wait.
//!
//! Only commands that read (Check*, Query*, Status*, Get*, Convert*) are resent after a reply
//! was possibly received or the request possibly arrived: resending `AddDomain` or
//! `RenewDomain` after a timeout could charge the reseller twice. Any command may be resent
//! when the connection was never made, because then nothing reached the API.

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// DNS failure or connection refused: the request was never sent.
    ConnectFailed,
    /// The request was sent but no complete reply came in time.
    Timeout,
    /// The connection broke after the request was sent.
    NetworkError,
    /// An HTTP status other than 200 (`http_status`).
    Http,
    /// A parsed API reply (`code`).
    Api,
    /// A reply came but was larger than the host may read (`max_reply_bytes`), so it was not
    /// read. The API answered: the command ran, and sending it again brings the same reply.
    ReplyTooLarge,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryInput {
    /// The command name (`CheckDomains`) or the whole command object.
    pub command: serde_json::Value,
    /// How many attempts were made so far, this one included (1 after the first try).
    pub attempt: u32,
    pub outcome: Outcome,
    #[serde(default)]
    pub http_status: Option<u16>,
    #[serde(default)]
    pub code: Option<u16>,
    /// Time spent on this command so far, all attempts; retries stop at [`TIME_BUDGET_MS`].
    #[serde(default)]
    pub elapsed_ms: u64,
    /// The attempt used an API session instead of the password.
    #[serde(default)]
    pub session: bool,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RetryDecision {
    pub retry: bool,
    pub delay_ms: u64,
    pub reason: &'static str,
    /// Log in again (a new session) before the next attempt.
    pub renew_session: bool,
}

/// Attempts in all, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// No new attempt starts after this long, so a WHMCS request never waits on retries for ever.
pub const TIME_BUDGET_MS: u64 = 60_000;
const BASE_DELAY_MS: u64 = 500;

/// `retry_policy`: whether to send the command again, and after how long.
pub fn retry_policy(input: RetryInput) -> Result<RetryDecision> {
    let name = match &input.command {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(map) => map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("COMMAND"))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    };
    if name.trim().is_empty() {
        return Err(CoreError::invalid_args(
            "retry_policy needs the command or its name",
        ));
    }
    let transient = match input.outcome {
        Outcome::ConnectFailed => Some(true),
        Outcome::Timeout | Outcome::NetworkError => None,
        Outcome::Http => match input.http_status {
            // A gateway or overload answer; whether the API saw the command is unknown.
            Some(429 | 500 | 502 | 503 | 504) => None,
            _ => Some(false),
        },
        // 421: the API's own "temporary error, try again"; it did not carry the command out.
        Outcome::Api => Some(input.code == Some(421)),
        Outcome::ReplyTooLarge => Some(false),
    };
    // A session ends after a while unused; a 530 then means only that: the API refused the
    // command without running it, so any command may be sent again after a new login.
    if input.session && input.outcome == Outcome::Api && input.code == Some(530) {
        let retry = input.attempt < MAX_ATTEMPTS;
        return Ok(RetryDecision {
            retry,
            delay_ms: 0,
            reason: if retry {
                "the API session ended; log in again and resend"
            } else {
                "no attempts left"
            },
            renew_session: retry,
        });
    }
    let delay_ms = BASE_DELAY_MS << (input.attempt.saturating_sub(1)).min(4);
    let (retry, reason) = match transient {
        Some(false) if input.outcome == Outcome::ReplyTooLarge => (
            false,
            "the API answered (the command ran) with a reply too large to read",
        ),
        Some(false) => (false, "not a temporary failure"),
        _ if input.attempt >= MAX_ATTEMPTS => (false, "no attempts left"),
        _ if input.elapsed_ms.saturating_add(delay_ms) >= TIME_BUDGET_MS => {
            (false, "out of time for this command")
        }
        Some(true) => (true, "temporary failure; the command was not carried out"),
        None if is_read_only(&name) => (true, "read-only command; safe to send again"),
        None => (
            false,
            "the command may have been carried out; check its state before sending it again",
        ),
    };
    let delay_ms = if retry { delay_ms } else { 0 };
    Ok(RetryDecision {
        retry,
        delay_ms,
        reason,
        renew_session: false,
    })
}

/// Commands that only read state.
pub fn is_read_only(command: &str) -> bool {
    let c = command.trim().to_ascii_lowercase();
    ["check", "query", "status", "get", "convert"]
        .iter()
        .any(|p| c.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decide(command: &str, attempt: u32, outcome: Outcome, code: Option<u16>) -> RetryDecision {
        retry_policy(RetryInput {
            command: json!(command),
            attempt,
            outcome,
            http_status: None,
            code,
            elapsed_ms: 0,
            session: false,
        })
        .unwrap()
    }

    #[test]
    fn an_ended_session_is_renewed_for_any_command_but_a_password_530_is_final() {
        let with_session = |attempt| {
            retry_policy(RetryInput {
                command: json!("AddDomain"),
                attempt,
                outcome: Outcome::Api,
                http_status: None,
                code: Some(530),
                elapsed_ms: 0,
                session: true,
            })
            .unwrap()
        };
        let d = with_session(1);
        assert!(d.retry && d.renew_session && d.delay_ms == 0);
        assert!(!with_session(MAX_ATTEMPTS).retry);
        let d = decide("AddDomain", 1, Outcome::Api, Some(530));
        assert!(!d.retry && !d.renew_session);
    }

    #[test]
    fn a_timed_out_registration_is_never_resent() {
        assert!(!decide("AddDomain", 1, Outcome::Timeout, None).retry);
        assert!(!decide("RenewDomain", 1, Outcome::NetworkError, None).retry);
    }

    #[test]
    fn a_timed_out_check_is_resent_with_backoff() {
        let d1 = decide("CheckDomains", 1, Outcome::Timeout, None);
        let d2 = decide("CheckDomains", 2, Outcome::Timeout, None);
        assert!(d1.retry && d2.retry && d2.delay_ms > d1.delay_ms);
        assert!(!decide("CheckDomains", MAX_ATTEMPTS, Outcome::Timeout, None).retry);
    }

    #[test]
    fn no_retry_starts_after_the_time_budget() {
        let d = retry_policy(RetryInput {
            command: json!("QueryDomainList"),
            attempt: 1,
            outcome: Outcome::Timeout,
            http_status: None,
            code: None,
            elapsed_ms: TIME_BUDGET_MS - 100,
            session: false,
        })
        .unwrap();
        assert!(!d.retry);
    }

    #[test]
    fn a_reply_too_large_to_read_is_never_resent() {
        // The API answered, so the command ran; the same command would bring the same reply.
        for command in [
            "AddDomain",
            "RenewDomain",
            "QueryDomainList",
            "StatusAccount",
        ] {
            let d = decide(command, 1, Outcome::ReplyTooLarge, Some(421));
            assert!(!d.retry, "{command}");
        }
    }

    #[test]
    fn code_421_and_refused_connections_are_retried_for_any_command() {
        assert!(decide("AddDomain", 1, Outcome::Api, Some(421)).retry);
        assert!(decide("AddDomain", 1, Outcome::ConnectFailed, None).retry);
        assert!(!decide("AddDomain", 1, Outcome::Api, Some(530)).retry);
        assert!(!decide("StatusDomain", 1, Outcome::Api, Some(545)).retry);
    }
}
