//! Finding every verdict that applies to one run of a case, each with its reason, and the one
//! that wins.

use crate::Severity;
use crate::api::outcome::{Acceptance, Outcome, RefusalReport};
use crate::child::report::{BodyEnd, ChildReport};
use crate::declare::CaseDef;
use crate::judge::reason::{RefusalProblem, Unexercised, Unfired};
use crate::judge::{Claim, Evidence, Reason, Strictness};
use crate::record::{Status, Verdict};

/// The verdict of one run of a case, before `repeat` and `drift`, with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// The winning verdict: the first applicable one in precedence order, else `refused` (or
    /// `degraded` for a case that continued with its warning).
    pub(crate) verdict: Verdict,
    /// Claims the evidence neither confirms nor contradicts.
    pub(crate) unverified: Vec<Claim>,
    /// Why each applicable verdict applies, in precedence order; for a pass, what it rests on.
    pub(crate) findings: Vec<Finding>,
}

/// One verdict that applies, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// The verdict.
    pub(crate) verdict: Verdict,
    /// What made it apply.
    pub(crate) reason: Reason,
}

impl Decision {
    /// A decision with nothing found: what a judged run's place holds once its decision moved.
    pub(crate) fn empty() -> Self {
        Decision {
            verdict: Verdict::Refused,
            unverified: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Every failing verdict that applies, in precedence order.
    pub(crate) fn applicable(&self) -> Vec<Verdict> {
        self.findings
            .iter()
            .map(|finding| finding.verdict)
            .filter(|verdict| verdict.status() == Status::Failed)
            .collect()
    }

    /// The reason to tell: a circumstance of the whole run (it could not be observed, did not
    /// run, did not finish) whichever verdict won, else the winning verdict's own reason.
    pub(crate) fn reason(&self) -> Option<&Reason> {
        let circumstance = self
            .findings
            .iter()
            .map(|finding| &finding.reason)
            .filter(|reason| reason.is_circumstance())
            .min_by_key(|reason| reason.circumstance_rank());
        circumstance.or_else(|| {
            self.findings
                .iter()
                .find(|finding| finding.verdict == self.verdict)
                .map(|finding| &finding.reason)
        })
    }

    /// Adds a failing verdict found after the run was decided (the control's), in its place by
    /// precedence; it wins when it ranks first. A pass's own finding gives way to it.
    pub(crate) fn add_failing(&mut self, verdict: Verdict, reason: Reason) {
        self.findings
            .retain(|finding| finding.verdict.status() == Status::Failed);
        let at = self
            .findings
            .iter()
            .position(|finding| finding.verdict > verdict)
            .unwrap_or(self.findings.len());
        self.findings.insert(at, Finding { verdict, reason });
        self.verdict = self.findings[0].verdict;
    }

    /// Makes `verdict` the winner for `reason`, ahead of everything found so far.
    pub(crate) fn overrule(&mut self, verdict: Verdict, reason: Reason) {
        self.verdict = verdict;
        self.findings.insert(0, Finding { verdict, reason });
    }
}

/// Judges one run of a case. Every check runs; the first failing verdict in precedence order
/// (the order of [`Verdict`]: `hung`, `crashed`, `leaked_process`, …, `no_rollback`) wins, and
/// the full list lets `drift` tell whether anything but behaviour went wrong.
pub(crate) fn decide(def: &CaseDef, evidence: &Evidence<'_>, strictness: Strictness) -> Decision {
    let mut found = Findings::default();
    if !evidence.missing.is_empty() {
        // The case was never started: nothing else was observed.
        found.add(
            Verdict::MissingDependency,
            Reason::Missing(evidence.missing.to_vec()),
        );
    } else {
        judge_process(def, evidence, &mut found);
    }
    let failing: Vec<Claim> = found
        .claims
        .iter()
        .filter(|claim| claim.fails_under(strictness))
        .cloned()
        .collect();
    if !failing.is_empty() {
        found.add(Verdict::Unverified, Reason::Unverified(failing));
    }
    found.into_decision()
}

/// What the checks found so far.
#[derive(Default)]
struct Findings {
    failing: Vec<Finding>,
    claims: Vec<Claim>,
    /// The reason of a pass, should nothing fail.
    pass: Option<Finding>,
}

impl Findings {
    fn add(&mut self, verdict: Verdict, reason: Reason) {
        self.failing.push(Finding { verdict, reason });
    }

    fn into_decision(mut self) -> Decision {
        // Stable: of two findings of one verdict, the first found is kept.
        self.failing.sort_by_key(|finding| finding.verdict);
        self.failing.dedup_by_key(|finding| finding.verdict);
        let findings = match self.failing.first() {
            Some(_) => self.failing,
            None => self.pass.into_iter().collect(),
        };
        let verdict = findings.first().map_or(Verdict::Refused, |f| f.verdict);
        Decision {
            verdict,
            unverified: self.claims,
            findings,
        }
    }
}

/// The checks on how the case's process ran and ended.
fn judge_process(def: &CaseDef, evidence: &Evidence<'_>, found: &mut Findings) {
    if evidence.timed_out {
        found.add(Verdict::Hung, Reason::TimedOut(evidence.elapsed));
    }
    if !evidence.leaked.is_empty() {
        found.add(
            Verdict::LeakedProcess,
            Reason::Leaked(evidence.leaked.to_vec()),
        );
    }
    if let Some(trouble) = evidence.trouble {
        found.add(Verdict::Crashed, Reason::Trouble(trouble.to_owned()));
    }
    if let Some(problem) = evidence.report_problem {
        found.add(Verdict::Crashed, Reason::ReportRejected(problem.to_owned()));
    }
    if !evidence.side_effects.is_empty() && (def.halt || evidence.in_process) {
        let reason = if evidence.in_process {
            let paths = evidence.side_effects.iter().map(|e| e.path.clone());
            Reason::ProcessState(paths.collect())
        } else {
            match evidence.report {
                Some(report) => body_reason(report),
                None => Reason::EndedBeforeReport(evidence.end),
            }
        };
        found.add(Verdict::SideEffects, reason);
    }
    match evidence.report {
        Some(report) if evidence.exited_cleanly() => judge_report(def, evidence, report, found),
        Some(_) => found.add(Verdict::Crashed, Reason::EndedAfterReport(evidence.end)),
        None => found.add(Verdict::Crashed, Reason::EndedBeforeReport(evidence.end)),
    }
}

/// The checks on what the case's own process reported.
fn judge_report(
    def: &CaseDef,
    evidence: &Evidence<'_>,
    report: &ChildReport,
    found: &mut Findings,
) {
    let unfired: Vec<Unfired> = report
        .failpoints
        .iter()
        .filter_map(|failpoint| {
            let why = match (&failpoint.near_miss, failpoint.hits, failpoint.fired) {
                (Some(site), _, _) => Unexercised::NearMiss(site.clone()),
                (None, Some(0), _) => Unexercised::NeverReached,
                (None, Some(hits), Some(0)) => Unexercised::NeverFired {
                    hits,
                    actions: failpoint.actions.clone(),
                },
                _ => {
                    if !failpoint.observed {
                        found.claims.push(Claim::Failpoint(failpoint.name.clone()));
                    }
                    return None;
                }
            };
            Some(Unfired {
                name: failpoint.name.clone(),
                why,
            })
        })
        .chain(
            evidence
                .syscalls
                .iter()
                .filter(|fault| fault.injected == 0)
                .map(|fault| Unfired {
                    name: fault.spec.clone(),
                    why: Unexercised::SyscallNeverFailed { calls: fault.calls },
                }),
        )
        .collect();
    if !unfired.is_empty() {
        found.add(Verdict::NotExercised, Reason::NotExercised(unfired));
    }
    let degrades = matches!(def.severity, Severity::Warning | Severity::Info);
    match &report.body {
        BodyEnd::SetupFailed { message } => {
            found.add(Verdict::Crashed, Reason::SetupFailed(message.clone()));
        }
        BodyEnd::Unavailable { missing } => {
            found.add(
                Verdict::MissingDependency,
                Reason::Missing(vec![missing.clone()]),
            );
        }
        BodyEnd::Panicked { message } => {
            found.add(Verdict::Panicked, Reason::Panicked(message.clone()));
        }
        BodyEnd::Returned { outcome } => match outcome {
            Outcome::Crashed { message } => {
                found.add(Verdict::Crashed, Reason::ProgramEnded(message.clone()));
            }
            Outcome::Unavailable { message } => found.add(
                Verdict::MissingDependency,
                Reason::ProgramEnded(message.clone()),
            ),
            Outcome::Panicked { message } => {
                found.add(Verdict::Panicked, Reason::ProgramEnded(message.clone()));
            }
            Outcome::Accepted(accepted) => {
                judge_acceptance(def, report, accepted, degrades, found);
            }
            Outcome::Refused(refusal) => {
                judge_refusal(def, evidence, refusal, degrades, found);
            }
        },
    }
}

/// The story of what the body returned, for a verdict about something else (`side_effects`
/// under `halt`): the refusal's own message, or how the body ended.
fn body_reason(report: &ChildReport) -> Reason {
    match &report.body {
        BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        } => Reason::Refusal {
            problem: None,
            message: refusal.message.clone(),
        },
        BodyEnd::Returned {
            outcome: Outcome::Accepted(accepted),
        } => Reason::Accepted(accepted.clone()),
        BodyEnd::Returned {
            outcome:
                Outcome::Crashed { message }
                | Outcome::Unavailable { message }
                | Outcome::Panicked { message },
        } => Reason::ProgramEnded(message.clone()),
        BodyEnd::Panicked { message } => Reason::Panicked(message.clone()),
        BodyEnd::SetupFailed { message } => Reason::SetupFailed(message.clone()),
        BodyEnd::Unavailable { missing } => Reason::Missing(vec![missing.clone()]),
    }
}

/// A body that returned `Ok`: a pass only for a `warning`/`info` case that reported its code.
fn judge_acceptance(
    def: &CaseDef,
    report: &ChildReport,
    accepted: &Acceptance,
    degrades: bool,
    found: &mut Findings,
) {
    let warning = report
        .warnings
        .iter()
        .find(|w| def.expected_codes().any(|code| code == w.code));
    match warning {
        Some(warning) if degrades => {
            found.pass = Some(Finding {
                verdict: Verdict::Degraded,
                reason: Reason::Degraded(warning.clone()),
            });
        }
        Some(warning) => found.add(
            Verdict::SilentAcceptance,
            Reason::WarnedInsteadOfRefusing {
                warning: warning.clone(),
                severity: def.severity,
            },
        ),
        None => found.add(
            Verdict::SilentAcceptance,
            Reason::Accepted(accepted.clone()),
        ),
    }
}

/// The checks on a refusal: code, gate, severity, attempts and rollback, each on its own.
fn judge_refusal(
    def: &CaseDef,
    evidence: &Evidence<'_>,
    refusal: &RefusalReport,
    degrades: bool,
    found: &mut Findings,
) {
    let told = |problem: Option<RefusalProblem>| Reason::Refusal {
        problem,
        message: refusal.message.clone(),
    };
    found.pass = Some(Finding {
        verdict: Verdict::Refused,
        reason: told(None),
    });
    if !def.expected_codes().any(|code| code == refusal.code) {
        found.add(Verdict::WrongCode, told(None));
    }
    match (&def.gate, &refusal.gate) {
        (Some(declared), Some(observed)) if !declared.matches(observed) => {
            found.add(Verdict::WrongGate, told(None));
        }
        (Some(declared), None) => found.claims.push(Claim::Gate(declared.clone())),
        _ => {}
    }
    let severity = match refusal.severity {
        Some(reported) if reported != def.severity => Some(RefusalProblem::SeverityReported {
            reported,
            declared: def.severity,
        }),
        _ if degrades => Some(RefusalProblem::RefusedInsteadOfContinuing(def.severity)),
        _ => None,
    };
    if let Some(problem) = severity {
        found.add(Verdict::WrongSeverity, told(Some(problem)));
    }
    if let Some(problem) = attempts_problem(def, refusal) {
        found.add(Verdict::ExcessRetries, told(Some(problem)));
    }
    if let Some(problem) = rollback_problem(def, evidence, refusal) {
        found.add(Verdict::NoRollback, told(Some(problem)));
    }
}

/// What is wrong with the attempts a refusal reported, under `attempts = N`.
fn attempts_problem(def: &CaseDef, refusal: &RefusalReport) -> Option<RefusalProblem> {
    let max = def.attempts?;
    match refusal.attempts.len() {
        0 => Some(RefusalProblem::NoAttempts { max }),
        reported if reported > max as usize => {
            Some(RefusalProblem::TooManyAttempts { reported, max })
        }
        _ => None,
    }
}

/// What is wrong with the rollback a refusal reported, under `rollback`.
fn rollback_problem(
    def: &CaseDef,
    evidence: &Evidence<'_>,
    refusal: &RefusalReport,
) -> Option<RefusalProblem> {
    let declared = def.rollback?;
    match &refusal.rollback {
        None => Some(RefusalProblem::NoRollbackReported),
        Some(done) if !declared.accepts(done.kind) => Some(RefusalProblem::OtherRollback {
            reported: done.kind,
            declared,
        }),
        Some(_) if !evidence.side_effects.is_empty() => Some(RefusalProblem::NotRestored {
            paths: evidence.side_effects.len(),
        }),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gate;
    use crate::judge::reason::RefusalProblem;
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
            outcome: Outcome::accepted(),
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
        warnings: Vec<crate::record::Warning>,
        in_process: bool,
        syscalls: Vec<crate::record::SyscallReport>,
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
                syscalls: Vec::new(),
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
                at: crate::record::Timestamp::now(),
                failpoints: self.failpoints,
                warnings: self.warnings,
                virtual_ms: None,
                reached: Vec::new(),
            });
            decide(
                case,
                &Evidence {
                    timed_out: self.timed_out,
                    elapsed: std::time::Duration::ZERO,
                    end: crate::judge::ProcessEnd {
                        code: Some(if self.clean { 0 } else { 1 }),
                        signal: None,
                    },
                    trouble: None,
                    report_problem: None,
                    report: report.as_ref(),
                    side_effects: &self.effects,
                    leaked: &self.leaked,
                    missing: &self.missing,
                    in_process: self.in_process,
                    syscalls: &self.syscalls,
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
    fn a_syscall_fault_that_failed_no_call_is_not_exercised() {
        let fault = |injected| crate::record::SyscallReport {
            spec: "write:ENOSPC@3".into(),
            calls: 2,
            injected,
        };
        let fired = Scenario {
            syscalls: vec![fault(1)],
            ..Scenario::of(right())
        };
        assert_eq!(fired.verdict(), Verdict::Refused);
        let silent = Scenario {
            syscalls: vec![fault(0)],
            ..Scenario::of(right())
        };
        let decision = silent.decision_for(&CASE);
        assert_eq!(decision.verdict, Verdict::NotExercised);
        assert_eq!(
            decision.reason().map(ToString::to_string).as_deref(),
            Some(
                "syscall fault `write:ENOSPC@3` failed no call (2 call(s) of the syscall, stdio and the harness's channel aside): the fault was not exercised"
            )
        );
    }

    #[test]
    fn a_refused_syscall_filter_is_a_missing_dependency() {
        let refused = Scenario::of(BodyEnd::Unavailable {
            missing: "seccomp is not available in this kernel".into(),
        });
        assert_eq!(refused.verdict(), Verdict::MissingDependency);
    }

    #[test]
    fn a_sweep_accepts_any_of_its_codes() {
        let listed = CaseDef {
            expect_also: &["FSYNC_FAILED"],
            ..CASE
        };
        let other = refused_with(RefusalReport::new("FSYNC_FAILED"));
        assert_eq!(Scenario::of(other).verdict_for(&listed), Verdict::Refused);
        let other = refused_with(RefusalReport::new("FSYNC_FAILED"));
        assert_eq!(Scenario::of(other).verdict(), Verdict::WrongCode);
    }

    #[test]
    fn each_finding_carries_the_reason_it_applies() {
        let severe = refused_with(RefusalReport {
            gate: Some(Gate::Number(4)),
            severity: Some(Severity::Critical),
            message: Some("no adapter".into()),
            ..RefusalReport::new("REMOTE_REQUIRES_ADAPTER")
        });
        let decision = Scenario::of(severe).decision_for(&CASE);
        assert_eq!(decision.verdict, Verdict::WrongSeverity);
        assert_eq!(
            decision.reason(),
            Some(&Reason::Refusal {
                problem: Some(RefusalProblem::SeverityReported {
                    reported: Severity::Critical,
                    declared: Severity::Error,
                }),
                message: Some("no adapter".into()),
            })
        );
        let leaked = Scenario {
            leaked: leak(),
            ..Scenario::of(right())
        }
        .decision_for(&CASE);
        assert_eq!(leaked.reason(), Some(&Reason::Leaked(leak())));
        let accepted = Scenario::of(accepted()).decision_for(&CASE);
        assert_eq!(
            accepted.reason(),
            Some(&Reason::Accepted(Acceptance::default()))
        );
        let passed = Scenario::of(right()).decision_for(&CASE);
        assert_eq!(passed.verdict, Verdict::Refused);
        assert!(matches!(
            passed.reason(),
            Some(Reason::Refusal { problem: None, .. })
        ));
    }

    #[test]
    fn a_circumstance_of_the_run_is_told_whichever_verdict_wins() {
        // A hung case that also left a process: the verdict is `hung`, and so is the story.
        let hung = Scenario {
            timed_out: true,
            clean: false,
            leaked: leak(),
            body: None,
            ..Scenario::of(right())
        }
        .decision_for(&CASE);
        assert_eq!(hung.verdict, Verdict::Hung);
        assert!(matches!(hung.reason(), Some(Reason::TimedOut(_))));
        // A process that died before reporting: the story is how it ended.
        let died = Scenario {
            body: None,
            clean: false,
            ..Scenario::of(right())
        }
        .decision_for(&CASE);
        assert_eq!(died.verdict, Verdict::Crashed);
        assert_eq!(
            died.reason().map(ToString::to_string).as_deref(),
            Some("the case's process exited with code 1 before reporting a verdict")
        );
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
            decision.applicable(),
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
            warnings: vec![crate::record::Warning {
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
            rollback: Some(crate::declare::RollbackExpectation::Compensating),
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
