//! Progress while cases run: a bar on a terminal, one plain line per case elsewhere (CI logs).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::summary::{CaseResult, Outcome};

/// Reports each finished case.
pub(crate) enum Progress {
    /// An interactive bar; failures are printed above it as they happen.
    Bar(ProgressBar),
    /// A line per case on stderr.
    Lines,
}

impl Progress {
    /// A bar when stderr is a terminal, lines otherwise.
    pub(crate) fn new(total: usize) -> Self {
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
    pub(crate) fn case_done(&self, case: &CaseResult) {
        let line = line(case);
        match self {
            Progress::Bar(bar) => {
                if case.outcome == Outcome::Failed {
                    bar.println(line);
                }
                bar.set_message(case.case_id.clone());
                bar.inc(1);
            }
            Progress::Lines => eprintln!("{line}"),
        }
    }

    /// Clears the bar.
    pub(crate) fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// `    PASS [   0.008s] toolforge::faults fault-1 (refused)`
fn line(case: &CaseResult) -> String {
    let status = match case.outcome {
        Outcome::Passed => "PASS",
        Outcome::Failed => "FAIL",
        Outcome::NotRun => "SKIP",
        Outcome::Drift => "DRIFT",
    };
    let seconds = case.duration_ms.map_or(0.0, |ms| ms / 1000.0);
    format!(
        "{status:>8} [{seconds:>8.3}s] {} {} ({})",
        case.harness.as_deref().unwrap_or("-"),
        case.case_id,
        case.verdict_label()
    )
}
