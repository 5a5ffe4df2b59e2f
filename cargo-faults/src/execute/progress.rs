//! Progress while cases run: a bar on a terminal, one plain line per case elsewhere (CI logs).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::render::cells;
use crate::summary::{CaseResult, Outcome};

/// Reports each finished case.
pub(super) enum Progress {
    /// An interactive bar; failures are printed above it as they happen.
    Bar(ProgressBar),
    /// A line per case on stderr.
    Lines,
}

impl Progress {
    /// A bar when stderr is a terminal, lines otherwise.
    pub(super) fn new(total: usize) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines;
        }
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner:.green} [{elapsed_precise}] {bar:30.cyan/blue} {pos}/{len} {wide_msg}",
        ) {
            bar.set_style(style);
        }
        Progress::Bar(bar)
    }

    /// Records one finished case.
    pub(super) fn case_done(&self, case: &CaseResult) {
        self.show(
            cells::progress_line(case),
            case.outcome == Outcome::Failed,
            &case.case_id,
        );
    }

    /// Records one case the harness reported done, by libtest's word for it (`ok`, `failed`,
    /// `ignored`), before its record is read.
    pub(super) fn case_reported(
        &self,
        harness: &str,
        case_id: &str,
        event: &str,
        seconds: Option<f64>,
    ) {
        let outcome = match event {
            "ok" => Outcome::Passed,
            "ignored" => Outcome::NotRun,
            _ => Outcome::Failed,
        };
        self.show(
            cells::reported_line(outcome, seconds, harness, case_id),
            outcome == Outcome::Failed,
            case_id,
        );
    }

    /// Shows one case's line: above the bar only when it failed, so the bar stays readable.
    fn show(&self, line: String, failed: bool, case_id: &str) {
        match self {
            Progress::Bar(bar) => {
                if failed {
                    bar.println(line);
                }
                bar.set_message(case_id.to_owned());
                bar.inc(1);
            }
            Progress::Lines => eprintln!("{line}"),
        }
    }

    /// Clears the bar.
    pub(super) fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
