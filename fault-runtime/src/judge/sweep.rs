//! Judging a sweep: what each run's decision means for the sweep, and the case's verdict once
//! the sweep is over.
//!
//! A run in which the armed fault fired must pass as any case would (a refusal with a code in
//! `expect`, every other expectation holding). The baseline — the run in which it did not fire,
//! the operation without the fault — may complete or refuse, but must not end without a
//! verdict, panic, hang or leak, and is held to no `halt`.

use crate::declare::CaseDef;
use crate::judge::reason::{Unexercised, Unfired};
use crate::judge::{Decision, Judgement, Reason, drift};
use crate::record::{Status, SweepRun, SweepSites, Verdict};

/// The verdicts a baseline run may end with: it completed (the body's `Ok` is judged
/// `silent_acceptance` before anything a completed run may leave), or it refused.
const BASELINE_ENDS: &[Verdict] = &[
    Verdict::SilentAcceptance,
    Verdict::SideEffects,
    Verdict::NoRollback,
    Verdict::Refused,
    Verdict::Degraded,
];

/// One run of a sweep, judged.
#[derive(Debug)]
pub(crate) struct Step {
    /// Its row in the record.
    pub(crate) row: SweepRun,
    /// Its decision.
    pub(crate) decision: Decision,
}

impl Step {
    /// Judges a run: whether its armed fault fired, and whether it is the baseline (held to a
    /// baseline's rules).
    pub(crate) fn new(
        (run, injected): (u32, Option<String>),
        (fired, baseline): (bool, bool),
        (decision, code): (Decision, Option<String>),
        duration_ms: f64,
    ) -> Self {
        let completed = baseline && decision.verdict == Verdict::SilentAcceptance;
        let failed = if baseline {
            !BASELINE_ENDS.contains(&decision.verdict)
        } else {
            decision.verdict.status() == Status::Failed
        };
        Step {
            row: SweepRun {
                run,
                injected,
                fired,
                baseline,
                verdict: (!completed || failed).then_some(decision.verdict),
                status: if failed {
                    Status::Failed
                } else {
                    Status::Passed
                },
                code,
                duration_ms,
            },
            decision,
        }
    }

    /// The run ended the sweep with a failure.
    pub(crate) fn failed(&self) -> bool {
        self.row.status == Status::Failed
    }
}

/// How a sweep ended.
#[derive(Debug)]
pub(crate) enum End {
    /// It ran to its end: a baseline, or every site of a failpoint sweep.
    Complete,
    /// A run failed: the last one.
    Failed,
    /// Its first run armed a fault that never fired (or reached no failpoint site).
    NothingInjected(Unfired),
    /// It made `sweep_max` runs without a baseline.
    Bounded(u32),
}

/// The case's judgement over every run of its sweep (at least one): the failing run's, else
/// the last run that injected, else the first; `drift` applied to the result.
pub(crate) fn conclude(
    def: &CaseDef,
    mut steps: Vec<Step>,
    end: End,
    sites: Option<SweepSites>,
) -> Judgement {
    let deciding = match end {
        End::Failed => steps.len() - 1,
        End::NothingInjected(_) | End::Bounded(_) => 0,
        End::Complete => steps.iter().rposition(|step| step.row.fired).unwrap_or(0),
    };
    let mut decision = std::mem::replace(&mut steps[deciding].decision, Decision::empty());
    match end {
        End::NothingInjected(unfired) => {
            decision.overrule(Verdict::NotExercised, Reason::NotExercised(vec![unfired]));
            let row = &mut steps[deciding].row;
            row.verdict = Some(Verdict::NotExercised);
            row.status = Status::Failed;
        }
        End::Bounded(max) => decision.overrule(Verdict::Hung, Reason::SweepBound(max)),
        End::Complete | End::Failed => {}
    }
    let drifted = drift(def, decision.verdict, &decision.applicable());
    Judgement {
        verdict: drifted.verdict,
        decision,
        absorbed: drifted.absorbed,
        repeat: None,
        sweep: steps.into_iter().map(|step| step.row).collect(),
        sweep_sites: sites,
        control: None,
    }
}

