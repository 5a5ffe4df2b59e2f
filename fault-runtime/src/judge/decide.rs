//! Finding every verdict that applies to one run of a case, and the one that wins.

use crate::Severity;
use crate::api::outcome::Outcome;
use crate::api::outcome::RefusalReport;
use crate::child::report::{BodyEnd, ChildReport};
use crate::declare::CaseDef;
use crate::judge::{Claim, Evidence, Strictness};
use crate::record::Verdict;

/// The verdict of one run of a case, before `repeat` and `drift`, with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// The winning verdict: the first applicable one in precedence order, else `refused` (or
    /// `degraded` for a case that continued with its warning).
    pub(crate) verdict: Verdict,
    /// Every failing verdict that applies, in precedence order.
    pub(crate) applicable: Vec<Verdict>,
    /// Claims the evidence neither confirms nor contradicts.
    pub(crate) unverified: Vec<Claim>,
}

/// Judges one run of a case. Every check runs; the precedence `hung > crashed > leaked_process
/// > missing_dependency > not_exercised > panicked > silent_acceptance > wrong_code > wrong_gate
/// > wrong_severity > excess_retries > unverified > side_effects > no_rollback` picks the
/// verdict, and the full list lets `drift` tell whether anything but behaviour went wrong.
pub(crate) fn decide(def: &CaseDef, evidence: &Evidence<'_>, strictness: Strictness) -> Decision {
    let mut found = Vec::new();
    let mut claims = Vec::new();
    let mut continued = false;
    if !evidence.missing.is_empty() {
        // The case was never started: nothing else was observed.
        found.push(Verdict::MissingDependency);
    } else {
        if evidence.timed_out {
            found.push(Verdict::Hung);
        }
        if !evidence.leaked.is_empty() {
            found.push(Verdict::LeakedProcess);
        }
        if !evidence.side_effects.is_empty() && (def.halt || evidence.in_process) {
            found.push(Verdict::SideEffects);
        }
        match evidence.report {
            Some(report) if evidence.exited_cleanly => {
                continued = judge_report(def, evidence, report, &mut found, &mut claims);
            }
            _ => found.push(Verdict::Crashed),
        }
    }
    if claims.iter().any(|claim| claim.fails_under(strictness)) {
        found.push(Verdict::Unverified);
    }
    found.sort();
    found.dedup();
    let verdict = match found.first() {
        Some(failing) => *failing,
        None if continued => Verdict::Degraded,
        None => Verdict::Refused,
    };
    Decision {
        verdict,
        applicable: found,
        unverified: claims,
    }
}

/// The checks on what the case's own process reported. Returns whether the operation continued
/// with the expected warning (a `degraded` pass unless something else failed).
fn judge_report(
    def: &CaseDef,
    evidence: &Evidence<'_>,
    report: &ChildReport,
    found: &mut Vec<Verdict>,
    claims: &mut Vec<Claim>,
) -> bool {
    for failpoint in &report.failpoints {
        if failpoint.near_miss.is_some() || failpoint.fired == Some(0) {
            found.push(Verdict::NotExercised);
        } else if !failpoint.observed {
            claims.push(Claim::Failpoint(failpoint.name.clone()));
        }
    }
    let degrades = matches!(def.severity, Severity::Warning | Severity::Info);
    match &report.body {
        BodyEnd::SetupFailed { .. }
        | BodyEnd::Returned {
            outcome: Outcome::Crashed { .. },
        } => found.push(Verdict::Crashed),
        BodyEnd::Returned {
            outcome: Outcome::Unavailable { .. },
        } => found.push(Verdict::MissingDependency),
        BodyEnd::Panicked { .. }
        | BodyEnd::Returned {
            outcome: Outcome::Panicked { .. },
        } => found.push(Verdict::Panicked),
        BodyEnd::Returned {
            outcome: Outcome::Accepted,
        } => {
            let warned = report.warnings.iter().any(|w| w.code == def.expect);
            if degrades && warned {
                return true;
            }
            found.push(Verdict::SilentAcceptance);
        }
        BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        } => judge_refusal(def, evidence, refusal, degrades, found, claims),
    }
    false
}

