//! The summary as a GitHub-flavoured Markdown table, for pull requests and step summaries.

use std::fmt::Write;

use super::{HEADERS, cells, totals_line};
use crate::summary::Summary;

/// A heading, the case table, and the totals by verdict.
pub(crate) fn markdown(summary: &Summary) -> String {
    let mut text = String::from("## Fault cases\n\n");
    let _ = writeln!(text, "**{}**\n", totals_line(summary));
    row(&mut text, HEADERS.map(str::to_owned));
    row(&mut text, HEADERS.map(|_| "---".to_owned()));
    for case in &summary.cases {
        row(&mut text, cells(case));
    }
    text.push('\n');
    row(&mut text, ["Verdict".to_owned(), "Cases".to_owned()]);
    row(&mut text, ["---".to_owned(), "---:".to_owned()]);
    for (verdict, count) in &summary.totals.by_verdict {
        row(&mut text, [format!("`{verdict}`"), count.to_string()]);
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
