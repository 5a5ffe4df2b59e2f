//! Everything the harness learned about one run of a case, and the evidence a verdict is
//! decided from.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::api::outcome::{Acceptance, Outcome, RefusalReport};
use crate::child::report::{BodyEnd, ChildReport};
use crate::isolate::Exit;
use crate::isolate::sandbox::Sandbox;
use crate::judge::{Evidence, ProcessEnd};
use crate::record::{Containment, SideEffect, SyscallReport};

/// Everything the harness learned about one run of the case.
#[derive(Debug)]
pub(crate) struct Observation {
    pub(crate) started_at: SystemTime,
    pub(crate) exit: Option<Exit>,
    /// The report, when the case's own process wrote a readable one.
    pub(crate) report: Option<ChildReport>,
    /// Why there is no usable report although something arrived, or the channel failed.
    pub(crate) report_problem: Option<String>,
    pub(crate) side_effects: Vec<SideEffect>,
    /// What of `requires` was absent; the case was not started then.
    pub(crate) missing: Vec<String>,
    /// Why the harness could not observe the case fully, if it could not.
    pub(crate) trouble: Option<String>,
    /// How the case's processes were followed.
    pub(crate) containment: Containment,
    /// Every syscall fault of the run with what it saw: the case's own, then a sweep's.
    pub(crate) syscalls: Vec<SyscallReport>,
    /// How many of [`syscalls`](Self::syscalls) are the case's own.
    pub(crate) own_syscalls: usize,
    /// The case ran inside the harness process.
    pub(crate) in_process: bool,
    /// The sandbox, once the case is over: recycled, kept or removed after the verdict.
    pub(crate) sandbox: Option<Sandbox>,
    pub(crate) sandbox_kept: Option<PathBuf>,
}

impl Observation {
    /// What the verdict is decided from.
    pub(crate) fn evidence(&self) -> Evidence<'_> {
        let exit = self.exit.as_ref();
        Evidence {
            timed_out: exit.is_some_and(|e| e.timed_out),
            elapsed: exit.map_or(Duration::ZERO, |e| e.elapsed),
            end: ProcessEnd {
                code: exit.and_then(|e| e.code),
                signal: exit.and_then(|e| e.signal),
            },
            trouble: self.trouble.as_deref(),
            report_problem: self.report_problem.as_deref(),
            report: self.report.as_ref(),
            side_effects: &self.side_effects,
            leaked: exit.map_or(&[], |e| e.leaked.as_slice()),
            missing: &self.missing,
            in_process: self.in_process,
            syscalls: &self.syscalls[..self.own_syscalls.min(self.syscalls.len())],
        }
    }

    /// The refusal this observation saw, if any.
    pub(crate) fn refusal(&self) -> Option<&RefusalReport> {
        match self.report.as_ref().map(|r| &r.body) {
            Some(BodyEnd::Returned {
                outcome: Outcome::Refused(refusal),
            }) => Some(refusal),
            _ => None,
        }
    }

    /// What the body accepted, when it returned an acceptance.
    pub(crate) fn acceptance(&self) -> Option<&Acceptance> {
        match self.report.as_ref().map(|r| &r.body) {
            Some(BodyEnd::Returned {
                outcome: Outcome::Accepted(accepted),
            }) => Some(accepted),
            _ => None,
        }
    }

    pub(crate) fn code(&self) -> Option<String> {
        self.refusal().map(|r| r.code.clone())
    }

    pub(crate) fn gate(&self) -> Option<crate::Gate> {
        self.refusal().and_then(|r| r.gate.clone())
    }

    pub(crate) fn new() -> Self {
        Observation {
            started_at: SystemTime::now(),
            exit: None,
            report: None,
            report_problem: None,
            side_effects: Vec::new(),
            missing: Vec::new(),
            trouble: None,
            containment: Containment::ProcessGroup,
            syscalls: Vec::new(),
            own_syscalls: 0,
            in_process: false,
            sandbox: None,
            sandbox_kept: None,
        }
    }

    pub(crate) fn failed(trouble: String) -> Self {
        Observation {
            trouble: Some(trouble),
            ..Observation::new()
        }
    }

    /// Keeps the sandbox of a failed case for inspection (`FAULTS_KEEP_SANDBOX`).
    pub(crate) fn keep_sandbox(&mut self) {
        self.sandbox_kept = self.sandbox.take().map(Sandbox::keep);
    }
}
