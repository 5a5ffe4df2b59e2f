//! The results of a run (or of merged runs): one entry per case, and totals by verdict.
//!
//! Serialized as `summary.json` (schema [`SCHEMA`]), next to the records it summarizes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fault_runtime::listing::ListedCase;
use fault_runtime::listing::natural_order;
use fault_runtime::record::{
    Category, ControlOutcome, ControlReport, RunRecord, Status, Unverified, Verdict,
};
use fault_runtime::{Gate, Severity};
use serde::{Deserialize, Serialize};

/// The schema name of `summary.json`.
pub(crate) const SCHEMA: &str = "cargo-faults/summary/v1";

/// The file `cargo faults` writes next to the records of a run.
pub(crate) const SUMMARY_FILE: &str = "summary.json";

/// Where a case ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// Its verdict passed.
    Passed,
    /// Its verdict failed, or it has no record although it should have run.
    Failed,
    /// It was not started (fail-fast after an earlier failure).
    NotRun,
    /// A known, not-yet-hardened case that failed as predicted: it passes, counted apart.
    Drift,
}

/// One case's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CaseResult {
    /// The case's id.
    pub(crate) case_id: String,
    /// The case's name.
    pub(crate) name: String,
    /// `package::target` of the harness that ran it, when known.
    pub(crate) harness: Option<String>,
    /// The declared category.
    pub(crate) category: Option<Category>,
    /// The declared gate.
    pub(crate) gate: Option<Gate>,
    /// Whether the refusal reported the declared gate.
    pub(crate) gate_verified: bool,
    /// The declared severity.
    pub(crate) severity: Severity,
    /// Whether the case declares that the pipeline halts.
    pub(crate) halt: bool,
    /// Whether the case declares a rollback.
    pub(crate) rollback: bool,
    /// The refusal code the case expects.
    pub(crate) expected_code: String,
    /// The code the refusal had, when there was one.
    pub(crate) observed_code: Option<String>,
    /// `None` when the case has no record.
    pub(crate) verdict: Option<Verdict>,
    /// Where the case ended up.
    pub(crate) outcome: Outcome,
    /// The failure a `drift` mark absorbed (for `drift_expired`, the one it absorbed until its
    /// date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) drift_absorbed: Option<Verdict>,
    /// How long the case ran, when it has a record.
    pub(crate) duration_ms: Option<f64>,
    /// How many runs a sweep case made; absent for any other case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) runs: Option<usize>,
    /// The record's path.
    pub(crate) record: Option<PathBuf>,
    /// Claims of the case that could not be verified.
    #[serde(default)]
    pub(crate) unverified: Vec<Unverified>,
    /// How its control run ended, or why it had none although the run asked for controls;
    /// `None` for a case without a control.
    #[serde(default)]
    pub(crate) control: Option<ControlState>,
    /// Why the case has no record, or what else a reader must know.
    pub(crate) note: Option<String>,
    /// The record itself, for explanations and JUnit descriptions.
    #[serde(skip)]
    pub(crate) full: Option<Box<RunRecord>>,
}

impl CaseResult {
    /// The result a record describes.
    pub(crate) fn from_record(record: RunRecord, path: &Path, harness: Option<String>) -> Self {
        CaseResult {
            case_id: record.case_id.clone(),
            name: record.name.clone(),
            harness,
            category: record.category.clone(),
            gate: record.gate.clone(),
            gate_verified: record.observed.gate_verified,
            severity: record.severity,
            halt: record.expected.halt,
            rollback: record.expected.rollback,
            expected_code: record.expected.code.clone(),
            observed_code: record.observed.code.clone(),
            verdict: Some(record.verdict),
            outcome: match (record.status, record.verdict) {
                // A verdict this version does not know counts as failed, whatever it claims.
                (_, Verdict::Unknown) | (Status::Failed, _) => Outcome::Failed,
                (Status::Passed, Verdict::Drift) => Outcome::Drift,
                (Status::Passed, _) => Outcome::Passed,
            },
            drift_absorbed: record.drift_absorbed,
            unverified: record.unverified.clone(),
            control: record.control.as_ref().map(ControlState::of),
            duration_ms: Some(record.performance.duration_ms),
            runs: (!record.sweep.is_empty()).then_some(record.sweep.len()),
            record: Some(path.to_path_buf()),
            note: None,
            full: Some(Box::new(record)),
        }
    }

    /// A selected case without a record: not run, or lost (a failure: it proved nothing).
    pub(crate) fn without_record(
        case: &ListedCase,
        harness: String,
        outcome: Outcome,
        note: String,
    ) -> Self {
        CaseResult {
            case_id: case.case_id.clone(),
            name: case.name.clone(),
            harness: Some(harness),
            category: case.category.clone(),
            gate: case.gate.clone(),
            gate_verified: false,
            severity: case.severity,
            halt: case.halt,
            rollback: case.rollback,
            expected_code: case.expect.clone(),
            observed_code: None,
            verdict: None,
            outcome,
            drift_absorbed: None,
            duration_ms: None,
            runs: None,
            record: None,
            unverified: Vec::new(),
            control: None,
            note: Some(note),
            full: None,
        }
    }

