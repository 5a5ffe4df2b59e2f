//! The whole run: every harness of the selection in turn, with fail-fast across harnesses, into
//! one summary.

use std::time::{Instant, SystemTime};

use super::collect::not_run;
use super::harness::run_harness;
use super::progress::Progress;
use super::settings::Settings;
use crate::discover::select::Selection;
use crate::errors::Error;
use crate::render::screen::Verbosity;
use crate::summary::{Outcome, Summary};

/// Runs every harness of the selection in turn and collects one result per selected case.
pub(crate) fn run(
    selection: &Selection,
    settings: &Settings,
    verbosity: Verbosity,
) -> Result<Summary, Error> {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    let progress = Progress::new(selection.len(), verbosity, &settings.records_dir);
    let mut results = Vec::new();
    let mut failed = false;
    for (harness, cases) in &selection.harnesses {
        if failed && settings.switches.fail_fast {
            for case in cases {
                let result = not_run(case, harness);
                progress.case_done(&result);
                results.push(result);
            }
            continue;
        }
        let harness_results = run_harness(harness, cases, settings, &progress)?;
        failed |= harness_results.iter().any(|r| r.outcome == Outcome::Failed);
        results.extend(harness_results);
    }
    progress.finish();
    let mut summary = Summary::new(vec![settings.run_id.clone()], results);
    summary.invocation_id = Some(settings.invocation_id.clone());
    summary.started_at = Some(humantime::format_rfc3339_millis(started_at).to_string());
    summary.finished_at = Some(humantime::format_rfc3339_millis(SystemTime::now()).to_string());
    summary.duration_ms = Some(clock.elapsed().as_secs_f64() * 1000.0);
    Ok(summary)
}
