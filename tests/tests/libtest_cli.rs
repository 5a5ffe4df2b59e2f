//! The harness honours libtest's command line, which `cargo test` and nextest's custom-harness
//! contract rely on: `--list --format terse`, `--ignored`, `--exact`, filters.

use std::process::Command;

use faults_tests::run_harness;

const FIXTURE: &str = env!("CARGO_BIN_EXE_adversarial");
const DUPLICATES: &str = env!("CARGO_BIN_EXE_duplicate-ids");
const NO_CASES: &str = env!("CARGO_BIN_EXE_no-cases");
const NO_ENV: [(&str, &str); 0] = [];

fn list(args: &[&str]) -> Vec<String> {
    let run = run_harness(FIXTURE.as_ref(), args, &NO_ENV);
    assert!(run.output.status.success(), "{}", run.stderr());
    run.stdout().lines().map(str::to_owned).collect()
}

#[test]
fn terse_list_is_sorted_and_stable() {
    let lines = list(&["--list", "--format", "terse"]);
    assert_eq!(lines.len(), 24, "{lines:#?}");
    assert!(
        lines
            .iter()
            .all(|line| line.starts_with("adversarial::") && line.ends_with(": test"))
    );
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert_eq!(
        lines,
        list(&["--list", "--format", "terse"]),
        "stable across runs"
    );
}

#[test]
fn ignored_list_holds_only_ignored_cases() {
    assert_eq!(
        list(&["--list", "--format", "terse", "--ignored"]),
        ["adversarial::ignored_by_default: test"]
    );
}

#[test]
fn listing_runs_nothing_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("never-created");
    let output = Command::new(FIXTURE)
        .args(["--list"])
        .env("FAULTS_RECORDS_DIR", &records)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(!records.exists(), "--list must not create the records dir");
}

#[test]
fn exact_runs_exactly_one_case() {
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--exact", "adversarial::refuses_as_expected"],
        &NO_ENV,
    );
    assert!(run.output.status.success(), "{}", run.stdout());
    assert!(
        run.stdout().contains("1 passed; 0 failed"),
        "{}",
        run.stdout()
    );
    assert_eq!(
        run.records.keys().collect::<Vec<_>>(),
        ["adversarial::refuses_as_expected"]
    );
    assert_eq!(run.verdict("adversarial::refuses_as_expected"), "refused");
}

#[test]
fn a_name_filter_selects_by_substring() {
    let run = run_harness(
        FIXTURE.as_ref(),
        &["secret_is_invisible"],
        &[("FIXTURE_SECRET", "s")],
    );
    assert_eq!(
        run.output.status.code(),
        Some(101),
        "the control case fails"
    );
    assert_eq!(
        run.records.keys().collect::<Vec<_>>(),
        [
            "adversarial::secret_is_invisible",
            "adversarial::secret_is_invisible_control"
        ]
    );
}

#[test]
fn ignored_cases_run_on_request() {
    let run = run_harness(FIXTURE.as_ref(), &["--ignored"], &NO_ENV);
    assert!(run.output.status.success(), "{}", run.stdout());
    assert_eq!(
        run.records.keys().collect::<Vec<_>>(),
        ["adversarial::ignored_by_default"]
    );
}

#[test]
fn one_test_thread_runs_cases_in_the_main_thread() {
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--test-threads", "1", "refuses_at_"],
        &NO_ENV,
    );
    assert_eq!(
        run.verdict("adversarial::refuses_at_the_labelled_gate"),
        "refused"
    );
    assert_eq!(
        run.verdict("adversarial::refuses_at_another_gate"),
        "wrong_gate"
    );
}

#[test]
fn duplicate_ids_stop_the_harness_before_anything_runs() {
    for args in [&[][..], &["--list"][..]] {
        let run = run_harness(DUPLICATES.as_ref(), args, &NO_ENV);
        assert_eq!(run.output.status.code(), Some(2));
        let stderr = run.stderr();
        assert!(
            stderr.contains("two fault cases share the id `shared-id`"),
            "{stderr}"
        );
        assert!(
            stderr.contains("tests/fixtures/duplicate_ids.rs:6"),
            "{stderr}"
        );
        assert!(
            stderr.contains("tests/fixtures/duplicate_ids.rs:11"),
            "{stderr}"
        );
        assert!(run.records.is_empty());
    }
}

#[test]
fn nocapture_streams_the_case_output_through() {
    let captured = run_harness(
        FIXTURE.as_ref(),
        &["--exact", "adversarial::panics"],
        &NO_ENV,
    );
    assert!(
        !captured.stderr().contains("the validator fell over"),
        "{}",
        captured.stderr()
    );
    assert!(captured.stdout().contains(
        "observed: panicked: the validator fell over (at tests/fixtures/adversarial.rs:"
    ));

    let streamed = run_harness(
        FIXTURE.as_ref(),
        &["--exact", "adversarial::panics", "--nocapture"],
        &NO_ENV,
    );
    assert!(
        streamed.stderr().contains("panicked at")
            && streamed.stderr().contains("the validator fell over"),
        "{}",
        streamed.stderr()
    );
    assert_eq!(streamed.verdict("adversarial::panics"), "panicked");
}

#[test]
fn a_harness_with_no_case_fails_instead_of_passing_empty() {
    for args in [&[][..], &["--list"][..], &["some_filter"][..]] {
        let run = run_harness(NO_CASES.as_ref(), args, &NO_ENV);
        assert_eq!(run.output.status.code(), Some(2), "{args:?}");
        assert!(
            run.stderr().contains("no registered fault cases"),
            "{}",
            run.stderr()
        );
    }
}

#[test]
fn a_filter_that_selects_none_of_the_cases_is_not_an_error() {
    let run = run_harness(FIXTURE.as_ref(), &["no_case_has_this_name"], &NO_ENV);
    assert!(run.output.status.success(), "{}", run.stderr());
    assert!(
        run.stdout().contains("0 passed; 0 failed"),
        "{}",
        run.stdout()
    );
    assert!(run.records.is_empty());
}