/// The checks on a refusal: code, gate, severity, attempts and rollback, each on its own.
fn judge_refusal(
    def: &CaseDef,
    evidence: &Evidence<'_>,
    refusal: &RefusalReport,
    degrades: bool,
    found: &mut Vec<Verdict>,
    claims: &mut Vec<Claim>,
) {
    if refusal.code != def.expect {
        found.push(Verdict::WrongCode);
    }
    match (&def.gate, &refusal.gate) {
        (Some(declared), Some(observed)) if !declared.matches(observed) => {
            found.push(Verdict::WrongGate);
        }
        (Some(declared), None) => claims.push(Claim::Gate(declared.clone())),
        _ => {}
    }
    let other_severity = refusal
        .severity
        .is_some_and(|reported| reported != def.severity);
    if degrades || other_severity {
        found.push(Verdict::WrongSeverity);
    }
    if let Some(max) = def.attempts {
        let reported = refusal.attempts.len();
        if reported == 0 || reported > max as usize {
            found.push(Verdict::ExcessRetries);
        }
    }
    if let Some(expected) = def.rollback {
        let reported = refusal
            .rollback
            .as_ref()
            .is_some_and(|r| expected.accepts(r.kind));
        if !reported || !evidence.side_effects.is_empty() {
            found.push(Verdict::NoRollback);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gate;
    use crate::record::FailpointReport;
    use crate::record::LeakedProcess;
    use crate::record::{Change, SideEffect};

    const CASE: CaseDef = CaseDef {
        gate: Some(Gate::Number(4)),
        halt: true,
        ..crate::declare::TEST_CASE
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

    fn accepted() -> BodyEnd {
        BodyEnd::Returned {
            outcome: Outcome::Accepted,
        }
    }

    /// One observation of a case, clean unless a test says otherwise.
    struct Scenario {
        body: Option<BodyEnd>,
        failpoints: Vec<FailpointReport>,
        clean: bool,
        timed_out: bool,
        effects: Vec<SideEffect>,
        leaked: Vec<LeakedProcess>,
        strictness: Strictness,
        missing: Vec<String>,
        warnings: Vec<crate::api::warning::Warning>,
        in_process: bool,
    }

    impl Scenario {
        fn of(body: BodyEnd) -> Self {
            Scenario {
                body: Some(body),
                failpoints: Vec::new(),
                clean: true,
                timed_out: false,
                effects: Vec::new(),
                leaked: Vec::new(),
                strictness: Strictness::default(),
                missing: Vec::new(),
                warnings: Vec::new(),
                in_process: false,
            }
        }

        fn verdict(self) -> Verdict {
            self.decision_for(&CASE).verdict
        }

        fn verdict_for(self, case: &CaseDef) -> Verdict {
            self.decision_for(case).verdict
        }

        fn decision_for(self, case: &CaseDef) -> Decision {
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
                    leaked: &self.leaked,
                    missing: &self.missing,
                    in_process: self.in_process,
                },
                self.strictness,
            )
        }
    }

    fn effect() -> Vec<SideEffect> {
        vec![SideEffect {
            path: "out".into(),
            change: Change::Created,
        }]
    }

    fn leak() -> Vec<LeakedProcess> {
        vec![LeakedProcess {
            pid: 4242,
            command: "sleep 300".into(),
        }]
    }

    fn failpoint(fired: Option<u64>) -> FailpointReport {
        FailpointReport {
            name: "ledger.write".into(),
            actions: "return".into(),
            observed: fired.is_some(),
            hits: fired.map(|_| 1),
            fired,
            near_miss: None,
        }
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
        assert_eq!(
            Scenario::of(accepted()).verdict(),
            Verdict::SilentAcceptance
        );
    }

    #[test]
    fn an_unreported_gate_is_an_unverified_claim_that_strict_modes_fail() {
        let no_gate = || Scenario::of(refused("REMOTE_REQUIRES_ADAPTER", None));
        let relaxed = no_gate().decision_for(&CASE);
        assert_eq!(relaxed.verdict, Verdict::Refused);
        assert_eq!(relaxed.unverified, [Claim::Gate(Gate::Number(4))]);
        for strictness in [
            Strictness {
                all: true,
                gates: false,
            },
            Strictness {
                all: false,
                gates: true,
            },
        ] {
            let strict = Scenario {
                strictness,
                ..no_gate()
            };
            assert_eq!(strict.verdict(), Verdict::Unverified, "{strictness:?}");
        }
    }

    #[test]
    fn only_full_strict_mode_fails_an_unobservable_failpoint() {
        let plain = || Scenario {
            failpoints: vec![failpoint(None)],
            ..Scenario::of(right())
        };
        assert_eq!(plain().verdict(), Verdict::Refused);
        let gates_only = Scenario {
            strictness: Strictness {
                all: false,
                gates: true,
            },
            ..plain()
        };
        assert_eq!(gates_only.verdict(), Verdict::Refused);
        let strict = Scenario {
            strictness: Strictness {
                all: true,
                gates: false,
            },
            ..plain()
        };
        assert_eq!(strict.verdict(), Verdict::Unverified);
    }

    #[test]
    fn a_failpoint_that_never_fired_or_a_near_miss_is_not_exercised() {
        let fired = Scenario {
            failpoints: vec![failpoint(Some(2))],
            ..Scenario::of(right())
        };
        assert_eq!(fired.verdict(), Verdict::Refused);
        let silent = Scenario {
            failpoints: vec![failpoint(Some(0))],
            ..Scenario::of(right())
        };
        assert_eq!(silent.verdict(), Verdict::NotExercised);
        let typo = Scenario {
            failpoints: vec![FailpointReport {
                near_miss: Some("ledger.write".into()),
                ..failpoint(None)
            }],
            ..Scenario::of(right())
        };
        assert_eq!(typo.verdict(), Verdict::NotExercised);
    }

    #[test]
    fn precedence_puts_infrastructure_first() {
        let wrong = || refused("OTHER", Some(Gate::Number(9)));
        let hung = Scenario {
            timed_out: true,
            clean: false,
            effects: effect(),
            leaked: leak(),
            failpoints: vec![failpoint(Some(0))],
            ..Scenario::of(wrong())
        };
        assert_eq!(hung.verdict(), Verdict::Hung);
        let crashed = Scenario {
            clean: false,
            leaked: leak(),
            ..Scenario::of(wrong())
        };
        assert_eq!(crashed.verdict(), Verdict::Crashed);
        let unreported = Scenario {
            body: None,
            ..Scenario::of(right())
        };
        assert_eq!(unreported.verdict(), Verdict::Crashed);
        let leaked = Scenario {
            leaked: leak(),
            failpoints: vec![failpoint(Some(0))],
            ..Scenario::of(wrong())
        };
        assert_eq!(leaked.verdict(), Verdict::LeakedProcess);
        let missing = Scenario {
            body: None,
            clean: false,
            missing: vec!["git".into()],
            ..Scenario::of(right())
        };
        assert_eq!(missing.verdict(), Verdict::MissingDependency);
        let not_exercised = Scenario {
            failpoints: vec![failpoint(Some(0))],
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
        let decision = wrong_code.decision_for(&CASE);
        assert_eq!(decision.verdict, Verdict::WrongCode);
        assert_eq!(
            decision.applicable,
            [Verdict::WrongCode, Verdict::WrongGate, Verdict::SideEffects]
        );
        let side_effects = Scenario {
            effects: effect(),
            ..Scenario::of(right())
        };
        assert_eq!(side_effects.verdict(), Verdict::SideEffects);
    }

    #[test]
    fn a_leak_fails_even_a_perfect_refusal() {
        let leaked = Scenario {
            leaked: leak(),
            ..Scenario::of(right())
        };
        assert_eq!(leaked.verdict(), Verdict::LeakedProcess);
    }

    #[test]
    fn an_in_process_case_fails_on_changed_process_state_without_halt() {
        let loose = CaseDef {
            halt: false,
            ..CASE
        };
        let changed = || Scenario {
            effects: vec![SideEffect {
                path: "env:APP_MODE".into(),
                change: Change::Created,
            }],
            ..Scenario::of(right())
        };
        assert_eq!(changed().verdict_for(&loose), Verdict::Refused);
        let in_process = Scenario {
            in_process: true,
            ..changed()
        };
        assert_eq!(in_process.verdict_for(&loose), Verdict::SideEffects);
    }

    #[test]
    fn the_system_crashing_panicking_or_missing_is_named() {
        let crashed = BodyEnd::Returned {
            outcome: Outcome::Crashed {
                message: "SIGSEGV".into(),
            },
        };
        assert_eq!(Scenario::of(crashed).verdict(), Verdict::Crashed);
        let panicked = BodyEnd::Returned {
            outcome: Outcome::Panicked {
                message: "thread 'main' panicked at src/main.rs:2:5".into(),
            },
        };
        assert_eq!(Scenario::of(panicked).verdict(), Verdict::Panicked);
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
    fn a_warning_case_passes_only_by_continuing_with_its_warning() {
        let warning_case = CaseDef {
            severity: Severity::Warning,
            expect: "CACHE_COLD",
            ..crate::declare::TEST_CASE
        };
        let warned = Scenario {
            warnings: vec![crate::api::warning::Warning {
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
    fn attempts_and_rollback_are_checked() {
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
            rollback: Some(crate::api::rollback::RollbackExpectation::Compensating),
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
}
