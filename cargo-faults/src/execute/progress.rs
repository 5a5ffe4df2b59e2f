//! Progress while cases run: a bar on a terminal, one plain line per case elsewhere (CI logs).
//! `-q` shows only failed cases; `-v` shows every case, with its record's path.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use fault_runtime::record::{RunRecord, Verdict};
use indicatif::{ProgressBar, ProgressStyle};

use crate::render::cells;
use crate::render::screen::{Verbosity, screen};
use crate::summary::{CaseResult, Outcome};

/// Reports each finished case.
pub(super) struct Progress {
    /// How the cases are shown.
    display: Display,
    /// How much is shown.
    verbosity: Verbosity,
    /// Colour the status words.
    color: bool,
    /// Where the run's records go, for `-v`.
    records_dir: PathBuf,
}

/// How finished cases are shown.
enum Display {
    /// An interactive bar; the lines shown are printed above it.
    Bar(ProgressBar),
    /// A line per case on stderr.
    Lines,
}

impl Progress {
    /// A bar when stderr is a terminal (and the run is not quiet), lines otherwise.
    pub(super) fn new(total: usize, verbosity: Verbosity, records_dir: &Path) -> Self {
        let color = screen().color_stderr;
        let display = if !std::io::stderr().is_terminal() || verbosity == Verbosity::Quiet {
            Display::Lines
        } else {
            let bar = ProgressBar::new(total as u64);
            let template = if color {
                "{spinner:.green} [{elapsed_precise}] {bar:30.cyan/blue} {pos}/{len} {wide_msg}"
            } else {
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            Display::Bar(bar)
        };
        Progress {
            display,
            verbosity,
            color,
            records_dir: records_dir.to_path_buf(),
        }
    }

    /// Records one finished case.
    pub(super) fn case_done(&self, case: &CaseResult) {
        self.show(
            cells::progress_line(case, self.color),
            case.outcome,
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
        verdict: Option<Verdict>,
    ) {
        let outcome = match event {
            "ok" if verdict == Some(Verdict::Drift) => Outcome::Drift,
            "ok" => Outcome::Passed,
            "ignored" => Outcome::NotRun,
            _ => Outcome::Failed,
        };
        let mut line = cells::reported_line(outcome, seconds, harness, case_id, self.color);
        if let Some(verdict) = verdict {
            line.push_str(&format!(" ({verdict})"));
        }
        if self.verbosity == Verbosity::Verbose {
            let record = self
                .records_dir
                .join(RunRecord::file_name(case_id, harness));
            line.push_str(&format!("  {}", record.display()));
        }
        self.show(line, outcome, case_id);
    }

    /// Shows one case's line. Above the bar only a failure's, so the bar stays readable; when
    /// quiet, only a failure's; when verbose, every one.
    fn show(&self, line: String, outcome: Outcome, case_id: &str) {
        let shown = match self.verbosity {
            Verbosity::Verbose => true,
            Verbosity::Normal => {
                outcome == Outcome::Failed || matches!(self.display, Display::Lines)
            }
            Verbosity::Quiet => outcome == Outcome::Failed,
        };
        match &self.display {
            Display::Bar(bar) => {
                if shown {
                    bar.println(line);
                }
                bar.set_message(case_id.to_owned());
                bar.inc(1);
            }
            Display::Lines if shown => eprintln!("{line}"),
            Display::Lines => {}
        }
    }

    /// Clears the bar.
    pub(super) fn finish(&self) {
        if let Display::Bar(bar) = &self.display {
            bar.finish_and_clear();
        }
    }
}
