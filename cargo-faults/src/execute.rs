//! Running the selected cases: each harness once, with the run's id, records directory and
//! selection, its libtest JSON events feeding the progress display.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use fault_runtime::listing::ListedCase;
use fault_runtime::record::RunRecord;
use fault_runtime::vars;
use serde::Deserialize;

use crate::discover::Harness;
use crate::errors::Error;
use crate::progress::Progress;
use crate::select::Selection;
use crate::summary::{CaseResult, Outcome, Summary};

/// Exit status of a libtest harness in which a test failed.
const HARNESS_TEST_FAILED: i32 = 101;

/// Bytes of a harness's own stderr kept for an error message.
const STDERR_TAIL: usize = 16 * 1024;

/// How the run goes.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) run_id: String,
    /// Names this invocation in the records it has the harnesses write: a record of the same
    /// run id left behind by an earlier invocation never counts.
    pub(crate) invocation_id: String,
    /// Absolute: harnesses run in their packages' directories.
    pub(crate) records_dir: PathBuf,
    pub(crate) jobs: usize,
    pub(crate) fail_fast: bool,
    pub(crate) strict: bool,
    pub(crate) strict_gates: bool,
    pub(crate) drift_as_failure: bool,
}

/// Runs every harness of the selection in turn and collects one result per selected case.
pub(crate) fn run(selection: &Selection, settings: &Settings) -> Result<Summary, Error> {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    let progress = Progress::new(selection.len());
    let mut results = Vec::new();
    let mut failed = false;
    for (harness, cases) in &selection.harnesses {
        if failed && settings.fail_fast {
            for case in cases {
                let result = not_run(case, harness);
                progress.case_done(&result);
                results.push(result);
            }
            continue;
        }
        let harness_results = run_harness(harness, cases, settings, &progress)?;
        failed |= harness_results.iter().any(|r| r.outcome == Outcome::Failed);
        results.extend(harness_results);
    }
    progress.finish();
    let mut summary = Summary::new(vec![settings.run_id.clone()], results);
    summary.invocation_id = Some(settings.invocation_id.clone());
    summary.started_at = Some(humantime::format_rfc3339_millis(started_at).to_string());
    summary.finished_at = Some(humantime::format_rfc3339_millis(SystemTime::now()).to_string());
    summary.duration_ms = Some(clock.elapsed().as_secs_f64() * 1000.0);
    Ok(summary)
}

/// One libtest JSON event line (`--format json`).
#[derive(Debug, Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    event: String,
    name: Option<String>,
    exec_time: Option<f64>,
}

fn run_harness(
    harness: &Harness,
    cases: &[ListedCase],
    settings: &Settings,
    progress: &Progress,
) -> Result<Vec<CaseResult>, Error> {
    let binary = harness.binary.path.display().to_string();
    let mut select = tempfile::NamedTempFile::new().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let ids: String = cases.iter().map(|c| format!("{}\n", c.case_id)).collect();
    select
        .write_all(ids.as_bytes())
        .map_err(|source| Error::Write {
            path: select.path().to_path_buf(),
            source,
        })?;
    let mut command = Command::new(&harness.binary.path);
    command
        .args(["--format", "json", "--include-ignored", "--test-threads"])
        .arg(settings.jobs.to_string())
        .current_dir(&harness.binary.package.dir)
        .env(vars::RUN_ID, &settings.run_id)
        .env(vars::INVOCATION_ID, &settings.invocation_id)
        .env(vars::HARNESS, harness.label())
        .env(vars::RECORDS_DIR, &settings.records_dir)
        .env(vars::SELECT, select.path())
        .env(vars::FAIL_FAST, vars::flag_value(settings.fail_fast))
        .env(vars::STRICT, vars::flag_value(settings.strict))
        .env(vars::STRICT_GATES, vars::flag_value(settings.strict_gates))
        .env(
            vars::DRIFT_AS_FAILURE,
            vars::flag_value(settings.drift_as_failure),
        )
        .env("CARGO_MANIFEST_DIR", &harness.binary.package.dir)
        .env("CARGO_PKG_NAME", &harness.binary.package.name)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(deps) = harness.binary.path.parent() {
        command.env("LD_LIBRARY_PATH", library_path(deps));
    }
    let mut child = command.spawn().map_err(|source| Error::Spawn {
        command: binary.clone(),
        source,
    })?;
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            let start = text.len().saturating_sub(STDERR_TAIL);
            String::from_utf8_lossy(&text[start..]).into_owned()
        })
    });
    // Records are read once the harness has exited: it writes them while later cases run, and
    // has written every one when it exits. Meanwhile its events drive the progress display.
    let mut reported: BTreeMap<String, String> = BTreeMap::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(event) = serde_json::from_str::<Event>(&line) else {
                continue;
            };
            if event.kind != "test" || event.event == "started" {
                continue;
            }
            let Some(name) = event.name else { continue };
            progress.case_reported(&harness.label(), &name, &event.event, event.exec_time);
            reported.insert(name, event.event);
        }
    }
    let status = child.wait().map_err(|source| Error::Spawn {
        command: binary.clone(),
        source,
    })?;
    let stderr = stderr
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    let expected_exit = matches!(status.code(), Some(0 | HARNESS_TEST_FAILED));
    if !expected_exit && reported.is_empty() {
        return Err(Error::Harness {
            binary,
            status: status.to_string(),
            stderr,
        });
    }
    let results = cases
        .iter()
        .map(|case| {
            let missing = match reported.get(&case.case_id).map(String::as_str) {
                Some("ignored") => Missing::NotRun,
                Some(event) => Missing::Lost(format!(
                    "no record, although the harness reported the case as `{event}`"
                )),
                None => Missing::Lost(format!(
                    "no record: the harness {binary} exited with {status} before recording this case"
                )),
            };
            collect(case, harness, settings, missing)
        })
        .collect();
    Ok(results)
}

/// What a case without a record means.
enum Missing {
    /// Fail-fast skipped it.
    NotRun,
    /// It should have a record and has none: it proved nothing, so it fails. Says why.
    Lost(String),
}

/// Said of every case fail-fast skipped.
const NOT_RUN: &str = "not run: an earlier case failed (--fail-fast; without it every case runs)";

/// The result of a case from the record this invocation had written for it, else what its
/// absence means. A record counts only if it names this case, this harness, this run and this
/// invocation: one an earlier run left behind under the same run id is no evidence.
fn collect(
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
fn not_run(case: &ListedCase, harness: &Harness) -> CaseResult {
    CaseResult::without_record(case, harness.label(), Outcome::NotRun, NOT_RUN.to_owned())
}

/// `LD_LIBRARY_PATH` with the build's dependency directory first, as cargo sets it for tests.
fn library_path(deps: &Path) -> std::ffi::OsString {
    let mut paths = vec![deps.to_path_buf()];
    if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(paths).unwrap_or_default()
}
