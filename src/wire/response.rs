//! Parsing the API's plain-text `[RESPONSE]` format.
//!
//! A body that is not a complete API response (empty, an HTML error page from a proxy, cut off
//! before `EOF`) becomes a well-formed temporary error with the SDKs' own code 423, so callers
//! handle one shape. A truncated list must never pass as a shorter list: the monitoring diff
//! would take the missing rows for missing domains.

use crate::error::Result;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Map;
use std::borrow::Cow;
use std::collections::HashMap;

/// `parse_response`'s arguments. The body borrows from them: MessagePack strings and JSON
/// strings without escapes are not copied (a JSON body with `\n` escapes must be unescaped).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseInput<'a> {
    #[serde(borrow)]
    pub text: Cow<'a, str>,
}

/// `redact_response`'s arguments (owned: the boundary's `run` takes owned inputs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactInput {
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 2xx: the command was carried out (210/211 are answers of CheckDomains).
    Success,
    /// 4xx: try again later (421 is the one the API asks to retry).
    TemporaryError,
    /// 5xx and anything else: permanent.
    Error,
}

impl Kind {
    pub fn of(code: u16) -> Kind {
        match code {
            200..=299 => Kind::Success,
            400..=499 => Kind::TemporaryError,
            _ => Kind::Error,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    pub first: u64,
    pub last: Option<u64>,
    pub count: u64,
    pub total: u64,
    pub limit: u64,
    pub page: u64,
    pub pages: u64,
    /// The FIRST to ask for to get the next page; `None` on the last page.
    pub next_first: Option<u64>,
}

/// A parsed reply. Hosts hand it back to the core as they got it (registrar transcripts), so
/// it deserialises too; PHP turns an empty `properties` object into `[]`, which is accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub code: u16,
    pub description: String,
    pub success: bool,
    pub kind: Kind,
    pub queuetime: Option<f64>,
    pub runtime: Option<f64>,
    /// Column names in order of first appearance.
    pub columns: Vec<String>,
    /// Column → values by row index; gaps are "".
    #[serde(deserialize_with = "map_or_empty_list")]
    pub properties: Map<String, serde_json::Value>,
    pub pagination: Pagination,
}

fn map_or_empty_list<'de, D>(d: D) -> std::result::Result<Map<String, serde_json::Value>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Object(m) => Ok(m),
        serde_json::Value::Array(a) if a.is_empty() => Ok(Map::new()),
        _ => Err(serde::de::Error::custom("properties must be an object")),
    }
}

/// Code the SDKs give an empty or unparsable body.
pub const CODE_INVALID_RESPONSE: u16 = 423;
/// Code the SDKs give a request that got no HTTP reply; the API uses it for "try again".
pub const CODE_TRANSPORT_FAILURE: u16 = 421;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureInput {
    /// What went wrong, in a few words for the admin (`timeout after 30 s`, `HTTP 502`).
    /// Server paths in it (a CA file in a curl error) are cut to the file's name: the
    /// description may be shown to clients.
    #[serde(default)]
    pub detail: String,
    /// The reply was not read because it was larger than this (`build_request`'s
    /// `max_reply_bytes`); the detail then says so.
    #[serde(default)]
    pub reply_limit_bytes: Option<u64>,
}

/// `transport_failure`: the response a caller reports when no API reply arrived, so that every
/// caller handles one shape, as for a reply.
pub fn transport_failure(input: FailureInput) -> Result<Response> {
    let detail: String = match input.reply_limit_bytes {
        Some(limit) => format!(
            "the API's reply exceeded {} MB and was not read: more than this server's memory limits allow",
            (limit / (1024 * 1024)).max(1)
        ),
        None => without_paths(&input.detail)
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect(),
    };
    let mut r = Response::from(invalid(format!(
        "Command failed due to HTTP communication error ({detail})"
    )));
    r.code = CODE_TRANSPORT_FAILURE;
    r.kind = Kind::of(CODE_TRANSPORT_FAILURE);
    Ok(r)
}

