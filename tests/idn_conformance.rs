//! Unicode's UTS #46 conformance file, run natively and through the built `.wasm`.
//!
//! The file is `IdnaTestV2.txt` as shipped inside the `idna` crate's package (it is read there,
//! not copied into this repository; the version is the one `Cargo.lock` pins). Each line is
//! three cases: toUnicode, toASCII nontransitional (toAsciiN) and toASCII transitional
//! (toAsciiT). A case passes when an expected error is an error and an expected value is that
//! value. All processing flags are on (CheckHyphens, CheckBidi, CheckJoiners,
//! UseSTD3ASCIIRules, VerifyDnsLength), so no status code is ignored. Two lines hold a lone
//! UTF-16 surrogate, which no UTF-8 string (nor JSON text) can carry; the file allows such
//! implementations to skip them, and they are counted as skipped.
//!
//! The file is Unicode 16.0's; the `idna` crate's mapping data comes from ICU4X 2.4, which is
//! newer and assigns four code points the file still treats as unassigned (status V7): the CJK
//! ideographs U+32931 and U+32B9A and the plane-3 letters U+3E8AC and U+3F8CD (ICU4X reports
//! them as General_Category Lo). Cases whose only expected error comes from these are counted
//! apart as data-version differences; every other case must pass.

mod common;

use core_host::{Core, Options};
use ispapi_core::idn::{self, Processing};
use serde_json::{json, Value};
use std::path::PathBuf;

/// One line of the conformance file, with the file's blank-means-previous rules applied.
struct Case {
    line: usize,
    source: String,
    /// The toUnicode column as written, to see which characters a case is about.
    unicode_text: String,
    to_unicode: Expect,
    to_ascii_n: Expect,
    to_ascii_t: Expect,
}

/// A value, or an error (the file's status codes; which code does not matter for conformance).
#[derive(Clone, Debug, PartialEq)]
enum Expect {
    Value(String),
    Error(String),
}

impl Expect {
    fn accepts(&self, got: &Result<String, String>) -> bool {
        match (self, got) {
            (Expect::Value(want), Ok(value)) => want == value,
            (Expect::Error(_), Err(_)) => true,
            _ => false,
        }
    }
}

/// The package directory of the `idna` version in `Cargo.lock`, under the cargo registry.
fn idna_test_file() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"idna\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .expect("idna is in Cargo.lock");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registry = cargo_home.join("registry/src");
    for index in std::fs::read_dir(&registry).expect("the cargo registry") {
        let file = index
            .expect("registry entry")
            .path()
            .join(format!("idna-{version}/tests/IdnaTestV2.txt"));
        if file.exists() {
            return file;
        }
    }
    panic!("IdnaTestV2.txt of idna {version} not found under {registry:?}");
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex: String = match chars.next() {
            Some('u') => chars.by_ref().take(4).collect(),
            Some('x') => {
                assert_eq!(chars.next(), Some('{'));
                chars.by_ref().take_while(|c| *c != '}').collect()
            }
            Some('\\') => {
                out.push('\\');
                continue;
            }
            other => panic!("unknown escape \\{other:?} in {s}"),
        };
        // None for a lone surrogate: not a Unicode scalar value.
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
    }
    Some(out)
}

/// `(cases, skipped lines)`.
fn cases() -> (Vec<Case>, Vec<usize>) {
    let text = std::fs::read_to_string(idna_test_file()).expect("IdnaTestV2.txt is readable");
    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let data = line.split('#').next().unwrap_or_default();
        if data.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = data.split(';').map(str::trim).collect();
        assert!(cols.len() >= 7, "line {line_no} has {} columns", cols.len());
        let field = |s: &str| -> Option<Option<String>> {
            match s {
                "" => Some(None),
                "\"\"" => Some(Some(String::new())),
                s => unescape(s).map(Some),
            }
        };
        let Some(Some(source)) = field(cols[0]) else {
            match field(cols[0]) {
                Some(None) => panic!("line {line_no}: empty source"),
                _ => {
                    skipped.push(line_no);
                    continue;
                }
            }
        };
        let status = |s: &str| s.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
        let Some(u) = field(cols[1]) else {
            skipped.push(line_no);
            continue;
        };
        let to_unicode = u.unwrap_or_else(|| source.clone());
        let u_status = status(cols[2]);
        let to_ascii_n = field(cols[3])
            .flatten()
            .unwrap_or_else(|| to_unicode.clone());
        let n_status = if cols[4].is_empty() {
            u_status.clone()
        } else {
            status(cols[4])
        };
        let to_ascii_t = field(cols[5])
            .flatten()
            .unwrap_or_else(|| to_ascii_n.clone());
        let t_status = if cols[6].is_empty() {
            n_status.clone()
        } else {
            status(cols[6])
        };
        let expect = |value: String, status: String| {
            if status.is_empty() {
                Expect::Value(value)
            } else {
                Expect::Error(status)
            }
        };
        cases.push(Case {
            line: line_no,
            unicode_text: to_unicode.clone(),
            source,
            to_unicode: expect(to_unicode, u_status),
            to_ascii_n: expect(to_ascii_n, n_status),
            to_ascii_t: expect(to_ascii_t, t_status),
        });
    }
    (cases, skipped)
}

