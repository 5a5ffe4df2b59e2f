//! Runtime semantics proven both ways, from the records of the `semantics` fixture: virtual
//! time, rollback, repeat, drift, retry history, severities and in-process cases.

use std::sync::OnceLock;

use faults_tests::{HarnessRun, run_harness};
use serde_json::{Value, json};

const FIXTURE: &str = env!("CARGO_BIN_EXE_semantics");
const NO_ENV: [(&str, &str); 0] = [];

fn run() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| run_harness(FIXTURE.as_ref(), &["--test-threads", "4"], &NO_ENV))
}

fn record(name: &str) -> &'static Value {
    run().record(&format!("semantics::{name}"))
}

fn message(name: &str) -> &'static str {
    record(name)["observed"]["message"]
        .as_str()
        .unwrap_or_default()
}

#[test]
fn every_semantic_is_proven_both_ways() {
    let expected = [
        ("an_hour_of_virtual_time", "refused", "passed"),
        ("async_on_the_real_clock", "refused", "passed"),
        ("rollback_restores_the_sandbox", "refused", "passed"),
        ("rollback_leaves_the_artifact", "no_rollback", "failed"),
        ("rollback_not_reported", "no_rollback", "failed"),
        ("rollback_of_another_kind", "no_rollback", "failed"),
        ("repeat_deterministic", "refused", "passed"),
        ("repeat_nondeterministic", "nondeterministic", "failed"),
        ("drift_fails_as_predicted", "drift", "passed"),
        ("drift_now_passes", "drift_resolved", "failed"),
        ("drift_does_not_absorb_a_crash", "crashed", "failed"),
        ("drift_with_an_unverified_gate", "drift", "passed"),
        (
            "drift_does_not_absorb_a_runtime_failure",
            "crashed",
            "failed",
        ),
        ("retries_within_declared", "refused", "passed"),
        ("retries_beyond_declared", "excess_retries", "failed"),
        ("retries_unreported", "excess_retries", "failed"),
        ("degraded_with_a_warning", "degraded", "passed"),
        ("degraded_silently", "silent_acceptance", "failed"),
        ("degraded_case_refused", "wrong_severity", "failed"),
        ("critical_reported_as_warning", "wrong_severity", "failed"),
        ("error_case_only_warns", "silent_acceptance", "failed"),
        ("in_process_refused", "refused", "passed"),
        ("in_process_accepts", "silent_acceptance", "failed"),
    ];
    let mismatches: Vec<String> = expected
        .iter()
        .filter(|(name, verdict, status)| {
            record(name)["verdict"] != *verdict || record(name)["status"] != *status
        })
        .map(|(name, verdict, status)| {
            format!(
                "{name}: expected {verdict}/{status}, got {}/{} ({})",
                record(name)["verdict"],
                record(name)["status"],
                message(name)
            )
        })
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert_eq!(run().records.len(), expected.len());
}

#[test]
fn an_hour_of_virtual_time_is_not_slept() {
    let performance = &record("an_hour_of_virtual_time")["performance"];
    assert_eq!(performance["virtual_ms"], 1_800_000.0);
    assert!(
        performance["duration_ms"].as_f64().unwrap() < 1_800_000.0,
        "the hour was not slept on the wall clock: {performance}"
    );
    assert_eq!(
        record("async_on_the_real_clock")["performance"]["virtual_ms"],
        Value::Null
    );
}

#[test]
fn a_rollback_is_recorded_with_what_it_undid() {
    let restored = record("rollback_restores_the_sandbox");
    assert_eq!(restored["expected"]["rollback"], true);
    assert_eq!(restored["expected"]["rollback_kind"], "compensating");
    assert_eq!(restored["rollback_executed"], true);
    assert_eq!(
        restored["rollback_details"],
        json!({"kind": "compensating", "artifacts": ["artifact.json"], "message": null})
    );
    assert_eq!(restored["side_effects"], json!([]));
    let left = record("rollback_leaves_the_artifact");
    assert_eq!(left["rollback_executed"], true);
    assert_eq!(
        left["side_effects"],
        json!([{"path": "artifact.json", "change": "created"}])
    );
    assert_eq!(record("rollback_not_reported")["rollback_executed"], false);
    assert!(message("rollback_of_another_kind").contains("`rollback = \"snapshot\"`"));
}