/// `text` with each absolute path (`/etc/ssl/x.pem`, `'C:\certs\x.pem'`) cut to its last
/// part; URLs are kept.
fn without_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let path = word.trim_start_matches(['\'', '"', '(', '[']);
        let unix = path.starts_with('/') && !path.starts_with("//");
        let bytes = path.as_bytes();
        let windows = bytes.len() > 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && bytes[2] == b'\\';
        if unix || windows {
            let inner = path.trim_end_matches(['\'', '"', ')', ']', ',', ';', ':']);
            out.push_str(&word[..word.len() - path.len()]);
            let name = inner.trim_end_matches(['/', '\\']);
            out.push_str(name.rsplit(['/', '\\']).next().unwrap_or_default());
            out.push_str(&path[inner.len()..]);
        } else {
            out.push_str(word);
        }
    }
    out
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Redacted {
    /// The body to log; null when nothing had to be masked: then the body as received is the
    /// one to log (a 100 000-row list is not sent back for nothing).
    pub text: Option<String>,
    /// How many values were masked; 0 means the parse of the original is safe to log too.
    pub masked: usize,
}

/// `redact_response`: the body with the values of secret properties (auth codes, passwords)
/// masked, the only form of a reply that may be logged. Everything else is kept byte for byte.
pub fn redact_response(input: RedactInput) -> Result<Redacted> {
    let text = input.text.as_str();
    // Built only from the first secret on: a list without secrets allocates nothing.
    let mut out: Option<String> = None;
    let mut masked = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let secret_key = line.split_once('=').map(|(key, _)| key).filter(|key| {
            property_parts(key.trim_matches([' ', '\t'])).is_some_and(|(raw, _)| {
                // The name as callers see it (upper case, no spaces) only when it differs.
                if raw.is_ascii() && !raw.bytes().any(|b| b.is_ascii_whitespace()) {
                    super::request::is_secret_key(raw)
                } else {
                    column_name(raw).is_some_and(|c| super::request::is_secret_key(&c))
                }
            })
        });
        match secret_key {
            Some(key) => {
                let out = out.get_or_insert_with(|| {
                    let mut out = String::with_capacity(text.len());
                    out.push_str(&text[..start]);
                    out
                });
                masked += 1;
                out.push_str(key);
                out.push_str("= ");
                out.push_str(super::request::MASK);
                if line.ends_with('\n') {
                    out.push_str(if line.ends_with("\r\n") { "\r\n" } else { "\n" });
                }
            }
            None => {
                if let Some(out) = out.as_mut() {
                    out.push_str(line);
                }
            }
        }
    }
    Ok(Redacted { text: out, masked })
}

/// `parse_response`: never fails; a malformed body is a 423 response.
pub fn parse_response(input: ParseInput<'_>) -> Result<Response> {
    Ok(parse(&input.text))
}

/// Parses a response body. See the module docs for malformed bodies.
pub fn parse(text: &str) -> Response {
    parse_borrowed(text).into()
}

/// A parsed reply whose values still point into the body. It serialises exactly as the
/// [`Response`] made from it, without a string of its own per cell: the host's
/// `parse_response` of a 100 000-row list writes the table straight from the body.
#[derive(Debug)]
pub struct ParsedResponse<'a> {
    code: u16,
    description: Cow<'a, str>,
    queuetime: Option<f64>,
    runtime: Option<f64>,
    /// Column name (upper case, no spaces) and its values by row index; gaps are "".
    columns: Vec<(String, Vec<&'a str>)>,
    pagination: Pagination,
}

/// Parses a response body, borrowing the values. See the module docs for malformed bodies.
pub fn parse_borrowed(text: &str) -> ParsedResponse<'_> {
    if text.trim().is_empty() {
        return invalid("Empty API response. Probably unreachable API end point".into());
    }
    match parse_lines(text) {
        Ok(r) => r,
        Err(why) => invalid(format!("Invalid API response: {why}")),
    }
}

