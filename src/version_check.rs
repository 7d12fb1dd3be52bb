//! The Account widget's version check: which release is installed, and whether the release
//! manifest names a newer one. The widget fetches the manifest (sans-I/O: the core never does);
//! the core says where from and with which limits (`version_source`), and reads what came back
//! (`version_check`).
//!
//! Manifest: a JSON object with `version` (and optionally `url`), the shape of the original
//! module's `release.json` (hexonet/whmcs-ispapi-registrar: `{"version": "6.0.8", "date": …}`);
//! GitHub's "latest release" answer (`tag_name` "v1.2.3", `html_url`) is read too. Anything
//! else (an error page, garbage, a fetch that failed) shows the installed version only.

use crate::error::Result;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// The release these core files belong to (the workspace version; the PHP files check that the
/// .wasm is the same release, `Core::VERSION`).
pub const INSTALLED: &str = env!("CARGO_PKG_VERSION");

/// The registrar setting naming the manifest's URL (src/registrar/config.json).
const SETTING: &str = "ReleaseManifestUrl";

/// Limits for the widget's fetch: the dashboard must never wait long for it.
const CONNECT_TIMEOUT_MS: u32 = 1500;
const TIMEOUT_MS: u32 = 2500;
/// A manifest is a few hundred bytes; GitHub's release answer a few kilobytes.
const MAX_BYTES: usize = 64 * 1024;
/// A read manifest is kept a day; a failed fetch is retried after an hour, so an unreachable
/// URL costs the dashboard one timeout an hour at most.
const CACHE_SECONDS: u32 = 86_400;
const RETRY_SECONDS: u32 = 3_600;
/// Longer URLs are refused (browsers and proxies cut around 2 000 characters).
const MAX_URL_CHARS: usize = 2_000;

#[derive(Debug, Deserialize)]
pub struct SourceInput {
    /// The registrar's saved settings (getRegistrarConfigOptions); may be empty.
    #[serde(default)]
    pub params: Map<String, Value>,
}

/// Where and how the widget fetches the manifest.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Source {
    pub installed: &'static str,
    /// None: no check (switched off, or the setting is not an http(s) URL; `note` says which).
    pub url: Option<String>,
    pub note: Option<String>,
    pub connect_timeout_ms: u32,
    pub timeout_ms: u32,
    pub max_bytes: usize,
    pub cache_seconds: u32,
    pub retry_seconds: u32,
}

/// `version_source`: the manifest URL from the setting (empty or missing: the setting's
/// default in config.json; `off`: no check), with the fetch's limits.
pub fn source(input: SourceInput) -> Result<Source> {
    let saved = input
        .params
        .get(SETTING)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    let configured = if saved.is_empty() {
        default_url()?
    } else {
        saved.to_owned()
    };
    let (url, note) = if configured.eq_ignore_ascii_case("off") {
        (None, Some("the version check is switched off".to_owned()))
    } else if web_url(&configured) && placeholder(&configured) {
        // RFC 6761 §6.4: a name under .invalid never resolves; no request is made for it.
        let note =
            "the release manifest URL is the placeholder: set it to check for newer releases";
        (None, Some(note.to_owned()))
    } else if web_url(&configured) {
        (Some(configured), None)
    } else {
        let note = "the release manifest URL is not an http:// or https:// URL";
        (None, Some(note.to_owned()))
    };
    Ok(Source {
        installed: INSTALLED,
        url,
        note,
        connect_timeout_ms: CONNECT_TIMEOUT_MS,
        timeout_ms: TIMEOUT_MS,
        max_bytes: MAX_BYTES,
        cache_seconds: CACHE_SECONDS,
        retry_seconds: RETRY_SECONDS,
    })
}

