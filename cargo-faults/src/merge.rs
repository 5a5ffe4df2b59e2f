//! `cargo faults report DIR...`: merge the records of several runs or CI shards and render them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fault_runtime::record::RunRecord;

use crate::cli::ReportArgs;
use crate::deliver;
use crate::errors::Error;
use crate::summary::{CaseResult, Summary};

/// The name `cargo faults` gives the summary it writes next to the records.
const SUMMARY_FILE: &str = "summary.json";

/// Reads every record of every directory, refusing foreign files and cases recorded twice.
pub(crate) fn report(args: &ReportArgs) -> Result<u8, Error> {
    let mut records: BTreeMap<String, (RunRecord, PathBuf)> = BTreeMap::new();
    for dir in &args.dirs {
        for (record, path) in read_dir(dir)? {
            if let Some((_, first)) = records.get(&record.case_id) {
                return Err(Error::DuplicateRecord {
                    id: record.case_id.clone(),
                    first: first.clone(),
                    second: path,
                });
            }
            records.insert(record.case_id.clone(), (record, path));
        }
    }
    if records.is_empty() {
        return Err(Error::NoCases {
            detail: format!(
                ": no records in {}",
                args.dirs
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let mut run_ids: Vec<String> = records.values().map(|(r, _)| r.run_id.clone()).collect();
    run_ids.sort();
    run_ids.dedup();
    let cases = records
        .into_values()
        .map(|(record, path)| CaseResult::from_record(record, &path, None))
        .collect();
    deliver::deliver(&Summary::new(run_ids, cases), &args.report)
}

fn read_dir(dir: &Path) -> Result<Vec<(RunRecord, PathBuf)>, Error> {
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
    let mut records = Vec::new();
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
        records.push((record, path));
    }
    Ok(records)
}
