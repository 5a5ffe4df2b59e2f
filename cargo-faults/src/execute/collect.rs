//! A case's result after its harness ran: from the record this invocation had written for it,
//! else from what the record's absence means.

use std::process::ExitStatus;

use fault_runtime::listing::ListedCase;
use fault_runtime::record::RunRecord;

use super::settings::Settings;
use crate::discover::harness::Harness;
use crate::summary::{CaseResult, ControlState, Outcome};

/// What a case without a record means.
pub(super) enum Missing {
    /// Fail-fast skipped it.
    NotRun,
    /// It should have a record and has none: it proved nothing, so it fails. Says why.
    Lost(String),
}

impl Missing {
    /// What a missing record of a case means, given the libtest event the harness reported for
    /// it (`None`: none) and how the harness `binary` exited.
    pub(super) fn from_event(event: Option<&str>, binary: &str, status: ExitStatus) -> Self {
        match event {
            Some("ignored") => Missing::NotRun,
            Some(event) => Missing::Lost(format!(
                "no record, although the harness reported the case as `{event}`"
            )),
            None => Missing::Lost(format!(
                "no record: the harness {binary} exited with {status} before recording this case"
            )),
        }
    }
}

/// Why a case has no control when the run asked for controls and its record says nothing of
/// one: its harness ignored `FAULTS_CONTROL`, so the case must not pass as controlled.
const NO_CONTROL_REPORTED: &str =
    "its record says nothing of a control: the harness's fault-runtime may not run controls";

/// Said of every case fail-fast skipped.
const NOT_RUN: &str = "not run: an earlier case failed (--fail-fast; without it every case runs)";

/// The result of a case from the record this invocation had written for it, else what its
/// absence means. A record counts only if it names this case, this harness, this run and this
/// invocation: one an earlier run left behind under the same run id is no evidence.
pub(super) fn collect(
    case: &ListedCase,
    harness: &Harness,
    settings: &Settings,
    missing: Missing,
) -> CaseResult {
    let label = harness.label();
    let path = settings
        .records_dir
        .join(RunRecord::file_name(&case.case_id, &label));
    match RunRecord::read(&path) {
        Ok(record)
            if record.run_id == settings.run_id
                && record.case_id == case.case_id
                && record.harness.as_deref() == Some(label.as_str())
                && record.invocation_id.as_deref() == Some(settings.invocation_id.as_str()) =>
        {
            let mut result = CaseResult::from_record(record, &path, Some(label));
            // A sweep has no control: its baseline run is one.
            if settings.switches.control && result.control.is_none() && result.runs.is_none() {
                result.control = Some(ControlState::not_derived(NO_CONTROL_REPORTED));
            }
            result
        }
        _ => match missing {
            Missing::Lost(note) => {
                CaseResult::without_record(case, harness.label(), Outcome::Failed, note)
            }
            Missing::NotRun => not_run(case, harness),
        },
    }
}

/// A case fail-fast skipped.
pub(super) fn not_run(case: &ListedCase, harness: &Harness) -> CaseResult {
    CaseResult::without_record(case, harness.label(), Outcome::NotRun, NOT_RUN.to_owned())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use super::*;
    use crate::discover::workspace::{Package, TestBinary};
    use crate::execute::settings::Switches;
    use crate::testing::{control_not_derived, control_ran, record};

    /// Harness `h::faults`, which declares `case`.
    fn harness(case: &ListedCase) -> Harness {
        Harness {
            binary: TestBinary {
                path: PathBuf::from("/target/debug/deps/faults-h"),
                package: Package {
                    name: "h".to_owned(),
                    dir: PathBuf::from("/ws/h"),
                },
                target: "faults".to_owned(),
            },
            cases: vec![case.clone()],
            sites: Vec::new(),
        }
    }

    /// Case `id` as its harness lists it.
    fn listed(id: &str) -> ListedCase {
        serde_json::from_value(json!({
            "case_id": id, "name": id, "expect": "CODE", "gate": 2, "halt": false,
            "rollback": false, "severity": "error", "category": null, "fault": null,
            "recovery": null, "tags": [], "ignored": false, "file": "src/lib.rs", "line": 1,
            "timeout_ms": 60000,
        }))
        .expect("a listed case")
    }

    /// The control state of a case whose record has the fields `fields`, collected in a run
    /// that asked for controls (`control`) or not.
    fn collected(control: bool, fields: serde_json::Value) -> Option<ControlState> {
        let records = tempfile::tempdir().unwrap();
        let case = listed("a");
        record("a", "refused", fields)
            .write_to(records.path())
            .unwrap();
        let settings = Settings {
            run_id: "run-1".to_owned(),
            invocation_id: "invocation-1".to_owned(),
            records_dir: records.path().to_path_buf(),
            jobs: 1,
            switches: Switches {
                fail_fast: false,
                strict: false,
                strict_gates: false,
                drift_as_failure: false,
                control,
                containers: false,
            },
        };
        let result = collect(&case, &harness(&case), &settings, Missing::NotRun);
        assert_eq!(result.verdict_label(), "refused", "the record counts");
        result.control
    }

    #[test]
    fn a_record_silent_about_its_control_in_a_run_that_asked_for_one_has_none() {
        assert_eq!(
            collected(true, json!({})),
            Some(ControlState::not_derived(NO_CONTROL_REPORTED))
        );
        assert_eq!(
            collected(false, json!({})),
            None,
            "no control was asked for"
        );
        assert_eq!(
            collected(true, control_not_derived("a sweep")),
            Some(ControlState::not_derived("a sweep")),
            "the record's own reason stands"
        );
        assert!(
            collected(true, control_ran("completed"))
                .unwrap()
                .completed()
        );
    }
}
