//! The parsed arguments of one `#[fault_case(...)]`: what each option was given.

use std::time::Duration;

use fault_vocab::syscall::SyscallSpec;
use fault_vocab::{
    Category, DriftVerdict, Isolation, Network, RollbackExpectation, Severity, TimeMode,
};
use proc_macro2::Span;

use super::control::Control;
use super::failpoints::Failpoint;
use super::sweep::{CodeList, Sweep};
use crate::value::GateArg;

/// The parsed, validated arguments of one `#[fault_case(...)]`.
#[derive(Default)]
pub(crate) struct Options {
    /// The refusal code: `expect = "CODE"`, or the first of `expect = [...]`.
    pub(crate) expect: Option<String>,
    /// `expect = [...]`: the further codes, which need `sweep`.
    pub(crate) expect_list: Option<CodeList>,
    pub(crate) gate: Option<GateArg>,
    pub(crate) halt: Option<bool>,
    pub(crate) severity: Option<Severity>,
    pub(crate) category: Option<Category>,
    pub(crate) id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) fault: Option<String>,
    pub(crate) recovery: Option<String>,
    pub(crate) env: Option<Vec<(String, String)>>,
    pub(crate) env_remove: Option<Vec<String>>,
    pub(crate) env_pass: Option<Vec<String>>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) tags: Option<Vec<String>>,
    /// Each hidden program name or absolute path with its span, for the checks against
    /// `requires` and `isolation`.
    pub(crate) hide: Option<Vec<(String, Span)>>,
    /// Each requirement with its span, for the check against `hide`.
    pub(crate) requires: Option<Vec<(String, Span)>>,
    pub(crate) failpoints: Option<Vec<Failpoint>>,
    /// Each syscall fault with its span, for the check against a syscall `sweep`.
    pub(crate) syscalls: Option<Vec<(SyscallSpec, Span)>>,
    pub(crate) sweep: Option<Sweep>,
    pub(crate) sweep_max: Option<u32>,
    /// `control` / `control = healthy_fn`, with the span of the key.
    pub(crate) control: Option<(Control, Span)>,
    pub(crate) memory_limit: Option<u64>,
    pub(crate) open_files: Option<u64>,
    pub(crate) rollback: Option<RollbackExpectation>,
    pub(crate) repeat: Option<u32>,
    pub(crate) drift: Option<String>,
    /// `drift_verdict = "..."`: the one verdict the drift predicts.
    pub(crate) drift_verdict: Option<(DriftVerdict, Span)>,
    /// `drift_until = "YYYY-MM-DD"`.
    pub(crate) drift_until: Option<String>,
    /// `drift_issue = "..."`.
    pub(crate) drift_issue: Option<String>,
    pub(crate) attempts: Option<u32>,
    /// `time = "..."`, with its span for errors about the fn.
    pub(crate) time: Option<(TimeMode, Span)>,
    /// `isolation = "..."`, with its span.
    pub(crate) isolation: Option<(Isolation, Span)>,
    /// `network = "..."`, with the span of its value.
    pub(crate) network: Option<(Network, Span)>,
}

impl Options {
    /// The span of `isolation = "none"`: the case runs inside the harness process.
    pub(crate) fn in_process(&self) -> Option<Span> {
        self.isolation
            .filter(|(isolation, _)| !isolation.has_own_process())
            .map(|(_, span)| span)
    }

    /// Whether the case runs in a container (`isolation = "container"`).
    pub(crate) fn in_container(&self) -> bool {
        self.isolation
            .is_some_and(|(isolation, _)| isolation.is_container())
    }
}
