//! What coverage is: every registered failpoint site with the cases that fired it, and every
//! declared syscall fault and sweep with what its case's record says it injected.

use serde::Serialize;

/// The coverage of the selected harnesses in one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Coverage {
    /// The run the records come from.
    pub(crate) run_id: Option<String>,
    /// Where its records are.
    pub(crate) records_dir: String,
    /// One entry per failpoint name per harness, in harness then name order.
    pub(crate) failpoint_sites: Vec<SiteCoverage>,
    /// One entry per syscall fault spec a case declares, in case order.
    pub(crate) syscall_specs: Vec<SpecCoverage>,
    /// One entry per case that sweeps, in case order.
    pub(crate) sweeps: Vec<SweepCoverage>,
    /// Selected cases the run holds no record of: nothing they would fire is counted.
    pub(crate) cases_without_record: Vec<CaseRef>,
}

/// A failpoint name registered in a harness, and the cases that fired it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SiteCoverage {
    /// `package::target` of the harness it is linked into.
    pub(crate) harness: String,
    /// The failpoint's name.
    pub(crate) name: String,
    /// `file:line` of every `fault_runtime::fail_point!` with this name: firings are counted
    /// per name, so they share one entry.
    pub(crate) locations: Vec<String>,
    /// The cases whose record says it fired, in case order; empty when none did.
    pub(crate) fired_by: Vec<String>,
}

/// A syscall fault spec of one case, and what its record says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SpecCoverage {
    /// `package::target` of the case's harness.
    pub(crate) harness: String,
    /// The case that declares it.
    pub(crate) case_id: String,
    /// The spec as declared, `write:ENOSPC@3`.
    pub(crate) spec: String,
    /// Whether the case has a record in the run.
    pub(crate) recorded: bool,
    /// Whether a call was failed.
    pub(crate) fired: bool,
    /// Calls of the syscall seen, when the record reports them.
    pub(crate) calls: Option<u64>,
    /// Calls failed, when the record reports the spec.
    pub(crate) injected: Option<u64>,
}

/// A sweeping case, and what its record says its runs injected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SweepCoverage {
    /// `package::target` of the case's harness.
    pub(crate) harness: String,
    /// The case that sweeps.
    pub(crate) case_id: String,
    /// What it sweeps over, as declared: `write:ENOSPC` or `failpoints`.
    pub(crate) sweep: String,
    /// Whether the case has a record in the run.
    pub(crate) recorded: bool,
    /// Whether any run's fault fired.
    pub(crate) fired: bool,
    /// The runs the record holds.
    pub(crate) runs: usize,
    /// The runs whose fault fired.
    pub(crate) fired_runs: usize,
    /// For `sweep = "failpoints"`, the harness's sites the case never reached, when the record
    /// says.
    pub(crate) unreached_sites: Option<Vec<String>>,
}

/// A case, named as a harness has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct CaseRef {
    /// `package::target`.
    pub(crate) harness: String,
    /// The case's id.
    pub(crate) case_id: String,
}

impl Coverage {
    /// The failpoint sites no case fired: the error paths nothing tests.
    pub(crate) fn unfired_sites(&self) -> impl Iterator<Item = &SiteCoverage> {
        self.failpoint_sites
            .iter()
            .filter(|site| site.fired_by.is_empty())
    }

    /// The syscall fault specs that failed no call.
    pub(crate) fn unfired_specs(&self) -> impl Iterator<Item = &SpecCoverage> {
        self.syscall_specs.iter().filter(|spec| !spec.fired)
    }

    /// The sweeps no run of which fired.
    pub(crate) fn unfired_sweeps(&self) -> impl Iterator<Item = &SweepCoverage> {
        self.sweeps.iter().filter(|sweep| !sweep.fired)
    }
}
