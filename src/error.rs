//! The one error type of the core: a stable machine-readable code and a human message.

use serde::Serialize;
use std::fmt;

/// An error returned by any core function. `code` is stable (hosts may match on it);
/// `message` is for people and may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoreError {
    pub code: &'static str,
    pub message: String,
}

impl CoreError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CoreError {
            code,
            message: message.into(),
        }
    }

    /// The caller's arguments do not have the documented shape.
    pub fn invalid_args(message: impl Into<String>) -> Self {
        Self::new("invalid_args", message)
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CoreError {}

pub type Result<T> = std::result::Result<T, CoreError>;

/// The most characters of one value that a message quotes (see [`quoted`]).
pub const QUOTED_CHARS: usize = 40;

/// The most characters that a message shows of a longer text that may hold input: an API
/// reply's description, a JSON parser's complaint (which quotes the unexpected key or value).
pub const TEXT_CHARS: usize = 300;

/// A value from input or from an API reply, made safe for a message: WHMCS shows module errors,
/// activity-log lines and client-area messages without escaping them (admin pages, admin
/// e-mails), and it hands form input HTML-encoded, which the core decodes. So markup is
/// HTML-escaped again (`<` `>` `&` `"` `'`), a character that would start another line or
/// hide text (CR, LF, NUL, U+2028, bidi controls …) is shown as its escape (`\n`, `\u{2028}`),
/// and the value is cut to `max_chars` characters (with "…").
///
/// Every message that carries such a value goes through here or [`quoted`]; prefer naming the
/// field and what is wrong without the value.
pub fn shown(value: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(value.len().min(max_chars * 2) + 8);
    let mut chars = value.chars();
    for c in chars.by_ref().take(max_chars) {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if hidden(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// [`shown`] with at most [`QUOTED_CHARS`] characters, between typographic quotes (not `"`,
/// which could close an HTML attribute): `“www”`.
pub fn quoted(value: &str) -> String {
    format!("“{}”", shown(value, QUOTED_CHARS))
}

/// Control characters, line and paragraph separators, and the invisible formatting characters
/// that reorder or hide text (bidi overrides and isolates, zero-width characters, BOM).
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_lines_cannot_be_started() {
        assert_eq!(
            shown("<img src=x onerror=\"a('b')\">&", 80),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
        assert_eq!(
            shown("a\r\nb\0c\u{2028}d\u{202E}", 80),
            "a\\r\\nb\\u{0}c\\u{2028}d\\u{202e}"
        );
        assert_eq!(shown("Zoë 🦄", 80), "Zoë 🦄");
    }

    #[test]
    fn long_values_are_cut_by_characters_before_escaping() {
        assert_eq!(shown(&"Ω".repeat(3000), 3), "ΩΩΩ…");
        assert_eq!(shown("<<<<", 2), "&lt;&lt;…");
        assert_eq!(shown("abc", 3), "abc");
        assert_eq!(quoted("www"), "“www”");
        assert_eq!(quoted(&"x".repeat(41)), format!("“{}…”", "x".repeat(40)));
    }
}
