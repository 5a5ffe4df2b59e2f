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
    /// Judges a run: `fired` says whether its armed fault fired; one that did not is the
    /// baseline.
    pub(crate) fn new(
        run: u32,
        injected: Option<String>,
        fired: bool,
        (decision, code): (Decision, Option<String>),
        duration_ms: f64,
    ) -> Self {
        let baseline = !fired;
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
