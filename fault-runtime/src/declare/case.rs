//! The static description of a registered fault case.

use std::time::Duration;

use crate::declare::{Category, DriftVerdict, Isolation, Network};
use crate::declare::{DEFAULT_SWEEP_MAX, Sweep};

use crate::Gate;

use crate::api::outcome::Outcome;

use crate::declare::RollbackExpectation;

use crate::Severity;

/// How long a case may run before the watchdog kills it, unless it sets `timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// One `#[fault_case]`, as the attribute registered it.
///
/// Built by the macro as a `static`; read it through [`registry`](crate::declare::registry), never
/// construct it by hand (fields are added as the attribute grows).
#[derive(Debug)]
pub struct CaseDef {
    /// The fn's name, without `r#`.
    pub fn_name: &'static str,
    /// `module_path!()` where the fn is defined.
    pub module_path: &'static str,
    /// `file!()` of the fn.
    pub file: &'static str,
    /// `line!()` of the fn's name.
    pub line: u32,
    /// The `id` option: a stable id replacing the module path.
    pub id: Option<&'static str>,
    /// The `name` option, else the doc comment's first line.
    pub name: Option<&'static str>,
    /// The refusal code that must be observed.
    pub expect: &'static str,
    /// Further refusal codes a sweep accepts besides `expect` (`expect = ["A", "B"]`).
    pub expect_also: &'static [&'static str],
    /// The gate the refusal must come from.
    pub gate: Option<Gate>,
    /// Whether the pipeline must halt, leaving the sandbox untouched.
    pub halt: bool,
    /// The declared severity.
    pub severity: Severity,
    /// The fault's class.
    pub category: Option<Category>,
    /// The label of the injected fault.
    pub fault: Option<&'static str>,
    /// What an operator does to fix the fault.
    pub recovery: Option<&'static str>,
    /// Variables set in the case's environment.
    pub env: &'static [(&'static str, &'static str)],
    /// Variables removed from the case's environment.
    pub env_remove: &'static [&'static str],
    /// Variables passed through from the harness's environment.
    pub env_pass: &'static [&'static str],
    /// The watchdog limit; [`DEFAULT_TIMEOUT`] when `None`.
    pub timeout: Option<Duration>,
    /// Free labels for filtering.
    pub tags: &'static [&'static str],
    /// Marked `#[ignore]`.
    pub ignored: bool,
    /// Programs hidden from the case's PATH.
    pub hide: &'static [&'static str],
    /// What the case needs on this machine: program names, `env:NAME`, `file:PATH`.
    pub requires: &'static [&'static str],
    /// Failpoints armed in the case's process.
    pub failpoints: &'static [crate::declare::ArmedFailpoint],
    /// Syscall faults (`name:ERRNO[@N[..]]`), each checked by the attribute.
    pub syscalls: &'static [&'static str],
    /// `sweep = "..."`: run the case once per injection point.
    pub sweep: Option<Sweep>,
    /// The most runs of the sweep; [`DEFAULT_SWEEP_MAX`] when `None`.
    pub sweep_max: Option<u32>,
    /// `control` / `control = healthy_fn`: the run that must complete without the fault.
    pub control: Option<Control>,
    /// The address-space limit of the case's process, in bytes.
    pub memory_limit: Option<u64>,
    /// The open-file limit of the case's process.
    pub open_files: Option<u64>,
    /// The rollback that must run after the refusal.
    pub rollback: Option<RollbackExpectation>,
    /// How many copies run concurrently; all must agree.
    pub repeat: Option<u32>,
    /// Why the case is known to fail today (`drift`).
    pub drift: Option<&'static str>,
    /// The one verdict the drift predicts (`drift_verdict`); any behaviour verdict when `None`.
    pub drift_verdict: Option<DriftVerdict>,
    /// The last day the drift may absorb its failure (`drift_until`, `YYYY-MM-DD`).
    pub drift_until: Option<&'static str>,
    /// Where the hardening is tracked (`drift_issue`).
    pub drift_issue: Option<&'static str>,
    /// The most attempts the refusal may report.
    pub attempts: Option<u32>,
    /// The case is an `async fn`.
    pub is_async: bool,
    /// `time = "paused"`: the async body runs on tokio's paused clock.
    pub paused_time: bool,
    /// `isolation = "..."`: where the body runs.
    pub isolation: Isolation,
    /// `network = "..."`: the network the case's processes see. Its own field rather than a
    /// kind of isolation because it is a choice within a container: `network = "none"` gives
    /// a container a network namespace of its own, and the macro accepts it only with
    /// `isolation = "container"`.
    pub network: Network,
    /// Runs the user's fn and converts its result.
    pub body: fn(&CaseDef) -> Outcome,
}

