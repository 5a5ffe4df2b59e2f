//! The summary as a GitHub-flavoured Markdown table, for pull requests and step summaries.

use std::fmt::Write;

use super::cells::{SUMMARY_HEADERS, TOTALS_HEADERS, summary_row, totals_line, totals_row};
use crate::summary::Summary;

/// A heading, the case table, and the totals by verdict.
pub(crate) fn markdown(summary: &Summary) -> String {
    let mut text = String::from("## Fault cases\n\n");
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
