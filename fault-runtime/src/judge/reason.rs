//! Why a verdict applies, as [`decide`](fn@crate::judge::decide) found it: the record's
//! `observed.message` and the terminal's explanation render these, never re-derive them.

use std::fmt;
use std::time::Duration;

use crate::api::outcome::Acceptance;
use crate::declare::RollbackExpectation;
use crate::judge::Claim;
use crate::judge::uncontrolled::Uncontrolled;
use crate::record::Warning;
use crate::record::{LeakedProcess, RepeatReport};
use crate::{RollbackKind, Severity};

/// What the evidence showed that made one verdict apply (or, for a pass, what it rests on).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reason {
    /// `crashed`: the harness could not observe the case fully (setup, supervisor, snapshot).
    Trouble(String),
    /// `missing_dependency`: what of `requires` is absent; the case did not run.
    Missing(Vec<String>),
    /// `hung`: the watchdog fired after this long.
    TimedOut(Duration),
    /// `crashed`: something arrived on the report channel that cannot be judged.
    ReportRejected(String),
    /// `crashed`: the case's process ended before reporting a verdict.
    EndedBeforeReport(ProcessEnd),
    /// `crashed`: the case's process reported, then did not exit cleanly.
    EndedAfterReport(ProcessEnd),
    /// `crashed`: the case's process could not be set up (limits, failpoints).
    SetupFailed(String),
    /// `crashed`, `missing_dependency` or `panicked` from a process outcome, in its own words.
    ProgramEnded(String),
    /// `panicked`: the body panicked with this message.
    Panicked(String),
    /// `leaked_process`: what was still alive after the body ended (all killed since).
    Leaked(Vec<LeakedProcess>),
    /// `not_exercised`: every armed failpoint and syscall fault that proved nothing, and why.
    NotExercised(Vec<Unfired>),
    /// `vacuous`: the control run did not complete.
    Vacuous(Uncontrolled),
    /// `hung`: a sweep made this many runs (`sweep_max`) without one in which its fault did not
    /// fire.
    SweepBound(u32),
    /// `unverified`: the claims strict mode fails.
    Unverified(Vec<Claim>),
    /// `side_effects` of an in-process case: the process-wide state it changed (restored).
    ProcessState(Vec<String>),
    /// `silent_acceptance`: the body returned `Ok` (or its program exited 0) and reported no
    /// expected warning; with what it returned, when that can be shown.
    Accepted(Acceptance),
    /// `silent_acceptance`: the body continued with the warning where its severity requires a
    /// refusal.
    WarnedInsteadOfRefusing {
        /// The warning it reported.
        warning: Warning,
        /// The declared severity.
        severity: Severity,
    },
    /// `degraded`: the operation continued with the expected warning.
    Degraded(Warning),
    /// A refusal: the pass itself, or `wrong_code`, `wrong_gate`, `side_effects` under `halt`,
    /// where the refusal's own message tells the story; or with what about it failed.
    Refusal {
        /// What about the refusal failed the case, if the refusal itself did.
        problem: Option<RefusalProblem>,
        /// The refusal's own message.
        message: Option<String>,
    },
    /// `nondeterministic`: how the `repeat` copies ended.
    Disagreed(RepeatReport),
}

/// What about a refusal failed the case.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RefusalProblem {
    /// `wrong_severity`: the refusal reported another severity.
    SeverityReported {
        /// What it reported.
        reported: Severity,
        /// What the case declares.
        declared: Severity,
    },
    /// `wrong_severity`: a `warning`/`info` case refused instead of continuing.
    RefusedInsteadOfContinuing(Severity),
    /// `excess_retries`: the refusal reported no attempts.
    NoAttempts {
        /// `attempts = N`.
        max: u32,
    },
    /// `excess_retries`: more attempts than allowed.
    TooManyAttempts {
        /// How many it reported.
        reported: usize,
        /// `attempts = N`.
        max: u32,
    },
    /// `no_rollback`: the refusal reported no rollback.
    NoRollbackReported,
    /// `no_rollback`: a rollback of another kind than declared.
    OtherRollback {
        /// What ran.
        reported: RollbackKind,
        /// What the case declares.
        declared: RollbackExpectation,
    },
    /// `no_rollback`: reported, but the sandbox still differs.
    NotRestored {
        /// How many paths differ.
        paths: usize,
    },
}

/// How a case's process ended, for messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ProcessEnd {
    /// The exit code, when it exited.
    pub(crate) code: Option<i32>,
    /// The signal that killed it.
    pub(crate) signal: Option<i32>,
}