/// Why a sweep's first run proved nothing.
pub(crate) fn nothing_injected(spec: &str, calls: u64) -> Unfired {
    Unfired {
        name: spec.to_owned(),
        why: Unexercised::SyscallNeverFailed { calls },
    }
}

/// Why a failpoint sweep proved nothing: its body reached no registered site.
pub(crate) fn no_site_reached() -> Unfired {
    Unfired {
        name: "failpoints".to_owned(),
        why: Unexercised::NoSiteReached,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declare::TEST_CASE;
    use crate::judge::reason::Reason;

    fn decided(verdict: Verdict) -> Decision {
        let mut decision = Decision::empty();
        if verdict != Verdict::Refused {
            decision.overrule(verdict, Reason::Trouble("as the test says".into()));
        }
        decision
    }

    fn step(run: u32, fired: bool, verdict: Verdict) -> Step {
        Step::new(
            (run, Some(format!("write:ENOSPC@{run}"))),
            (fired, !fired),
            (decided(verdict), None),
            1.0,
        )
    }

    #[test]
    fn a_baseline_may_complete_or_refuse_but_not_end_without_a_verdict() {
        let completed = step(3, false, Verdict::SilentAcceptance);
        assert!(!completed.failed());
        assert_eq!(
            completed.row.verdict, None,
            "a completed baseline has nothing to judge"
        );
        assert!(
            !step(3, false, Verdict::SideEffects).failed(),
            "no halt on the baseline"
        );
        assert_eq!(
            step(3, false, Verdict::Refused).row.verdict,
            Some(Verdict::Refused)
        );
        for ended in [
            Verdict::Panicked,
            Verdict::Crashed,
            Verdict::Hung,
            Verdict::LeakedProcess,
        ] {
            assert!(step(3, false, ended).failed(), "{ended}");
        }
    }

    #[test]
    fn a_run_whose_fault_fired_is_judged_as_a_case() {
        assert!(!step(1, true, Verdict::Refused).failed());
        assert!(step(1, true, Verdict::SilentAcceptance).failed());
        assert!(step(1, true, Verdict::SideEffects).failed());
    }

    #[test]
    fn the_verdict_is_the_failing_run_s_else_the_last_fired_run_s() {
        let steps = vec![
            step(1, true, Verdict::Refused),
            step(2, true, Verdict::WrongCode),
        ];
        let judged = conclude(&TEST_CASE, steps, End::Failed, None);
        assert_eq!(judged.verdict, Verdict::WrongCode);
        assert_eq!(judged.sweep.len(), 2);
        let steps = vec![
            step(1, true, Verdict::Refused),
            step(2, false, Verdict::SilentAcceptance),
        ];
        let judged = conclude(&TEST_CASE, steps, End::Complete, None);
        assert_eq!(judged.verdict, Verdict::Refused);
        assert!(judged.sweep[1].baseline);
    }

    #[test]
    fn a_sweep_that_never_injects_or_never_ends_fails() {
        let nothing = vec![step(1, false, Verdict::Refused)];
        let unfired = nothing_injected("fsync:EIO@1", 0);
        let judged = conclude(&TEST_CASE, nothing, End::NothingInjected(unfired), None);
        assert_eq!(judged.verdict, Verdict::NotExercised);
        assert_eq!(judged.sweep[0].status, Status::Failed);
        let bounded = vec![
            step(1, true, Verdict::Refused),
            step(2, true, Verdict::Refused),
        ];
        let judged = conclude(&TEST_CASE, bounded, End::Bounded(2), None);
        assert_eq!(judged.verdict, Verdict::Hung);
        assert_eq!(
            judged.decision.reason(),
            Some(&Reason::SweepBound(2)),
            "the reason says the sweep found no baseline"
        );
    }
}
