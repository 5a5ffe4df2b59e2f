//! A sweep's runs, as the record lists them: `sweep[]` and, for a failpoint sweep,
//! `sweep_sites`.

use serde::{Deserialize, Serialize};

use crate::record::{Status, Verdict};

/// One run of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRun {
    /// The run's number, from 1.
    pub run: u32,
    /// What the run armed, in the attribute's own syntax, so the run can be reproduced alone:
    /// `write:ENOSPC@7` (for `syscalls = [...]`) or `ledger.write=return` (for
    /// `failpoints = "..."`); `None` for a failpoint sweep's first run, which arms nothing.
    pub injected: Option<String>,
    /// Whether the armed fault fired. The run in which it did not is the sweep's baseline.
    pub fired: bool,
    /// The run is the baseline: the operation without the fault, which may complete.
    pub baseline: bool,
    /// The run's verdict; `None` for a baseline that completed (it has no refusal to judge).
    pub verdict: Option<Verdict>,
    /// Whether the run held: a run whose fault fired passes as a case would; the baseline may
    /// also complete, and is held to no `halt`.
    pub status: Status,
    /// The refusal code the run observed.
    pub code: Option<String>,
    /// How long the run's process ran, in milliseconds.
    pub duration_ms: f64,
}

/// The failpoint sites a failpoint sweep found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepSites {
    /// Sites the case reached, each failed in a run of its own.
    pub reached: Vec<String>,
    /// Sites registered in the harness that the case never reached: error paths this case
    /// does not test.
    pub unreached: Vec<String>,
}