/// An armed fault (a failpoint, a syscall fault) that proved nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unfired {
    /// The failpoint's name, or the syscall fault's spec.
    pub(crate) name: String,
    /// Why it proved nothing.
    pub(crate) why: Unexercised,
}

/// Why an armed fault proved nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unexercised {
    /// A failpoint sweep whose body reached no registered site.
    NoSiteReached,
    /// A syscall fault that failed no call: the syscall was called this often (exempt calls
    /// aside), never when the spec's turn came.
    SyscallNeverFailed {
        /// Calls of the syscall.
        calls: u64,
    },
    /// No site has the name; this registered one is one or two edits away.
    NearMiss(String),
    /// The site was never reached.
    NeverReached,
    /// Reached, but its actions never fired.
    NeverFired {
        /// How often it was reached.
        hits: u64,
        /// Its actions, as armed.
        actions: String,
    },
}

impl Reason {
    /// Whether this reason describes the circumstances of the whole run (it could not run, was
    /// not observed, did not finish) rather than one finding about it: such a reason is the
    /// story whichever verdict wins.
    pub(crate) fn is_circumstance(&self) -> bool {
        matches!(
            self,
            Reason::Trouble(_)
                | Reason::Missing(_)
                | Reason::Disagreed(_)
                | Reason::TimedOut(_)
                | Reason::ReportRejected(_)
        )
    }

    /// Where a circumstance ranks when several apply: the first is told.
    pub(crate) fn circumstance_rank(&self) -> u8 {
        match self {
            Reason::Trouble(_) => 0,
            Reason::Missing(_) => 1,
            Reason::Disagreed(_) => 2,
            Reason::TimedOut(_) => 3,
            Reason::ReportRejected(_) => 4,
            _ => u8::MAX,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Trouble(text) | Reason::ReportRejected(text) | Reason::ProgramEnded(text) => {
                f.write_str(text)
            }
            Reason::Missing(missing) => write!(
                f,
                "missing on this machine: {}; the case did not run",
                missing.join(", ")
            ),
            Reason::TimedOut(after) => write!(
                f,
                "no verdict within {:.1}s; every process of the case was killed",
                after.as_secs_f64()
            ),
            Reason::EndedBeforeReport(end) => {
                write!(f, "the case's process {end} before reporting a verdict")
            }
            Reason::EndedAfterReport(end) => {
                write!(f, "the case reported its outcome, then its process {end}")
            }
            Reason::SetupFailed(text) => write!(f, "the case could not be set up: {text}"),
            Reason::Panicked(text) => write!(f, "panicked: {text}"),
            Reason::Leaked(leaked) => leaked_processes(f, leaked),
            Reason::NotExercised(unfired) => {
                let reasons: Vec<String> = unfired.iter().map(ToString::to_string).collect();
                write!(f, "{}: the fault was not exercised", reasons.join("; "))
            }
            Reason::Vacuous(uncontrolled) => uncontrolled.fmt(f),
            Reason::SweepBound(max) => write!(
                f,
                "the sweep found no run without the fault in {max} runs (`sweep_max`): the operation made at least {max} such calls; raise `sweep_max` if it really does, or look for a retry loop that never gives up"
            ),
            Reason::Unverified(claims) => {
                let claims: Vec<String> = claims.iter().map(ToString::to_string).collect();
                write!(f, "strict mode: {}", claims.join("; "))
            }
            Reason::ProcessState(changed) => write!(
                f,
                "the in-process case changed process-wide state ({}); it was restored",
                changed.join(", ")
            ),
            Reason::Accepted(Acceptance {
                exit_code: Some(code),
                ..
            }) => write!(f, "no refusal: the program exited {code} (accepted)"),
            Reason::Accepted(Acceptance {
                shown: Some(shown), ..
            }) => write!(f, "no refusal: the body returned Ok({shown})"),
            Reason::Accepted(_) => f.write_str("no refusal: the body returned Ok"),
            Reason::WarnedInsteadOfRefusing { warning, severity } => write!(
                f,
                "continued with warning {} where `severity = \"{severity}\"` requires a refusal",
                warning.code
            ),
            Reason::Degraded(warning) => {
                write!(
                    f,
                    "continued with warning {}: {}",
                    warning.code, warning.message
                )
            }
            Reason::Refusal { problem, message } => {
                let own = message.as_deref().unwrap_or_default();
                match problem {
                    None => f.write_str(own),
                    Some(problem) if own.is_empty() => write!(f, "{problem}"),
                    Some(problem) => write!(f, "{problem}: {own}"),
                }
            }
            Reason::Disagreed(report) => disagreement(f, report),
        }
    }
}

