//! Verdicts, the public names of every way a case can end, and how one is decided.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::protocol::{BodyEnd, ChildReport};
use crate::sandbox::SideEffect;
use crate::{CaseDef, Outcome, Severity};

/// How a case ended. The names are a public contract: records, reports and filters use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Refused with the expected code, and every expectation held.
    Refused,
    /// The operation succeeded where a refusal was expected.
    SilentAcceptance,
    /// Refused, but with another code.
    WrongCode,
    /// Refused with the right code at another gate.
    WrongGate,
    /// The body panicked instead of refusing.
    Panicked,
    /// The case's process ended without a verdict: exit midway, abort, signal.
    Crashed,
    /// Killed by the watchdog.
    Hung,
    /// `halt` was expected, but the sandbox changed.
    SideEffects,
    /// Something in `requires` (or the system's own binary) is absent on this machine.
    MissingDependency,
    /// An armed failpoint never fired: the case proved nothing.
    NotExercised,
    /// `rollback` was expected, but state was not restored or no rollback was reported.
    NoRollback,
    /// `repeat` copies disagreed on verdict, code or gate.
    Nondeterministic,
    /// A `drift` case failed as predicted (passes; reported separately).
    Drift,
    /// A `drift` case now passes: remove the mark.
    DriftResolved,
    /// A `warning`/`info` case: the operation continued and reported the expected code as a
    /// warning.
    Degraded,
    /// Refused with the right code but the wrong severity: a hard refusal where degraded
    /// continuation was declared, or a severity other than the declared one.
    WrongSeverity,
    /// The refusal reported more attempts than `attempts` allows, or none at all.
    ExcessRetries,
}

/// Whether a verdict counts as a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The case proved the system refuses as it should.
    Passed,
    /// The case found a problem, or proved nothing.
    Failed,
}

impl Verdict {
    /// Every verdict: the passing ones, then the failing ones in precedence order.
    pub const ALL: [Verdict; 17] = [
        Verdict::Refused,
        Verdict::Degraded,
        Verdict::Drift,
        Verdict::Nondeterministic,
        Verdict::Hung,
        Verdict::Crashed,
        Verdict::MissingDependency,
        Verdict::NotExercised,
        Verdict::Panicked,
        Verdict::SilentAcceptance,
        Verdict::WrongCode,
        Verdict::WrongGate,
        Verdict::WrongSeverity,
        Verdict::ExcessRetries,
        Verdict::SideEffects,
        Verdict::NoRollback,
        Verdict::DriftResolved,
    ];

    /// Whether this verdict passes: `refused`, `degraded` and `drift` do.
    pub fn status(self) -> Status {
        match self {
            Verdict::Refused | Verdict::Degraded | Verdict::Drift => Status::Passed,
            _ => Status::Failed,
        }
    }

    /// Whether this verdict judges the system's behaviour (which a `drift` mark absorbs),
    /// rather than whether the case could run at all.
    pub fn is_behaviour(self) -> bool {
        matches!(
            self,
            Verdict::Panicked
                | Verdict::SilentAcceptance
                | Verdict::WrongCode
                | Verdict::WrongGate
                | Verdict::WrongSeverity
                | Verdict::ExcessRetries
                | Verdict::SideEffects
                | Verdict::NoRollback
        )
    }