    /// The verdict's name, or why there is none.
    pub(crate) fn verdict_label(&self) -> &'static str {
        match (self.verdict, self.outcome) {
            (Some(verdict), _) => verdict.as_str(),
            (None, Outcome::NotRun) => "not run",
            (None, _) => "no record",
        }
    }

    /// The explanation printed for a failure.
    pub(crate) fn explain(&self) -> String {
        match &self.full {
            Some(record) => record.explain(self.record.as_deref()),
            None => format!(
                "case:     {}\nobserved: {}\n",
                self.case_id,
                self.note.as_deref().unwrap_or("no record")
            ),
        }
    }
}

/// A case's control run (`control`, `cargo faults --control`): whether one ran and how it
/// ended, from the record's `control`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ControlState {
    /// Whether a control ran.
    pub(crate) ran: bool,
    /// How it ended; `None` when none ran.
    pub(crate) outcome: Option<ControlOutcome>,
    /// Why no control ran (none could be derived for the case); `None` when one ran.
    pub(crate) reason: Option<String>,
}

impl ControlState {
    /// The state a record's `control` describes.
    pub(crate) fn of(report: &ControlReport) -> Self {
        ControlState {
            ran: report.ran,
            outcome: report.outcome.filter(|_| report.ran),
            reason: (!report.ran).then(|| report.message.clone()).flatten(),
        }
    }

    /// The run asked for controls, but none could be derived for the case: `why`.
    pub(crate) fn not_derived(why: &str) -> Self {
        ControlState {
            ran: false,
            outcome: None,
            reason: Some(why.to_owned()),
        }
    }

    /// The control ran and completed: the case refuses only because of its fault.
    pub(crate) fn completed(&self) -> bool {
        self.ran && self.outcome == Some(ControlOutcome::Completed)
    }
}

/// Counts over all cases.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Totals {
    /// Every case.
    pub(crate) cases: usize,
    /// Cases whose verdict passed.
    pub(crate) passed: usize,
    /// Cases that failed, lost ones included.
    pub(crate) failed: usize,
    /// Cases fail-fast skipped.
    pub(crate) not_run: usize,
    /// `drift` cases that failed as predicted: not in `passed`, not in `failed`.
    pub(crate) drift: usize,
    /// Cases for which the run asked for a control and none could be derived (counted in
    /// `passed`, `failed` or `drift` too: it does not change how a case ends).
    #[serde(default)]
    pub(crate) without_control: usize,
    /// Cases per verdict name (`no record` and `not run` included when they occur).
    pub(crate) by_verdict: BTreeMap<String, usize>,
}

/// A run, or several merged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Summary {
    /// Always [`SCHEMA`].
    pub(crate) schema: String,
    /// The runs these results come from.
    pub(crate) run_ids: Vec<String>,
    /// The invocation that wrote this run's records; `None` for merged runs.
    #[serde(default)]
    pub(crate) invocation_id: Option<String>,
    /// When the run started (RFC 3339); `None` for merged runs.
    pub(crate) started_at: Option<String>,
    /// When the run finished (RFC 3339); `None` for merged runs.
    pub(crate) finished_at: Option<String>,
    /// How long the run took; `None` for merged runs.
    pub(crate) duration_ms: Option<f64>,
    /// Counts over the cases.
    pub(crate) totals: Totals,
    /// In case-id order.
    pub(crate) cases: Vec<CaseResult>,
}

impl Summary {
    /// Sorts the cases and counts them.
    pub(crate) fn new(run_ids: Vec<String>, mut cases: Vec<CaseResult>) -> Self {
        cases.sort_by(|a, b| natural_order(&a.case_id, &b.case_id));
        let mut totals = Totals {
            cases: cases.len(),
            ..Totals::default()
        };
        for case in &cases {
            match case.outcome {
                Outcome::Passed => totals.passed += 1,
                Outcome::Failed => totals.failed += 1,
                Outcome::NotRun => totals.not_run += 1,
                Outcome::Drift => totals.drift += 1,
            }
            if case.control.as_ref().is_some_and(|control| !control.ran) {
                totals.without_control += 1;
            }
            *totals
                .by_verdict
                .entry(case.verdict_label().to_owned())
                .or_default() += 1;
        }
        Summary {
            schema: SCHEMA.to_owned(),
            run_ids,
            invocation_id: None,
            started_at: None,
            finished_at: None,
            duration_ms: None,
            totals,
            cases,
        }
    }

    /// Whether every case passed (a not-run case only happens after a failure).
    pub(crate) fn passed(&self) -> bool {
        self.totals.failed == 0 && self.totals.not_run == 0
    }

