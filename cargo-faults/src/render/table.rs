//! Tables for people, in the terminal.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::cells::{
    SUMMARY_HEADERS, TOTALS_HEADERS, control_lines, summary_row, totals_line, totals_row,
};
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

/// The case table, the totals by verdict, the cases without a control when the run asked for
/// controls, and the totals line last.
pub(super) fn summary_table(summary: &Summary) -> String {
    let mut cases = grid(&SUMMARY_HEADERS, true);
    for case in &summary.cases {
        cases.add_row(summary_row(case));
    }
    let mut totals = grid(&TOTALS_HEADERS, false);
    for (verdict, count) in &summary.totals.by_verdict {
        totals.add_row(totals_row(verdict, *count));
    }
    let notes: String = control_lines(summary)
        .into_iter()
        .map(|line| line + "\n")
        .collect();
    format!("{cases}\n{totals}\n{notes}{}\n", totals_line(summary))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::{control_not_derived, control_ran, record, summary};

    #[test]
    fn the_cases_without_a_control_come_just_before_the_totals_line() {
        let run = summary(vec![
            record("a", "refused", control_ran("completed")),
            record("b", "refused", control_not_derived("a sweep")),
        ]);
        let table = summary_table(&run);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[lines.len() - 2..],
            [
                "no control could be derived for: b (a sweep)",
                "2 cases: 2 passed, 0 failed, 1 without a control",
            ]
        );
        assert!(table.contains("refused (controlled)"), "{table}");
        assert!(table.contains("refused (no control)"), "{table}");
        let plain = summary_table(&summary(vec![record("a", "refused", json!({}))]));
        assert!(!plain.contains("control"), "{plain}");
    }
}
