//! Control runs proven both ways, from the records of the `controls` fixture: for each key a
//! control removes, and for `control = fn`, a control that completes keeps the case's verdict
//! and one that refuses the same way, or cannot complete, makes it `vacuous`; with
//! `FAULTS_CONTROL=1` every case with attribute-injected faults gets a control, and one that
//! cannot have one says why.

use std::sync::OnceLock;

use faults_tests::{HarnessRun, run_harness};
use serde_json::{Value, json};

const FIXTURE: &str = env!("CARGO_BIN_EXE_controls");

fn run() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| run_harness(FIXTURE.as_ref(), &["--test-threads", "4"], &[("", ""); 0]))
}

fn run_controlled() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| {
        run_harness(
            FIXTURE.as_ref(),
            &["--test-threads", "4"],
            &[("FAULTS_CONTROL", "1")],
        )
    })
}

fn record(name: &str) -> &'static Value {
    run().record(&format!("controls::{name}"))
}

fn verdict(name: &str) -> &'static str {
    run().verdict(&format!("controls::{name}"))
}

fn message(name: &str) -> &'static str {
    run().message(&format!("controls::{name}"))
}

#[test]
fn every_removable_key_and_the_healthy_fn_are_proven_both_ways() {
    let expected = [
        ("env_removed_controlled", "refused"),
        ("env_never_set_is_vacuous", "vacuous"),
        ("hidden_program_controlled", "refused"),
        ("program_never_installed_is_vacuous", "vacuous"),
        ("failpoint_controlled", "refused"),
        ("failpoint_refusal_without_the_fault_is_vacuous", "vacuous"),
        ("syscall_fault_controlled", "refused"),
        ("syscall_refusal_without_the_fault_is_vacuous", "vacuous"),
        ("limit_controlled", "refused"),
        ("no_network_controlled", "refused"),
        ("unreachable_anyway_is_vacuous", "vacuous"),
        ("control_that_panics_is_vacuous", "vacuous"),
        ("malformed_port_controlled", "refused"),
        ("healthy_input_refused_is_vacuous", "vacuous"),
        ("derivable_without_the_key", "refused"),
        ("not_derivable", "refused"),
    ];
    for (case, want) in expected {
        assert_eq!(verdict(case), want, "{case}: {:#}", record(case));
    }
}

#[test]
fn the_record_says_how_the_control_ended() {
    let completed = &record("env_removed_controlled")["control"];
    assert_eq!(completed["ran"], true, "{completed}");
    assert_eq!(completed["outcome"], "completed", "{completed}");
    assert!(
        completed["duration_ms"].as_f64().unwrap() > 0.0,
        "{completed}"
    );
    let refused = &record("env_never_set_is_vacuous")["control"];
    assert_eq!(
        (&refused["outcome"], &refused["code"]),
        (&json!("refused"), &json!("DATABASE_URL_MISSING")),
        "{refused}"
    );
    let panicked = &record("control_that_panics_is_vacuous")["control"];
    assert_eq!(panicked["outcome"], "panicked", "{panicked}");
    assert!(
        panicked["message"]
            .as_str()
            .unwrap()
            .contains("the healthy input could not be built"),
        "{panicked}"
    );
    assert_eq!(
        record("derivable_without_the_key")["control"],
        Value::Null,
        "without FAULTS_CONTROL only declared controls run"
    );
}

#[test]
fn a_vacuous_case_says_whether_the_fault_was_needed_or_the_steady_state_failed() {
    let same = message("env_never_set_is_vacuous");
    assert!(
        same.contains("the control run (without env_remove) refused with DATABASE_URL_MISSING too"),
        "{same}"
    );
    assert!(same.contains("the refusal proves nothing"), "{same}");
    let steady = message("control_that_panics_is_vacuous");
    assert!(
        steady.contains("the steady state could not be established: the control run (`control = panicking_control`) panicked"),
        "{steady}"
    );
    let stdout = run().stdout();
    assert!(
        stdout.contains("runs:     with the fault     refused DATABASE_URL_MISSING"),
        "{stdout}"
    );
    assert!(
        stdout.contains("          without it         refused DATABASE_URL_MISSING"),
        "{stdout}"
    );
}

#[test]
fn faults_control_derives_a_control_for_every_case_it_can() {
    let derived = run_controlled().record("controls::derivable_without_the_key");
    assert_eq!(derived["control"]["outcome"], "completed", "{derived:#}");
    assert_eq!(derived["verdict"], "refused");
    let none = run_controlled().record("controls::not_derivable");
    assert_eq!(none["control"]["ran"], false, "{none:#}");
    assert!(
        none["control"]["message"]
            .as_str()
            .unwrap()
            .contains("give it `control = healthy_fn`"),
        "{none:#}"
    );
    assert_eq!(none["verdict"], "refused", "no control is not a failure");
}

#[test]
fn every_record_matches_the_schema() {
    for run in [run(), run_controlled()] {
        for (id, record) in &run.records {
            if let Err(errors) = faults_tests::validate(record) {
                panic!("{id}: {errors}");
            }
        }
    }
}
