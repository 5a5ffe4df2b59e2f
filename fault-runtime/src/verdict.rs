//! Verdicts, the public names of every way a case can end, and how one is decided.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::protocol::{BodyEnd, ChildReport};
use crate::sandbox::SideEffect;
use crate::{CaseDef, Outcome};

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
    /// Every verdict, in precedence order after `refused`.
    pub const ALL: [Verdict; 10] = [
        Verdict::Refused,
        Verdict::Hung,
        Verdict::Crashed,
        Verdict::MissingDependency,
        Verdict::NotExercised,
        Verdict::Panicked,
        Verdict::SilentAcceptance,
        Verdict::WrongCode,
        Verdict::WrongGate,
        Verdict::SideEffects,
    ];

    /// Whether this verdict passes.
    pub fn status(self) -> Status {
        match self {
            Verdict::Refused => Status::Passed,
            _ => Status::Failed,
        }
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

/// Applies the precedence `hung > crashed > missing_dependency > not_exercised > panicked >
/// silent_acceptance > wrong_code > wrong_gate > side_effects`; only a case clearing every check
/// is `refused`. A gate the refusal does not report is unverified, which passes unless
/// `strict_gates` is set.
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
    let refusal = match body {
        BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        } => refusal,
        BodyEnd::Returned {
            outcome: Outcome::Accepted,
        } => return Verdict::SilentAcceptance,
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
    if def.halt && !evidence.side_effects.is_empty() {
        return Verdict::SideEffects;
    }
    Verdict::Refused
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
        BodyEnd::Returned {
            outcome: Outcome::Refused(RefusalReport {
                code: code.into(),
                gate,
                severity: None,
                message: None,
            }),
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
            }
        }

        fn verdict(self) -> Verdict {
            let report = self.body.map(|body| ChildReport {
                body,
                at: String::new(),
                failpoints: self.failpoints,
            });
            decide(
                &CASE,
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
}
