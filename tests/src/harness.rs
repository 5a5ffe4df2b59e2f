//! Running a harness binary and collecting what it recorded.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::load_records;

/// One run of a harness binary: its output and the records it wrote.
#[derive(Debug)]
pub struct HarnessRun {
    /// Exit status and captured output.
    pub output: Output,
    /// Records by case id.
    pub records: BTreeMap<String, Value>,
    /// Keeps the records directory alive as long as the run is inspected.
    pub records_dir: tempfile::TempDir,
}

/// A fixture's run with the directory its cases write their processes' pids to, so a test can
/// check by pid that nothing they started is still alive.
#[derive(Debug)]
pub struct FixtureRun {
    /// The run.
    pub run: HarnessRun,
    /// Where the cases wrote pids (`FIXTURE_PID_DIR`).
    pub pid_dir: tempfile::TempDir,
}

impl HarnessRun {
    /// The harness's stdout as text.
    pub fn stdout(&self) -> String {
        crate::stdout(&self.output)
    }

    /// The harness's stderr as text.
    pub fn stderr(&self) -> String {
        crate::stderr(&self.output)
    }

    /// The record of `case_id`, or a panic naming the cases that do have one.
    pub fn record(&self, case_id: &str) -> &Value {
        self.records.get(case_id).unwrap_or_else(|| {
            panic!(
                "no record for `{case_id}`; records: {:?}\nstdout:\n{}\nstderr:\n{}",
                self.records.keys().collect::<Vec<_>>(),
                self.stdout(),
                self.stderr()
            )
        })
    }

    /// The verdict recorded for `case_id`.
    pub fn verdict(&self, case_id: &str) -> &str {
        self.record(case_id)["verdict"]
            .as_str()
            .expect("verdict is a string")
    }

    /// The observed message recorded for `case_id`; empty when there is none.
    pub fn message(&self, case_id: &str) -> &str {
        self.record(case_id)["observed"]["message"]
            .as_str()
            .unwrap_or_default()
    }
}

/// Runs a harness binary with `args` and extra `env`, writing records into a fresh directory.
pub fn run_harness<K, V>(exe: &Path, args: &[&str], env: &[(K, V)]) -> HarnessRun
where
    K: AsRef<OsStr>,
    V: AsRef<OsStr>,
{
    run_harness_with(exe, args, env, |_| {})
}

/// [`run_harness`], with the command adjusted by `configure` before it starts.
pub fn run_harness_with<K, V>(
    exe: &Path,
    args: &[&str],
    env: &[(K, V)],
    configure: impl FnOnce(&mut Command),
) -> HarnessRun
where
    K: AsRef<OsStr>,
    V: AsRef<OsStr>,
{
    let records_dir = tempfile::tempdir().expect("temp dir for records");
    let mut cmd = harness_command(exe, records_dir.path());
    cmd.args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    configure(&mut cmd);
    let output = cmd
        .output()
        .unwrap_or_else(|err| panic!("failed to run {}: {err}", exe.display()));
    let records = load_records(records_dir.path());
    assert_spawned_as_asked(&cmd, &records);
    HarnessRun {
        output,
        records,
        records_dir,
    }
}

/// The variable that chooses how case processes start, which the whole suite runs under once
/// per choice: it reaches every harness a test runs.
const SPAWN_VAR: &str = "FAULTS_SPAWN";

/// How the suite's case processes start: `fork`, unless `FAULTS_SPAWN` says `exec`.
pub fn suite_spawn() -> &'static str {
    match std::env::var(SPAWN_VAR).as_deref() {
        Ok("exec") => "exec",
        _ => "fork",
    }
}

/// A command running a harness binary with its records in `records_dir` and none of the
/// test environment's own `FAULTS_*` settings but `FAULTS_SPAWN`.
pub fn harness_command(exe: &Path, records_dir: &Path) -> Command {
    let mut cmd = Command::new(exe);
    cmd.env("FAULTS_RECORDS_DIR", records_dir);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("FAULTS_") && name != SPAWN_VAR {
            cmd.env_remove(name);
        }
    }
    cmd.env("FAULTS_RECORDS_DIR", records_dir)
        .env_remove("NEXTEST_RUN_ID")
        .env_remove("NEXTEST_BINARY_ID");
    cmd
}

/// Every case process of a run started the way the run asked (`FAULTS_SPAWN` as `cmd` sets
/// it, else as the suite runs): no case quietly fell back from the fork server to exec.
fn assert_spawned_as_asked(cmd: &Command, records: &BTreeMap<String, Value>) {
    let asked = match cmd
        .get_envs()
        .find(|(name, _)| *name == SPAWN_VAR)
        .and_then(|(_, value)| value)
    {
        None => suite_spawn().to_owned(),
        // What the harness reads: any case, empty for the default.
        Some(value) => match value.to_string_lossy().trim().to_ascii_lowercase() {
            empty if empty.is_empty() => "fork".to_owned(),
            value => value,
        },
    };
    for (case, record) in records {
        let started = &record["spawn"];
        if record["isolation"] == "process" && !started.is_null() {
            assert_eq!(
                started.as_str(),
                Some(asked.as_str()),
                "{case} was started by {started}, not by {asked} as the run asked"
            );
        }
    }
}
