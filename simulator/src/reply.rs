//! Writing the API's plain-text `[RESPONSE]` format (the core only parses it).
//!
//! ISPAPI writes upper-case property names and LF line ends; CNR writes lower-case names and
//! CRLF, as its SDK fixtures show. Both parse to the same columns with `ispapi_core::wire::parse`.

use crate::protocol::Flavour;

/// One API response before it is written out.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub code: u16,
    pub description: String,
    /// Top-level lines other than code/description, such as `PENDING = 1`.
    pub extra: Vec<(String, String)>,
    /// Columns in order; each is the list of row values.
    pub properties: Vec<(String, Vec<String>)>,
}

impl Reply {
    pub fn new(code: u16, description: impl Into<String>) -> Reply {
        Reply {
            code,
            description: description.into(),
            extra: Vec::new(),
            properties: Vec::new(),
        }
    }

    /// 200 Command completed successfully.
    pub fn ok() -> Reply {
        Reply::code(200)
    }

    /// A reply with the API's standard description for `code`.
    pub fn code(code: u16) -> Reply {
        Reply::new(code, description(code))
    }

    /// A reply with the standard description and a detail after `; `, as the API writes them.
    pub fn detail(code: u16, detail: impl AsRef<str>) -> Reply {
        Reply::new(code, format!("{}; {}", description(code), detail.as_ref()))
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// Appends one value to a column, creating the column on first use.
    pub fn push(&mut self, name: &str, value: impl Into<String>) {
        self.column(name).push(value.into());
    }

    /// Builder form of [`Reply::push`].
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.push(name, value);
        self
    }

    /// Appends several values to a column (the column exists even when `values` is empty).
    pub fn extend<I, S>(&mut self, name: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let column = self.column(name);
        column.extend(values.into_iter().map(Into::into));
    }

    pub fn column(&mut self, name: &str) -> &mut Vec<String> {
        let index = match self.properties.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.properties.push((name.to_owned(), Vec::new()));
                self.properties.len() - 1
            }
        };
        &mut self.properties[index].1
    }

    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Adds the top-level `PENDING = 1` line of commands that finish later at the registry.
    pub fn pending(mut self) -> Reply {
        self.extra.push(("PENDING".into(), "1".into()));
        self
    }

    /// The response body as the API sends it.
    pub fn render(&self, flavour: Flavour, runtime_secs: f64) -> String {
        let nl = match flavour {
            Flavour::Ispapi => "\n",
            Flavour::Cnr => "\r\n",
        };
        let mut out = String::with_capacity(64 + self.properties.len() * 48);
        out.push_str("[RESPONSE]");
        out.push_str(nl);
        line(&mut out, "code", &self.code.to_string(), nl);
        line(&mut out, "description", &self.description, nl);
        for (k, v) in &self.extra {
            line(&mut out, &k.to_ascii_lowercase(), v, nl);
        }
        for (name, values) in &self.properties {
            let name = match flavour {
                Flavour::Ispapi => name.clone(),
                Flavour::Cnr => name.to_ascii_lowercase(),
            };
            for (i, v) in values.iter().enumerate() {
                line(&mut out, &format!("property[{name}][{i}]"), v, nl);
            }
        }
        line(&mut out, "queuetime", "0", nl);
        line(&mut out, "runtime", &format!("{runtime_secs:.3}"), nl);
        out.push_str("EOF");
        out.push_str(nl);
        out
    }
}

/// The protocol has no escaping: a line break inside a value would start a new line of the
/// response, so values are flattened to one line.
fn line(out: &mut String, key: &str, value: &str, nl: &str) {
    out.push_str(key);
    out.push_str(" = ");
    if value.contains(['\r', '\n']) {
        out.extend(
            value
                .chars()
                .map(|c| if c == '\r' || c == '\n' { ' ' } else { c }),
        );
    } else {
        out.push_str(value);
    }
    out.push_str(nl);
}

/// The API's standard description of each code (public API documentation, response tables).
pub fn description(code: u16) -> &'static str {
    match code {
        200 => "Command completed successfully",
        210 => "Domain name available",
        211 => "Domain name not available",
        212 => "Nameserver is available",
        213 => "Nameserver is not available",
        218 => "Request is available",
        219 => "Request is not available",
        420 => "Command failed due to server error. Server closing connection",
        421 => "Command failed due to server error. Client should try again",
        423 => {
            "Command failed due to server error. Client should try again (Could not get session)"
        }
        425 => "Service temporarily locked; usage exceeded",
        500 => "Invalid command name",
        501 => "Invalid command option",
        502 => "Invalid entity value",
        503 => "Invalid attribute name",
        504 => "Missing required attribute",
        505 => "Invalid attribute value syntax",
        506 => "Invalid option value",
        507 => "Invalid command format",
        510 => "Command not supported for this class",
        530 => "Authentication failed",
        531 => "Authorization failed",
        532 => "Domain names linked with name server",
        534 => "Object has not been flagged for transfer",
        536 => "Object already flagged for transfer",
        540 => "Attribute value is not unique",
        541 => "Invalid attribute value",
        543 => "Final or implicit attribute cannot be updated",
        545 => "Object not found",
        546 => "Credit limit exceeded",
        547 => "Invalid command sequence",
        548 => "Object is not up for renewal",
        549 => "Command failed",
        552 => "Object status does not allow for operation",
        553 => "Operation not allowed. Object pending transfer",
        554 => "Object already registered",
        555 => "Object already renewed",
        _ => "Command failed",
    }
}

impl From<rusqlite::Error> for Reply {
    fn from(e: rusqlite::Error) -> Reply {
        Reply::detail(549, format!("simulator storage error: {e}"))
    }
}

impl From<serde_json::Error> for Reply {
    fn from(e: serde_json::Error) -> Reply {
        Reply::detail(549, format!("simulator storage error: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ispapi_core::wire::parse;

    #[test]
    fn a_rendered_reply_parses_back_with_the_core() {
        let mut r = Reply::ok().pending();
        r.extend("DOMAIN", ["a.com", "b.net"]);
        r.push("X", "a=b\nCOMMAND=x");
        for flavour in [Flavour::Ispapi, Flavour::Cnr] {
            let parsed = parse(&r.render(flavour, 0.01));
            assert_eq!(parsed.code, 200);
            assert_eq!(
                parsed.properties["DOMAIN"],
                serde_json::json!(["a.com", "b.net"])
            );
            assert_eq!(parsed.properties["X"][0], "a=b COMMAND=x");
        }
    }
}
