//! Judging a case's control run: the run without the fault must complete, or the case's
//! refusal proves nothing — it is `vacuous`.
//!
//! A control that refuses with the expected code shows the system refuses without the fault
//! (the variable was never set, the program is not installed, the operation always fails
//! here). One that refuses with another code, panics, crashes, hangs or leaks shows the steady
//! state could not be established, so the case's refusal cannot be credited to its fault
//! either.

use crate::api::outcome::Outcome;
use crate::child::report::BodyEnd;
use crate::declare::CaseDef;
use crate::judge::uncontrolled::Uncontrolled;
use crate::judge::{Evidence, Judgement, Reason, drift};
use crate::record::{ControlOutcome, ControlReport, Verdict};

/// How the control run ended, from its evidence.
pub(crate) fn report(def: &CaseDef, evidence: &Evidence<'_>) -> ControlReport {
    let ended = |outcome, code: Option<String>, message: Option<String>| ControlReport {
        ran: true,
        outcome: Some(outcome),
        code,
        message,
        duration_ms: Some(evidence.elapsed.as_secs_f64() * 1000.0),
    };
    if !evidence.missing.is_empty() {
        return ended(
            ControlOutcome::MissingDependency,
            None,
            Some(evidence.missing.join(", ")),
        );
    }
    if evidence.timed_out {
        return ended(ControlOutcome::Hung, None, None);
    }
    if let Some(first) = evidence.leaked.first() {
        return ended(
            ControlOutcome::LeakedProcess,
            None,
            Some(format!("left pid {} {} running", first.pid, first.command)),
        );
    }
    let report = match evidence.report {
        Some(report) if evidence.exited_cleanly() => report,
        _ => {
            let why = evidence
                .trouble
                .or(evidence.report_problem)
                .map_or_else(|| format!("its process {}", evidence.end), str::to_owned);
            return ended(ControlOutcome::Crashed, None, Some(why));
        }
    };
    match &report.body {
        BodyEnd::Returned { outcome } => match outcome {
            Outcome::Accepted(_) => {
                match report
                    .warnings
                    .iter()
                    .find(|w| def.expected_codes().any(|c| c == w.code))
                {
                    // A case that continues with its warning: the control must not warn.
                    Some(warning) => ended(
                        ControlOutcome::Refused,
                        Some(warning.code.clone()),
                        Some(warning.message.clone()),
                    ),
                    None => ended(ControlOutcome::Completed, None, None),
                }
            }
            Outcome::Refused(refusal) => ended(
                ControlOutcome::Refused,
                Some(refusal.code.clone()),
                refusal.message.clone(),
            ),
            Outcome::Panicked { message } => {
                ended(ControlOutcome::Panicked, None, Some(message.clone()))
            }
            Outcome::Crashed { message } => {
                ended(ControlOutcome::Crashed, None, Some(message.clone()))
            }
            Outcome::Unavailable { message } => ended(
                ControlOutcome::MissingDependency,
                None,
                Some(message.clone()),
            ),
        },
        BodyEnd::Panicked { message } => {
            ended(ControlOutcome::Panicked, None, Some(message.clone()))
        }
        BodyEnd::SetupFailed { message } => {
            ended(ControlOutcome::Crashed, None, Some(message.clone()))
        }
        BodyEnd::Unavailable { missing } => ended(
            ControlOutcome::MissingDependency,
            None,
            Some(missing.clone()),
        ),
    }
}

/// The record of a case asked for a control that cannot have one.
pub(crate) fn not_derivable(why: &str) -> ControlReport {
    ControlReport {
        ran: false,
        outcome: None,
        code: None,
        message: Some(why.to_owned()),
        duration_ms: None,
    }
}

/// The case's judgement with its control's: a control that did not complete makes the case
/// `vacuous` unless a verdict ranking above it applies; `drift` never absorbs it.
pub(crate) fn apply(def: &CaseDef, mut judgement: Judgement, control: &ControlReport) -> Judgement {
    let Some(outcome) = control.outcome.filter(|o| *o != ControlOutcome::Completed) else {
        return judgement;
    };
    let same_code = control
        .code
        .as_deref()
        .is_some_and(|code| def.expected_codes().any(|expected| expected == code));
    let without = match def.control {
        Some(crate::declare::Control::Healthy { name, .. }) => format!("`control = {name}`"),
        _ => format!("without {}", def.removable_faults().join(", ")),
    };
    let reason = Reason::Vacuous(Uncontrolled {
        outcome,
        code: control.code.clone(),
        message: control.message.clone(),
        same_code,
        without,
    });
    judgement.decision.add_failing(Verdict::Vacuous, reason);
    let drifted = drift(
        def,
        judgement.decision.verdict,
        &judgement.decision.applicable(),
    );
    judgement.verdict = drifted.verdict;
    judgement.absorbed = drifted.absorbed;
    judgement
}