    /// The contract name, e.g. `silent_acceptance`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Refused => "refused",
            Verdict::SilentAcceptance => "silent_acceptance",
            Verdict::WrongCode => "wrong_code",
            Verdict::WrongGate => "wrong_gate",
            Verdict::Panicked => "panicked",
            Verdict::Crashed => "crashed",
            Verdict::Hung => "hung",
            Verdict::SideEffects => "side_effects",
            Verdict::MissingDependency => "missing_dependency",
            Verdict::NotExercised => "not_exercised",
            Verdict::NoRollback => "no_rollback",
            Verdict::Nondeterministic => "nondeterministic",
            Verdict::Drift => "drift",
            Verdict::DriftResolved => "drift_resolved",
            Verdict::Degraded => "degraded",
            Verdict::WrongSeverity => "wrong_severity",
            Verdict::ExcessRetries => "excess_retries",
        }
    }

    /// One line saying what the verdict means.
    pub fn meaning(self) -> &'static str {
        match self {
            Verdict::Refused => "refused with the expected code; every expectation held",
            Verdict::SilentAcceptance => "the operation succeeded where a refusal was expected",
            Verdict::WrongCode => "refused, but with another code",
            Verdict::WrongGate => "refused with the right code at another gate",
            Verdict::Panicked => "the body panicked instead of refusing",
            Verdict::Crashed => "the case's process ended without reporting a verdict",
            Verdict::Hung => "the watchdog killed the case's process",
            Verdict::SideEffects => "`halt` was expected, but the sandbox changed",
            Verdict::MissingDependency => "something the case needs is absent on this machine",
            Verdict::NotExercised => "an armed failpoint never fired: the case proved nothing",
            Verdict::NoRollback => {
                "`rollback` was expected, but state was not restored or no rollback was reported"
            }
            Verdict::Nondeterministic => "the `repeat` copies disagreed on verdict, code or gate",
            Verdict::Drift => "a known, not-yet-hardened case failed as predicted",
            Verdict::DriftResolved => "a `drift` case now passes: remove the mark",
            Verdict::Degraded => {
                "the operation continued and reported the expected code as a warning"
            }
            Verdict::WrongSeverity => {
                "refused with the right code, but not with the declared severity"
            }
            Verdict::ExcessRetries => {
                "the refusal reported more attempts than `attempts` allows, or none"
            }
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Status {
    /// The contract name: `passed` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
        }
    }
}

/// What the parent observed of one run of a case.
#[derive(Debug)]
pub(crate) struct Evidence<'a> {
    /// The watchdog fired.
    pub(crate) timed_out: bool,
    /// The child exited with status 0 after its report.
    pub(crate) exited_cleanly: bool,
    /// The child's report, when it wrote one.
    pub(crate) report: Option<&'a ChildReport>,
    /// What changed in the sandbox.
    pub(crate) side_effects: &'a [SideEffect],
    /// A declared gate must be reported by the refusal, not just not contradicted.
    pub(crate) strict_gates: bool,
    /// What of `requires` is absent; the case was not started then.
    pub(crate) missing: &'a [String],
}

/// Judges one run of a case, before `repeat` and `drift` are applied. The precedence is `hung >
/// crashed > missing_dependency > not_exercised > panicked > silent_acceptance > wrong_code >
/// wrong_gate > wrong_severity > excess_retries > side_effects > no_rollback`; only a case
/// clearing every check is `refused` (or `degraded`, for a `warning`/`info` case). A gate the
/// refusal does not report is unverified, which passes unless `strict_gates` is set.
pub(crate) fn decide(def: &CaseDef, evidence: &Evidence<'_>) -> Verdict {
    if evidence.timed_out {
        return Verdict::Hung;
    }
    if !evidence.missing.is_empty() {
        return Verdict::MissingDependency;
    }
    let (body, failpoints) = match evidence.report {
        Some(report) if evidence.exited_cleanly => (&report.body, &report.failpoints),
        _ => return Verdict::Crashed,
    };
    match body {
        BodyEnd::SetupFailed { .. }
        | BodyEnd::Returned {
            outcome: Outcome::Crashed { .. },
        } => return Verdict::Crashed,
        BodyEnd::Returned {
            outcome: Outcome::Unavailable { .. },
        } => return Verdict::MissingDependency,
        _ => {}
    }
    if failpoints.iter().any(|fp| fp.hits == Some(0)) {
        return Verdict::NotExercised;
    }
    let degrades = matches!(def.severity, Severity::Warning | Severity::Info);
    let refusal = match body {
        BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        } => refusal,
        BodyEnd::Returned {
            outcome: Outcome::Accepted,
        } => {
            let warned = report_warned(evidence, def.expect);
            if !(degrades && warned) {
                return Verdict::SilentAcceptance;
            }
            if def.halt && !evidence.side_effects.is_empty() {
                return Verdict::SideEffects;
            }
            return Verdict::Degraded;
        }
        _ => return Verdict::Panicked,
    };
    if refusal.code != def.expect {
        return Verdict::WrongCode;
    }
    match (&def.gate, &refusal.gate) {
        (Some(declared), Some(observed)) if !declared.matches(observed) => {
            return Verdict::WrongGate;
        }
        (Some(_), None) if evidence.strict_gates => return Verdict::WrongGate,
        _ => {}
    }
    if degrades
        || refusal
            .severity
            .is_some_and(|reported| reported != def.severity)
    {
        return Verdict::WrongSeverity;
    }
    if let Some(max) = def.attempts {
        let reported = refusal.attempts.len();
        if reported == 0 || reported > max as usize {
            return Verdict::ExcessRetries;
        }
    }
    if def.halt && !evidence.side_effects.is_empty() {
        return Verdict::SideEffects;
    }
    if let Some(expected) = def.rollback {
        let reported = refusal
            .rollback
            .as_ref()
            .is_some_and(|r| expected.accepts(r.kind));
        if !reported || !evidence.side_effects.is_empty() {
            return Verdict::NoRollback;
        }
    }
    Verdict::Refused
}