impl fmt::Display for RefusalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefusalProblem::SeverityReported { reported, declared } => write!(
                f,
                "refused with severity {reported} where `severity = \"{declared}\"` is declared"
            ),
            RefusalProblem::RefusedInsteadOfContinuing(declared) => write!(
                f,
                "refused where a case of severity `{declared}` expects the operation to continue with a warning"
            ),
            RefusalProblem::NoAttempts { max } => write!(
                f,
                "the refusal reported no attempts although `attempts = {max}` is declared"
            ),
            RefusalProblem::TooManyAttempts { reported, max } => write!(
                f,
                "the refusal reported {reported} attempts; `attempts = {max}` allows {max}"
            ),
            RefusalProblem::NoRollbackReported => f.write_str("refused, but reported no rollback"),
            RefusalProblem::OtherRollback { reported, declared } => write!(
                f,
                "refused with a {reported} rollback where `rollback = \"{}\"` is declared",
                declared.as_str()
            ),
            RefusalProblem::NotRestored { paths } => write!(
                f,
                "refused and reported a rollback, but the sandbox still differs in {paths} path(s)"
            ),
        }
    }
}

impl fmt::Display for ProcessEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code, self.signal) {
            (_, Some(signal)) => write!(f, "was killed by {}", crate::sys::signal_name(signal)),
            (Some(code), None) => write!(f, "exited with code {code}"),
            (None, None) => f.write_str("ended"),
        }
    }
}

impl fmt::Display for Unfired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.why {
            Unexercised::NearMiss(site) => write!(
                f,
                "armed failpoint `{name}` matches no `fault_runtime::fail_point!` site; did you mean `{site}`?"
            ),
            Unexercised::NeverReached => write!(f, "armed failpoint `{name}` was never reached"),
            Unexercised::NoSiteReached => {
                f.write_str("`sweep = \"failpoints\"` reached no `fault_runtime::fail_point!` site")
            }
            Unexercised::SyscallNeverFailed { calls } => write!(
                f,
                "syscall fault `{name}` failed no call ({calls} call(s) of the syscall, stdio and the harness's channel aside)"
            ),
            Unexercised::NeverFired { hits, actions } => write!(
                f,
                "armed failpoint `{name}` was reached {hits} time(s) but its actions `{actions}` never fired"
            ),
        }
    }
}

/// Which processes were left running.
fn leaked_processes(f: &mut fmt::Formatter<'_>, leaked: &[LeakedProcess]) -> fmt::Result {
    const SHOWN: usize = 5;
    let listed: Vec<String> = leaked
        .iter()
        .take(SHOWN)
        .map(|p| format!("pid {} `{}`", p.pid, p.command))
        .collect();
    write!(
        f,
        "{} process(es) the case started were still alive after its body ended: {}",
        leaked.len(),
        listed.join(", ")
    )?;
    let more = leaked.len().saturating_sub(SHOWN);
    if more > 0 {
        write!(f, " and {more} more")?;
    }
    f.write_str("; all were killed")
}

/// How the copies of a repeated case ended.
fn disagreement(f: &mut fmt::Formatter<'_>, report: &RepeatReport) -> fmt::Result {
    let parts: Vec<String> = report
        .distribution
        .iter()
        .map(|outcome| {
            let code = outcome.code.as_deref().unwrap_or("no code");
            let gate = outcome
                .gate
                .as_ref()
                .map(|g| format!(" at gate {g}"))
                .unwrap_or_default();
            format!("{} × {} ({code}{gate})", outcome.count, outcome.verdict)
        })
        .collect();
    write!(
        f,
        "the {} copies disagreed: {}",
        report.copies,
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acceptance_says_what_was_accepted() {
        let said = |acceptance| Reason::Accepted(acceptance).to_string();
        assert_eq!(
            said(Acceptance {
                shown: None,
                exit_code: Some(0)
            }),
            "no refusal: the program exited 0 (accepted)"
        );
        assert_eq!(
            said(Acceptance {
                shown: Some("ValidatedTool { id: 7 }".to_owned()),
                exit_code: None
            }),
            "no refusal: the body returned Ok(ValidatedTool { id: 7 })"
        );
        assert_eq!(
            said(Acceptance::default()),
            "no refusal: the body returned Ok"
        );
    }
}
