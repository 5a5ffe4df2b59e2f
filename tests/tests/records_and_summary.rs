//! What a `cargo faults` run leaves in its records directory: one schema-valid record per case,
//! all of one run id, and `summary.json` with the totals. Record file names never collide, not
//! for ids that differ only in punctuation, nor for one id in two harnesses or two packages.

use faults_tests::{MIXED_CASES, exit_code, load_records, outcome_of, project, stderr};

#[test]
fn a_run_writes_a_record_per_case_and_the_summary_of_one_run_id() {
    let run = project("mixed").run(&["--no-fail-fast"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let summary = run.summary();
    assert_eq!(summary["schema"], "cargo-faults/summary/v1");
    assert_eq!(summary["totals"]["passed"], 3);
    assert_eq!(summary["totals"]["failed"], 2);
    assert_eq!(summary["totals"]["by_verdict"]["refused"], 3);
    assert_eq!(summary["totals"]["by_verdict"]["silent_acceptance"], 1);
    let run_id = summary["run_ids"][0].as_str().unwrap();
    let records = run.records();
    assert_eq!(records.keys().collect::<Vec<_>>(), MIXED_CASES);
    assert!(
        records.values().all(|r| r["run_id"] == run_id),
        "one run id for the whole run"
    );
}

#[test]
fn one_case_id_in_two_harnesses_gets_a_record_from_each() {
    let run = project("dup").run(&["--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let harnesses: Vec<String> = run.json()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["harness"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(harnesses, ["dup::again", "dup::faults"]);
    assert_eq!(
        run.record_files(),
        ["dup.case@dup.again.json", "dup.case@dup.faults.json"]
    );
}

#[test]
fn case_ids_that_differ_only_in_punctuation_get_their_own_records() {
    let run = project("ids").run(&[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.record_files(),
        ["a%2Eb@ids.faults.json", "a.b@ids.faults.json"]
    );
    let summary = run.summary();
    assert_eq!(outcome_of(&summary, "a::b")["verdict"], "refused");
    assert_eq!(outcome_of(&summary, "a.b")["verdict"], "silent_acceptance");
}

#[test]
fn the_same_case_id_in_two_packages_is_two_cases() {
    let run = project("twins").run(&["--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.record_files(),
        ["faults.x@alpha.faults.json", "faults.x@beta.faults.json"]
    );
    let summary = run.json();
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
fn a_relative_records_dir_is_relative_to_where_cargo_faults_started() {
    let rerun = project("rerun");
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = rerun.path().join("Cargo.toml");
    let output = rerun.cargo_faults_in(
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
    assert!(!rerun.path().join("relative-records").exists());
}