impl ParsedResponse<'_> {
    /// About the bytes its JSON or MessagePack takes (a little more without escapes): the
    /// envelope is reserved once, instead of doubling while the table is written, when the
    /// old and the new buffer were in the guest's memory together.
    pub fn encoded_size_hint(&self) -> usize {
        // `"v",` in JSON; a header of 1-3 bytes in MessagePack below 64 KiB.
        let cells: usize = self
            .columns
            .iter()
            .map(|(name, values)| {
                2 * (name.len() + 8) + values.iter().map(|v| v.len() + 3).sum::<usize>()
            })
            .sum();
        cells + self.description.len() + 512
    }
}

impl From<ParsedResponse<'_>> for Response {
    fn from(p: ParsedResponse<'_>) -> Response {
        let mut properties = Map::new();
        let mut columns = Vec::with_capacity(p.columns.len());
        for (name, values) in p.columns {
            let values: Vec<serde_json::Value> = values.into_iter().map(Into::into).collect();
            properties.insert(name.clone(), values.into());
            columns.push(name);
        }
        Response {
            code: p.code,
            description: p.description.into_owned(),
            success: Kind::of(p.code) == Kind::Success,
            kind: Kind::of(p.code),
            queuetime: p.queuetime,
            runtime: p.runtime,
            columns,
            properties,
            pagination: p.pagination,
        }
    }
}

impl Serialize for ParsedResponse<'_> {
    /// The fields of [`Response`], in its order.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        struct Names<'b>(&'b [(String, Vec<&'b str>)]);
        impl Serialize for Names<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(|(name, _)| name))
            }
        }
        struct Table<'b>(&'b [(String, Vec<&'b str>)]);
        impl Serialize for Table<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(name, values)| (name, values)))
            }
        }
        let mut r = serializer.serialize_struct("Response", 9)?;
        r.serialize_field("code", &self.code)?;
        r.serialize_field("description", &self.description)?;
        r.serialize_field("success", &(Kind::of(self.code) == Kind::Success))?;
        r.serialize_field("kind", &Kind::of(self.code))?;
        r.serialize_field("queuetime", &self.queuetime)?;
        r.serialize_field("runtime", &self.runtime)?;
        r.serialize_field("columns", &Names(&self.columns))?;
        r.serialize_field("properties", &Table(&self.columns))?;
        r.serialize_field("pagination", &self.pagination)?;
        r.end()
    }
}

/// One column's cells while the body is read.
enum Cells<'a> {
    /// Rows 0, 1, 2, … so far (the API's order): the column as it will be written.
    Dense(Vec<&'a str>),
    /// A row out of order came: `(row, value)` in arrival order, laid out at the end.
    Sparse(Vec<(usize, &'a str)>),
}

impl<'a> Cells<'a> {
    fn push(&mut self, row: usize, value: &'a str) {
        match self {
            Cells::Dense(values) if row == values.len() => values.push(value),
            Cells::Dense(values) => {
                let mut cells: Vec<(usize, &str)> = values.drain(..).enumerate().collect();
                cells.push((row, value));
                *self = Cells::Sparse(cells);
            }
            Cells::Sparse(cells) => cells.push((row, value)),
        }
    }
}

/// The lines of `text` split at `\n` (one trailing `\r` dropped), found with one SIMD scan.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(Some)
        .chain(std::iter::once(None))
        .map(move |end| {
            let end = end.unwrap_or(text.len());
            // `\n` is ASCII: both ends are char boundaries.
            let line = &text[start..end];
            start = end + 1;
            line.strip_suffix('\r').unwrap_or(line)
        })
}

/// The value of `line` when it is `property[<raw>][<row>] = value` with exactly the name
/// `raw` (the previous line's, as the API sends a column's cells one after the other): the
/// same key, row and value the general path finds, without splitting and normalising again.
/// `None` sends the line to the general path.
fn same_column_cell<'a>(line: &'a str, raw: &str) -> Option<(usize, &'a str)> {
    let b = line.as_bytes();
    let mut k = 0;
    while k < b.len() && matches!(b[k], b' ' | b'\t') {
        k += 1;
    }
    let name_end = k + 9 + raw.len();
    if b.len() < name_end + 2
        || !b[k..k + 9].eq_ignore_ascii_case(b"property[")
        || &b[k + 9..name_end] != raw.as_bytes()
        || &b[name_end..name_end + 2] != b"]["
    {
        return None;
    }
    // `raw` holds no "][" and no '=' (it came from a key): the first "][" is at its end and
    // no '=' comes before the row.
    let mut k = name_end + 2;
    let digits = k;
    let mut row = 0usize;
    while k < b.len() && b[k].is_ascii_digit() {
        row = row.checked_mul(10)?.checked_add(usize::from(b[k] - b'0'))?;
        k += 1;
    }
    if k == digits || b.get(k) != Some(&b']') {
        return None;
    }
    k += 1;
    while k < b.len() && matches!(b[k], b' ' | b'\t') {
        k += 1;
    }
    if b.get(k) != Some(&b'=') {
        return None;
    }
    // After the ASCII '=': a char boundary.
    Some((row, line[k + 1..].trim_matches([' ', '\t'])))
}

