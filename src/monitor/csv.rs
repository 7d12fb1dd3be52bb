//! The "CSV" download of a case: tab-separated, one line per item, before a fix (what was found)
//! or after it (with each item's result).

use super::cases;
use crate::error::Result;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvInput {
    pub case: String,
    pub rows: Vec<CsvRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvRow {
    pub domain: String,
    #[serde(default)]
    pub before: String,
    /// The fix's outcome (`fixed`, `failed`, or `pending` when not fixed yet); absent before
    /// any fix was started.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct Csv {
    pub filename: String,
    pub text: String,
}

/// `monitor_csv`: the file's name and text.
pub fn csv(input: CsvInput) -> Result<Csv> {
    let case = cases::find(&input.case)?;
    let results = input.rows.iter().any(|r| r.status.is_some());
    let mut lines = Vec::with_capacity(input.rows.len() + 1);
    if results {
        lines.push("domain\tcase\tbefore\tafter\tresult\tmessage".to_owned());
    } else {
        lines.push("domain\tcase\tbefore".to_owned());
    }
    for r in &input.rows {
        let mut cells = vec![cell(&r.domain), cell(&case.id), cell(&r.before)];
        if results {
            let result = match r.status.as_deref() {
                Some("fixed") => "OK",
                Some("failed") => "ERROR",
                _ => "PENDING",
            };
            cells.extend([cell(&r.after), result.to_owned(), cell(&r.message)]);
        }
        lines.push(cells.join("\t"));
    }
    let suffix = if results { "results" } else { "items" };
    Ok(Csv {
        filename: format!("ispapi-monitoring-{}-{suffix}.csv", case.id),
        text: lines.join("\r\n") + "\r\n",
    })
}

/// One cell: no tab or line break can split it, and a spreadsheet does not read it as a formula
/// (domain names and API texts are untrusted).
fn cell(value: &str) -> String {
    let flat: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.starts_with(['=', '+', '-', '@']) {
        format!("'{flat}")
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(domain: &str, status: Option<&str>, message: &str) -> CsvRow {
        CsvRow {
            domain: domain.into(),
            before: "transfer lock off at the registrar".into(),
            status: status.map(str::to_owned),
            after: String::new(),
            message: message.into(),
        }
    }

    #[test]
    fn before_a_fix_the_file_lists_the_items() {
        let c = csv(CsvInput {
            case: "transfer_lock".into(),
            rows: vec![row("a.com", None, "")],
        })
        .unwrap();
        assert_eq!(
            c.text,
            "domain\tcase\tbefore\r\na.com\ttransfer_lock\ttransfer lock off at the registrar\r\n"
        );
        assert_eq!(c.filename, "ispapi-monitoring-transfer_lock-items.csv");
    }

    #[test]
    fn hostile_text_cannot_add_cells_lines_or_formulas() {
        let c = csv(CsvInput {
            case: "transfer_lock".into(),
            rows: vec![row("a\tb.com", Some("failed"), "=HYPERLINK(\"x\")\r\nEVIL")],
        })
        .unwrap();
        let lines: Vec<&str> = c.text.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 2);
        let cells: Vec<&str> = lines[1].split('\t').collect();
        assert_eq!(cells.len(), 6);
        assert_eq!(cells[0], "a b.com");
        assert_eq!(cells[4], "ERROR");
        assert_eq!(cells[5], "'=HYPERLINK(\"x\")  EVIL");
    }
}