    /// The cases for which the run asked for a control and none could be derived, in case-id
    /// order, each with why.
    pub(crate) fn without_control(&self) -> impl Iterator<Item = (&CaseResult, Option<&str>)> {
        self.cases.iter().filter_map(|case| {
            let control = case.control.as_ref().filter(|control| !control.ran)?;
            Some((case, control.reason.as_deref()))
        })
    }

    /// How the cases with verdict label `verdict` ended, for colouring their count.
    pub(crate) fn outcome_of_verdict(&self, verdict: &str) -> Option<Outcome> {
        self.cases
            .iter()
            .find(|case| case.verdict_label() == verdict)
            .map(|case| case.outcome)
    }

    /// The cases that failed.
    pub(crate) fn failures(&self) -> impl Iterator<Item = &CaseResult> {
        self.cases.iter().filter(|c| c.outcome == Outcome::Failed)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::{control_not_derived, control_ran, record, result, summary};

    #[test]
    fn a_result_carries_how_its_control_ended() {
        let controlled = result(record("a", "refused", control_ran("completed")));
        assert_eq!(
            controlled.control,
            Some(ControlState {
                ran: true,
                outcome: Some(ControlOutcome::Completed),
                reason: None
            })
        );
        assert!(controlled.control.as_ref().unwrap().completed());
        let vacuous = result(record("b", "vacuous", control_ran("refused")));
        assert!(!vacuous.control.as_ref().unwrap().completed());
        assert_eq!(vacuous.outcome, Outcome::Failed, "vacuous fails");
        assert_eq!(vacuous.verdict_label(), "vacuous");
        let none = result(record("c", "refused", control_not_derived("a sweep")));
        assert_eq!(none.control, Some(ControlState::not_derived("a sweep")));
        assert_eq!(result(record("d", "refused", json!({}))).control, None);
    }

    #[test]
    fn a_control_that_did_not_run_has_no_outcome_and_keeps_why() {
        // A record that says both is read by `ran`.
        let odd = json!({"control": {"ran": false, "outcome": "completed", "message": "why"}});
        let state = result(record("a", "refused", odd)).control.unwrap();
        assert_eq!(state.outcome, None);
        assert!(!state.completed());
        assert_eq!(state.reason.as_deref(), Some("why"));
        let ran = json!({"control": {"ran": true, "outcome": "hung", "message": "killed"}});
        let state = result(record("b", "vacuous", ran)).control.unwrap();
        assert_eq!(
            state.reason, None,
            "a reason is only for a control that did not run"
        );
    }

    #[test]
    fn cases_without_a_control_are_counted_and_do_not_change_the_outcome() {
        let summary = summary(vec![
            record(
                "c",
                "refused",
                control_not_derived("no fault injected by attribute"),
            ),
            record("a", "refused", control_ran("completed")),
            record("b", "wrong_code", control_not_derived("a sweep")),
            record("d", "vacuous", control_ran("refused")),
            record("e", "refused", json!({})),
        ]);
        let totals = &summary.totals;
        assert_eq!((totals.passed, totals.failed), (3, 2));
        assert_eq!(totals.without_control, 2);
        assert_eq!(totals.by_verdict["vacuous"], 1);
        let without: Vec<_> = summary
            .without_control()
            .map(|(case, why)| (case.case_id.as_str(), why))
            .collect();
        assert_eq!(
            without,
            [
                ("b", Some("a sweep")),
                ("c", Some("no fault injected by attribute"))
            ]
        );
        let all_passed = Summary::new(
            vec![],
            vec![result(record("a", "refused", control_not_derived("why")))],
        );
        assert!(all_passed.passed(), "a missing control fails nothing");
    }

    #[test]
    fn summary_json_carries_each_cases_control_and_reads_back() {
        let summary = summary(vec![
            record("a", "refused", control_ran("completed")),
            record("b", "refused", control_not_derived("a sweep")),
            record("c", "refused", json!({})),
        ]);
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(
            json["cases"][0]["control"],
            json!({"ran": true, "outcome": "completed", "reason": null})
        );
        assert_eq!(
            json["cases"][1]["control"],
            json!({"ran": false, "outcome": null, "reason": "a sweep"})
        );
        assert_eq!(json["cases"][2]["control"], json!(null));
        assert_eq!(json["totals"]["without_control"], 1);
        let read: Summary = serde_json::from_value(json).unwrap();
        assert_eq!(read.cases[1].control, summary.cases[1].control);
        // A summary written before controls existed reads as one without them.
        let mut old = serde_json::to_value(&summary).unwrap();
        old["cases"][0].as_object_mut().unwrap().remove("control");
        old["totals"]
            .as_object_mut()
            .unwrap()
            .remove("without_control");
        let read: Summary = serde_json::from_value(old).unwrap();
        assert_eq!(
            (read.cases[0].control.as_ref(), read.totals.without_control),
            (None, 0)
        );
    }
}
