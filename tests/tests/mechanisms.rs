//! Each isolation mechanism proven both ways, from the records of the `mechanisms` fixture:
//! hidden programs, requirements, resource limits, failpoints and process outcomes.

use std::sync::OnceLock;

use faults_tests::{HarnessRun, run_harness};
use serde_json::{Value, json};

const FIXTURE: &str = env!("CARGO_BIN_EXE_mechanisms");
const NO_ENV: [(&str, &str); 0] = [];

fn run() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| run_harness(FIXTURE.as_ref(), &["--test-threads", "4"], &NO_ENV))
}

fn record(name: &str) -> &'static Value {
    run().record(&format!("mechanisms::{name}"))
}

fn verdict(name: &str) -> &'static str {
    run().verdict(&format!("mechanisms::{name}"))
}

fn message(name: &str) -> &'static str {
    run().message(&format!("mechanisms::{name}"))
}

#[test]
fn every_mechanism_is_proven_both_ways() {
    let expected = [
        ("hidden_program_is_missing", "refused"),
        ("hidden_program_control", "silent_acceptance"),
        ("hidden_from_child_processes", "refused"),
        ("hidden_from_child_processes_control", "silent_acceptance"),
        ("requirements_present", "refused"),
        ("requirement_absent", "missing_dependency"),
        ("required_variable_absent", "missing_dependency"),
        ("failpoint_armed", "refused"),
        ("failpoint_unarmed", "silent_acceptance"),
        ("failpoint_never_hit", "not_exercised"),
        ("failpoint_plain_fail_rs", "refused"),
        ("failpoint_counted", "refused"),
        ("failpoint_armed_off", "not_exercised"),
        ("failpoint_never_past_off", "not_exercised"),
        ("failpoint_past_off", "refused"),
        ("failpoint_misspelt", "not_exercised"),
        ("memory_limit_refused", "refused"),
        ("memory_limit_control", "silent_acceptance"),
        ("memory_limit_kills", "crashed"),
        ("open_files_refused", "refused"),
        ("open_files_control", "silent_acceptance"),
        ("process_refuses", "refused"),
        ("process_accepts", "silent_acceptance"),
        ("process_killed", "crashed"),
        ("process_other_code", "wrong_code"),
        ("process_no_code", "wrong_code"),
        ("process_binary_missing", "missing_dependency"),
        ("process_code_only_in_a_stdout_log", "wrong_code"),
        ("process_code_on_stdout_only", "refused"),
        ("process_panicked_with_the_code", "panicked"),
        ("process_output", "refused"),
    ];
    let mismatches: Vec<String> = expected
        .iter()
        .filter(|(name, want)| verdict(name) != *want)
        .map(|(name, want)| {
            format!(
                "{name}: expected {want}, got {} ({})",
                verdict(name),
                record(name)["observed"]["message"]
            )
        })
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert_eq!(run().records.len(), expected.len());
}

#[test]
fn hidden_programs_are_recorded_by_name() {
    assert_eq!(
        record("hidden_program_is_missing")["environment"]["hidden"],
        json!(["cat"])
    );
    assert_eq!(
        record("hidden_program_control")["environment"]["hidden"],
        json!([])
    );
}

#[test]
fn a_missing_requirement_is_named_and_the_case_never_runs() {
    let absent = record("requirement_absent");
    assert_eq!(
        absent["dependencies"],
        json!({"required": ["sh", "faults-fixture-no-such-program"], "missing": ["faults-fixture-no-such-program"]})
    );
    assert!(
        absent["observed"]["message"]
            .as_str()
            .unwrap()
            .contains("faults-fixture-no-such-program")
    );
    assert_eq!(
        absent["observed"]["exit_code"],
        Value::Null,
        "no process was started"
    );
    assert_eq!(
        record("requirements_present")["dependencies"]["missing"],
        json!([])
    );
}

#[test]
fn failpoints_are_recorded_with_their_passes_and_firings() {
    assert_eq!(
        record("failpoint_armed")["environment"]["failpoints"],
        json!(["fixture.store=return"])
    );
    assert_eq!(
        record("failpoint_armed")["failpoints"],
        json!([{
            "name": "fixture.store", "actions": "return", "observed": true,
            "hits": 1, "fired": 1, "near_miss": null
        }])
    );
    let counted = &record("failpoint_counted")["failpoints"][0];
    assert_eq!(
        (&counted["hits"], &counted["fired"]),
        (&json!(2), &json!(1))
    );
    let never = record("failpoint_never_hit");
    assert_eq!(never["failpoints"][0]["hits"], 0);
    assert!(message("failpoint_never_hit").contains("`fixture.store` was never reached"));
}

#[test]
fn a_failpoint_that_was_reached_but_never_fired_proved_nothing() {
    for name in ["failpoint_armed_off", "failpoint_never_past_off"] {
        let failpoint = &record(name)["failpoints"][0];
        assert!(failpoint["hits"].as_u64().unwrap() >= 1, "{name}: reached");
        assert_eq!(failpoint["fired"], 0, "{name}: never fired");
        assert!(
            message(name).contains("never fired"),
            "{name}: {}",
            message(name)
        );
    }
    let fired = &record("failpoint_past_off")["failpoints"][0];
    assert_eq!((&fired["hits"], &fired["fired"]), (&json!(2), &json!(1)));
}