fn parse_lines(text: &str) -> std::result::Result<ParsedResponse<'_>, &'static str> {
    let mut lines = lines(text);
    if lines.by_ref().find(|l| !l.trim().is_empty()).map(str::trim) != Some("[RESPONSE]") {
        return Err("it does not start with [RESPONSE]");
    }
    let mut code = None;
    let mut description = "";
    let mut queuetime = None;
    let mut runtime = None;
    let mut columns: Vec<(String, Cells)> = Vec::new();
    let mut column_index: HashMap<String, usize> = HashMap::new();
    // The API sends a column's cells one after the other: while the raw name repeats, the
    // column is known without normalising and hashing its name again (the hot path of a
    // 100 000-row list).
    let mut previous: Option<(&str, usize)> = None;
    let mut cells_total = 0usize;
    let mut complete = false;
    for line in lines {
        if let Some((raw, i)) = previous {
            if let Some((row, value)) = same_column_cell(line, raw) {
                cells_total += 1;
                columns[i].1.push(row, value);
                continue;
            }
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == "EOF" {
            complete = true;
            break;
        }
        let Some(eq) = memchr::memchr(b'=', line.as_bytes()) else {
            return Err("a line has no '='");
        };
        let key = line[..eq].trim_matches([' ', '\t']);
        // Trailing padding is dropped too, as the SDKs do.
        let value = line[eq + 1..].trim_matches([' ', '\t']);
        if let Some((raw, row)) = property_parts(key) {
            let i = match previous {
                Some((last, i)) if last == raw => i,
                _ => {
                    let Some(column) = column_name(raw) else {
                        // `property[ ][0]`: no name, an ignored header line as before.
                        continue;
                    };
                    let i = match column_index.get(&column) {
                        Some(&i) => i,
                        None => {
                            // The API sends every column of a list with the same rows: sized
                            // as the previous one, a column is not grown by doubling (which
                            // left up to half of its room unused in the guest's memory). At
                            // most the previous column's cells, so a body cannot inflate it.
                            let rows = match columns.last() {
                                Some((_, Cells::Dense(values))) => values.len(),
                                _ => 0,
                            };
                            column_index.insert(column.clone(), columns.len());
                            columns.push((column, Cells::Dense(Vec::with_capacity(rows))));
                            columns.len() - 1
                        }
                    };
                    previous = Some((raw, i));
                    i
                }
            };
            cells_total += 1;
            columns[i].1.push(row, value);
            continue;
        }
        match key.to_ascii_lowercase().as_str() {
            "code" => {
                code = Some(
                    value
                        .trim()
                        .parse::<u16>()
                        .map_err(|_| "the code is not a number")?,
                )
            }
            "description" => description = value,
            "queuetime" => queuetime = value.trim().parse().ok(),
            "runtime" => runtime = value.trim().parse().ok(),
            // Unknown header lines are ignored, as the SDKs do.
            _ => {}
        }
    }
    if !complete {
        return Err("it ends before EOF (truncated)");
    }
    let code = code.ok_or("it has no code")?;

    // Sparse indexes are filled with "", but only while the table stays about the size of the
    // body: `property[X][4000000000]` must not allocate gigabytes.
    let max_rows = cells_total + 1024;
    let mut table = Vec::with_capacity(columns.len());
    let mut rows = 0usize;
    let mut cells_dense = 0usize;
    for (column, cells) in columns {
        let values = match cells {
            // In order: the column as it is, one row per cell.
            Cells::Dense(values) => {
                cells_dense = cells_dense.saturating_add(values.len());
                values
            }
            Cells::Sparse(cells) => {
                // Saturating: an index of usize::MAX must be refused below, not wrap to an
                // empty table.
                let len = cells
                    .iter()
                    .map(|(i, _)| i.saturating_add(1))
                    .max()
                    .unwrap_or(0);
                cells_dense = cells_dense.saturating_add(len);
                if len > max_rows || cells_dense > 4 * cells_total + 1024 {
                    return Err("property indexes are far out of range");
                }
                let mut values = vec![""; len];
                for (i, v) in cells {
                    values[i] = v;
                }
                values
            }
        };
        if cells_dense > 4 * cells_total + 1024 {
            return Err("property indexes are far out of range");
        }
        rows = rows.max(values.len());
        table.push((column, values));
    }
    let first_value = |name: &str| {
        table
            .iter()
            .find(|(column, _)| column == name)
            .and_then(|(_, values)| values.first().copied())
    };
    let pagination = paginate(first_value, rows as u64);
    Ok(ParsedResponse {
        code,
        description: Cow::Borrowed(description),
        queuetime,
        runtime,
        columns: table,
        pagination,
    })
}

/// `property[expiration date][3]` → `("expiration date", 3)`: the name as sent.
fn property_parts(key: &str) -> Option<(&str, usize)> {
    let prefix = key.get(..9)?;
    if !prefix.eq_ignore_ascii_case("property[") {
        return None;
    }
    let rest = &key[9..];
    // The first "][" ends the name (a byte search: `split_once("][")` sets up a substring
    // searcher per line).
    let end = rest.as_bytes().windows(2).position(|w| w == b"][")?;
    let (column, index) = (&rest[..end], rest[end + 2..].strip_suffix(']')?);
    if !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((column, index.parse().ok()?))
}

/// The name callers see: upper case without spaces; `None` when nothing is left.
fn column_name(raw: &str) -> Option<String> {
    let column: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    (!column.is_empty()).then_some(column)
}

/// The list paging the API reports, with the SDKs' defaults when a list omits it.
/// `first_value` gives a column's first value.
fn paginate<'a>(first_value: impl Fn(&str) -> Option<&'a str>, rows: u64) -> Pagination {
    let number = |column: &str| first_value(column)?.trim().parse::<u64>().ok();
    let first = number("FIRST").unwrap_or(0);
    let count = number("COUNT").unwrap_or(rows);
    let total = number("TOTAL").unwrap_or(count);
    let limit = number("LIMIT").unwrap_or(count);
    let last = number("LAST").or_else(|| (first + count).checked_sub(1));
    let (page, pages) = match limit {
        0 => (1, 1),
        l => (first / l + 1, total.div_ceil(l)),
    };
    let next_first = last.map(|l| l.saturating_add(1)).filter(|n| *n < total);
    Pagination {
        first,
        last,
        count,
        total,
        limit,
        page,
        pages,
        next_first,
    }
}