impl CaseDef {
    /// Whether the body runs inside the harness process (`isolation = "none"`).
    pub fn in_process(&self) -> bool {
        !self.isolation.has_own_process()
    }

    /// The stable id: `id` if given, else `module_path::fn_name` (so it starts with the crate).
    pub fn case_id(&self) -> String {
        match self.id {
            Some(id) => id.to_owned(),
            None => format!("{}::{}", self.module_path, self.fn_name),
        }
    }

    /// Whether `case_id` names this case, without allocating.
    pub fn has_id(&self, case_id: &str) -> bool {
        match self.id {
            Some(id) => id == case_id,
            None => case_id
                .strip_prefix(self.module_path)
                .and_then(|rest| rest.strip_prefix("::"))
                .is_some_and(|rest| rest == self.fn_name),
        }
    }

    /// The human name: `name`, the doc comment's first line, or the fn name.
    pub fn display_name(&self) -> &'static str {
        self.name.unwrap_or(self.fn_name)
    }

    /// How many processes run the case: `repeat`, else one.
    pub fn copies(&self) -> u32 {
        self.repeat.unwrap_or(1)
    }

    /// Every refusal code the case accepts: `expect`, then a sweep's further codes.
    pub fn expected_codes(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.expect).chain(self.expect_also.iter().copied())
    }

    /// The most runs a sweep makes.
    pub fn effective_sweep_max(&self) -> u32 {
        self.sweep_max.unwrap_or(DEFAULT_SWEEP_MAX)
    }

    /// The watchdog limit in force.
    pub fn effective_timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }
}

/// `control` / `control = healthy_fn`: the run that establishes the steady state.
#[derive(Debug, Clone, Copy)]
pub enum Control {
    /// `control`: the body itself, with every fault the attribute injects removed
    /// (`env_remove`, `hide`, `failpoints`, `syscalls`, `network = "none"`, `memory_limit`,
    /// `open_files`).
    WithoutFaults,
    /// `control = healthy_fn`: a fn that runs the same operation on good input, for faults the
    /// body injects itself.
    Healthy {
        /// The fn's path as the attribute wrote it (`valid_remote_spec`), which the listing and
        /// a vacuous case's explanation name.
        name: &'static str,
        /// Runs the fn, converting its result like the body's.
        run: fn(&CaseDef) -> Outcome,
    },
}

impl CaseDef {
    /// The attribute keys by which this case injects its faults, which its control run leaves
    /// out: `env_remove`, `hide`, `failpoints`, `syscalls`, `network = "none"`, `memory_limit`,
    /// `open_files`. Empty when the body injects its faults itself.
    pub fn removable_faults(&self) -> Vec<&'static str> {
        [
            ("env_remove", !self.env_remove.is_empty()),
            ("hide", !self.hide.is_empty()),
            ("failpoints", !self.failpoints.is_empty()),
            ("syscalls", !self.syscalls.is_empty()),
            ("network = \"none\"", self.network == Network::None),
            ("memory_limit", self.memory_limit.is_some()),
            ("open_files", self.open_files.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, present)| present.then_some(key))
        .collect()
    }
}

/// A plain case for unit tests to adjust with struct update syntax.
#[cfg(test)]
pub(crate) const TEST_CASE: CaseDef = CaseDef {
    fn_name: "missing_adapter_id",
    module_path: "toolforge",
    file: "src/lib.rs",
    line: 1,
    id: None,
    name: None,
    expect: "REMOTE_REQUIRES_ADAPTER",
    expect_also: &[],
    gate: None,
    halt: false,
    severity: Severity::Error,
    category: None,
    fault: None,
    recovery: None,
    env: &[],
    env_remove: &[],
    env_pass: &[],
    timeout: None,
    tags: &[],
    ignored: false,
    hide: &[],
    requires: &[],
    failpoints: &[],
    syscalls: &[],
    sweep: None,
    sweep_max: None,
    control: None,
    memory_limit: None,
    open_files: None,
    rollback: None,
    repeat: None,
    drift: None,
    drift_verdict: None,
    drift_until: None,
    drift_issue: None,
    attempts: None,
    is_async: false,
    paused_time: false,
    isolation: Isolation::Process,
    network: Network::Host,
    body: |_| Outcome::accepted(),
};
