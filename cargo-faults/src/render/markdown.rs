//! The summary as a GitHub-flavoured Markdown table, for pull requests and step summaries.

use std::fmt::Write;

use super::cells::{
    SUMMARY_HEADERS, TOTALS_HEADERS, control_lines, summary_row, totals_line, totals_row,
};
use crate::summary::Summary;

/// A heading, the cases without a control when the run asked for controls, the totals line,
/// the case table, and the totals by verdict.
pub(crate) fn markdown(summary: &Summary) -> String {
    let mut text = String::from("## Fault cases\n\n");
    for line in control_lines(summary) {
        let _ = writeln!(text, "{line}\n");
    }
    let _ = writeln!(text, "**{}**\n", totals_line(summary));
    row(&mut text, SUMMARY_HEADERS.map(str::to_owned));
    row(&mut text, SUMMARY_HEADERS.map(|_| "---".to_owned()));
    for case in &summary.cases {
        row(&mut text, summary_row(case));
    }
    text.push('\n');
    row(&mut text, TOTALS_HEADERS.map(str::to_owned));
    row(&mut text, ["---".to_owned(), "---:".to_owned()]);
    for (verdict, count) in &summary.totals.by_verdict {
        let [verdict, count] = totals_row(verdict, *count);
        row(&mut text, [format!("`{verdict}`"), count]);
    }
    text
}

/// One table row, with the cells escaped so a `|` in a name cannot break the table.
pub(crate) fn row<const N: usize>(text: &mut String, cells: [String; N]) {
    text.push('|');
    for cell in cells {
        let _ = write!(text, " {} |", cell.replace('|', "\\|").replace('\n', " "));
    }
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{control_not_derived, control_ran, record, summary};

    #[test]
    fn the_cases_without_a_control_come_before_the_totals_line() {
        let run = summary(vec![
            record("a", "vacuous", control_ran("refused")),
            record("b", "refused", control_not_derived("a sweep")),
        ]);
        let text = markdown(&run);
        assert!(
            text.starts_with(
                "## Fault cases\n\nno control could be derived for: b (a sweep)\n\n\
                 **2 cases: 1 passed, 1 failed, 1 without a control**\n"
            ),
            "{text}"
        );
        assert!(text.contains("| vacuous (control refused) |"), "{text}");
        assert!(text.contains("| refused (no control) |"), "{text}");
    }
}
