//! How `cargo faults` finds the fault harnesses of a workspace: it builds the test targets
//! (showing cargo's diagnostics when that fails), runs every binary that links the harness and
//! leaves other binaries alone, and stops when a harness does not answer the listing
//! handshake. Zero cases is never a green run.

use faults_tests::{MIXED_CASES, assert_contains, project, stderr, stdout};

#[test]
fn an_ordinary_libtest_binary_is_left_alone() {
    let mixed = project("mixed");
    let run = mixed.run(&["--no-fail-fast"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.records().len(),
        MIXED_CASES.len(),
        "the fault harness ran"
    );
    assert!(
        !mixed.path().join("ordinary-test-ran").exists(),
        "an ordinary libtest binary must be left alone"
    );
}

#[test]
fn a_harness_without_cases_is_not_green() {
    let run = project("empty").run(&[]);
    assert_eq!(run.code(), 4, "{}", run.stderr());
    assert_contains(&run.stderr(), "fault harness empty::faults");
    assert_contains(&run.stderr(), "has no registered cases");
}

#[test]
fn a_workspace_without_fault_harnesses_is_not_green() {
    let run = project("plain").run(&[]);
    assert_eq!(run.code(), 4, "{}", run.stderr());
    assert_contains(&run.stderr(), "no fault harness was found");
}

#[test]
fn a_build_failure_shows_cargos_diagnostics_and_exits_2() {
    let run = project("broken").run(&[]);
    assert_eq!(run.code(), 2);
    let errors = run.stderr();
    assert!(
        errors.contains("mismatched types"),
        "cargo's diagnostic is shown: {errors}"
    );
    assert_contains(&errors, "error: failed to build the test binaries");
}

#[test]
fn a_harness_that_prints_before_the_runtime_still_answers() {
    let run = project("chatty").run(&[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(run.records().len(), 1);
    assert_eq!(run.summary()["totals"]["passed"], 1);
}

#[test]
fn a_harness_that_does_not_answer_the_handshake_stops_the_run() {
    let run = project("broken-listing").run(&[]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let errors = run.stderr();
    assert_contains(&errors, "did not answer the listing handshake");
    assert!(errors.contains("faults-"), "names the binary: {errors}");
    assert!(
        errors.contains("the harness's own setup failed before the runtime started"),
        "shows what it printed: {errors}"
    );
    assert!(
        !run.records_dir().join("summary.json").exists(),
        "nothing ran"
    );
}

#[test]
fn cargo_test_fails_a_fault_harness_that_libtest_runs() {
    let output = project("no-harness-false").cargo(&["test", "--test", "faults"]);
    assert!(!output.status.success(), "{}", stdout(&output));
    let text = format!("{}{}", stdout(&output), stderr(&output));
    assert_contains(&text, "harness = false");
    assert_contains(&text, "fault_harness_needs_harness_false");
}
