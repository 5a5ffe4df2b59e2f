//! The child side of isolation: run exactly one case and report how it ended.

use std::ffi::OsString;
use std::fs::File;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::protocol::{BodyEnd, CASE_VAR, CHILD_SETUP_FAILED, ChildReport, REPORT_VAR};
use crate::{CaseDef, failpoint, limits, registry};

/// When this process was started by a harness to run one case, runs it and returns the exit
/// code; `None` in the harness process itself.
///
/// This is the child's whole fast path: read the marker, find the case, run it, report. No
/// argument parsing, no trial list.
pub(crate) fn run_if_child() -> Option<ExitCode> {
    let case_id = std::env::var_os(CASE_VAR)?;
    let report = std::env::var_os(REPORT_VAR);
    // SAFETY: this runs first thing in `main`, before the harness or the case starts any thread,
    // so nothing can read the environment concurrently. Removing the markers keeps the case's
    // environment exactly the hermetic one the parent built.
    unsafe {
        std::env::remove_var(CASE_VAR);
        std::env::remove_var(REPORT_VAR);
    }
    Some(run_case(case_id, report))
}

fn run_case(case_id: OsString, report: Option<OsString>) -> ExitCode {
    let Some(report) = report.map(PathBuf::from) else {
        eprintln!(
            "faults: started for a case without `{REPORT_VAR}`; run the harness itself instead"
        );
        return ExitCode::from(CHILD_SETUP_FAILED);
    };
    let case_id = case_id.to_string_lossy();
    let Some(def) = registry::find(&case_id) else {
        eprintln!("faults: this harness has no fault case `{case_id}`");
        return ExitCode::from(CHILD_SETUP_FAILED);
    };
    let mut file = match File::options().write(true).open(&report) {
        Ok(file) => file,
        Err(err) => {
            eprintln!(
                "faults: could not open the case report {}: {err}",
                report.display()
            );
            return ExitCode::from(CHILD_SETUP_FAILED);
        }
    };
    let body = match limits::apply(def).and_then(|()| failpoint::arm(def.failpoints)) {
        Err(message) => BodyEnd::SetupFailed { message },
        Ok(()) => run_body(def),
    };
    match ChildReport::after(def, body).write(&mut file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "faults: could not write the case report to {}: {err}",
                report.display()
            );
            ExitCode::from(CHILD_SETUP_FAILED)
        }
    }
}

/// Runs the case's body, catching a panic.
pub(crate) fn run_body(def: &'static CaseDef) -> BodyEnd {
    match panic::catch_unwind(AssertUnwindSafe(|| (def.body)(def))) {
        Ok(outcome) => BodyEnd::Returned { outcome },
        Err(payload) => BodyEnd::Panicked {
            message: panic_message(payload.as_ref()),
        },
    }
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked with a non-string payload".to_owned())
}
