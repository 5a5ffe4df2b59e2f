//! What a verdict is decided from.

use std::time::Duration;

use crate::child::report::ChildReport;
use crate::judge::ProcessEnd;
use crate::record::{LeakedProcess, SideEffect, SyscallReport};

/// What the harness observed of one run of a case.
#[derive(Debug)]
pub(crate) struct Evidence<'a> {
    /// The watchdog fired.
    pub(crate) timed_out: bool,
    /// How long the case's process ran.
    pub(crate) elapsed: Duration,
    /// How the case's process ended.
    pub(crate) end: ProcessEnd,
    /// Why the harness could not observe the case fully, if it could not.
    pub(crate) trouble: Option<&'a str>,
    /// Why what arrived on the report channel cannot be judged, if it cannot.
    pub(crate) report_problem: Option<&'a str>,
    /// The case's report, when its own process wrote one.
    pub(crate) report: Option<&'a ChildReport>,
    /// What changed: in the sandbox, or process-wide state of an in-process case.
    pub(crate) side_effects: &'a [SideEffect],
    /// Processes the case started that were alive after its body ended.
    pub(crate) leaked: &'a [LeakedProcess],
    /// What of `requires` is absent; the case was not started then.
    pub(crate) missing: &'a [String],
    /// The case ran inside the harness process: any change of process-wide state fails it.
    pub(crate) in_process: bool,
    /// The case's own syscall faults, each of which must have failed a call (a sweep's fault
    /// is judged by the sweep).
    pub(crate) syscalls: &'a [SyscallReport],
}

impl Evidence<'_> {
    /// Whether the case's process exited with status 0, fully observed, with nothing wrong on
    /// its report channel: only then does its report count.
    pub(crate) fn exited_cleanly(&self) -> bool {
        self.end.code == Some(0) && self.trouble.is_none() && self.report_problem.is_none()
    }
}
