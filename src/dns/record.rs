//! Resource-record lines as the API lists them (`www.example.com. 3600 IN A 192.0.2.1`) and
//! the presentation format of TXT data.

use super::name::Zone;

/// One line of `QueryDNSZoneRRList`, split into its fields. `line` is kept verbatim: a record
/// is deleted by sending exactly the line the API listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: String,
    /// Absolute, lower case, with the final dot.
    pub name: String,
    pub ttl: u32,
    /// Upper case (`A`, `MX`, `X-HTTP`).
    pub rtype: String,
    /// Everything after the type, trimmed.
    pub data: String,
}

/// The TTL of records the customer adds (the API's own default).
pub const DEFAULT_TTL: u32 = 3600;

/// Reads `name [ttl] [class] TYPE data…`; `None` for a line that is not a record.
pub fn parse_line(zone: &Zone, line: &str) -> Option<Record> {
    let mut rest = line.trim();
    let (name, after) = next_token(rest)?;
    rest = after;
    let mut ttl = DEFAULT_TTL;
    let (mut token, mut after) = next_token(rest)?;
    if token.bytes().all(|b| b.is_ascii_digit()) {
        ttl = token.parse().ok()?;
        (token, after) = next_token(after)?;
    }
    if token.eq_ignore_ascii_case("IN") {
        (token, after) = next_token(after)?;
    }
    let data = after.trim();
    if data.is_empty() {
        return None;
    }
    Some(Record {
        line: line.trim().to_owned(),
        name: zone.absolute_listed(name),
        ttl,
        rtype: token.to_ascii_uppercase(),
        data: data.to_owned(),
    })
}

fn next_token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// The most a character-string holds (RFC 1035 §3.3).
const TXT_STRING_MAX: usize = 255;

/// TXT data in presentation format (`"v=spf1 -all"`, `"part one" "part two"`, `unquoted`,
/// `\"` and `\DDD` escapes) → its text, the strings joined as SPF and DKIM readers join them.
/// `None` when the data is not well formed or its bytes are not UTF-8.
pub fn txt_text(data: &str) -> Option<String> {
    let bytes = data.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => i += 1,
            b'"' => {
                i += 1;
                loop {
                    match *bytes.get(i)? {
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\\' => i = unescape(bytes, i, &mut out)?,
                        b => {
                            out.push(b);
                            i += 1;
                        }
                    }
                }
            }
            _ => {
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t') {
                    match bytes[i] {
                        b'"' => return None,
                        b'\\' => i = unescape(bytes, i, &mut out)?,
                        b => {
                            out.push(b);
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    String::from_utf8(out).ok()
}

/// One escape at `bytes[i] == b'\\'`: `\X` is X, `\DDD` the byte with that decimal value.
fn unescape(bytes: &[u8], i: usize, out: &mut Vec<u8>) -> Option<usize> {
    let next = *bytes.get(i + 1)?;
    if next.is_ascii_digit() {
        let digits = bytes.get(i + 1..i + 4)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let value: u32 = digits.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0'));
        out.push(u8::try_from(value).ok()?);
        Some(i + 4)
    } else {
        out.push(next);
        Some(i + 2)
    }
}

/// Text → TXT data: quoted strings of at most 255 bytes each, cut at character boundaries so
/// that UTF-8 stays whole, with `"` and `\` escaped.
pub fn txt_data(text: &str) -> String {
    let mut strings = Vec::new();
    let mut current = String::new();
    let mut size = 0;
    for c in text.chars() {
        if size + c.len_utf8() > TXT_STRING_MAX {
            strings.push(std::mem::take(&mut current));
            size = 0;
        }
        if c == '"' || c == '\\' {
            current.push('\\');
        }
        current.push(c);
        size += c.len_utf8();
    }
    if !current.is_empty() || strings.is_empty() {
        strings.push(current);
    }
    strings
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_and_without_ttl_and_class() {
        let z = Zone::new("example.com").unwrap();
        let r = parse_line(&z, "www.example.com. 600 IN A 192.0.2.1").unwrap();
        assert_eq!(
            (r.name.as_str(), r.ttl, r.rtype.as_str(), r.data.as_str()),
            ("www.example.com.", 600, "A", "192.0.2.1")
        );
        let r = parse_line(&z, "@ mx 10 mail").unwrap();
        assert_eq!(
            (r.name.as_str(), r.ttl, r.rtype.as_str()),
            ("example.com.", 3600, "MX")
        );
        assert!(parse_line(&z, "www.example.com. 600 IN A").is_none());
        assert!(parse_line(&z, "").is_none());
        assert!(parse_line(&z, "x 99999999999999 IN A 1.2.3.4").is_none());
    }

    #[test]
    fn txt_strings_are_joined_and_unescaped() {
        assert_eq!(txt_text(r#""v=spf1 -all""#).unwrap(), "v=spf1 -all");
        assert_eq!(txt_text(r#""a" "b""#).unwrap(), "ab");
        assert_eq!(txt_text(r#""say \"hi\"""#).unwrap(), r#"say "hi""#);
        assert_eq!(txt_text(r#""caf\195\169""#).unwrap(), "café");
        assert_eq!(txt_text("plain"), Some("plain".into()));
        assert!(txt_text(r#""open"#).is_none());
        assert!(txt_text(r#""\999""#).is_none());
        assert!(txt_text(r#""\255""#).is_none(), "not UTF-8");
    }

    #[test]
    fn long_text_is_cut_into_strings_at_character_boundaries() {
        let text = "é".repeat(200); // 400 bytes
        let data = txt_data(&text);
        assert_eq!(data.matches('"').count(), 4);
        assert_eq!(txt_text(&data).unwrap(), text);
        assert_eq!(txt_data(""), "\"\"");
        assert_eq!(txt_data(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
