//! The colours of outcomes, the same everywhere: green for a pass, red for a failure, yellow for
//! drift and for cases not run. Tables take comfy-table's colours; lines of text take ANSI
//! styles.

use anstyle::{AnsiColor, Style};
use comfy_table::Color;

use crate::summary::Outcome;

/// The colour of `outcome` in a table cell.
pub(crate) fn table_color(outcome: Outcome) -> Color {
    match outcome {
        Outcome::Passed => Color::Green,
        Outcome::Failed => Color::Red,
        Outcome::Drift | Outcome::NotRun => Color::Yellow,
    }
}

/// The style of `outcome` in a line of text: bold, in its colour.
fn style(outcome: Outcome) -> Style {
    let color = match outcome {
        Outcome::Passed => AnsiColor::Green,
        Outcome::Failed => AnsiColor::Red,
        Outcome::Drift | Outcome::NotRun => AnsiColor::Yellow,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// `text` in the colour of `outcome` when `color` is on, else as it is.
pub(crate) fn paint(text: &str, outcome: Outcome, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let style = style(outcome);
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_painted_only_when_colour_is_on() {
        assert_eq!(paint("FAIL", Outcome::Failed, false), "FAIL");
        assert_eq!(
            paint("FAIL", Outcome::Failed, true),
            "\u{1b}[1m\u{1b}[31mFAIL\u{1b}[0m"
        );
        assert_eq!(
            paint("PASS", Outcome::Passed, true),
            "\u{1b}[1m\u{1b}[32mPASS\u{1b}[0m"
        );
    }
}
