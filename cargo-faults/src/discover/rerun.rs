//! `cargo faults rerun`: of the selected cases, those the latest run failed or did not run.

use std::collections::BTreeSet;
use std::path::Path;

use super::select::Selection;
use crate::errors::Error;
use crate::latest::{LATEST, latest};
use crate::merge::read_summary;
use crate::summary::Outcome;

/// What a rerun runs.
#[derive(Debug)]
pub(crate) enum Again {
    /// These cases.
    Cases(Selection),
    /// Nothing: every case of the latest run passed, as this says.
    Nothing(String),
}

/// The cases of `selection` that the latest run under `runs` failed or did not run; a case it
/// failed that is no longer selected is named on stderr.
pub(crate) fn again(mut selection: Selection, runs: &Path) -> Result<Again, Error> {
    let dir = latest(runs).ok_or_else(|| Error::NoLatestRun {
        pointer: runs.join(LATEST),
    })?;
    let summary = read_summary(&dir)?;
    let wanted: BTreeSet<(String, String)> = summary
        .cases
        .iter()
        .filter(|case| matches!(case.outcome, Outcome::Failed | Outcome::NotRun))
        .map(|case| {
            (
                case.harness.clone().unwrap_or_default(),
                case.case_id.clone(),
            )
        })
        .collect();
    if wanted.is_empty() {
        return Ok(Again::Nothing(format!(
            "nothing to rerun: all {} case(s) of the latest run ({}) passed",
            summary.cases.len(),
            dir.display()
        )));
    }
    selection.retain(|harness, case| wanted.contains(&(harness.label(), case.case_id.clone())));
    let found: BTreeSet<(String, String)> = selection
        .cases()
        .map(|(harness, case)| (harness.label(), case.case_id.clone()))
        .collect();
    for (harness, case_id) in wanted.difference(&found) {
        eprintln!(
            "note: {case_id} ({harness}) did not pass in the latest run, but is not among the selected cases now: renamed, removed, or left out by a filter"
        );
    }
    if selection.len() == 0 {
        return Err(Error::NoCases {
            detail: format!(
                ": none of the {} case(s) that did not pass in the latest run ({}) is selected",
                wanted.len(),
                dir.display()
            ),
        });
    }
    Ok(Again::Cases(selection))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_latest_run_it_says_to_run_cargo_faults_first() {
        let dir = tempfile::tempdir().unwrap();
        let empty = Selection {
            harnesses: Vec::new(),
        };
        let err = again(empty, dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no `cargo faults` run to rerun: {} does not exist\n\
                 (hint: run `cargo faults` first, with the same target directory)",
                dir.path().join("latest").display()
            )
        );
    }
}