fn report_warned(evidence: &Evidence<'_>, code: &str) -> bool {
    evidence
        .report
        .is_some_and(|report| report.warnings.iter().any(|w| w.code == code))
}

/// The verdict of a `drift` case: a behaviour failure is the predicted `drift`, a pass means
/// the mark is stale (`drift_resolved`); infrastructure verdicts stay as they are.
pub(crate) fn with_drift(def: &CaseDef, verdict: Verdict) -> Verdict {
    if def.drift.is_none() {
        return verdict;
    }
    match verdict {
        Verdict::Refused | Verdict::Degraded => Verdict::DriftResolved,
        behaviour if behaviour.is_behaviour() => Verdict::Drift,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gate;
    use crate::failpoint::FailpointReport;
    use crate::outcome::RefusalReport;
    use crate::sandbox::Change;

    const CASE: CaseDef = CaseDef {
        gate: Some(Gate::Number(4)),
        halt: true,
        ..crate::case::TEST_CASE
    };

    fn refused(code: &str, gate: Option<Gate>) -> BodyEnd {
        refused_with(RefusalReport {
            gate,
            ..RefusalReport::new(code)
        })
    }

    fn refused_with(report: RefusalReport) -> BodyEnd {
        BodyEnd::Returned {
            outcome: Outcome::Refused(report),
        }
    }

    fn right() -> BodyEnd {
        refused("REMOTE_REQUIRES_ADAPTER", Some(Gate::Number(4)))
    }

    /// One observation of a case, clean unless a test says otherwise.
    struct Scenario {
        body: Option<BodyEnd>,
        failpoints: Vec<FailpointReport>,
        clean: bool,
        timed_out: bool,
        effects: Vec<SideEffect>,
        strict_gates: bool,
        missing: Vec<String>,
        warnings: Vec<crate::Warning>,
    }

    impl Scenario {
        fn of(body: BodyEnd) -> Self {
            Scenario {
                body: Some(body),
                failpoints: Vec::new(),
                clean: true,
                timed_out: false,
                effects: Vec::new(),
                strict_gates: false,
                missing: Vec::new(),
                warnings: Vec::new(),
            }
        }

        fn verdict(self) -> Verdict {
            self.verdict_for(&CASE)
        }

        fn verdict_for(self, case: &CaseDef) -> Verdict {
            let report = self.body.map(|body| ChildReport {
                body,
                at: String::new(),
                failpoints: self.failpoints,
                warnings: self.warnings,
                virtual_ms: None,
            });
            decide(
                case,
                &Evidence {
                    timed_out: self.timed_out,
                    exited_cleanly: self.clean,
                    report: report.as_ref(),
                    side_effects: &self.effects,
                    strict_gates: self.strict_gates,
                    missing: &self.missing,
                },
            )
        }
    }

    fn effect() -> Vec<SideEffect> {
        vec![SideEffect {
            path: "out".into(),
            change: Change::Created,
        }]
    }

    fn unexercised() -> Vec<FailpointReport> {
        vec![FailpointReport {
            name: "ledger.write".into(),
            actions: "return".into(),
            observed: true,
            hits: Some(0),
        }]
    }

    #[test]
    fn only_the_expected_refusal_passes() {
        assert_eq!(Scenario::of(right()).verdict(), Verdict::Refused);
        let no_gate = refused("REMOTE_REQUIRES_ADAPTER", None);
        assert_eq!(Scenario::of(no_gate).verdict(), Verdict::Refused);
        let other = refused("SOMETHING_ELSE", Some(Gate::Number(4)));
        assert_eq!(Scenario::of(other).verdict(), Verdict::WrongCode);
        let late = refused("REMOTE_REQUIRES_ADAPTER", Some(Gate::Number(5)));
        assert_eq!(Scenario::of(late).verdict(), Verdict::WrongGate);
        let accepted = BodyEnd::Returned {
            outcome: Outcome::Accepted,
        };
        assert_eq!(Scenario::of(accepted).verdict(), Verdict::SilentAcceptance);
    }

    #[test]
    fn strict_gates_fail_an_unreported_gate() {
        let no_gate = || refused("REMOTE_REQUIRES_ADAPTER", None);
        assert_eq!(Scenario::of(no_gate()).verdict(), Verdict::Refused);
        let strict = Scenario {
            strict_gates: true,
            ..Scenario::of(no_gate())
        };
        assert_eq!(strict.verdict(), Verdict::WrongGate);
    }

    #[test]
    fn precedence_puts_infrastructure_first() {
        let wrong = || refused("OTHER", Some(Gate::Number(9)));
        let hung = Scenario {
            timed_out: true,
            clean: false,
            effects: effect(),
            failpoints: unexercised(),
            ..Scenario::of(wrong())
        };
        assert_eq!(hung.verdict(), Verdict::Hung);
        let crashed = Scenario {
            clean: false,
            ..Scenario::of(wrong())
        };
        assert_eq!(crashed.verdict(), Verdict::Crashed);
        let unreported = Scenario {
            body: None,
            ..Scenario::of(right())
        };
        assert_eq!(unreported.verdict(), Verdict::Crashed);
        let missing = Scenario {
            body: None,
            clean: false,
            missing: vec!["git".into()],
            ..Scenario::of(right())
        };
        assert_eq!(missing.verdict(), Verdict::MissingDependency);
        let not_exercised = Scenario {
            failpoints: unexercised(),
            effects: effect(),
            ..Scenario::of(BodyEnd::Panicked {
                message: "boom".into(),
            })
        };
        assert_eq!(not_exercised.verdict(), Verdict::NotExercised);
        let panicked = Scenario {
            effects: effect(),
            ..Scenario::of(BodyEnd::Panicked {
                message: "boom".into(),
            })
        };
        assert_eq!(panicked.verdict(), Verdict::Panicked);
        let wrong_code = Scenario {
            effects: effect(),
            ..Scenario::of(wrong())
        };
        assert_eq!(wrong_code.verdict(), Verdict::WrongCode);
        let side_effects = Scenario {
            effects: effect(),
            ..Scenario::of(right())
        };
        assert_eq!(side_effects.verdict(), Verdict::SideEffects);
    }

    #[test]
    fn the_system_crashing_or_missing_is_named() {
        let crashed = BodyEnd::Returned {
            outcome: Outcome::Crashed {
                message: "SIGSEGV".into(),
            },
        };
        assert_eq!(Scenario::of(crashed).verdict(), Verdict::Crashed);
        let unavailable = BodyEnd::Returned {
            outcome: Outcome::Unavailable {
                message: "no such binary".into(),
            },
        };
        assert_eq!(
            Scenario::of(unavailable).verdict(),
            Verdict::MissingDependency
        );
        let setup = BodyEnd::SetupFailed {
            message: "setrlimit".into(),
        };
        assert_eq!(Scenario::of(setup).verdict(), Verdict::Crashed);
    }

    #[test]
    fn a_hit_or_unobservable_failpoint_does_not_block_a_pass() {
        let hit = Scenario {
            failpoints: vec![FailpointReport {
                hits: Some(2),
                ..unexercised()[0].clone()
            }],
            ..Scenario::of(right())
        };
        assert_eq!(hit.verdict(), Verdict::Refused);
        let unobservable = Scenario {
            failpoints: vec![FailpointReport {
                observed: false,
                hits: None,
                ..unexercised()[0].clone()
            }],
            ..Scenario::of(right())
        };
        assert_eq!(unobservable.verdict(), Verdict::Refused);
    }

    #[test]
    fn a_warning_case_passes_only_by_continuing_with_its_warning() {
        let warning_case = CaseDef {
            severity: Severity::Warning,
            expect: "CACHE_COLD",
            ..crate::case::TEST_CASE
        };
        let accepted = || BodyEnd::Returned {
            outcome: Outcome::Accepted,
        };
        let warned = Scenario {
            warnings: vec![crate::Warning {
                code: "CACHE_COLD".into(),
                message: "starting empty".into(),
            }],
            ..Scenario::of(accepted())
        };
        assert_eq!(warned.verdict_for(&warning_case), Verdict::Degraded);
        assert_eq!(
            Scenario::of(accepted()).verdict_for(&warning_case),
            Verdict::SilentAcceptance
        );
        let refused = Scenario::of(refused("CACHE_COLD", None));
        assert_eq!(refused.verdict_for(&warning_case), Verdict::WrongSeverity);
    }

    #[test]
    fn attempts_and_rollback_are_checked_after_the_code() {
        let retried = CaseDef {
            attempts: Some(2),
            ..CASE
        };
        let attempts = |n: u32| {
            (1..=n)
                .map(|i| crate::Attempt::new(i, "UNAVAILABLE", None))
                .collect::<Vec<_>>()
        };
        let with_attempts = |n| {
            Scenario::of(refused_with(RefusalReport {
                gate: Some(Gate::Number(4)),
                attempts: attempts(n),
                ..RefusalReport::new("REMOTE_REQUIRES_ADAPTER")
            }))
        };
        assert_eq!(with_attempts(2).verdict_for(&retried), Verdict::Refused);
        assert_eq!(
            with_attempts(3).verdict_for(&retried),
            Verdict::ExcessRetries
        );
        assert_eq!(
            with_attempts(0).verdict_for(&retried),
            Verdict::ExcessRetries
        );

        let rolled_back = CaseDef {
            halt: false,
            rollback: Some(crate::RollbackExpectation::Compensating),
            ..CASE
        };
        let reported = || {
            refused_with(RefusalReport {
                gate: Some(Gate::Number(4)),
                rollback: Some(crate::RollbackReport::compensating(["out"])),
                ..RefusalReport::new("REMOTE_REQUIRES_ADAPTER")
            })
        };
        assert_eq!(
            Scenario::of(reported()).verdict_for(&rolled_back),
            Verdict::Refused
        );
        let left_behind = Scenario {
            effects: effect(),
            ..Scenario::of(reported())
        };
        assert_eq!(left_behind.verdict_for(&rolled_back), Verdict::NoRollback);
        assert_eq!(
            Scenario::of(right()).verdict_for(&rolled_back),
            Verdict::NoRollback
        );
    }

    #[test]
    fn drift_absorbs_behaviour_failures_only() {
        let drifting = CaseDef {
            drift: Some("not hardened yet"),
            ..CASE
        };
        assert_eq!(
            with_drift(&drifting, Verdict::SilentAcceptance),
            Verdict::Drift
        );
        assert_eq!(with_drift(&drifting, Verdict::WrongCode), Verdict::Drift);
        assert_eq!(with_drift(&drifting, Verdict::NoRollback), Verdict::Drift);
        assert_eq!(
            with_drift(&drifting, Verdict::Refused),
            Verdict::DriftResolved
        );
        assert_eq!(with_drift(&drifting, Verdict::Hung), Verdict::Hung);
        assert_eq!(
            with_drift(&drifting, Verdict::NotExercised),
            Verdict::NotExercised
        );
        assert_eq!(with_drift(&CASE, Verdict::WrongCode), Verdict::WrongCode);
        assert_eq!(Verdict::Drift.status(), Status::Passed);
        assert_eq!(Verdict::DriftResolved.status(), Status::Failed);
    }
}
