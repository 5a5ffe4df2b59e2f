//! Tables for people, in the terminal.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, ContentArrangement, Table};

use super::cells::{
    SUMMARY_HEADERS, TOTALS_HEADERS, control_lines, failed_ids, summary_row, totals_line,
    totals_row,
};
use super::fit::Fitting;
use super::paint;
use super::screen::Screen;
use crate::summary::{Outcome, Summary};

/// How the case table gives way on a narrow screen: the flags first, then severity, category
/// and time; then long names, then the marks after a verdict and a gate, then names again, and
/// at last gates, ids and verdicts themselves.
const SUMMARY_FITTING: Fitting<'static> = Fitting {
    optional: &["Rollback?", "Halt?", "Severity", "Category", "Time"],
    cut: &[
        ("Name", 20),
        ("Gate", 12),
        ("Name", 16),
        ("Verdict", 20),
        ("Name", 12),
        ("Gate", 8),
        ("Fault ID", 8),
        ("Verdict", 10),
    ],
};

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

/// A table of `rows` fitted to the screen by `fitting`: nothing in it wraps. The cells of the
/// `Verdict` column are coloured by each row's outcome when the screen shows colour.
pub(super) fn fitted(
    fitting: &Fitting<'_>,
    headers: &[&str],
    rows: Vec<(Vec<String>, Option<Outcome>)>,
    screen: Screen,
) -> Table {
    let (rows, outcomes): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
    let fitted = fitting.fit(headers, rows, screen.width);
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Disabled);
    if screen.color_stdout {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let verdict = fitted.headers.iter().position(|h| h == "Verdict");
    table.set_header(&fitted.headers);
    for (row, outcome) in fitted.rows.into_iter().zip(outcomes) {
        table.add_row(row.into_iter().enumerate().map(|(column, text)| {
            match (Some(column) == verdict, outcome) {
                (true, Some(outcome)) => Cell::new(text).fg(paint::table_color(outcome)),
                _ => Cell::new(text),
            }
        }));
    }
    table
}

/// The case table and the totals by verdict, fitted to `screen`.
pub(crate) fn case_tables(summary: &Summary, screen: Screen) -> String {
    let rows = summary
        .cases
        .iter()
        .map(|case| (summary_row(case).to_vec(), Some(case.outcome)))
        .collect();
    let cases = fitted(&SUMMARY_FITTING, &SUMMARY_HEADERS, rows, screen);
    let rows = summary
        .totals
        .by_verdict
        .iter()
        .map(|(verdict, count)| {
            let outcome = summary.outcome_of_verdict(verdict);
            (totals_row(verdict, *count).to_vec(), outcome)
        })
        .collect();
    let totals = fitted(&Fitting::WHOLE, &TOTALS_HEADERS, rows, screen);
    format!("{cases}\n{totals}\n")
}

/// The command that runs again what a run did not pass, which its last line names.
pub(crate) const RERUN_COMMAND: &str = "cargo faults rerun";

