//! What a price sync changes against WHMCS's current rows, and the report an admin reads
//! before (dry run) or after it.

use super::money::{format, Money};
use super::{PriceRow, Skipped, TldSettings, WhmcsCurrency};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One term that changes; `None` is "not offered".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermChange {
    pub years: u32,
    pub from: Option<Money>,
    pub to: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    pub extension: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub currency: i64,
    /// The row does not exist yet.
    pub new: bool,
    pub terms: Vec<TermChange>,
    /// The whole row to write.
    pub row: PriceRow,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TldChange {
    pub extension: String,
    /// `(column, from, to)` as text for the report.
    pub columns: Vec<(String, String, String)>,
    pub settings: TldSettings,
}

#[derive(Debug, Default)]
pub struct Diff {
    pub rows: Vec<RowChange>,
    pub tlds: Vec<TldChange>,
}

fn key(extension: &str) -> String {
    extension.trim().trim_start_matches('.').to_lowercase()
}

/// The changes that make `current` equal `computed`. Rows only WHMCS has are left alone: the
/// sync never removes a TLD's prices.
pub fn diff(
    current: &[PriceRow],
    computed: &[PriceRow],
    current_tlds: &[TldSettings],
    computed_tlds: &[TldSettings],
) -> Diff {
    let existing: BTreeMap<(String, &str, i64), &PriceRow> = current
        .iter()
        .map(|r| ((key(&r.extension), r.kind.as_str(), r.currency), r))
        .collect();
    let mut out = Diff::default();
    for row in computed {
        let old = existing.get(&(key(&row.extension), row.kind.as_str(), row.currency));
        let terms: Vec<TermChange> = (1..=10)
            .filter_map(|y| {
                let to = row.prices.get(y);
                let from = old.and_then(|o| o.prices.get(y));
                (old.is_none() || from != to).then_some(TermChange {
                    years: y,
                    from: from.map(Money),
                    to: to.map(Money),
                })
            })
            .filter(|t| old.is_some() || t.to.is_some())
            .collect();
        if old.is_none() || !terms.is_empty() {
            out.rows.push(RowChange {
                extension: row.extension.clone(),
                kind: row.kind.clone(),
                currency: row.currency,
                new: old.is_none(),
                terms,
                row: row.clone(),
            });
        }
    }
    let existing: BTreeMap<String, &TldSettings> = current_tlds
        .iter()
        .map(|t| (key(&t.extension), t))
        .collect();
    for new in computed_tlds {
        let Some(old) = existing.get(&key(&new.extension)) else {
            continue;
        };
        let mut columns = Vec::new();
        let yes_no = |b: bool| if b { "required" } else { "not required" }.to_owned();
        if old.eppcode != new.eppcode {
            columns.push(("EPP code".into(), yes_no(old.eppcode), yes_no(new.eppcode)));
        }
        // Unknown values (None) from the API keep what WHMCS has.
        if new.redemption_grace_period.is_some()
            && old.redemption_grace_period != new.redemption_grace_period
        {
            let days = |d: Option<u32>| d.map_or("none".to_owned(), |d| format!("{d} days"));
            columns.push((
                "redemption period".into(),
                days(old.redemption_grace_period),
                days(new.redemption_grace_period),
            ));
        }
        if new.redemption_grace_period_fee.is_some()
            && old.redemption_grace_period_fee != new.redemption_grace_period_fee
        {
            let fee = |m: Option<Money>| m.map_or("none".to_owned(), |m| format(m.0));
            columns.push((
                "redemption fee".into(),
                fee(old.redemption_grace_period_fee),
                fee(new.redemption_grace_period_fee),
            ));
        }
        if !columns.is_empty() {
            out.tlds.push(TldChange {
                extension: new.extension.clone(),
                columns,
                settings: new.clone(),
            });
        }
    }
    out
}

fn price(m: Option<Money>) -> String {
    m.map_or("not offered".to_owned(), |m| format(m.0))
}

/// The report: one line per changed row or TLD setting, then the TLDs left out.
pub fn report(
    d: &Diff,
    rows_computed: usize,
    currencies: &[WhmcsCurrency],
    skipped: &[Skipped],
    dry_run: bool,
) -> String {
    let code = |id: i64| {
        currencies
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| format!("currency {id}"), |c| c.code.clone())
    };
    let mut out = String::new();
    let tlds = match d.tlds.len() {
        1 => "1 TLD".to_owned(),
        n => format!("{n} TLDs"),
    };
    let _ = writeln!(
        out,
        "TLD price sync{}: {} of {} price rows and the settings of {tlds} change.",
        if dry_run {
            " (report only, nothing written)"
        } else {
            ""
        },
        d.rows.len(),
        rows_computed,
    );
    for c in &d.rows {
        let terms: Vec<String> = c
            .terms
            .iter()
            .map(|t| {
                if c.new {
                    format!("{}y {}", t.years, price(t.to))
                } else {
                    format!("{}y {} -> {}", t.years, price(t.from), price(t.to))
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{} {} {}: {}{}",
            c.extension,
            c.kind,
            code(c.currency),
            if c.new { "new row, " } else { "" },
            if terms.is_empty() {
                "no term offered".to_owned()
            } else {
                terms.join("; ")
            }
        );
    }
    for t in &d.tlds {
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|(c, a, b)| format!("{c} {a} -> {b}"))
            .collect();
        let _ = writeln!(out, "{}: {}", t.extension, cols.join("; "));
    }
    if !skipped.is_empty() {
        let list: Vec<String> = skipped
            .iter()
            .map(|s| format!("{} ({})", s.extension, s.reason))
            .collect();
        let _ = writeln!(out, "Left out: {}", list.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::Terms;

    fn row(kind: &str, prices: &[(u32, i64)]) -> PriceRow {
        let mut t = Terms::default();
        for (y, p) in prices {
            t.0[*y as usize - 1] = Some(*p);
        }
        PriceRow {
            extension: ".tm".into(),
            kind: kind.into(),
            currency: 1,
            prices: t,
        }
    }

    #[test]
    fn only_changed_terms_are_listed() {
        let current = [row("domainrenew", &[(1, 100), (10, 1000)])];
        let computed = [row("domainrenew", &[(1, 100), (2, 200), (5, 500)])];
        let d = diff(&current, &computed, &[], &[]);
        let years: Vec<u32> = d.rows[0].terms.iter().map(|t| t.years).collect();
        assert_eq!(years, [2, 5, 10]);
        assert_eq!(d.rows[0].terms[2].to, None);
        let text = report(&d, 1, &[], &[], true);
        assert!(text.contains("10y 10.00 -> not offered"), "{text}");
        assert!(diff(&computed, &computed, &[], &[]).rows.is_empty());
    }
}