fn default_url() -> Result<String> {
    let config = crate::registrar::config_array(Value::Null)?;
    Ok(config
        .get(SETTING)
        .and_then(|f| f.get("Default"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned())
}

/// An absolute http(s) URL without spaces or control characters, short enough to link to.
fn web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/'))
        && url.chars().count() <= MAX_URL_CHARS
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The URL's host is under the reserved .invalid top-level domain (the setting's default).
fn placeholder(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.');
    host.to_ascii_lowercase().ends_with(".invalid")
}

#[derive(Debug, Deserialize)]
pub struct CheckInput {
    /// The manifest's body; null when the fetch failed (unreachable, timeout, not HTTP 200).
    #[serde(default)]
    pub manifest: Option<String>,
}

/// What the widget shows: always the installed version; the latest and its link when the
/// manifest could be read.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Check {
    pub installed: &'static str,
    pub latest: Option<String>,
    /// The latest release is newer than the installed one (semantic versioning precedence).
    pub newer: bool,
    /// The release's page, only an http(s) URL.
    pub url: Option<String>,
    /// Why there is no comparison (for the module log), else None.
    pub note: Option<String>,
}

/// `version_check`: the manifest read and compared with the installed release.
pub fn check(input: CheckInput) -> Result<Check> {
    Ok(compare(INSTALLED, input.manifest.as_deref()))
}

fn compare(installed: &'static str, manifest: Option<&str>) -> Check {
    let mut out = Check {
        installed,
        latest: None,
        newer: false,
        url: None,
        note: None,
    };
    let Some(text) = manifest else {
        out.note = Some("the release manifest could not be fetched".to_owned());
        return out;
    };
    match read_manifest(text) {
        Some((latest, url)) => {
            out.newer = is_newer(&latest, installed);
            out.latest = Some(latest);
            out.url = url;
        }
        None => out.note = Some("the release manifest is not readable".to_owned()),
    }
    out
}

/// The latest version (without a leading "v") and its page, or None for anything unreadable.
fn read_manifest(text: &str) -> Option<(String, Option<String>)> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let value: Value = serde_json::from_str(text).ok()?;
    let field = |a: &str, b: &str| {
        value
            .get(a)
            .or_else(|| value.get(b))
            .and_then(Value::as_str)
            .map(str::trim)
    };
    let raw = field("version", "tag_name")?;
    let version = raw.strip_prefix(['v', 'V']).unwrap_or(raw);
    Version::parse(version)?;
    let url = field("url", "html_url")
        .filter(|u| web_url(u))
        .map(str::to_owned);
    Some((version.to_owned(), url))
}

/// `candidate` is a later release than `installed` (semver.org 2.0.0 §11 precedence); false
/// when either is not a version.
pub fn is_newer(candidate: &str, installed: &str) -> bool {
    match (Version::parse(candidate), Version::parse(installed)) {
        (Some(c), Some(i)) => c.cmp(&i) == Ordering::Greater,
        _ => false,
    }
}

/// MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]; build metadata does not count for precedence.
#[derive(Debug, PartialEq, Eq)]
struct Version<'a> {
    core: [u64; 3],
    pre: Vec<&'a str>,
}

impl<'a> Version<'a> {
    fn parse(text: &'a str) -> Option<Version<'a>> {
        let text = text.split_once('+').map_or(
            text,
            |(v, build)| {
                if identifiers_ok(build) {
                    v
                } else {
                    ""
                }
            },
        );
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) if identifiers_ok(pre) => (core, pre.split('.').collect()),
            Some(_) => return None,
            None => (text, Vec::new()),
        };
        let mut parts = core.split('.');
        let mut numbers = [0u64; 3];
        for n in &mut numbers {
            *n = number(parts.next()?)?;
        }
        if parts.next().is_some() {
            return None;
        }
        Some(Version { core: numbers, pre })
    }
}

/// A numeric identifier: digits, no leading zero (semver §2).
fn number(s: &str) -> Option<u64> {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

/// Dot-separated, non-empty identifiers of [0-9A-Za-z-] (semver §9, §10).
fn identifiers_ok(s: &str) -> bool {
    s.split('.')
        .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.core.cmp(&other.core).then_with(|| {
            // A pre-release comes before its release (§11.3).
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => pre_cmp(&self.pre, &other.pre),
            }
        })
    }
}

