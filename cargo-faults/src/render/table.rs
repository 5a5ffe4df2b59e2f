//! Tables for people, in the terminal.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::cells::{SUMMARY_HEADERS, TOTALS_HEADERS, summary_row, totals_line, totals_row};
use crate::summary::Summary;

/// An empty table in the style of every `cargo faults` table; `wrap` lets wide cells wrap to
/// the terminal's width.
pub(super) fn grid(headers: &[&str], wrap: bool) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    if wrap {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    }
    table.set_header(headers);
    table
}

/// The case table, then the totals by verdict.
pub(super) fn summary_table(summary: &Summary) -> String {
    let mut cases = grid(&SUMMARY_HEADERS, true);
    for case in &summary.cases {
        cases.add_row(summary_row(case));
    }
    let mut totals = grid(&TOTALS_HEADERS, false);
    for (verdict, count) in &summary.totals.by_verdict {
        totals.add_row(totals_row(verdict, *count));
    }
    format!("{cases}\n{totals}\n{}\n", totals_line(summary))
}
