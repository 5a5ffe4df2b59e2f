//! Verdicts, the public names of every way a case can end, and how one is decided.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::protocol::BodyEnd;
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
    pub const ALL: [Verdict; 8] = [
        Verdict::Refused,
        Verdict::Hung,
        Verdict::Crashed,
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
    pub(crate) body: Option<&'a BodyEnd>,
    /// What changed in the sandbox.
    pub(crate) side_effects: &'a [SideEffect],
    /// A declared gate must be reported by the refusal, not just not contradicted.
    pub(crate) strict_gates: bool,
}

/// Applies the precedence `hung > crashed > panicked > silent_acceptance > wrong_code >
/// wrong_gate > side_effects`; only a case clearing every check is `refused`. A gate the refusal
/// does not report is unverified, which passes unless `strict_gates` is set.
pub(crate) fn decide(def: &CaseDef, evidence: &Evidence<'_>) -> Verdict {
    if evidence.timed_out {
        return Verdict::Hung;
    }
    let body = match evidence.body {
        Some(body) if evidence.exited_cleanly => body,
        _ => return Verdict::Crashed,
    };
    let refusal = match body {
        BodyEnd::Panicked { .. } => return Verdict::Panicked,
        BodyEnd::Returned {
            outcome: Outcome::Accepted,
        } => return Verdict::SilentAcceptance,
        BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        } => refusal,
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
    use crate::outcome::RefusalReport;
    use crate::sandbox::Change;
    use crate::{Gate, Severity};

    fn accepted() -> Outcome {
        Outcome::Accepted
    }

    const CASE: CaseDef = CaseDef {
        fn_name: "missing_adapter_id",
        module_path: "toolforge",
        file: "src/lib.rs",
        line: 1,
        id: None,
        name: None,
        expect: "REMOTE_REQUIRES_ADAPTER",
        gate: Some(Gate::Number(4)),
        halt: true,
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
        body: accepted,
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

    fn verdict(
        body: Option<&BodyEnd>,
        clean: bool,
        timed_out: bool,
        effects: &[SideEffect],
    ) -> Verdict {
        decide(
            &CASE,
            &Evidence {
                timed_out,
                exited_cleanly: clean,
                body,
                side_effects: effects,
                strict_gates: false,
            },
        )
    }

    #[test]
    fn strict_gates_fail_an_unreported_gate() {
        let no_gate = refused("REMOTE_REQUIRES_ADAPTER", None);
        let evidence = |strict_gates| Evidence {
            timed_out: false,
            exited_cleanly: true,
            body: Some(&no_gate),
            side_effects: &[],
            strict_gates,
        };
        assert_eq!(decide(&CASE, &evidence(false)), Verdict::Refused);
        assert_eq!(decide(&CASE, &evidence(true)), Verdict::WrongGate);
    }

    #[test]
    fn only_the_expected_refusal_passes() {
        let ok = refused("REMOTE_REQUIRES_ADAPTER", Some(Gate::Number(4)));
        assert_eq!(verdict(Some(&ok), true, false, &[]), Verdict::Refused);
        let no_gate = refused("REMOTE_REQUIRES_ADAPTER", None);
        assert_eq!(verdict(Some(&no_gate), true, false, &[]), Verdict::Refused);
        let other = refused("SOMETHING_ELSE", Some(Gate::Number(4)));
        assert_eq!(verdict(Some(&other), true, false, &[]), Verdict::WrongCode);
        let late = refused("REMOTE_REQUIRES_ADAPTER", Some(Gate::Number(5)));
        assert_eq!(verdict(Some(&late), true, false, &[]), Verdict::WrongGate);
        let accepted = BodyEnd::Returned {
            outcome: Outcome::Accepted,
        };
        assert_eq!(
            verdict(Some(&accepted), true, false, &[]),
            Verdict::SilentAcceptance
        );
    }

    #[test]
    fn precedence_puts_infrastructure_first() {
        let effect = [SideEffect {
            path: "out".into(),
            change: Change::Created,
        }];
        let wrong = refused("OTHER", Some(Gate::Number(9)));
        assert_eq!(verdict(Some(&wrong), true, true, &effect), Verdict::Hung);
        assert_eq!(
            verdict(Some(&wrong), false, false, &effect),
            Verdict::Crashed
        );
        assert_eq!(verdict(None, true, false, &[]), Verdict::Crashed);
        let panicked = BodyEnd::Panicked {
            message: "boom".into(),
        };
        assert_eq!(
            verdict(Some(&panicked), true, false, &effect),
            Verdict::Panicked
        );
        assert_eq!(
            verdict(Some(&wrong), true, false, &effect),
            Verdict::WrongCode
        );
        let right = refused("REMOTE_REQUIRES_ADAPTER", Some(Gate::Number(4)));
        assert_eq!(
            verdict(Some(&right), true, false, &effect),
            Verdict::SideEffects
        );
    }
}
