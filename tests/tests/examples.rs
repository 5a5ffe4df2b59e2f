//! The bundled examples run as users run them: `cargo test` and `cargo nextest run` in the
//! example package, every fault case refused, every record valid. The nextest test is ignored
//! by default, so `cargo test --workspace` passes where cargo-nextest is not installed; CI runs
//! it with `--ignored`.

use std::path::Path;
use std::process::{Command, Output};

use faults_tests::{load_records, workspace_root};

const TOOLFORGE_CASES: [&str; 8] = [
    "fault-1", "fault-2", "fault-3", "fault-4", "fault-5", "fault-6", "fault-7", "fault-8",
];

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
        assert_eq!(record["side_effects"], serde_json::json!([]), "{id}");
    }
    for id in ["fault-1", "fault-5", "fault-6", "fault-7"] {
        assert_eq!(records[id]["expected"]["halt"], true, "{id}");
    }
    let timeout = &records["fault-6"];
    assert_eq!(timeout["observed"]["gate"], "RUNTIME");
    assert_eq!(timeout["performance"]["virtual_ms"], 1000.0, "{timeout:#}");
    let retries = &records["fault-7"];
    let backoffs: Vec<&serde_json::Value> = retries["retry_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|attempt| &attempt["backoff_ms"])
        .collect();
    assert_eq!(
        backoffs,
        [
            &serde_json::json!(100.0),
            &serde_json::json!(200.0),
            &serde_json::Value::Null
        ]
    );
    assert_eq!(retries["performance"]["virtual_ms"], 300.0);
    let critic = &records["fault-8"];
    assert_eq!(critic["observed"]["gate"], "POST-EXEC");
    assert_eq!(critic["rollback_executed"], true);
    assert_eq!(critic["rollback_details"]["kind"], "compensating");
    assert_eq!(
        critic["rollback_details"]["artifacts"],
        serde_json::json!(["artifacts/summarize.json", "artifacts"])
    );
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
        stdout.contains("test result: ok. 8 passed; 0 failed"),
        "{stdout}"
    );
    assert_every_case_refused(records.path());
}

#[test]
#[ignore = "needs cargo-nextest; run with --ignored (.ci/run does)"]
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
    assert!(stderr.contains("8 tests run: 8 passed"), "{stderr}");
    assert_every_case_refused(records.path());
    let run_ids: std::collections::BTreeSet<String> = load_records(records.path())
        .values()
        .map(|r| r["run_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(run_ids.len(), 1, "nextest's run id is shared: {run_ids:?}");
}

/// Runs an example's fault harness under `cargo test` and checks every case it ran was refused
/// (or, for the ids in `drift`, failed as predicted), with a schema-valid record.
fn example_cases_are_refused(package: &str, passed: usize, drift: &[&str]) {
    let records = tempfile::tempdir().unwrap();
    let output = cargo(
        &["test", "-p", package, "--test", "faults", "--quiet"],
        records.path(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = format!("test result: ok. {passed} passed; 0 failed; 0 ignored");
    assert!(stdout.contains(&summary), "{package}: {stdout}");
    let records = load_records(records.path());
    assert_eq!(records.len(), passed, "{package}: one record per case run");
    for (id, record) in &records {
        let expected = if drift.contains(&id.as_str()) {
            "drift"
        } else {
            "refused"
        };
        assert_eq!(record["verdict"], expected, "{id}: {record:#}");
    }
}

#[test]
fn ledger_cases_pass_under_cargo_test() {
    example_cases_are_refused("ledger", 26, &[]);
}

#[test]
fn startup_cases_pass_under_cargo_test() {
    example_cases_are_refused("startup", 11, &["startup-3"]);
}
