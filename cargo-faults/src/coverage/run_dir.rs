//! Which run coverage reads: the records directory given, or the newest run `cargo faults`
//! wrote under `<target dir>/faults/` in which one of the selected harnesses ran.
//!
//! A run directory is one `cargo faults` wrote: it holds `summary.json` (a harness run by plain
//! `cargo test` writes records but no summary, and counts as no run here). The newest is the
//! one whose `summary.json` was written last; runs written at the same time go by run id, the
//! greater first. Runs in which none of the selected harnesses ran (another package of the
//! workspace, another workspace sharing the target directory) are passed over, so
//! `cargo faults coverage -p a` reads the latest run of `a`, not a later run of `b`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use fault_runtime::record;

use crate::errors::Error;
use crate::latest::LATEST;
use crate::merge::read_summary;
use crate::summary::SUMMARY_FILE;

/// The records directory given with `--records-dir`, once it is known to hold a run.
pub(crate) fn given(dir: &Path) -> Result<PathBuf, Error> {
    let dir = std::path::absolute(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let hint = format!(
        "run `cargo faults --records-dir {}` first, or give the records directory of an earlier run",
        dir.display()
    );
    if !dir.is_dir() {
        return Err(Error::NoRun {
            why: format!("the records directory {} does not exist", dir.display()),
            hint,
        });
    }
    if !dir.join(SUMMARY_FILE).is_file() {
        return Err(Error::NoRun {
            why: format!(
                "{} holds no {SUMMARY_FILE}, so it is not the records directory of a `cargo faults` run",
                dir.display()
            ),
            hint,
        });
    }
    Ok(dir)
}

/// The records directory of the newest run under `target_dir` in which one of `harnesses`
/// (`package::target`) ran.
pub(crate) fn latest(target_dir: &Path, harnesses: &BTreeSet<String>) -> Result<PathBuf, Error> {
    let runs = record::runs_dir(target_dir);
    for dir in newest_first(&runs)? {
        match read_summary(&dir) {
            Ok(summary) => {
                let ran = summary.cases.iter().any(|case| {
                    case.harness
                        .as_ref()
                        .is_some_and(|harness| harnesses.contains(harness))
                });
                if ran {
                    return Ok(dir);
                }
            }
            Err(err) => eprintln!("note: passing over the run in {}: {err}", dir.display()),
        }
    }
    Err(Error::NoRun {
        why: format!(
            "no run of {} has written a {SUMMARY_FILE} under {}",
            harnesses.iter().cloned().collect::<Vec<_>>().join(", "),
            runs.display()
        ),
        hint: "run `cargo faults` first, with the same package selection and target directory, \
               or name the records directory of a run with `--records-dir DIR`"
            .to_owned(),
    })
}

/// The run directories under `runs` (those holding a summary), the newest first; none when
/// `runs` does not exist.
fn newest_first(runs: &Path) -> Result<Vec<PathBuf>, Error> {
    let read_error = |source| Error::Read {
        path: runs.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(runs) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(read_error(source)),
    };
    let mut dirs: Vec<(SystemTime, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(read_error)?;
        // The pointer at the latest run is not a run of its own.
        if entry.file_name() == LATEST {
            continue;
        }
        let dir = entry.path();
        let Ok(written) = std::fs::metadata(dir.join(SUMMARY_FILE)) else {
            continue;
        };
        let written = written.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        dirs.push((written, dir));
    }
    dirs.sort_by(|a, b| b.cmp(a));
    Ok(dirs.into_iter().map(|(_, dir)| dir).collect())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A run directory `runs/<id>` whose summary ran a case of `harness`, written at `at`
    /// seconds.
    fn write_run(runs: &Path, id: &str, harness: &str, at: u64) {
        let dir = runs.join(id);
        std::fs::create_dir_all(&dir).unwrap();
        let summary = serde_json::json!({
            "schema": "cargo-faults/summary/v1",
            "run_ids": [id],
            "started_at": null, "finished_at": null, "duration_ms": null,
            "totals": {"cases": 1, "passed": 1, "failed": 0, "not_run": 0, "drift": 0, "by_verdict": {}},
            "cases": [{
                "case_id": "a", "name": "a", "harness": harness, "category": null, "gate": null,
                "gate_verified": false, "severity": "error", "halt": false, "rollback": false,
                "expected_code": "X", "observed_code": "X", "verdict": "refused",
                "outcome": "passed", "duration_ms": 1.0, "record": null, "note": null
            }]
        });
        let path = dir.join(SUMMARY_FILE);
        std::fs::write(&path, summary.to_string()).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(at))
            .unwrap();
    }

    fn harnesses(labels: &[&str]) -> BTreeSet<String> {
        labels.iter().map(|label| (*label).to_owned()).collect()
    }

    #[test]
    fn the_latest_run_is_the_newest_summary_of_a_selected_harness() {
        let target = tempfile::tempdir().unwrap();
        let runs = record::runs_dir(target.path());
        write_run(&runs, "run-a-old", "a::faults", 100);
        write_run(&runs, "run-a-new", "a::faults", 200);
        write_run(&runs, "run-b-newest", "b::faults", 300);
        // Records of a plain `cargo test`, without a summary: no run of `cargo faults`.
        std::fs::create_dir_all(runs.join("zzz-cargo-test")).unwrap();
        let latest = |labels: &[&str]| latest(target.path(), &harnesses(labels));
        assert_eq!(latest(&["a::faults"]).unwrap(), runs.join("run-a-new"));
        assert_eq!(latest(&["b::faults"]).unwrap(), runs.join("run-b-newest"));
        assert_eq!(
            latest(&["a::faults", "b::faults"]).unwrap(),
            runs.join("run-b-newest")
        );
        // Written at the same time: the greater run id.
        write_run(&runs, "run-a-same", "a::faults", 200);
        assert_eq!(latest(&["a::faults"]).unwrap(), runs.join("run-a-same"));
    }

    #[test]
    fn no_run_says_to_run_cargo_faults_first() {
        let target = tempfile::tempdir().unwrap();
        let err = latest(target.path(), &harnesses(&["a::faults"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no run of a::faults has written a summary.json"),
            "{err}"
        );
        assert!(err.contains("run `cargo faults` first"), "{err}");
        write_run(&record::runs_dir(target.path()), "other", "b::faults", 1);
        assert!(latest(target.path(), &harnesses(&["a::faults"])).is_err());
    }

    #[test]
    fn a_given_directory_must_hold_a_run() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let err = given(&missing).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        assert!(err.contains("cargo faults --records-dir"), "{err}");
        let err = given(dir.path()).unwrap_err().to_string();
        assert!(err.contains("holds no summary.json"), "{err}");
        write_run(dir.path(), "run", "a::faults", 1);
        assert_eq!(
            given(&dir.path().join("run")).unwrap(),
            dir.path().join("run")
        );
    }
}
