//! Merging the records of several runs or CI shards into one summary.
//!
//! Each directory's `summary.json` says which cases its run selected; each selected case is
//! judged by the record that run's invocation wrote for it, so a case the run lost is a failure
//! in the merged report, and a record an earlier run left in the directory is no evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fault_runtime::record::RunRecord;

use crate::errors::Error;
use crate::summary::{CaseResult, Outcome, SUMMARY_FILE, Summary};

/// A case as one harness of one run has it.
type CaseKey = (Option<String>, String);

/// Reads every directory's selection and records and merges them into one summary.
pub(crate) fn merge(dirs: &[PathBuf]) -> Result<Summary, Error> {
    let mut cases: BTreeMap<CaseKey, (CaseResult, PathBuf)> = BTreeMap::new();
    let mut run_ids = BTreeSet::new();
    for dir in dirs {
        let selected = read_summary(dir)?;
        run_ids.extend(selected.run_ids.iter().cloned());
        for (key, result) in judge_dir(dir, selected)? {
            if let Some((_, first)) = cases.get(&key) {
                return Err(Error::DuplicateRecord {
                    id: key.1,
                    first: first.clone(),
                    second: dir.clone(),
                });
            }
            cases.insert(key, (result, dir.clone()));
        }
    }
    if cases.is_empty() {
        return Err(Error::NoCases {
            detail: format!(
                ": the runs in {} selected no case",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    Ok(Summary::new(
        run_ids.into_iter().collect(),
        cases.into_values().map(|(case, _)| case).collect(),
    ))
}

/// Each case the run in `dir` selected, judged by the record that run's invocation wrote for
/// it; records of no selected case are left out, with a note.
fn judge_dir(dir: &Path, selected: Summary) -> Result<Vec<(CaseKey, CaseResult)>, Error> {
    let mut records = read_records(dir)?;
    let mut stale = 0;
    records.retain(|key, (record, _)| {
        let ours = selected.run_ids.contains(&record.run_id)
            && (selected.invocation_id.is_none() || record.invocation_id == selected.invocation_id);
        if !ours || !selected.cases.iter().any(|c| key_of(c) == *key) {
            stale += 1;
            return false;
        }
        true
    });
    if stale > 0 {
        eprintln!(
            "note: {stale} record(s) in {} belong to no case its run selected (left by an earlier run?); they are not counted",
            dir.display()
        );
    }
    let judged = selected
        .cases
        .into_iter()
        .map(|case| {
            let key = key_of(&case);
            let result = match records.remove(&key) {
                // The run's summary keeps what it found of a control the record says nothing of.
                Some((record, path)) => {
                    let mut result = CaseResult::from_record(record, &path, case.harness);
                    result.control = result.control.or(case.control);
                    result
                }
                None if case.outcome == Outcome::NotRun => case,
                None => lost(case, dir),
            };
            (key, result)
        })
        .collect();
    Ok(judged)
}

/// The key a case is merged under.
fn key_of(case: &CaseResult) -> CaseKey {
    (case.harness.clone(), case.case_id.clone())
}

/// A case its run selected and ran, whose record is not in the directory: it proved nothing.
fn lost(mut case: CaseResult, dir: &Path) -> CaseResult {
    case.outcome = Outcome::Failed;
    case.verdict = None;
    case.control = None;
    case.record = None;
    case.note = Some(format!(
        "selected by its run, but {} holds no record of it from that run",
        dir.display()
    ));
    case
}

/// The `summary.json` of `dir`: which cases its run selected. Without one a lost case would
/// pass unnoticed, so its absence is an error.
pub(crate) fn read_summary(dir: &Path) -> Result<Summary, Error> {
    let path = dir.join(SUMMARY_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && dir.is_dir() => {
            return Err(Error::NoSummary {
                dir: dir.to_path_buf(),
            });
        }
        Err(source) => return Err(Error::Read { path, source }),
    };
    serde_json::from_str(&text).map_err(|err| Error::ForeignFile {
        path,
        reason: err.to_string(),
    })
}

/// Every record in `dir`, by harness and case id; any other file is an error.
fn read_records(dir: &Path) -> Result<BTreeMap<CaseKey, (RunRecord, PathBuf)>, Error> {
    let read_error = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    paths.sort();
    let mut records = BTreeMap::new();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') || name == SUMMARY_FILE {
            continue;
        }
        if !path.is_file() || !name.ends_with(".json") {
            return Err(Error::ForeignFile {
                path,
                reason: "not a JSON record file".to_owned(),
            });
        }
        let record = RunRecord::read(&path).map_err(|err| Error::ForeignFile {
            path: path.clone(),
            reason: err.to_string(),
        })?;
        records.insert(
            (record.harness.clone(), record.case_id.clone()),
            (record, path),
        );
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::summary::ControlState;
    use crate::testing::{control_not_derived, control_ran, record, summary};

    #[test]
    fn a_merged_case_keeps_what_its_run_found_of_its_control() {
        let dir = tempfile::tempdir().unwrap();
        let silent = record("a", "refused", json!({}));
        let controlled = record("b", "refused", control_ran("completed"));
        let lost = record("c", "refused", control_not_derived("a sweep"));
        // The run found that `a`'s record said nothing of the control it asked for.
        let mut run = summary(vec![silent.clone(), controlled.clone(), lost]);
        run.cases[0].control = Some(ControlState::not_derived("silent"));
        std::fs::write(
            dir.path().join(SUMMARY_FILE),
            serde_json::to_vec(&run).unwrap(),
        )
        .unwrap();
        silent.write_to(dir.path()).unwrap();
        controlled.write_to(dir.path()).unwrap();
        let merged = merge(&[dir.path().to_path_buf()]).unwrap();
        let controls: Vec<_> = merged.cases.iter().map(|c| c.control.clone()).collect();
        assert_eq!(
            controls,
            [
                Some(ControlState::not_derived("silent")),
                run.cases[1].control.clone(),
                None,
            ],
            "a lost case has no record, so nothing of a control"
        );
        assert_eq!(merged.totals.without_control, 1);
        assert_eq!(merged.cases[2].verdict, None);
    }
}