#[test]
fn a_misspelt_failpoint_names_the_site_it_probably_meant() {
    let misspelt = record("failpoint_misspelt");
    assert_eq!(misspelt["failpoints"][0]["near_miss"], "fixture.store");
    assert!(
        message("failpoint_misspelt").contains("did you mean `fixture.store`?"),
        "{}",
        message("failpoint_misspelt")
    );
}

#[test]
fn a_plain_fail_rs_failpoint_is_an_unverified_claim() {
    let plain = record("failpoint_plain_fail_rs");
    let failpoint = &plain["failpoints"][0];
    assert_eq!(
        failpoint["observed"], false,
        "plain fail-rs sites cannot be counted"
    );
    assert_eq!(failpoint["hits"], Value::Null);
    assert_eq!(failpoint["fired"], Value::Null);
    assert_eq!(plain["unverified"][0]["claim"], "failpoint");
    assert_eq!(plain["unverified"][0]["subject"], "fixture.plain");
    let id = "mechanisms::failpoint_plain_fail_rs";
    let strict = run_harness(
        FIXTURE.as_ref(),
        &["--exact", id],
        &[("FAULTS_STRICT", "1")],
    );
    assert_eq!(strict.verdict(id), "unverified");
    let gates_only = run_harness(
        FIXTURE.as_ref(),
        &["--exact", id],
        &[("FAULTS_STRICT_GATES", "1")],
    );
    assert_eq!(gates_only.verdict(id), "refused", "only gates are strict");
}

#[test]
fn limits_are_recorded_and_a_death_by_them_is_named() {
    assert_eq!(
        record("memory_limit_refused")["limits"],
        json!({"memory_bytes": 536_870_912_u64, "open_files": null, "exceeded": null})
    );
    let killed = record("memory_limit_kills");
    assert_eq!(killed["limits"]["exceeded"], "memory", "{killed:#}");
    assert_eq!(killed["observed"]["signal"], 6, "{killed:#}");
    assert!(
        killed["observed"]["message"]
            .as_str()
            .unwrap()
            .contains("memory limit")
    );
    assert_eq!(record("open_files_refused")["limits"]["open_files"], 16);
    assert_eq!(record("memory_limit_control")["limits"], Value::Null);
}

/// The allocator's message comes before the backtrace `RUST_BACKTRACE` asks for, which is
/// longer than a record's tail: the limit is named all the same.
#[test]
fn a_death_by_a_limit_is_named_under_a_long_backtrace() {
    let id = "mechanisms::memory_limit_kills";
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--exact", id],
        &[("RUST_BACKTRACE", "full")],
    );
    let killed = run.record(id);
    let tail = killed["output"]["stderr_tail"].as_str().unwrap();
    assert!(
        !tail.contains("memory allocation of"),
        "the backtrace must push the allocator's message out of the record's tail: {tail}"
    );
    assert_eq!(killed["limits"]["exceeded"], "memory", "{killed:#}");
}

#[test]
fn process_outcomes_find_the_code_in_the_output() {
    let refused = &record("process_refuses")["observed"];
    assert_eq!(refused["code"], "LEDGER_LOCKED");
    assert_eq!(refused["gate"], Value::Null);
    assert_eq!(refused["gate_verified"], false);
    assert_eq!(
        record("process_other_code")["observed"]["code"],
        "CONFIG_UNREADABLE"
    );
    assert_eq!(record("process_no_code")["observed"]["code"], "exit:3");
    assert!(
        record("process_killed")["observed"]["message"]
            .as_str()
            .unwrap()
            .contains("SIGSEGV")
    );
    assert!(
        record("process_binary_missing")["observed"]["message"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/ledger-cli")
    );
}

#[test]
fn stderr_outranks_a_stdout_log_line_and_the_line_is_kept() {
    let logged = &record("process_code_only_in_a_stdout_log")["observed"];
    assert_eq!(logged["code"], "DISK_FULL");
    assert_eq!(logged["code_line"], "error: DISK_FULL");
    assert_eq!(logged["code_stream"], "stderr");
    let on_stdout = &record("process_code_on_stdout_only")["observed"];
    assert_eq!(on_stdout["code"], "LEDGER_LOCKED");
    assert_eq!(on_stdout["code_line"], "LEDGER_LOCKED by pid 7");
    assert_eq!(on_stdout["code_stream"], "stdout");
    let refused = &record("process_refuses")["observed"];
    assert_eq!(
        refused["code_line"],
        "error[LEDGER_LOCKED]: held by another writer"
    );
}

#[test]
fn a_rust_program_that_panicked_is_panicked_whatever_it_printed() {
    let panicked = &record("process_panicked_with_the_code")["observed"];
    assert_eq!(panicked["code"], Value::Null);
    let message = panicked["message"].as_str().unwrap();
    assert!(message.contains("panicked at src/main.rs:3:5"), "{message}");
}