/// The lines after the tables and the explanations: the cases without a control when the run
/// asked for controls, then the totals, naming the cases that failed and, for a run (`rerun`),
/// the command that runs them again; in the colour of how the run ended when `color` is on.
pub(crate) fn closing_lines(summary: &Summary, color: bool, rerun: bool) -> String {
    let notes: String = control_lines(summary)
        .into_iter()
        .map(|line| line + "\n")
        .collect();
    let mut last = totals_line(summary);
    if let Some(failed) = failed_ids(summary) {
        last.push_str(&format!("; {failed}"));
        if rerun {
            last.push_str(&format!("; run them again: `{RERUN_COMMAND}`"));
        }
    }
    let ended = if summary.passed() {
        Outcome::Passed
    } else {
        Outcome::Failed
    };
    format!("{notes}{}\n", paint::paint(&last, ended, color))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::testing::{control_not_derived, control_ran, record, summary};

    #[test]
    fn the_cases_without_a_control_come_just_before_the_totals_line() {
        let run = summary(vec![
            record("a", "refused", control_ran("completed")),
            record("b", "refused", control_not_derived("a sweep")),
        ]);
        assert_eq!(
            closing_lines(&run, false, false),
            "no control could be derived for: b (a sweep)\n\
             2 cases: 2 passed, 0 failed, 1 without a control\n"
        );
        let table = case_tables(&run, Screen::default());
        assert!(table.contains("refused (controlled)"), "{table}");
        assert!(table.contains("refused (no control)"), "{table}");
        let plain = summary(vec![record("a", "refused", json!({}))]);
        let text = case_tables(&plain, Screen::default()) + &closing_lines(&plain, false, true);
        assert!(!text.contains("control"), "{text}");
    }

    #[test]
    fn the_last_line_names_the_failed_cases() {
        let run = summary(vec![
            record("a", "refused", json!({})),
            record("b", "silent_acceptance", json!({})),
            record("c", "wrong_code", json!({})),
        ]);
        assert_eq!(
            closing_lines(&run, false, false),
            "3 cases: 1 passed, 2 failed; failed: b, c\n"
        );
        assert_eq!(
            closing_lines(&run, false, true),
            "3 cases: 1 passed, 2 failed; failed: b, c; run them again: `cargo faults rerun`\n"
        );
        assert_eq!(
            closing_lines(&run, true, false),
            "\u{1b}[1m\u{1b}[31m3 cases: 1 passed, 2 failed; failed: b, c\u{1b}[0m\n"
        );
    }

    /// A case table of a long-named failing case, drawn `width` columns wide.
    fn drawn_at(width: Option<usize>) -> String {
        let mut failing = record("ledger-22", "silent_acceptance", json!({}));
        failing.name = "Every write of an append fails, one run each, under a sweep".to_owned();
        let run = summary(vec![failing, record("a", "refused", json!({}))]);
        let screen = Screen {
            width,
            ..Screen::default()
        };
        case_tables(&run, screen)
    }

    #[test]
    fn a_narrow_screen_drops_optional_columns_and_cuts_names_without_wrapping() {
        for width in [80, 120, 200] {
            let table = drawn_at(Some(width));
            for line in table.lines() {
                assert!(line.width() <= width, "{width}: {line:?} is wider\n{table}");
            }
            assert!(table.contains("silent_acceptance"), "{table}");
            assert!(table.contains("ledger-22"), "{table}");
        }
        let narrow = drawn_at(Some(80));
        assert!(
            narrow.contains("Every write of an append fails, one…"),
            "{narrow}"
        );
        assert!(!narrow.contains("Rollback?"), "{narrow}");
        let wide = drawn_at(Some(200));
        assert!(wide.contains("Rollback?"), "{wide}");
        assert!(wide.contains("under a sweep"), "{wide}");
        assert_eq!(
            drawn_at(None),
            wide,
            "piped output keeps every column whole"
        );
    }

    /// A run like the examples': long names, marked gates and verdicts, a drift, a control.
    fn example_run() -> Summary {
        let mut sweep = record("ledger-23", "refused", json!({}));
        sweep.name = "Every write of an append fails, one run each".to_owned();
        let mut drift = record(
            "startup-3",
            "drift",
            json!({"drift": "lazy", "drift_absorbed": "silent_acceptance"}),
        );
        drift.name = "git missing, checked lazily".to_owned();
        let mut accepted = record("fault-6", "silent_acceptance", control_ran("completed"));
        accepted.name = "Timeout reported as a retry by the adapter".to_owned();
        summary(vec![
            sweep,
            drift,
            accepted,
            record("fault-1", "refused", json!({})),
        ])
    }

    #[test]
    fn the_table_at_80_120_and_200_columns() {
        for width in [80, 120, 200] {
            let screen = Screen {
                width: Some(width),
                ..Screen::default()
            };
            insta::assert_snapshot!(
                format!("table_at_{width}_columns"),
                case_tables(&example_run(), screen)
            );
        }
    }

    #[test]
    fn the_table_in_colour() {
        let screen = Screen {
            width: Some(120),
            color_stdout: true,
            ..Screen::default()
        };
        insta::assert_snapshot!(
            "table_in_colour",
            format!("{:?}", case_tables(&example_run(), screen))
        );
    }

    #[test]
    fn verdicts_are_coloured_by_outcome_only_on_a_colour_screen() {
        let run = summary(vec![
            record("a", "refused", json!({})),
            record("b", "wrong_code", json!({})),
        ]);
        let plain = case_tables(&run, Screen::default());
        assert!(!plain.contains('\u{1b}'), "{plain}");
        let screen = Screen {
            color_stdout: true,
            ..Screen::default()
        };
        let colored = case_tables(&run, screen);
        assert!(colored.contains("\u{1b}[38;5;10m refused "), "{colored:?}");
        assert!(
            colored.contains("\u{1b}[38;5;9m wrong_code "),
            "{colored:?}"
        );
    }
}
