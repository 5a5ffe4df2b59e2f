//! `cargo faults` runs every selected case unless `--fail-fast` asks it to stop after the first
//! failure; then what was not run is shown and counted, and the run still fails.

use faults_tests::{assert_contains, project};

/// The failed and not-run totals of a one-job run of the two failing cases of `mixed`.
fn totals(args: &[&str]) -> (u64, u64) {
    let mut all = vec!["--jobs", "1", "--format", "json", "mixed-4", "mixed-5"];
    all.extend(args);
    let run = project("mixed").run(&all);
    assert_eq!(run.code(), 1, "{args:?}: {}", run.stderr());
    let totals = &run.json()["totals"];
    (
        totals["failed"].as_u64().unwrap(),
        totals["not_run"].as_u64().unwrap(),
    )
}

#[test]
fn every_selected_case_runs_by_default() {
    assert_eq!(totals(&[]), (2, 0), "the default runs every selected case");
    assert_eq!(totals(&["--no-fail-fast"]), (2, 0));
}

#[test]
fn fail_fast_stops_after_the_first_failure_and_counts_what_was_not_run() {
    assert_eq!(
        totals(&["--fail-fast"]),
        (1, 1),
        "what was not run is counted"
    );
    let table = project("mixed").run(&["--jobs", "1", "--fail-fast", "mixed-4", "mixed-5"]);
    assert_eq!(table.code(), 1, "{}", table.stderr());
    assert_contains(&table.stdout(), "2 cases: 0 passed, 1 failed, 1 not run");
}