/// The three results for every case, in order: (toUnicode, toAsciiN, toAsciiT).
type Outcomes = Vec<[Result<String, String>; 3]>;

/// Assigned in the ICU4X data of the `idna` crate, unassigned in the Unicode 16.0 test file.
const NEWER_IN_DATA: [char; 4] = ['\u{32931}', '\u{32B9A}', '\u{3E8AC}', '\u{3F8CD}'];

/// Counts passes and lists the first failures.
fn score(name: &str, cases: &[Case], outcomes: &Outcomes, skipped: &[usize]) {
    let mut passed = 0;
    let mut version_differences = 0;
    let mut failures = Vec::new();
    for (case, got) in cases.iter().zip(outcomes) {
        for (what, want, got) in [
            ("toUnicode", &case.to_unicode, &got[0]),
            ("toAsciiN", &case.to_ascii_n, &got[1]),
            ("toAsciiT", &case.to_ascii_t, &got[2]),
        ] {
            if want.accepts(got) {
                passed += 1;
            } else if matches!(want, Expect::Error(status) if status == "V7")
                && got.is_ok()
                && case.unicode_text.contains(NEWER_IN_DATA)
            {
                version_differences += 1;
            } else {
                failures.push(format!(
                    "line {} {what} of {:?}: want {want:?}, got {got:?}",
                    case.line, case.source
                ));
            }
        }
    }
    let total = cases.len() * 3;
    println!(
        "IdnaTestV2 ({name}): {passed} of {total} cases passed ({} lines × 3); \
         {version_differences} differ only by the newer Unicode data; {} failed; \
         {} lines skipped {skipped:?}",
        cases.len(),
        failures.len(),
        skipped.len()
    );
    assert!(
        failures.is_empty(),
        "{name}: {} failures, first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
    // Only the two lone-surrogate lines may be skipped.
    assert!(skipped.len() <= 2, "{name}: skipped {skipped:?}");
}

#[test]
fn idna_test_v2_passes_natively() {
    let (cases, skipped) = cases();
    assert!(cases.len() > 6000, "only {} cases parsed", cases.len());
    let outcomes: Outcomes = cases
        .iter()
        .map(|c| {
            [
                idn::to_unicode(&c.source),
                idn::to_ascii_with(&c.source, Processing::Nontransitional),
                idn::to_ascii_with(&c.source, Processing::Transitional),
            ]
        })
        .collect();
    score("native", &cases, &outcomes, &skipped);
}

fn wasm_convert(core: &mut Core, sources: &[String], to: &str, processing: &str) -> Vec<Value> {
    let args = json!({ "domains": sources, "to": to, "processing": processing });
    let bytes = core
        .call("idn_convert", args.to_string().as_bytes())
        .expect("no trap");
    let v: Value = serde_json::from_slice(&bytes).expect("envelope is JSON");
    v["ok"]["results"]
        .as_array()
        .unwrap_or_else(|| panic!("idn_convert failed: {v}"))
        .clone()
}

fn as_result(v: &Value, key: &str) -> Result<String, String> {
    match (v[key].as_str(), v["error"].as_str()) {
        (Some(value), None) => Ok(value.to_owned()),
        (None, Some(e)) => Err(e.to_owned()),
        _ => panic!("result has neither {key} nor error: {v}"),
    }
}

#[test]
fn idna_test_v2_passes_through_the_wasm_build() {
    let (cases, skipped) = cases();
    let mut core = Core::load(common::core_wasm(), Options::default()).expect("core loads");
    let sources: Vec<String> = cases.iter().map(|c| c.source.clone()).collect();
    let unicode = wasm_convert(&mut core, &sources, "unicode", "auto");
    let ascii_n = wasm_convert(&mut core, &sources, "ascii", "nontransitional");
    let ascii_t = wasm_convert(&mut core, &sources, "ascii", "transitional");
    assert_eq!(unicode.len(), cases.len());
    let outcomes: Outcomes = (0..cases.len())
        .map(|i| {
            [
                as_result(&unicode[i], "unicode"),
                as_result(&ascii_n[i], "ascii"),
                as_result(&ascii_t[i], "ascii"),
            ]
        })
        .collect();
    score("wasm", &cases, &outcomes, &skipped);
}
