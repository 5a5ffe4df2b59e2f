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

    /// Records one case the harness reported done, by libtest's word for it (`ok`, `failed`,
    /// `ignored`), before its record is read.
    pub(crate) fn case_reported(
        &self,
        harness: &str,
        case_id: &str,
        event: &str,
        seconds: Option<f64>,
    ) {
        let (status, failed) = match event {
            "ok" => ("PASS", false),
            "ignored" => ("SKIP", false),
            _ => ("FAIL", true),
        };
        let line = format!(
            "{status:>8} [{:>8.3}s] {harness} {case_id}",
            seconds.unwrap_or(0.0)
        );
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
