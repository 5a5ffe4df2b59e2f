//! A case's result after its harness ran: from the record this invocation had written for it,
//! else from what the record's absence means.

use std::process::ExitStatus;

use fault_runtime::listing::ListedCase;
use fault_runtime::record::RunRecord;

use super::settings::Settings;
use crate::discover::harness::Harness;
use crate::summary::{CaseResult, Outcome};

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
            CaseResult::from_record(record, &path, Some(label))
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
