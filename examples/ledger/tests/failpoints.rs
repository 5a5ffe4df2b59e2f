//! Positive controls that arm the write path's failpoints: a retried append succeeds once the
//! fault clears, and a torn write is repaired. They live in their own test binary because
//! fail-rs's registry is global to the process; each test holds a `FailScenario`, which
//! serializes them and disarms everything when it ends.

use std::time::Duration;

use fail::FailScenario;
use ledger::{Entry, Ledger, RetryPolicy};

fn entry(id: &str) -> Entry {
    Entry::new(id, 100, "invoice")
}

const POLICY: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    backoff: Duration::from_millis(1),
};

#[test]
fn a_retry_succeeds_on_the_third_attempt_and_logs_the_two_failures() {
    let scenario = FailScenario::setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.bin");
    let mut ledger = Ledger::create(&path).unwrap();
    fail::cfg("ledger.write", "2*return").unwrap();

    let appended = ledger.append_with_retry(entry("tx-1"), &POLICY).unwrap();
    let history: Vec<_> = appended
        .failed_attempts
        .iter()
        .map(|a| (a.number, a.of, a.code, a.backoff))
        .collect();
    assert_eq!(
        history,
        [
            (1, 3, "WRITE_FAILED", Some(Duration::from_millis(1))),
            (2, 3, "WRITE_FAILED", Some(Duration::from_millis(2))),
        ]
    );
    let lines: Vec<_> = appended
        .failed_attempts
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "ledger: append attempt 1/3 failed: WRITE_FAILED: write of entry `tx-1` failed, nothing was appended: injected by failpoint ledger.write; retrying in 1ms",
            "ledger: append attempt 2/3 failed: WRITE_FAILED: write of entry `tx-1` failed, nothing was appended: injected by failpoint ledger.write; retrying in 2ms",
        ]
    );
    assert_eq!(appended.receipt.sequence, 0);
    drop(ledger);
    assert_eq!(Ledger::open(&path).unwrap().entries(), [entry("tx-1")]);
    scenario.teardown();
}

#[test]
fn every_failed_attempt_is_written_to_the_log() {
    let scenario = FailScenario::setup();
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::create(dir.path().join("ledger.bin")).unwrap();
    fail::cfg("ledger.write", "2*return(disk full)").unwrap();

    let mut log = Vec::new();
    let appended = ledger
        .append_with_retry_logged(entry("tx-1"), &POLICY, &mut log)
        .unwrap();
    let expected: String = appended
        .failed_attempts
        .iter()
        .map(|attempt| format!("{attempt}\n"))
        .collect();
    assert_eq!(String::from_utf8(log).unwrap(), expected);
    assert_eq!(appended.failed_attempts.len(), 2);
    assert!(expected.contains("disk full; retrying in 1ms\n"));
    scenario.teardown();
}

#[test]
fn a_rolled_back_fsync_failure_leaves_no_second_copy_after_the_retry() {
    let scenario = FailScenario::setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.bin");
    let mut ledger = Ledger::create(&path).unwrap();
    fail::cfg("ledger.fsync", "1*return").unwrap();

    let appended = ledger.append_with_retry(entry("tx-1"), &POLICY).unwrap();
    assert_eq!(appended.failed_attempts.len(), 1);
    assert_eq!(appended.failed_attempts[0].code, "FSYNC_FAILED");
    assert_eq!(appended.receipt.offset, 0);
    drop(ledger);
    assert_eq!(Ledger::open(&path).unwrap().entries(), [entry("tx-1")]);
    scenario.teardown();
}

#[test]
fn a_torn_write_poisons_the_handle_and_open_repairing_restores_the_ledger() {
    let scenario = FailScenario::setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.bin");
    let mut ledger = Ledger::create(&path).unwrap();
    ledger.append(entry("tx-1")).unwrap();
    fail::cfg("ledger.write.partial", "1*return").unwrap();

    let err = ledger.append(entry("tx-2")).unwrap_err();
    assert_eq!(err.code(), "WRITE_INTERRUPTED");
    let err = ledger.append(entry("tx-3")).unwrap_err();
    assert_eq!(err.code(), "LEDGER_POISONED");
    let err = ledger
        .append_with_retry(entry("tx-3"), &POLICY)
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_POISONED");
    drop(ledger);

    assert_eq!(Ledger::open(&path).unwrap_err().code(), "TORN_WRITE");
    let recovery = Ledger::open_repairing(&path).unwrap();
    assert!(recovery.torn_tail.is_some());
    assert_eq!(recovery.ledger.entries(), [entry("tx-1")]);
    let mut ledger = recovery.ledger;
    ledger.append(entry("tx-2")).unwrap();
    drop(ledger);
    assert_eq!(
        Ledger::open(&path).unwrap().entries(),
        [entry("tx-1"), entry("tx-2")]
    );
    scenario.teardown();
}
