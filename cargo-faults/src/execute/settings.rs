//! How a run goes: the values every harness of the run is started with.

use std::path::PathBuf;

/// How the run goes.
#[derive(Debug)]
pub(crate) struct Settings {
    /// Shared by every record of the run (and by the shards of one CI run).
    pub(crate) run_id: String,
    /// Names this invocation in the records it has the harnesses write: a record of the same
    /// run id left behind by an earlier invocation never counts.
    pub(crate) invocation_id: String,
    /// Absolute: harnesses run in their packages' directories.
    pub(crate) records_dir: PathBuf,
    /// How many cases a harness runs at once.
    pub(crate) jobs: usize,
    /// The run's switches.
    pub(crate) switches: Switches,
}

/// The run's switches, each passed to the harnesses as its `FAULTS_*` variable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Switches {
    /// Stop after the first failed case.
    pub(crate) fail_fast: bool,
    /// Fail every case with a claim the harness could not verify.
    pub(crate) strict: bool,
    /// Fail a case whose refusal does not report its declared gate.
    pub(crate) strict_gates: bool,
    /// Fail the run when a `drift` case fails as predicted.
    pub(crate) drift_as_failure: bool,
    /// Also run each case's automatic control (the body without its injected faults).
    pub(crate) control: bool,
    /// Run every process-isolated case in a container.
    pub(crate) containers: bool,
}
