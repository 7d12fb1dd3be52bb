//! Encoding a command into the `KEY=VALUE` lines of `s_command`.
//!
//! The protocol has no escaping: a line break inside a value would start a new parameter (a
//! customer's "street" could append `COMMAND=DeleteDomain`). So every value goes through
//! [`clean_value`], which removes CR, LF and NUL the way the official SDKs remove CR and LF.

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A command as hosts send it: `{"COMMAND": "CheckDomains", "DOMAIN": ["a.com"], ...}`.
pub type Command = Map<String, Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncodeInput {
    pub command: Command,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Encoded {
    pub text: String,
}

/// `encode_command`: the command's `s_command` text.
pub fn encode_command(input: EncodeInput) -> Result<Encoded> {
    let lines = encode_lines(&input.command)?;
    Ok(Encoded {
        text: lines
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// The command as ordered `(KEY, value)` pairs: `COMMAND` first, then the caller's order, with
/// arrays expanded to `KEY0..KEYn`. Keys are upper-cased, as the SDKs do (the API ignores case).
pub fn encode_lines(command: &Command) -> Result<Vec<(String, String)>> {
    let mut lines: Vec<(String, String)> = Vec::with_capacity(command.len() + 4);
    let mut names = command
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("COMMAND"));
    let name = names.next().map(|(_, v)| v);
    if names.next().is_some() {
        return Err(duplicate("COMMAND"));
    }
    match name {
        Some(Value::String(s)) if !clean_value(s).trim().is_empty() => {
            lines.push(("COMMAND".to_owned(), clean_value(s)));
        }
        _ => {
            return Err(CoreError::new(
                "missing_command",
                "the command needs a non-empty COMMAND name",
            ))
        }
    }
    for (key, value) in command {
        if key.eq_ignore_ascii_case("COMMAND") {
            continue;
        }
        check_key(key)?;
        let key = key.to_ascii_uppercase();
        match value {
            Value::Null => {}
            Value::Array(items) => {
                let mut index = 0usize;
                for item in items {
                    if let Some(text) = scalar(&key, item)? {
                        lines.push((format!("{key}{index}"), text));
                        index += 1;
                    }
                }
            }
            other => {
                if let Some(text) = scalar(&key, other)? {
                    lines.push((key, text));
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::with_capacity(lines.len());
    for (k, _) in &lines {
        if !seen.insert(k.as_str()) {
            return Err(duplicate(k));
        }
    }
    Ok(lines)
}

fn duplicate(key: &str) -> CoreError {
    CoreError::new(
        "duplicate_key",
        format!("the parameter {key} is given more than once"),
    )
}

/// Keys are sent raw, so only plain ASCII names are accepted (`X-DE-ACCEPT-TRUSTEE-TAC`, `DOMAIN0`).
fn check_key(key: &str) -> Result<()> {
    let mut chars = key.chars();
    let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(CoreError::new(
            "invalid_key",
            format!(
                "{} is not a valid parameter name (letters, digits, '_', '-', '.')",
                crate::error::quoted(key)
            ),
        ))
    }
}

/// A scalar value as text; `None` for null (dropped).
fn scalar(key: &str, value: &Value) -> Result<Option<String>> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => Some(clean_value(s)),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => {
            return Err(CoreError::new(
                "invalid_value",
                format!("the value of {key} must be text, a number, a boolean or a list of those"),
            ))
        }
    })
}

/// Removes the characters that could end a line or a C string in the API's command parser.
pub(crate) fn clean_value(s: &str) -> String {
    if s.contains(['\r', '\n', '\0']) {
        s.chars()
            .filter(|c| !matches!(c, '\r' | '\n' | '\0'))
            .collect()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encode(v: Value) -> Result<String> {
        let command = v.as_object().unwrap().clone();
        encode_command(EncodeInput { command }).map(|e| e.text)
    }

    #[test]
    fn arrays_become_numbered_keys_in_order() {
        let text = encode(json!({"COMMAND":"CheckDomains","DOMAIN":["a.com","b.net"]})).unwrap();
        assert_eq!(text, "COMMAND=CheckDomains\nDOMAIN0=a.com\nDOMAIN1=b.net");
    }

    #[test]
    fn command_goes_first_and_keys_are_upper_cased() {
        let text = encode(json!({"domain":"a.com","command":"StatusDomain"})).unwrap();
        assert_eq!(text, "COMMAND=StatusDomain\nDOMAIN=a.com");
    }

    #[test]
    fn line_breaks_in_values_cannot_start_a_parameter() {
        let text =
            encode(json!({"COMMAND":"ModifyContact","STREET":"x\nCOMMAND=DeleteDomain\r\n"}))
                .unwrap();
        assert_eq!(text, "COMMAND=ModifyContact\nSTREET=xCOMMAND=DeleteDomain");
        let text = encode(json!({"COMMAND":"A\nB"})).unwrap();
        assert_eq!(text, "COMMAND=AB");
    }

    #[test]
    fn case_variants_of_one_key_are_refused() {
        let err = encode(json!({"COMMAND":"X","domain":"a","DOMAIN":"b"})).unwrap_err();
        assert_eq!(err.code, "duplicate_key");
        let err = encode(json!({"COMMAND":"X","command":"Y"})).unwrap_err();
        assert_eq!(err.code, "duplicate_key");
        let err = encode(json!({"COMMAND":"X","DOMAIN":["a"],"DOMAIN0":"b"})).unwrap_err();
        assert_eq!(err.code, "duplicate_key");
    }

    #[test]
    fn bad_keys_and_values_are_refused() {
        assert_eq!(
            encode(json!({"COMMAND":"X","A B":"1"})).unwrap_err().code,
            "invalid_key"
        );
        assert_eq!(
            encode(json!({"COMMAND":"X","A\nB":"1"})).unwrap_err().code,
            "invalid_key"
        );
        assert_eq!(
            encode(json!({"COMMAND":"X","A":{"b":1}})).unwrap_err().code,
            "invalid_value"
        );
        assert_eq!(
            encode(json!({"COMMAND":"X","A":[[1]]})).unwrap_err().code,
            "invalid_value"
        );
        assert_eq!(
            encode(json!({"DOMAIN":"a"})).unwrap_err().code,
            "missing_command"
        );
        assert_eq!(
            encode(json!({"COMMAND":" \n"})).unwrap_err().code,
            "missing_command"
        );
    }
}