fn invalid<'a>(description: String) -> ParsedResponse<'a> {
    ParsedResponse {
        code: CODE_INVALID_RESPONSE,
        description: Cow::Owned(description),
        queuetime: None,
        runtime: None,
        columns: Vec::new(),
        pagination: paginate(|_| None, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_response_is_parsed() {
        let r = parse("[RESPONSE]\r\ncode = 200\r\ndescription = Command completed successfully\r\nproperty[DOMAIN][0] = a.com\r\nproperty[DOMAIN][1] = b.net\r\nqueuetime=0\r\nruntime = 0.012\r\nEOF\r\n");
        assert_eq!(r.code, 200);
        assert!(r.success);
        assert_eq!(r.columns, vec!["DOMAIN"]);
        assert_eq!(
            r.properties["DOMAIN"],
            serde_json::json!(["a.com", "b.net"])
        );
        assert_eq!(r.runtime, Some(0.012));
        assert_eq!(r.pagination.count, 2);
        assert_eq!(r.pagination.next_first, None);
    }

    #[test]
    fn redaction_masks_auth_codes_and_keeps_the_rest() {
        let text = "[RESPONSE]\r\ncode = 200\r\nproperty[AUTH][0] = s3cr=t\r\nproperty[DOMAIN][0] = a.com\r\nproperty[auth code][0]=x\r\nEOF\r\n";
        let r = redact_response(RedactInput { text: text.into() })
            .unwrap()
            .text
            .unwrap();
        assert_eq!(r, "[RESPONSE]\r\ncode = 200\r\nproperty[AUTH][0] = ***\r\nproperty[DOMAIN][0] = a.com\r\nproperty[auth code][0]= ***\r\nEOF\r\n");
        assert_eq!(parse(&r).properties["AUTH"][0], "***");
        let clean = "[RESPONSE]\ncode = 200\nproperty[DOMAIN][0] = a.com\nEOF\n";
        let r = redact_response(RedactInput { text: clean.into() }).unwrap();
        assert_eq!((r.text, r.masked), (None, 0));
    }

    #[test]
    fn a_transport_failure_is_a_421_response() {
        let r = transport_failure(FailureInput {
            detail: "timeout after 30 s\n".into(),
            reply_limit_bytes: None,
        })
        .unwrap();
        assert_eq!(
            (r.code, r.kind, r.success),
            (421, Kind::TemporaryError, false)
        );
        assert!(r.description.ends_with("(timeout after 30 s)"));
    }

    #[test]
    fn a_reply_over_the_limit_is_a_421_that_says_so() {
        let r = transport_failure(FailureInput {
            detail: String::new(),
            reply_limit_bytes: Some(15 * 1024 * 1024),
        })
        .unwrap();
        assert_eq!((r.code, r.success), (421, false));
        assert!(
            r.description
                .contains("the API's reply exceeded 15 MB and was not read"),
            "{}",
            r.description
        );
    }

    #[test]
    fn a_transport_failure_names_no_server_path() {
        let r = transport_failure(FailureInput {
            detail: "curl error 77: error setting certificate file: /etc/ssl/private/ca.pem".into(),
            reply_limit_bytes: None,
        })
        .unwrap();
        assert!(
            r.description
                .ends_with("(curl error 77: error setting certificate file: ca.pem)"),
            "{}",
            r.description
        );
        let r = transport_failure(FailureInput {
            detail: "curl error 7: Failed to connect to https://api.example/api/call.cgi".into(),
            reply_limit_bytes: None,
        })
        .unwrap();
        assert!(
            r.description.contains("https://api.example/api/call.cgi"),
            "a URL is no path: {}",
            r.description
        );
        assert_eq!(
            without_paths("CAfile: '/etc/ssl/certs/' CApath: (C:\\certs\\ca.pem) done"),
            "CAfile: 'certs' CApath: (ca.pem) done"
        );
    }

    #[test]
    fn a_value_keeps_its_equals_signs() {
        let r = parse("[RESPONSE]\ncode=200\ndescription=ok\nproperty[X][0] = a=b = c\nEOF");
        assert_eq!(r.properties["X"][0], "a=b = c");
    }

    #[test]
    fn a_truncated_body_is_an_invalid_response() {
        let r = parse("[RESPONSE]\ncode = 200\nproperty[DOMAIN][0] = a.com\nproperty[DOM");
        assert_eq!(r.code, 423);
        assert!(!r.success);
        assert!(r.properties.is_empty());
    }

    #[test]
    fn an_html_page_and_an_empty_body_are_invalid_responses() {
        assert!(parse("<html><body>502 Bad Gateway</body></html>")
            .description
            .starts_with("Invalid API response"));
        assert!(parse(" \r\n").description.starts_with("Empty API response"));
    }

    #[test]
    fn a_huge_sparse_index_is_refused_without_allocating() {
        let r = parse("[RESPONSE]\ncode=200\nproperty[X][4000000000] = a\nEOF");
        assert_eq!(r.code, 423);
    }

    #[test]
    fn an_index_at_the_top_of_usize_is_refused_not_wrapped() {
        // Found by cargo-fuzz: `i + 1` overflowed (a panic natively, a wrap and an
        // out-of-bounds write in wasm).
        for index in [u32::MAX as u64, u64::MAX] {
            let r = parse(&format!(
                "[RESPONSE]\ncode=200\nproperty[X][{index}] = a\nEOF"
            ));
            assert_eq!(r.code, 423, "index {index}");
        }
    }

    #[test]
    fn the_body_is_borrowed_from_the_arguments_when_no_escape_needs_undoing() {
        let body = "[RESPONSE]\ncode = 200\nEOF\n";
        let packed = rmp_serde::to_vec_named(&serde_json::json!({ "text": body })).unwrap();
        let input: ParseInput = rmp_serde::from_slice(&packed).unwrap();
        assert!(matches!(input.text, Cow::Borrowed(_)), "MessagePack copies");
        let json = br#"{"text":"[RESPONSE] code = 200 EOF"}"#;
        let input: ParseInput = serde_json::from_slice(json).unwrap();
        assert!(matches!(input.text, Cow::Borrowed(_)), "plain JSON copies");
        // Escapes must be undone: then a copy, and the same text.
        let json = serde_json::to_vec(&serde_json::json!({ "text": body })).unwrap();
        let input: ParseInput = serde_json::from_slice(&json).unwrap();
        assert_eq!(input.text, body);
    }

    #[test]
    fn cells_out_of_order_and_near_misses_of_the_repeated_name() {
        // Rows out of order after an in-order run; a repeated row overwrites; the same name
        // in another case or with spaces is the same column; a row with a sign, an empty row
        // and a key with '\r' are header lines (ignored).
        let r = parse("[RESPONSE]\r\ncode=200\r\nproperty[X][0]=a\r\nproperty[X][1]=b\r\nproperty[X][3]=d\r\nproperty[X][1]=B\r\nproperty[x][4] = e \r\nPROPERTY[ X ][5]\t=\tf\r\nproperty[X][+6]=g\r\nproperty[X][]=h\r\nproperty[X][7]\r=i\r\nproperty[X][8]=\r\r\nEOF\r\n");
        assert_eq!(r.columns, vec!["X"]);
        assert_eq!(
            r.properties["X"],
            serde_json::json!(["a", "B", "", "d", "e", "f", "", "", "\r"])
        );
    }

    #[test]
    fn paging_follows_first_limit_total() {
        let r = parse("[RESPONSE]\ncode=200\nproperty[DOMAIN][0]=a\nproperty[DOMAIN][1]=b\nproperty[FIRST][0]=2\nproperty[LAST][0]=3\nproperty[COUNT][0]=2\nproperty[LIMIT][0]=2\nproperty[TOTAL][0]=5\nEOF");
        let p = r.pagination;
        assert_eq!((p.page, p.pages, p.next_first), (2, 3, Some(4)));
    }
}
