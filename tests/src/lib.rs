//! Helpers shared by the end-to-end tests: run a fault harness, load its records, validate them.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits inside the workspace")
        .to_path_buf()
}

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

impl HarnessRun {
    /// The harness's stdout as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// The harness's stderr as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
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
}

/// Runs a harness binary with `args` and extra `env`, writing records into a fresh directory.
pub fn run_harness<K, V>(exe: &Path, args: &[&str], env: &[(K, V)]) -> HarnessRun
where
    K: AsRef<OsStr>,
    V: AsRef<OsStr>,
{
    let records_dir = tempfile::tempdir().expect("temp dir for records");
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env("FAULTS_RECORDS_DIR", records_dir.path())
        .env_remove("FAULTS_RUN_ID")
        .env_remove("NEXTEST_RUN_ID");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd
        .output()
        .unwrap_or_else(|err| panic!("failed to run {}: {err}", exe.display()));
    let records = load_records(records_dir.path());
    HarnessRun {
        output,
        records,
        records_dir,
    }
}

/// Every record in `dir`, each validated against the published JSON Schema, by case id.
pub fn load_records(dir: &Path) -> BTreeMap<String, Value> {
    let mut records = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("records dir is readable") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().and_then(OsStr::to_str).unwrap_or_default();
        assert!(
            name.ends_with(".json") && !name.starts_with('.'),
            "unexpected file in the records dir (a partial write?): {}",
            path.display()
        );
        let text = std::fs::read_to_string(&path).expect("record is readable");
        let record: Value = serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("{} is not JSON: {err}", path.display()));
        if let Err(errors) = validate(&record) {
            panic!("{} does not match the schema:\n{errors}", path.display());
        }
        let case_id = record["case_id"].as_str().expect("case_id").to_owned();
        records.insert(case_id, record);
    }
    records
}

/// Validates one record against `fault-runtime/schema/run-record.v1.json`.
pub fn validate(record: &Value) -> Result<(), String> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(fault_runtime::record::JSON_SCHEMA)
            .expect("the shipped schema is JSON");
        jsonschema::validator_for(&schema).expect("the shipped schema is a valid JSON Schema")
    });
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|err| format!("  {} at {}", err, err.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// Whether a process is still running (a zombie awaiting its reaper counts as gone).
pub fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}
