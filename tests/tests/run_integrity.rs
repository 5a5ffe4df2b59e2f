//! `cargo faults` never turns green on evidence it cannot trust: every record counts only for the
//! case, harness, run and invocation that wrote it; a merged report counts every case its runs
//! selected; no harness is silently dropped; and secrets stay out of every report. Each test
//! runs `cargo faults` on a project under `tests/projects/`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use faults_tests::{Project, exit_code, load_records, stderr, stdout};
use serde_json::Value;

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn record_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "summary.json")
        .collect();
    names.sort();
    names
}

/// The `rerun` project, shared by the tests that use it and taken by one at a time: two copies
/// of one package building into the shared target directory would keep rebuilding each other.
fn rerun() -> MutexGuard<'static, Project> {
    static PROJECT: OnceLock<Mutex<Project>> = OnceLock::new();
    PROJECT
        .get_or_init(|| Mutex::new(Project::from_template("rerun")))
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn outcome_of<'a>(summary: &'a Value, id: &str) -> &'a Value {
    summary["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["case_id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {summary}"))
}

#[test]
fn case_ids_that_differ_only_in_punctuation_get_their_own_records() {
    let project = Project::from_template("ids");
    let records = tempfile::tempdir().unwrap();
    let output = project.cargo_faults(&["--records-dir", records.path().to_str().unwrap()]);
    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    assert_eq!(
        record_files(records.path()),
        ["a%2Eb@ids.faults.json", "a.b@ids.faults.json"]
    );
    let summary = summary(records.path());
    assert_eq!(outcome_of(&summary, "a::b")["verdict"], "refused");
    assert_eq!(outcome_of(&summary, "a.b")["verdict"], "silent_acceptance");
}

#[test]
fn the_same_case_id_in_two_packages_is_two_cases() {
    let project = Project::from_template("twins");
    let records = tempfile::tempdir().unwrap();
    let output = project.cargo_faults(&[
        "--format",
        "json",
        "--records-dir",
        records.path().to_str().unwrap(),
    ]);
    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    assert_eq!(
        record_files(records.path()),
        ["faults.x@alpha.faults.json", "faults.x@beta.faults.json"]
    );
    let summary: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let outcomes: Vec<(&str, &str)> = summary["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            (
                case["harness"].as_str().unwrap(),
                case["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("alpha::faults", "refused"),
            ("beta::faults", "silent_acceptance")
        ]
    );
}

#[test]
fn a_rerun_with_the_same_run_id_never_counts_an_earlier_record() {
    let project = rerun();
    let records = tempfile::tempdir().unwrap();
    let dir = records.path().to_str().unwrap();
    let run_id = [("FAULTS_RUN_ID", "ci-build-42")];
    let first = project.cargo_faults_with(&["--jobs", "1", "--records-dir", dir], &run_id);
    assert_eq!(exit_code(&first), 0, "{}", stderr(&first));
    let green = project.cargo_faults(&["report", dir]);
    assert_eq!(exit_code(&green), 0, "{}", stderr(&green));

    let second = project.cargo_faults_with(
        &["--jobs", "1", "--format", "json", "--records-dir", dir],
        &[("FAULTS_RUN_ID", "ci-build-42"), ("RERUN_DIE", "1")],
    );
    assert_eq!(exit_code(&second), 1, "{}", stderr(&second));
    let summary: Value = serde_json::from_str(&stdout(&second)).unwrap();
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

    let merged = project.cargo_faults(&["report", dir, "--format", "json"]);
    assert_eq!(exit_code(&merged), 1, "{}", stderr(&merged));
    let merged: Value = serde_json::from_str(&stdout(&merged)).unwrap();
    let lost = outcome_of(&merged, "rerun::b_dies_on_request");
    assert_eq!(lost["outcome"], "failed", "{lost}");
    assert_eq!(merged["totals"]["failed"], 1);
}