/// The judgement, carrying the control's report.
pub(crate) fn recorded(mut judgement: Judgement, control: Option<ControlReport>) -> Judgement {
    judgement.control = control;
    judgement
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::api::outcome::RefusalReport;
    use crate::child::report::ChildReport;
    use crate::declare::TEST_CASE;
    use crate::judge::{Copy, ProcessEnd, Strictness, judge};
    use crate::record::Timestamp;

    fn child(body: BodyEnd) -> ChildReport {
        ChildReport {
            body,
            at: Timestamp::now(),
            failpoints: Vec::new(),
            warnings: Vec::new(),
            virtual_ms: None,
            reached: Vec::new(),
        }
    }

    fn evidence(report: Option<&ChildReport>) -> Evidence<'_> {
        Evidence {
            timed_out: false,
            elapsed: Duration::from_millis(3),
            end: ProcessEnd {
                code: Some(0),
                signal: None,
            },
            trouble: None,
            report_problem: None,
            report,
            side_effects: &[],
            leaked: &[],
            missing: &[],
            in_process: false,
            syscalls: &[],
        }
    }

    fn returned(outcome: Outcome) -> ChildReport {
        child(BodyEnd::Returned { outcome })
    }

    #[test]
    fn a_control_that_returned_ok_completed_and_one_that_refused_says_with_what() {
        let ok = returned(Outcome::accepted());
        let completed = report(&TEST_CASE, &evidence(Some(&ok)));
        assert_eq!(completed.outcome, Some(ControlOutcome::Completed));
        assert_eq!(completed.duration_ms, Some(3.0));
        let refused = returned(Outcome::Refused(RefusalReport::new(
            "REMOTE_REQUIRES_ADAPTER",
        )));
        let refused = report(&TEST_CASE, &evidence(Some(&refused)));
        assert_eq!(refused.outcome, Some(ControlOutcome::Refused));
        assert_eq!(refused.code.as_deref(), Some("REMOTE_REQUIRES_ADAPTER"));
        let panicked = child(BodyEnd::Panicked {
            message: "boom".into(),
        });
        assert_eq!(
            report(&TEST_CASE, &evidence(Some(&panicked))).outcome,
            Some(ControlOutcome::Panicked)
        );
        assert_eq!(
            report(&TEST_CASE, &evidence(None)).outcome,
            Some(ControlOutcome::Crashed),
            "no report is no verdict"
        );
        let hung = Evidence {
            timed_out: true,
            ..evidence(None)
        };
        assert_eq!(
            report(&TEST_CASE, &hung).outcome,
            Some(ControlOutcome::Hung)
        );
    }

    fn passed() -> Judgement {
        let refusal = returned(Outcome::Refused(RefusalReport::new(
            "REMOTE_REQUIRES_ADAPTER",
        )));
        let copy = Copy {
            evidence: evidence(Some(&refusal)),
            code: Some("REMOTE_REQUIRES_ADAPTER".into()),
            gate: None,
        };
        judge(&TEST_CASE, vec![copy], Strictness::default())
    }

    #[test]
    fn a_control_that_did_not_complete_makes_a_passing_case_vacuous() {
        let ok = returned(Outcome::accepted());
        let completed = report(&TEST_CASE, &evidence(Some(&ok)));
        assert_eq!(
            apply(&TEST_CASE, passed(), &completed).verdict,
            Verdict::Refused
        );
        let same = returned(Outcome::Refused(RefusalReport::new(
            "REMOTE_REQUIRES_ADAPTER",
        )));
        let same = report(&TEST_CASE, &evidence(Some(&same)));
        let judged = apply(&TEST_CASE, passed(), &same);
        assert_eq!(judged.verdict, Verdict::Vacuous);
        let told = judged.decision.reason().map(ToString::to_string).unwrap();
        assert!(
            told.contains("refused with REMOTE_REQUIRES_ADAPTER too"),
            "{told}"
        );
    }

    #[test]
    fn drift_never_absorbs_a_vacuous_case() {
        let drifting = CaseDef {
            drift: Some("known"),
            ..TEST_CASE
        };
        let same = returned(Outcome::Refused(RefusalReport::new(
            "REMOTE_REQUIRES_ADAPTER",
        )));
        let same = report(&drifting, &evidence(Some(&same)));
        let judged = apply(&drifting, passed(), &same);
        assert_eq!(judged.verdict, Verdict::Vacuous);
        assert_eq!(judged.absorbed, None);
    }

    #[test]
    fn the_outcome_s_name_is_the_one_the_record_writes() {
        for &outcome in ControlOutcome::ALL {
            let written = serde_json::to_value(outcome).unwrap();
            assert_eq!(written, outcome.as_str(), "{outcome:?}");
        }
    }
}
