//! Syscall faults and sweeps proven both ways, from the records of the `syscalls` fixture: the
//! Nth call fails and only it, counts are exact, the fault reaches started programs, stdio is
//! exempt, a spec that never fires is `not_exercised`, a swallowed error is
//! `silent_acceptance`, and sweeps stop at the first run that is not loud.

use std::sync::OnceLock;

use faults_tests::{HarnessRun, run_harness};
use serde_json::{Value, json};

const FIXTURE: &str = env!("CARGO_BIN_EXE_syscalls");
const NO_ENV: [(&str, &str); 0] = [];

fn run() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| run_harness(FIXTURE.as_ref(), &["--test-threads", "4"], &NO_ENV))
}

fn record(name: &str) -> &'static Value {
    run().record(&format!("syscalls::{name}"))
}

fn verdict(name: &str) -> &'static str {
    record(name)["verdict"].as_str().unwrap()
}

fn counts(name: &str) -> &'static Value {
    &record(name)["environment"]["syscalls"]
}

#[test]
fn every_syscall_fault_is_proven_both_ways() {
    let expected = [
        ("third_write_fails", "refused"),
        ("writes_fail_from_the_second", "refused"),
        ("write_count_never_reached", "not_exercised"),
        ("fsync_never_called", "not_exercised"),
        ("failed_write_swallowed", "silent_acceptance"),
        ("stdio_is_never_failed", "refused"),
        ("fault_reaches_a_started_program", "refused"),
        ("started_program_control", "silent_acceptance"),
        ("one_of_two_specs_never_fires", "not_exercised"),
    ];
    for (case, want) in expected {
        assert_eq!(verdict(case), want, "{case}: {:#}", record(case));
    }
}

#[test]
fn only_the_nth_call_fails_and_the_counts_are_exact() {
    assert_eq!(
        counts("third_write_fails"),
        &json!([{"spec": "write:ENOSPC@3", "calls": 3, "injected": 1}])
    );
    let stderr = record("third_write_fails")["output"]["stderr_tail"]
        .as_str()
        .unwrap();
    assert!(stderr.contains("write 3 failed"), "{stderr}");
    assert_eq!(
        counts("writes_fail_from_the_second"),
        &json!([{"spec": "write:EIO@2..", "calls": 5, "injected": 4}])
    );
    assert_eq!(
        counts("write_count_never_reached"),
        &json!([{"spec": "write:ENOSPC@7", "calls": 5, "injected": 0}])
    );
}

#[test]
fn a_spec_that_fails_nothing_says_so() {
    let message = record("fsync_never_called")["observed"]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("syscall fault `fsync:EIO` failed no call"),
        "{message}"
    );
    let both = counts("one_of_two_specs_never_fires");
    assert_eq!(both[0]["injected"], 1, "{both}");
    assert_eq!(both[1]["spec"], "openat:EACCES@9", "{both}");
    assert_eq!(both[1]["injected"], 0, "{both}");
}

#[test]
fn stdio_and_the_report_channel_are_exempt() {
    let seen = record("stdio_is_never_failed");
    assert_eq!(counts("stdio_is_never_failed")[0]["calls"], 1, "{seen:#}");
    let stdout = seen["output"]["stdout_tail"].as_str().unwrap();
    assert!(stdout.contains("stdout still works"), "{stdout}");
    let stderr = seen["output"]["stderr_tail"].as_str().unwrap();
    assert!(stderr.contains("stderr still works"), "{stderr}");
}

#[test]
fn the_fault_reaches_a_program_the_body_starts() {
    let seen = record("fault_reaches_a_started_program");
    let stderr = seen["output"]["stderr_tail"].as_str().unwrap();
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(
        counts("fault_reaches_a_started_program")[0]["injected"]
            .as_u64()
            .unwrap()
            >= 1
    );
}
