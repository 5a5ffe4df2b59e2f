//! The `FAULTS_*` variables a runner uses to drive a harness (`fault_runtime::vars`).

use faults_tests::run_harness;
use serde_json::Value;

const FIXTURE: &str = env!("CARGO_BIN_EXE_adversarial");

#[test]
fn describe_writes_the_case_listing_to_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("listing.json");
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--list", "--format", "terse"],
        &[("FAULTS_DESCRIBE", &answer)],
    );
    assert!(run.output.status.success(), "{}", run.stderr());
    assert_eq!(run.stdout(), "", "the listing does not travel on stdout");
    let listing: Value = serde_json::from_str(&std::fs::read_to_string(&answer).unwrap())
        .expect("one JSON document");
    assert_eq!(listing["schema"], "fault-runtime/listing/v1");
    let cases = listing["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 24);
    let halting = cases
        .iter()
        .find(|c| c["case_id"] == "adversarial::writes_a_file_under_halt")
        .unwrap();
    assert_eq!(halting["expect"], "EXPECTED");
    assert_eq!(halting["gate"], 4);
    assert_eq!(halting["halt"], true);
    assert_eq!(halting["file"], "tests/fixtures/adversarial.rs");
    let ignored = cases
        .iter()
        .find(|c| c["case_id"] == "adversarial::ignored_by_default")
        .unwrap();
    assert_eq!(ignored["ignored"], true);
    assert!(run.records.is_empty(), "describing runs nothing");
}

#[test]
fn a_selection_narrows_the_harness_to_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let select = dir.path().join("select");
    std::fs::write(
        &select,
        "adversarial::refuses_as_expected\nadversarial::secret_is_invisible\n",
    )
    .unwrap();
    let run = run_harness(FIXTURE.as_ref(), &[], &[("FAULTS_SELECT", &select)]);
    assert!(run.output.status.success(), "{}", run.stdout());
    assert_eq!(
        run.records.keys().collect::<Vec<_>>(),
        [
            "adversarial::refuses_as_expected",
            "adversarial::secret_is_invisible"
        ]
    );
}

#[test]
fn a_stale_selection_is_an_error_not_an_empty_run() {
    let dir = tempfile::tempdir().unwrap();
    let select = dir.path().join("select");
    std::fs::write(
        &select,
        "adversarial::refuses_as_expected\nadversarial::renamed_long_ago\n",
    )
    .unwrap();
    let run = run_harness(FIXTURE.as_ref(), &[], &[("FAULTS_SELECT", &select)]);
    assert_eq!(run.output.status.code(), Some(2));
    assert!(
        run.stderr().contains("adversarial::renamed_long_ago"),
        "{}",
        run.stderr()
    );
    assert!(run.records.is_empty());
}

#[test]
fn fail_fast_starts_no_case_after_a_failure() {
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--test-threads", "1", "refuses_with_another_code"],
        &[("FAULTS_FAIL_FAST", "1")],
    );
    assert!(
        run.stdout().contains("0 passed; 1 failed"),
        "{}",
        run.stdout()
    );
    let both = run_harness(
        FIXTURE.as_ref(),
        &["--test-threads", "1", "s"],
        &[("FAULTS_FAIL_FAST", "1")],
    );
    assert_eq!(both.output.status.code(), Some(101));
    assert_eq!(both.records.len(), 1, "{:?}", both.records.keys());
    assert!(
        both.stdout().contains("not run: an earlier case failed"),
        "{}",
        both.stdout()
    );
}

#[test]
fn an_unreported_gate_is_unverified_and_strict_modes_fail_it() {
    let id = "adversarial::io_error_reports_no_gate";
    for off in ["0", "false", "No", "off", ""] {
        let relaxed = run_harness(
            FIXTURE.as_ref(),
            &["--exact", id],
            &[("FAULTS_STRICT_GATES", off), ("FAULTS_STRICT", off)],
        );
        assert_eq!(relaxed.verdict(id), "refused", "{off:?}");
        assert_eq!(
            relaxed.record(id)["unverified"],
            serde_json::json!([{
                "claim": "gate",
                "subject": "4",
                "reason": "gate 4: the refusal reported no gate, so where it happened is not verified"
            }])
        );
    }
    for (name, on) in [
        ("FAULTS_STRICT_GATES", "1"),
        ("FAULTS_STRICT_GATES", "true"),
        ("FAULTS_STRICT_GATES", "YES"),
        ("FAULTS_STRICT", "on"),
    ] {
        let strict = run_harness(FIXTURE.as_ref(), &["--exact", id], &[(name, on)]);
        assert_eq!(strict.verdict(id), "unverified", "{name}={on}");
        assert_eq!(strict.record(id)["observed"]["gate_verified"], false);
        let message = strict.record(id)["observed"]["message"].as_str().unwrap();
        assert!(message.contains("refusal reported no gate"), "{message}");
    }
}

/// Runs one case with choice variable `name` set to each accepted value, checking the record
/// field `field`, then to `bad`, which must stop the harness with `error` before any case.
fn choice_variable(name: &str, field: &str, accepted: &[(&str, &str)], bad: &str, error: &str) {
    let id = "adversarial::refuses_as_expected";
    for (value, recorded) in accepted {
        let run = run_harness(FIXTURE.as_ref(), &["--exact", id], &[(name, value)]);
        assert_eq!(run.verdict(id), "refused", "{name}={value:?}");
        assert_eq!(run.record(id)[field], *recorded, "{name}={value:?}");
    }
    let run = run_harness(FIXTURE.as_ref(), &["--exact", id], &[(name, bad)]);
    assert_eq!(run.output.status.code(), Some(2));
    assert!(run.stderr().contains(error), "{}", run.stderr());
    assert!(run.records.is_empty(), "nothing ran");
}

#[test]
fn faults_isolation_takes_its_choices_and_nothing_else() {
    choice_variable(
        "FAULTS_ISOLATION",
        "isolation",
        &[
            ("container", "container"),
            ("Process", "process"),
            ("", "process"),
        ],
        "docker",
        "FAULTS_ISOLATION=\"docker\" is not one of process, container\n(hint: set FAULTS_ISOLATION to process or container, or leave it unset)",
    );
}

#[test]
fn faults_spawn_takes_its_choices_and_nothing_else() {
    choice_variable(
        "FAULTS_SPAWN",
        "spawn",
        &[("exec", "exec"), ("Fork", "fork"), ("", "fork")],
        "vfork",
        "FAULTS_SPAWN=\"vfork\" is not one of fork, exec\n(hint: set FAULTS_SPAWN to fork or exec, or leave it unset)",
    );
}

#[test]
fn a_boolean_variable_with_another_value_stops_the_harness() {
    for name in [
        "FAULTS_STRICT",
        "FAULTS_STRICT_GATES",
        "FAULTS_FAIL_FAST",
        "FAULTS_DRIFT_AS_FAILURE",
        "FAULTS_KEEP_SANDBOX",
        "FAULTS_CONTROL",
    ] {
        let run = run_harness(
            FIXTURE.as_ref(),
            &["--exact", "adversarial::refuses_as_expected"],
            &[(name, "enabled")],
        );
        assert_eq!(run.output.status.code(), Some(2), "{name}");
        assert!(
            run.stderr()
                .contains(&format!("{name}=\"enabled\" is not a boolean")),
            "{}",
            run.stderr()
        );
        assert!(run.records.is_empty(), "nothing ran");
    }
}
