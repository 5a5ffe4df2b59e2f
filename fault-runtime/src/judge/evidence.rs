//! What a verdict is decided from.

use crate::child::report::ChildReport;
use crate::record::LeakedProcess;
use crate::record::SideEffect;

/// What the harness observed of one run of a case.
#[derive(Debug)]
pub(crate) struct Evidence<'a> {
    /// The watchdog fired.
    pub(crate) timed_out: bool,
    /// The case's process exited with status 0 after its report.
    pub(crate) exited_cleanly: bool,
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
}

/// Which unverified claims fail a case (`unverified`) instead of being only reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Strictness {
    /// `--strict` / `FAULTS_STRICT`: every unverified claim.
    pub(crate) all: bool,
    /// `--strict-gates` / `FAULTS_STRICT_GATES`: an unreported gate.
    pub(crate) gates: bool,
}
