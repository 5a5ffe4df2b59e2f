//! Running one harness: its selected cases, with the run's id, records directory and switches;
//! its libtest JSON events feed the progress display.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdout, Command, Stdio};

use fault_runtime::listing::ListedCase;
use fault_runtime::record::Isolation;
use fault_runtime::vars;
use serde::Deserialize;
use tempfile::NamedTempFile;

use super::collect::{Missing, collect};
use super::finished::FinishedCases;
use super::progress::Progress;
use super::settings::Settings;
use crate::discover::harness::Harness;
use crate::errors::Error;
use crate::summary::CaseResult;

/// Exit status of a libtest harness in which a test failed.
pub(crate) const HARNESS_TEST_FAILED: i32 = 101;

/// Bytes of a harness's own stderr kept for an error message.
const STDERR_TAIL: usize = 16 * 1024;

/// One libtest JSON event line (`--format json`).
#[derive(Debug, Deserialize)]
struct Event {
    /// `suite` or `test`: only test events are about a case.
    #[serde(rename = "type")]
    kind: String,
    /// `started`, `ok`, `failed`, `ignored`.
    event: String,
    /// The case id.
    name: Option<String>,
    /// Seconds the case took, as the harness measured it.
    exec_time: Option<f64>,
}

/// Runs `cases` of `harness` and returns one result per case, in order.
pub(super) fn run_harness(
    harness: &Harness,
    cases: &[ListedCase],
    settings: &Settings,
    progress: &Progress,
) -> Result<Vec<CaseResult>, Error> {
    let binary = harness.binary.path.display().to_string();
    let select = select_file(cases)?;
    let progress_file = NamedTempFile::new().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let finished = FinishedCases::follow(progress_file.reopen().ok());
    let mut child = command(harness, settings, select.path(), progress_file.path())
        .spawn()
        .map_err(|source| Error::Spawn {
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
    let reported = child
        .stdout
        .take()
        .map(|stdout| follow(stdout, harness, progress, finished))
        .unwrap_or_default();
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
            let event = reported.get(&case.case_id).map(String::as_str);
            let missing = Missing::from_event(event, &binary, status);
            collect(case, harness, settings, missing)
        })
        .collect();
    Ok(results)
}

/// The ids of the cases to run, one a line, in a file the harness reads (`FAULTS_SELECT`).
fn select_file(cases: &[ListedCase]) -> Result<NamedTempFile, Error> {
    let mut select = NamedTempFile::new().map_err(|source| Error::Write {
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
    Ok(select)
}

/// The harness's command line and environment, as cargo would run it as a test, plus the run's
/// `FAULTS_*` variables.
fn command(harness: &Harness, settings: &Settings, select: &Path, progress: &Path) -> Command {
    let switches = settings.switches;
    let mut command = Command::new(&harness.binary.path);
    command
        .args(["--format", "json", "--include-ignored", "--test-threads"])
        .arg(settings.jobs.to_string())
        .current_dir(&harness.binary.package.dir)
        .env(vars::RUN_ID, &settings.run_id)
        .env(vars::INVOCATION_ID, &settings.invocation_id)
        .env(vars::HARNESS, harness.label())
        .env(vars::RECORDS_DIR, &settings.records_dir)
        .env(vars::SELECT, select)
        .env(vars::PROGRESS, progress)
        .env(vars::FAIL_FAST, vars::flag_value(switches.fail_fast))
        .env(vars::STRICT, vars::flag_value(switches.strict))
        .env(vars::STRICT_GATES, vars::flag_value(switches.strict_gates))
        .env(
            vars::DRIFT_AS_FAILURE,
            vars::flag_value(switches.drift_as_failure),
        )
        .env(vars::CONTROL, vars::flag_value(switches.control))
        .env(
            vars::ISOLATION,
            if switches.containers {
                Isolation::Container.as_str()
            } else {
                Isolation::Process.as_str()
            },
        )
        .env("CARGO_MANIFEST_DIR", &harness.binary.package.dir)
        .env("CARGO_PKG_NAME", &harness.binary.package.name)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(deps) = harness.binary.path.parent() {
        command.env("LD_LIBRARY_PATH", library_path(deps));
    }
    command
}

/// Reads the harness's libtest events to the end, showing each finished case; returns the
/// event each case finished with (`ok`, `failed`, `ignored`), by case id.
fn follow(
    stdout: ChildStdout,
    harness: &Harness,
    progress: &Progress,
    mut finished: FinishedCases,
) -> BTreeMap<String, String> {
    let mut reported = BTreeMap::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        let Ok(event) = serde_json::from_str::<Event>(&line) else {
            continue;
        };
        if event.kind != "test" || event.event == "started" {
            continue;
        }
        let Some(name) = event.name else { continue };
        let noted = finished.of(&name);
        let seconds = event
            .exec_time
            .or_else(|| noted.map(|f| f.duration_ms / 1000.0));
        progress.case_reported(
            &harness.label(),
            &name,
            &event.event,
            seconds,
            noted.map(|f| f.verdict),
        );
        reported.insert(name, event.event);
    }
    reported
}

/// `LD_LIBRARY_PATH` with the build's dependency directory first, as cargo sets it for tests.
fn library_path(deps: &Path) -> std::ffi::OsString {
    let mut paths = vec![deps.to_path_buf()];
    if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(paths).unwrap_or_default()
}