#[test]
fn repeat_records_the_distribution_of_outcomes() {
    let agreed = &record("repeat_deterministic")["repeat"];
    assert_eq!(agreed["copies"], 20);
    assert_eq!(agreed["agreed"], true);
    assert_eq!(agreed["distribution"][0]["count"], 20);
    let split = &record("repeat_nondeterministic")["repeat"];
    assert_eq!(split["agreed"], false);
    let counts: u64 = split["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|outcome| outcome["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counts, 20);
    let codes: Vec<&str> = split["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|outcome| outcome["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"BATCH_REJECTED") && codes.contains(&"BATCH_ACCEPTED_PARTLY"));
    assert!(message("repeat_nondeterministic").contains("the 20 copies disagreed"));
}

#[test]
fn drift_is_explained_and_can_be_made_to_fail() {
    let drift = record("drift_fails_as_predicted");
    assert_eq!(drift["drift"], "the limiter is not wired in yet");
    assert!(message("drift_fails_as_predicted").starts_with("known drift"));
    assert!(message("drift_now_passes").contains("remove the mark"));
    let strict = run_harness(
        FIXTURE.as_ref(),
        &["--exact", "semantics::drift_fails_as_predicted"],
        &[("FAULTS_DRIFT_AS_FAILURE", "1")],
    );
    assert_eq!(strict.output.status.code(), Some(101));
    let record = strict.record("semantics::drift_fails_as_predicted");
    assert_eq!(record["verdict"], "drift");
    assert_eq!(record["status"], "failed");
}

#[test]
fn drift_names_what_it_absorbed_and_never_absorbs_infrastructure() {
    assert_eq!(
        record("drift_fails_as_predicted")["drift_absorbed"],
        "silent_acceptance"
    );
    assert_eq!(
        record("drift_with_an_unverified_gate")["drift_absorbed"],
        "wrong_code"
    );
    assert_eq!(
        record("drift_does_not_absorb_a_crash")["drift_absorbed"],
        Value::Null
    );
    assert!(
        message("drift_does_not_absorb_a_runtime_failure")
            .contains("failed to start the tokio runtime"),
        "{}",
        message("drift_does_not_absorb_a_runtime_failure")
    );
    let id = "semantics::drift_with_an_unverified_gate";
    let strict = run_harness(
        FIXTURE.as_ref(),
        &["--exact", id],
        &[("FAULTS_STRICT", "1")],
    );
    let record = strict.record(id);
    assert_eq!(record["verdict"], "unverified", "{record}");
    assert_eq!(record["drift_absorbed"], Value::Null);
}

#[test]
fn the_retry_history_holds_every_attempt_and_its_backoff() {
    let within = record("retries_within_declared");
    assert_eq!(within["expected"]["attempts"], 3);
    assert_eq!(
        within["retry_history"],
        json!([
            {"attempt": 1, "code": "UNAVAILABLE", "message": null, "backoff_ms": 100.0},
            {"attempt": 2, "code": "UNAVAILABLE", "message": null, "backoff_ms": 200.0},
            {"attempt": 3, "code": "UNAVAILABLE", "message": null, "backoff_ms": null}
        ])
    );
    assert_eq!(
        record("retries_beyond_declared")["retry_history"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn a_degraded_case_records_its_warning() {
    let degraded = record("degraded_with_a_warning");
    assert_eq!(
        degraded["warnings"],
        json!([{"code": "CACHE_COLD", "message": "cache unreadable; starting empty"}])
    );
    assert_eq!(degraded["errors"][0]["severity"], "warning");
    assert_eq!(degraded["errors"][0]["code"], "CACHE_COLD");
}

#[test]
fn in_process_cases_say_so() {
    assert_eq!(record("in_process_refused")["isolation"], "none");
    assert_eq!(record("an_hour_of_virtual_time")["isolation"], "process");
}
