//! The summary table, for people.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::{HEADERS, cells, totals_line};
use crate::summary::Summary;

/// The case table, then the totals by verdict.
pub(super) fn table(summary: &Summary) -> String {
    let mut cases = Table::new();
    cases
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(HEADERS);
    for case in &summary.cases {
        cases.add_row(cells(case));
    }
    let mut totals = Table::new();
    totals
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(["Verdict", "Cases"]);
    for (verdict, count) in &summary.totals.by_verdict {
        totals.add_row([verdict.clone(), count.to_string()]);
    }
    format!("{cases}\n{totals}\n{}\n", totals_line(summary))
}