impl PartialOrd for Version<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// §11.4: numeric identifiers numerically and below alphanumeric ones, others in ASCII
/// order; a longer list wins when all before are equal.
fn pre_cmp(a: &[&str], b: &[&str]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_release_is_newer_and_an_equal_or_earlier_one_is_not() {
        assert!(is_newer("1.2.4", "1.2.3"));
        assert!(is_newer("1.10.0", "1.9.9"), "numbers, not text");
        assert!(is_newer("2.0.0", "1.99.99"));
        assert!(!is_newer("1.2.3", "1.2.3"));
        assert!(
            !is_newer("1.2.3+build.7", "1.2.3"),
            "build metadata has no precedence"
        );
        assert!(!is_newer("1.2.2", "1.2.3"));
        assert!(!is_newer("0.9.0", "0.10.0"));
    }

    #[test]
    fn pre_releases_follow_semver_precedence() {
        // semver.org §11's example chain, each later than the one before.
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ];
        for pair in chain.windows(2) {
            assert!(is_newer(pair[1], pair[0]), "{} > {}", pair[1], pair[0]);
            assert!(!is_newer(pair[0], pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn what_is_not_a_version_is_never_newer() {
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.x",
            "latest",
            "1.2.3-",
            "1.2.3-a..b",
            " 9.9.9",
            "99999999999999999999.0.0",
        ] {
            assert!(!is_newer(bad, "0.1.0"), "{bad:?}");
        }
    }

    #[test]
    fn the_manifest_names_the_latest_release_and_its_page() {
        let c = compare(
            "0.1.0",
            Some(
                r#"{"version": "0.2.0", "date": "2026-12-01", "url": "https://example.org/r/0.2.0"}"#,
            ),
        );
        assert_eq!(c.latest.as_deref(), Some("0.2.0"));
        assert!(c.newer);
        assert_eq!(c.url.as_deref(), Some("https://example.org/r/0.2.0"));
        // GitHub's latest-release answer.
        let c = compare(
            "0.1.0",
            Some(
                r#"{"tag_name": "v0.1.0", "html_url": "https://github.com/o/r/releases/tag/v0.1.0"}"#,
            ),
        );
        assert_eq!((c.latest.as_deref(), c.newer), (Some("0.1.0"), false));
    }

    #[test]
    fn garbage_or_a_failed_fetch_shows_the_installed_version_only() {
        for manifest in [
            None,
            Some("<html>502 Bad Gateway</html>"),
            Some("[]"),
            Some(r#"{"version": 2}"#),
            Some(r#"{"version": "next"}"#),
        ] {
            let c = compare("0.1.0", manifest);
            assert_eq!(
                (c.installed, c.latest, c.newer),
                ("0.1.0", None, false),
                "{manifest:?}"
            );
            assert!(c.note.is_some());
        }
    }

    #[test]
    fn a_link_that_is_not_http_is_dropped() {
        let c = compare(
            "0.1.0",
            Some(r#"{"version": "9.0.0", "url": "javascript:alert(1)"}"#),
        );
        assert_eq!(
            (c.latest.as_deref(), c.newer, c.url),
            (Some("9.0.0"), true, None)
        );
    }

    #[test]
    fn the_setting_names_the_manifest_or_switches_the_check_off() {
        let with = |v: Value| {
            let mut params = Map::new();
            params.insert(SETTING.to_owned(), v);
            source(SourceInput { params }).unwrap()
        };
        // The default is the .invalid placeholder until releases are published: no request.
        let default = source(SourceInput { params: Map::new() }).unwrap();
        assert_eq!(default.url, None);
        assert!(default.note.as_deref().unwrap().contains("placeholder"));
        assert!(placeholder(&default_url().unwrap()));
        assert_eq!(with("".into()), default, "empty means the default");
        assert_eq!(with("https://u@x.INVALID.:8/r.json".into()).url, None);
        assert_eq!(
            with("https://invalid.example/r.json".into()).url.as_deref(),
            Some("https://invalid.example/r.json")
        );
        assert_eq!(
            with(" http://127.0.0.1:9/release.json ".into())
                .url
                .as_deref(),
            Some("http://127.0.0.1:9/release.json")
        );
        assert_eq!(with("off".into()).url, None);
        let file = with("file:///etc/passwd".into());
        assert_eq!(file.url, None);
        assert!(file.note.is_some());
        assert!(default.timeout_ms <= 3000);
    }
}
