//! `cargo faults report DIR...` merges the records of runs and shards and renders them again.
//! Every case a run selected counts: a case whose record is missing, stale or of an unknown
//! verdict fails the merged report, and a directory it cannot read is named.

use faults_tests::{assert_contains, exit_code, json, outcome_of, project, stderr, stdout};

#[test]
fn a_report_of_passing_records_is_green_in_every_format() {
    let mixed = project("mixed");
    let run = mixed.run(&["--gate", "4"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let table = mixed.cargo_faults(&["report", run.records_arg()]);
    assert_eq!(exit_code(&table), 0);
    assert_contains(&stdout(&table), "2 cases: 2 passed, 0 failed");
    let junit = mixed.cargo_faults(&["report", run.records_arg(), "--format", "junit"]);
    let xml = stdout(&junit);
    let document = roxmltree::Document::parse(&xml).expect("the report is XML");
    let failures = document
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 0);
}

#[test]
fn a_report_names_a_corrupt_or_foreign_file_and_a_missing_directory() {
    let mixed = project("mixed");
    let run = mixed.run(&["--gate", "4"]);
    let dir = run.records_dir();
    for (file, content) in [
        ("notes.json", r#"{"hello": "world"}"#),
        (
            "half.json",
            r#"{"schema": "fault-runtime/run-record/v1", "run_id""#,
        ),
        ("readme.txt", "not a record"),
    ] {
        std::fs::write(dir.join(file), content).unwrap();
        let output = mixed.cargo_faults(&["report", run.records_arg()]);
        std::fs::remove_file(dir.join(file)).unwrap();
        assert_eq!(exit_code(&output), 2, "{file}");
        assert!(
            stderr(&output).contains(file),
            "{file}: {}",
            stderr(&output)
        );
    }
    let missing = mixed.cargo_faults(&["report", "/nonexistent/records"]);
    assert_eq!(exit_code(&missing), 2);
    assert!(stderr(&missing).contains("/nonexistent/records"));
}

#[test]
fn a_report_of_a_directory_without_its_selection_is_refused() {
    let rerun = project("rerun");
    let run = rerun.run(&[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    std::fs::remove_file(run.records_dir().join("summary.json")).unwrap();
    let merged = rerun.cargo_faults(&["report", run.records_arg()]);
    assert_eq!(exit_code(&merged), 2);
    assert_contains(&stderr(&merged), "has no summary.json");
}

#[test]
fn a_report_counts_a_record_with_an_unknown_verdict_as_failed() {
    let rerun = project("rerun");
    let run = rerun.run(&[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let path = run.records_dir().join("rerun.a_refuses@rerun.faults.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"refused\"", "\"quarantined\"")).unwrap();
    let merged = rerun.cargo_faults(&["report", run.records_arg(), "--format", "json"]);
    assert_eq!(exit_code(&merged), 1, "{}", stderr(&merged));
    assert_eq!(
        outcome_of(&json(&merged), "rerun::a_refuses")["outcome"],
        "failed"
    );
}

#[test]
fn a_rerun_with_the_same_run_id_never_counts_an_earlier_record() {
    let rerun = project("rerun");
    let records = tempfile::tempdir().unwrap();
    let dir = records.path().to_str().unwrap();
    let first = rerun.cargo_faults_with(
        &["--jobs", "1", "--records-dir", dir],
        &[("FAULTS_RUN_ID", "ci-build-42")],
    );
    assert_eq!(exit_code(&first), 0, "{}", stderr(&first));
    let green = rerun.cargo_faults(&["report", dir]);
    assert_eq!(exit_code(&green), 0, "{}", stderr(&green));

    let second = rerun.cargo_faults_with(
        &["--jobs", "1", "--format", "json", "--records-dir", dir],
        &[("FAULTS_RUN_ID", "ci-build-42"), ("RERUN_DIE", "1")],
    );
    assert_eq!(exit_code(&second), 1, "{}", stderr(&second));
    let summary = json(&second);
    let died = outcome_of(&summary, "rerun::b_dies_on_request");
    assert_eq!(died["outcome"], "failed", "{died}");
    assert!(
        died["note"].as_str().unwrap().contains("no record"),
        "{died}"
    );
    assert_eq!(
        outcome_of(&summary, "rerun::a_refuses")["outcome"],
        "passed"
    );

    let merged = rerun.cargo_faults(&["report", dir, "--format", "json"]);
    assert_eq!(exit_code(&merged), 1, "{}", stderr(&merged));
    let merged = json(&merged);
    let lost = outcome_of(&merged, "rerun::b_dies_on_request");
    assert_eq!(lost["outcome"], "failed", "{lost}");
    assert_eq!(merged["totals"]["failed"], 1);
}
