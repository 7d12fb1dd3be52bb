//! Fault injection for tests: a list of armed faults, each matching an optional command name,
//! firing a number of times, optionally after skipping some requests or with a probability
//! drawn from a seeded generator, so a failing run can be replayed exactly.

use crate::clock::Rng;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// The API's "try again" reply, 421.
    Temporary421,
    /// Answer after a delay (past a client's timeout).
    Slow(u64),
    /// Close the connection without any reply.
    Close,
    /// A response body cut off before `EOF`.
    Truncated,
    /// A proxy's HTML 502 page instead of an API response.
    Html,
    /// A bare HTTP 500.
    Http500,
    /// 530 Authentication failed, whatever the credentials.
    Auth530,
    /// 546 Credit limit exceeded, for commands that charge.
    InsufficientFunds,
    /// The login is refused for the client's address (an authentication failure).
    IpRestricted,
}

/// The JSON a test posts to `/_control`: `{"fault":"temporary_421","times":2,"command":"CheckDomains"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    pub fault: String,
    /// How many requests it affects; absent means until reset.
    #[serde(default)]
    pub times: Option<u32>,
    /// Only this command (case-insensitive); absent means any.
    #[serde(default)]
    pub command: Option<String>,
    /// For `slow`.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Let this many matching requests pass first.
    #[serde(default)]
    pub after: Option<u32>,
    /// Fire on a matching request with this probability (seeded, see `{"seed":N}`).
    #[serde(default)]
    pub probability: Option<f64>,
}

#[derive(Debug, Clone)]
struct Armed {
    kind: FaultKind,
    remaining: Option<u32>,
    command: Option<String>,
    skip: u32,
    probability: f64,
}

#[derive(Debug, Clone)]
pub struct Faults {
    armed: Vec<Armed>,
    rng: Rng,
    /// Added before every API request is answered, whatever fault fires: a network's round
    /// trip, for measuring how many commands a job costs in time (`{"latency_ms":150}`).
    latency_ms: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            armed: Vec::new(),
            rng: Rng::new(0),
            latency_ms: 0,
        }
    }
}

impl Faults {
    pub fn arm(&mut self, spec: FaultSpec) -> Result<(), String> {
        let kind = match spec.fault.as_str() {
            "temporary_421" => FaultKind::Temporary421,
            "slow" => FaultKind::Slow(spec.delay_ms.unwrap_or(5_000).min(600_000)),
            "close" => FaultKind::Close,
            "truncated" => FaultKind::Truncated,
            "html" => FaultKind::Html,
            "http_500" => FaultKind::Http500,
            "auth_530" => FaultKind::Auth530,
            "insufficient_funds" => FaultKind::InsufficientFunds,
            "ip_restricted" => FaultKind::IpRestricted,
            other => return Err(format!("unknown fault {other:?}")),
        };
        let probability = spec.probability.unwrap_or(1.0);
        if !(0.0..=1.0).contains(&probability) {
            return Err("probability must be between 0 and 1".into());
        }
        self.armed.push(Armed {
            kind,
            remaining: spec.times,
            command: spec.command,
            skip: spec.after.unwrap_or(0),
            probability,
        });
        Ok(())
    }

    /// Sets the latency of every request (0: none); at most ten seconds.
    pub fn set_latency(&mut self, ms: u64) {
        self.latency_ms = ms.min(10_000);
    }

    pub fn latency(&self) -> u64 {
        self.latency_ms
    }

    pub fn seed(&mut self, seed: u64) {
        self.rng = Rng::new(seed);
    }

    pub fn clear(&mut self) {
        self.armed.clear();
    }

    pub fn len(&self) -> usize {
        self.armed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.armed.is_empty()
    }

    /// The fault that applies to this request, if any (consuming one of its uses).
    pub fn take(&mut self, command: &str, charges: bool) -> Option<FaultKind> {
        let mut fired = None;
        for (i, f) in self.armed.iter_mut().enumerate() {
            let matches = match &f.command {
                Some(c) => c.eq_ignore_ascii_case(command),
                None => f.kind != FaultKind::InsufficientFunds || charges,
            };
            if !matches {
                continue;
            }
            if f.skip > 0 {
                f.skip -= 1;
                continue;
            }
            if f.probability < 1.0 && self.rng.unit() >= f.probability {
                continue;
            }
            if let Some(n) = f.remaining.as_mut() {
                *n = n.saturating_sub(1);
            }
            fired = Some((i, f.kind));
            break;
        }
        let (i, kind) = fired?;
        if self.armed[i].remaining == Some(0) {
            self.armed.remove(i);
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_fault_fires_its_number_of_times_for_its_command() {
        let mut f = Faults::default();
        f.arm(spec(
            r#"{"fault":"temporary_421","times":2,"command":"CheckDomains"}"#,
        ))
        .unwrap();
        assert_eq!(f.take("StatusAccount", false), None);
        assert_eq!(f.take("checkdomains", false), Some(FaultKind::Temporary421));
        assert_eq!(f.take("CheckDomains", false), Some(FaultKind::Temporary421));
        assert_eq!(f.take("CheckDomains", false), None);
    }

    #[test]
    fn latency_applies_until_reset_and_is_bounded() {
        let mut f = Faults::default();
        assert_eq!(f.latency(), 0);
        f.set_latency(150);
        assert_eq!(f.latency(), 150);
        assert_eq!(
            f.take("StatusDomain", false),
            None,
            "latency is not a fault"
        );
        f.set_latency(u64::MAX);
        assert_eq!(f.latency(), 10_000);
        assert_eq!(Faults::default().latency(), 0);
    }

    #[test]
    fn seeded_probabilities_repeat() {
        let run = || {
            let mut f = Faults::default();
            f.seed(42);
            f.arm(spec(r#"{"fault":"close","probability":0.5}"#))
                .unwrap();
            (0..32)
                .map(|_| f.take("X", false).is_some())
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert!(a.iter().any(|x| *x) && a.iter().any(|x| !*x));
    }
}
