//! The bundled examples run as users run them: `cargo test` and `cargo nextest run` in the
//! example package, every fault case refused, every record valid.

use std::path::Path;
use std::process::{Command, Output};

use faults_tests::{load_records, workspace_root};

const TOOLFORGE_CASES: [&str; 5] = ["fault-1", "fault-2", "fault-3", "fault-4", "fault-5"];

/// Runs `cargo <args>` in the workspace with records going to `records`.
fn cargo(args: &[&str], records: &Path) -> Output {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(workspace_root())
        .env("FAULTS_RECORDS_DIR", records)
        .env_remove("FAULTS_RUN_ID")
        .output()
        .unwrap_or_else(|err| panic!("failed to run cargo {args:?}: {err}"));
    assert!(
        output.status.success(),
        "cargo {args:?} failed\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn assert_every_case_refused(records: &Path) {
    let records = load_records(records);
    assert_eq!(
        records.keys().map(String::as_str).collect::<Vec<_>>(),
        TOOLFORGE_CASES
    );
    for (id, record) in &records {
        assert_eq!(record["verdict"], "refused", "{id}: {record:#}");
        assert_eq!(record["status"], "passed", "{id}");
        assert_eq!(record["observed"]["gate_verified"], true, "{id}");
        assert_eq!(record["expected"]["halt"], true, "{id}");
        assert_eq!(record["side_effects"], serde_json::json!([]), "{id}");
    }
    let startup = &records["fault-3"];
    assert_eq!(startup["gate"], "STARTUP");
    assert_eq!(startup["severity"], "critical");
    assert_eq!(
        startup["environment"]["removed"],
        serde_json::json!(["SUPABASE_PASSWORD"])
    );
    assert_eq!(
        startup["environment"]["set"],
        serde_json::json!(["SUPABASE_URL", "SUPABASE_ANON_KEY"])
    );
    assert!(
        startup["observed"]["message"]
            .as_str()
            .unwrap()
            .contains("SUPABASE_PASSWORD"),
        "{startup:#}"
    );
}

#[test]
fn toolforge_cases_pass_under_cargo_test() {
    let records = tempfile::tempdir().unwrap();
    let output = cargo(
        &["test", "-p", "toolforge", "--test", "faults", "--quiet"],
        records.path(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("test result: ok. 5 passed; 0 failed"),
        "{stdout}"
    );
    assert_every_case_refused(records.path());
}

#[test]
fn toolforge_cases_pass_under_nextest() {
    let records = tempfile::tempdir().unwrap();
    let output = cargo(
        &[
            "nextest",
            "run",
            "-p",
            "toolforge",
            "--test",
            "faults",
            "--no-tests=fail",
        ],
        records.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    for case in TOOLFORGE_CASES {
        assert!(
            stderr.lines().any(|line| line.contains("PASS")
                && line
                    .trim_end()
                    .ends_with(&format!("toolforge::faults {case}"))),
            "nextest did not pass {case}:\n{stderr}"
        );
    }
    assert!(stderr.contains("5 tests run: 5 passed"), "{stderr}");
    assert_every_case_refused(records.path());
    let run_ids: std::collections::BTreeSet<String> = load_records(records.path())
        .values()
        .map(|r| r["run_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(run_ids.len(), 1, "nextest's run id is shared: {run_ids:?}");
}

/// Runs an example's fault harness under `cargo test` and checks every case it ran was refused,
/// with a schema-valid record.
fn example_cases_are_refused(package: &str, passed: usize, ignored: usize) {
    let records = tempfile::tempdir().unwrap();
    let output = cargo(
        &["test", "-p", package, "--test", "faults", "--quiet"],
        records.path(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = format!("test result: ok. {passed} passed; 0 failed; {ignored} ignored");
    assert!(stdout.contains(&summary), "{package}: {stdout}");
    let records = load_records(records.path());
    assert_eq!(records.len(), passed, "{package}: one record per case run");
    for (id, record) in &records {
        assert_eq!(record["verdict"], "refused", "{id}: {record:#}");
    }
}

#[test]
fn ledger_cases_pass_under_cargo_test() {
    example_cases_are_refused("ledger", 22, 0);
}

#[test]
fn startup_cases_pass_under_cargo_test() {
    example_cases_are_refused("startup", 7, 1);
}
