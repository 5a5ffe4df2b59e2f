//! The rules of `drift`, from the records of the `drifts` fixture: `drift_verdict` absorbs only
//! the failure it predicts, `drift_until` makes a drift come due (`drift_expired`), a drift that
//! passes is `drift_resolved`, and the record names what was absorbed.

use std::sync::OnceLock;

use faults_tests::{HarnessRun, run_harness};
use serde_json::{Value, json};

const FIXTURE: &str = env!("CARGO_BIN_EXE_drifts");

fn run() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| run_harness(FIXTURE.as_ref(), &["--test-threads", "4"], &[("", ""); 0]))
}

fn record(name: &str) -> &'static Value {
    run().record(&format!("drifts::{name}"))
}

/// (verdict, status, drift_absorbed) of a case.
fn ended(name: &str) -> (Value, Value, Value) {
    let record = record(name);
    (
        record["verdict"].clone(),
        record["status"].clone(),
        record["drift_absorbed"].clone(),
    )
}

#[test]
fn each_rule_ends_its_case_as_designed() {
    let cases = [
        (
            "predicted_failure_is_drift",
            "drift",
            "passed",
            json!("side_effects"),
        ),
        (
            "another_failure_stays_a_failure",
            "silent_acceptance",
            "failed",
            Value::Null,
        ),
        (
            "past_its_date_is_drift_expired",
            "drift_expired",
            "failed",
            json!("silent_acceptance"),
        ),
        (
            "passing_is_drift_resolved",
            "drift_resolved",
            "failed",
            Value::Null,
        ),
        (
            "plain_drift_absorbs_any_behaviour_failure",
            "drift",
            "passed",
            json!("silent_acceptance"),
        ),
    ];
    for (name, verdict, status, absorbed) in cases {
        assert_eq!(
            ended(name),
            (json!(verdict), json!(status), absorbed),
            "{name}: {:#}",
            record(name)
        );
    }
}

#[test]
fn the_record_carries_the_drift_mark_as_declared() {
    let predicted = record("predicted_failure_is_drift");
    assert_eq!(predicted["drift"], "the cleanup is not written yet");
    assert_eq!(predicted["drift_verdict"], "side_effects");
    assert_eq!(predicted["drift_until"], "2999-12-31");
    assert_eq!(predicted["drift_issue"], "https://tracker.example/FAULTS-1");
    let plain = record("plain_drift_absorbs_any_behaviour_failure");
    assert_eq!(plain["drift_verdict"], Value::Null);
    assert_eq!(plain["drift_until"], Value::Null);
}

#[test]
fn an_expired_drift_explains_its_date() {
    let stdout = run().stdout();
    assert!(
        stdout.contains(
            "drift:    was to be hardened by 2000; absorbed silent_acceptance; until 2000-01-01"
        ),
        "{stdout}"
    );
}

#[test]
fn a_drift_that_passes_under_libtest_says_it_is_drift() {
    let stderr = run().stderr();
    assert!(
        stderr.contains(
            "drift: drifts::predicted_failure_is_drift failed as predicted (side_effects), which passes, counted apart: the cleanup is not written yet"
        ),
        "{stderr}"
    );
}

#[test]
fn every_record_matches_the_schema() {
    for (id, record) in &run().records {
        if let Err(errors) = faults_tests::validate(record) {
            panic!("{id}: {errors}");
        }
    }
}