#[test]
fn a_report_counts_a_record_with_an_unknown_verdict_as_failed() {
    let project = rerun();
    let records = tempfile::tempdir().unwrap();
    let dir = records.path();
    let output = project.cargo_faults(&["--records-dir", dir.to_str().unwrap()]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let path = dir.join("rerun.a_refuses@rerun.faults.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"refused\"", "\"quarantined\"")).unwrap();
    let merged = project.cargo_faults(&["report", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(exit_code(&merged), 1, "{}", stderr(&merged));
    let merged: Value = serde_json::from_str(&stdout(&merged)).unwrap();
    assert_eq!(outcome_of(&merged, "rerun::a_refuses")["outcome"], "failed");
}

#[test]
fn a_report_of_a_directory_without_its_selection_is_refused() {
    let project = rerun();
    let records = tempfile::tempdir().unwrap();
    let dir = records.path();
    let output = project.cargo_faults(&["--records-dir", dir.to_str().unwrap()]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    std::fs::remove_file(dir.join("summary.json")).unwrap();
    let merged = project.cargo_faults(&["report", dir.to_str().unwrap()]);
    assert_eq!(exit_code(&merged), 2);
    assert!(
        stderr(&merged).contains("has no summary.json"),
        "{}",
        stderr(&merged)
    );
}

#[test]
fn a_relative_records_dir_is_relative_to_where_cargo_faults_started() {
    let project = rerun();
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = project.path().join("Cargo.toml");
    let output = project.cargo_faults_in(
        elsewhere.path(),
        &[
            "--manifest-path",
            manifest.to_str().unwrap(),
            "--records-dir",
            "relative-records",
        ],
    );
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let written = elsewhere.path().join("relative-records");
    assert_eq!(load_records(&written).len(), 2);
    assert!(!project.path().join("relative-records").exists());
}

#[test]
fn a_harness_that_prints_before_the_runtime_still_answers() {
    let project = Project::from_template("chatty");
    let records = tempfile::tempdir().unwrap();
    let output = project.cargo_faults(&["--records-dir", records.path().to_str().unwrap()]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert_eq!(load_records(records.path()).len(), 1);
    assert_eq!(summary(records.path())["totals"]["passed"], 1);
}

#[test]
fn a_harness_that_does_not_answer_the_handshake_stops_the_run() {
    let project = Project::from_template("broken-listing");
    let records = tempfile::tempdir().unwrap();
    let output = project.cargo_faults(&["--records-dir", records.path().to_str().unwrap()]);
    assert_eq!(exit_code(&output), 2, "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains("did not answer the listing handshake"),
        "{errors}"
    );
    assert!(errors.contains("faults-"), "names the binary: {errors}");
    assert!(
        errors.contains("the harness's own setup failed before the runtime started"),
        "shows what it printed: {errors}"
    );
    assert!(!records.path().join("summary.json").exists(), "nothing ran");
}

#[test]
fn cargo_test_fails_a_fault_harness_that_libtest_runs() {
    let project = Project::from_template("no-harness-false");
    let output = project.cargo(&["test", "--test", "faults"]);
    assert!(!output.status.success(), "{}", stdout(&output));
    let text = format!("{}{}", stdout(&output), stderr(&output));
    assert!(text.contains("harness = false"), "{text}");
    assert!(text.contains("fault_harness_needs_harness_false"), "{text}");
}

#[test]
fn secrets_stay_out_of_the_terminal_junit_markdown_and_summary() {
    const SECRET: &str = "hunter2-secretive";
    let project = Project::from_template("secretive");
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let junit = dir.path().join("junit.xml");
    let step_summary = dir.path().join("step-summary.md");
    let output = project.cargo_faults_with(
        &[
            "--records-dir",
            records.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
        ],
        &[
            ("SECRETIVE_PASSWORD", SECRET),
            ("GITHUB_STEP_SUMMARY", step_summary.to_str().unwrap()),
        ],
    );
    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    let markdown = project.cargo_faults_with(
        &["report", records.to_str().unwrap(), "--format", "markdown"],
        &[("SECRETIVE_PASSWORD", SECRET)],
    );
    for (place, text) in [
        ("stdout", stdout(&output)),
        ("stderr", stderr(&output)),
        ("junit", std::fs::read_to_string(&junit).unwrap()),
        (
            "step summary",
            std::fs::read_to_string(&step_summary).unwrap(),
        ),
        (
            "summary.json",
            std::fs::read_to_string(records.join("summary.json")).unwrap(),
        ),
        ("markdown report", stdout(&markdown)),
    ] {
        assert!(!text.contains(SECRET), "{place} leaks the secret:\n{text}");
    }
    assert!(
        stderr(&output).contains("password [redacted] was rejected"),
        "{}",
        stderr(&output)
    );
}
