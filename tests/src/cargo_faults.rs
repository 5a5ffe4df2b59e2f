//! The in-tree `cargo faults`, and what one run of it printed and wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

use crate::{exit_code, json, load_records, stderr, stdout, workspace_root};

/// One run of `cargo faults` with a records directory of its own.
#[derive(Debug)]
pub struct FaultsRun {
    /// Exit status and captured output.
    pub output: Output,
    /// The records directory; removed when the run is dropped.
    pub records: tempfile::TempDir,
}

impl FaultsRun {
    /// The exit code.
    pub fn code(&self) -> i32 {
        exit_code(&self.output)
    }

    /// stdout as text.
    pub fn stdout(&self) -> String {
        stdout(&self.output)
    }

    /// stderr as text.
    pub fn stderr(&self) -> String {
        stderr(&self.output)
    }

    /// stdout as one JSON document (`--format json`).
    pub fn json(&self) -> Value {
        json(&self.output)
    }

    /// The records directory.
    pub fn records_dir(&self) -> &Path {
        self.records.path()
    }

    /// The records directory as a command-line argument.
    pub fn records_arg(&self) -> &str {
        self.records_dir().to_str().expect("temp dirs are UTF-8")
    }

    /// The `summary.json` the run wrote.
    pub fn summary(&self) -> Value {
        read_json(&self.records_dir().join("summary.json"))
    }

    /// Every record the run wrote, validated, by case id.
    pub fn records(&self) -> BTreeMap<String, Value> {
        load_records(self.records_dir())
    }

    /// The names of the record files, sorted, without `summary.json`.
    pub fn record_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.records_dir())
            .expect("the records dir is readable")
            .map(|entry| entry.expect("dir entry").file_name().into_string().unwrap())
            .filter(|name| name != "summary.json")
            .collect();
        names.sort();
        names
    }
}

/// A JSON file.
pub fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The case ids of a summary (`summary.json` or `--format json`), in its order.
pub fn summary_ids(summary: &Value) -> Vec<String> {
    summary_cases(summary)
        .iter()
        .map(|case| case["case_id"].as_str().expect("case_id").to_owned())
        .collect()
}

/// The summary's entry for `case_id`.
pub fn outcome_of<'a>(summary: &'a Value, case_id: &str) -> &'a Value {
    summary_cases(summary)
        .iter()
        .find(|case| case["case_id"] == case_id)
        .unwrap_or_else(|| panic!("no {case_id} in {summary}"))
}

fn summary_cases(summary: &Value) -> &[Value] {
    summary["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("a summary has cases: {summary}"))
}

/// The in-tree `cargo-faults` executable, built once per test process.
pub fn cargo_faults_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let output = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--package",
                "cargo-faults",
                "--bin",
                "cargo-faults",
                "--message-format=json",
            ])
            .current_dir(workspace_root())
            .output()
            .expect("run cargo build");
        assert!(
            output.status.success(),
            "building cargo-faults failed:\n{}",
            stderr(&output)
        );
        stdout(&output)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|message| message["target"]["name"] == "cargo-faults")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported the cargo-faults executable")
    })
}

/// Runs the in-tree `cargo faults <args>` outside any project, without the production guard's
/// variables.
pub fn cargo_faults(args: &[&str]) -> Output {
    Command::new(cargo_faults_binary())
        .arg("faults")
        .args(args)
        .env_remove("ENVIRONMENT")
        .env_remove("APP_ENV")
        .env_remove("RUST_ENV")
        .output()
        .expect("run cargo-faults")
}
