//! Fault cases of the write path without failpoints: the kernel itself fails the ledger's
//! `write`, `fdatasync` and `fsync` calls (seccomp, Linux), and sweeps fail each call of an
//! append in turn, SQLite-style, until the append goes through untouched.
//!
//! Next to the failpoint cases in `fault_cases.rs` they show both mechanisms on the same path:
//! a failpoint breaks the step the code names; a syscall fault breaks whatever call the code
//! really makes, and a sweep breaks every one of them.

use fault_runtime::fault_case;

use crate::claims::{CaseError, LEDGER_FILE, entry, expect_entries};
use crate::{Ledger, LedgerError};

/// Appends three entries to a new ledger. When an append is refused, the ledger — the open
/// handle and a reopened one — must hold exactly the entries appended before it: then the
/// refusal is passed on. An interrupted append leaves a torn frame on purpose (the process
/// "died"): then a plain open must refuse it and a repairing open must give back exactly the
/// earlier entries. Three receipts mean every append went through.
fn append_three() -> Result<usize, CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    let entries = [entry("tx-1"), entry("tx-2"), entry("tx-3")];
    for (done, next) in entries.iter().enumerate() {
        if let Err(refusal) = ledger.append(next.clone()) {
            let before = &entries[..done];
            expect_entries(&ledger, before)?;
            drop(ledger);
            if let LedgerError::WriteInterrupted { .. } = refusal {
                if Ledger::open(LEDGER_FILE).is_ok() {
                    return Err(CaseError::GhostEntry(
                        "a ledger with a torn frame opened without complaint".into(),
                    ));
                }
                expect_entries(&Ledger::open_repairing(LEDGER_FILE)?.ledger, before)?;
            } else {
                expect_entries(&Ledger::open(LEDGER_FILE)?, before)?;
            }
            return Err(refusal.into());
        }
    }
    drop(ledger);
    expect_entries(&Ledger::open(LEDGER_FILE)?, &entries)?;
    Ok(entries.len())
}

/// Every write of an append fails, one run each
///
/// A sweep over `write`: run N fails the Nth write with ENOSPC. Every append whose write fails
/// must be refused, its frame gone and the earlier entries intact after a reopen; the run in
/// which no write fails is the baseline, and appends all three.
#[fault_case(
    id = "ledger-23",
    gate = "WRITE",
    expect = "WRITE_FAILED",
    severity = "error",
    category = "execution",
    fault = "each_write_fails",
    recovery = "Free space on the device, then append the refused entry again",
    sweep = "write:ENOSPC",
    tags = ["write", "syscalls", "sweep"],
)]
fn every_write_fails_in_turn() -> Result<usize, CaseError> {
    append_three()
}

/// Every fdatasync of an append fails, one run each
///
/// A sweep over `fdatasync`, the call that makes an appended frame durable: an append whose
/// sync fails is not durable, so it must be refused and its frame truncated away.
#[fault_case(
    id = "ledger-24",
    gate = "WRITE",
    expect = "FSYNC_FAILED",
    severity = "error",
    category = "execution",
    fault = "each_fdatasync_fails",
    recovery = "Check the device for I/O errors; append the entry again once it syncs",
    sweep = "fdatasync:EIO",
    tags = ["write", "syscalls", "sweep"],
)]
fn every_sync_fails_in_turn() -> Result<usize, CaseError> {
    append_three()
}

/// The new ledger's directory cannot be synced
///
/// `fsync` fails with EIO: creating a ledger syncs its directory so the new file survives a
/// crash, and a ledger whose directory entry may vanish must not be handed out.
#[fault_case(
    id = "ledger-25",
    gate = "OPEN",
    expect = "IO_ERROR",
    severity = "critical",
    category = "execution",
    fault = "directory_fsync_fails",
    recovery = "Check the device for I/O errors; create the ledger again once its directory syncs",
    syscalls = ["fsync:EIO"],
    control,
    tags = ["open", "syscalls"],
)]
fn directory_sync_fails() -> Result<Ledger, CaseError> {
    Ok(Ledger::create(LEDGER_FILE)?)
}

/// Every failpoint of an append fails, one run each
///
/// A failpoint sweep over the same appends: each registered site the appends reach (the
/// write, the torn write, the fsync) fails in a run of its own, and each must be refused with
/// the ledger consistent.
#[fault_case(
    id = "ledger-26",
    gate = "WRITE",
    expect = ["WRITE_FAILED", "WRITE_INTERRUPTED", "FSYNC_FAILED"],
    severity = "error",
    category = "execution",
    fault = "each_failpoint_fires",
    recovery = "See the code of the run that failed",
    sweep = "failpoints",
    tags = ["write", "sweep"],
)]
fn every_failpoint_fires_in_turn() -> Result<usize, CaseError> {
    append_three()
}
