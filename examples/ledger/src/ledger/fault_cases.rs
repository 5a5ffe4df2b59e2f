//! Fault cases of the write path and of reading back: each runs in an empty sandbox, creates
//! `ledger.bin` there, breaks one step, and proves the ledger stayed consistent.

use fault_runtime::fault_case;

use crate::claims::{CaseError, LEDGER_FILE, entry, expect_entries};
use crate::{Entry, Ledger, LedgerError, Receipt};

/// Torn write
///
/// Two entries are appended, then the third stops half-way through its frame, as when the
/// process dies mid-write. Opening must refuse the file; `open_repairing` must then give back
/// exactly the two good entries. The control, with nothing armed, appends all three and opens
/// them again.
#[fault_case(
    id = "ledger-1",
    gate = "RECOVERY",
    expect = "TORN_WRITE",
    severity = "critical",
    category = "execution",
    fault = "process_dies_mid_write",
    recovery = "Open the ledger with Ledger::open_repairing to truncate the torn frame, then append the lost entry again",
    failpoints = "ledger.write.partial=2*off->return",
    control,
    tags = ["write", "recovery"],
)]
fn torn_write() -> Result<Ledger, CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    ledger.append(entry("tx-1"))?;
    ledger.append(entry("tx-2"))?;
    match ledger.append(entry("tx-3")) {
        Err(LedgerError::WriteInterrupted { .. }) => {}
        // Nothing interrupted it (the control, with no failpoint armed): the append must hold.
        // An append reported as written that leaves a ledger which does not open is a ghost
        // entry, never this case's refusal.
        Ok(receipt) => {
            drop(ledger);
            let reopened = Ledger::open(LEDGER_FILE).map_err(|err| {
                CaseError::GhostEntry(format!(
                    "`{}` was reported as written, but the ledger does not open: {err}",
                    receipt.id
                ))
            })?;
            expect_entries(&reopened, &[entry("tx-1"), entry("tx-2"), entry("tx-3")])?;
            return Ok(reopened);
        }
        Err(other) => return Err(other.into()),
    }
    drop(ledger);
    let refusal = match Ledger::open(LEDGER_FILE) {
        Ok(ledger) => return Ok(ledger),
        Err(refusal) => refusal,
    };
    let recovery = Ledger::open_repairing(LEDGER_FILE)?;
    if recovery.torn_tail.is_none() {
        return Err(CaseError::LedgerInconsistent(
            "open_repairing found no torn frame to remove".into(),
        ));
    }
    let good = [entry("tx-1"), entry("tx-2")];
    expect_entries(&recovery.ledger, &good)?;
    drop(recovery);
    // The repair must hold: a plain open succeeds now. Its refusal would be this case's own
    // expected code, so it is reported as an inconsistency instead.
    let repaired = Ledger::open(LEDGER_FILE).map_err(|err| {
        CaseError::LedgerInconsistent(format!("the repaired ledger does not open: {err}"))
    })?;
    expect_entries(&repaired, &good)?;
    Err(refusal.into())
}

/// Checksum mismatch
///
/// An amount is altered on disk from 100 to 900, keeping the frame's length. Opening must
/// refuse the file, and so must `open_repairing`: truncating would silently drop good records.
#[fault_case(
    id = "ledger-2",
    gate = "RECOVERY",
    expect = "CHECKSUM_MISMATCH",
    severity = "critical",
    category = "execution",
    fault = "record_altered_on_disk",
    recovery = "Restore the ledger from a backup or replica; the damaged record's offset is in the message",
    control = unaltered_ledger,
    tags = ["recovery"],
)]
fn checksum_mismatch() -> Result<Ledger, CaseError> {
    write_two_entries()?;
    let mut bytes = std::fs::read(LEDGER_FILE)?;
    let amount = bytes
        .windows(13)
        .position(|window| window == b"\"amount\":100,")
        .ok_or_else(|| CaseError::LedgerInconsistent("no amount of 100 on disk".into()))?;
    bytes[amount + 9] = b'9';
    std::fs::write(LEDGER_FILE, &bytes)?;

    let refusal = match Ledger::open(LEDGER_FILE) {
        Ok(ledger) => return Ok(ledger),
        Err(refusal) => refusal,
    };
    match Ledger::open_repairing(LEDGER_FILE) {
        Err(LedgerError::ChecksumMismatch { .. }) => {}
        Ok(recovery) => {
            return Err(CaseError::LedgerInconsistent(format!(
                "open_repairing accepted a corrupt ledger, keeping {:?}",
                recovery.ledger.entries()
            )));
        }
        Err(other) => return Err(other.into()),
    }
    if std::fs::read(LEDGER_FILE)? != bytes {
        return Err(CaseError::LedgerInconsistent(
            "refusing the corrupt ledger changed the file".into(),
        ));
    }
    Err(refusal.into())
}

/// The control of `ledger-2`: the same ledger, left unaltered. `open` and `open_repairing`
/// must both accept it with its two entries and nothing to cut, so the case's refusals come
/// from the altered byte alone.
fn unaltered_ledger() -> Result<Ledger, CaseError> {
    write_two_entries()?;
    let good = [entry("tx-1"), entry("tx-2")];
    expect_entries(&Ledger::open(LEDGER_FILE)?, &good)?;
    let recovery = Ledger::open_repairing(LEDGER_FILE)?;
    if let Some(torn) = recovery.torn_tail {
        return Err(CaseError::LedgerInconsistent(format!(
            "open_repairing cut {} bytes at offset {} off an intact ledger",
            torn.removed, torn.offset
        )));
    }
    expect_entries(&recovery.ledger, &good)?;
    Ok(recovery.ledger)
}

/// Creates the ledger with `tx-1` and `tx-2` in it, and closes it.
fn write_two_entries() -> Result<(), CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    ledger.append(entry("tx-1"))?;
    ledger.append(entry("tx-2"))?;
    Ok(())
}

/// Failed write
///
/// The second append's write fails. It must be refused, and neither the open ledger nor a
/// reopened one may hold it; the first entry must be intact.
#[fault_case(
    id = "ledger-3",
    gate = "WRITE",
    expect = "WRITE_FAILED",
    severity = "error",
    category = "execution",
    fault = "write_fails",
    recovery = "Fix the storage (space, permissions, device errors), then append the entry again",
    failpoints = "ledger.write=1*off->return",
    control,
    tags = ["write"],
)]
fn failed_write() -> Result<Receipt, CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    ledger.append(entry("tx-1"))?;
    let refusal = match ledger.append(entry("tx-2")) {
        Ok(receipt) => return Ok(receipt),
        Err(refusal) => refusal,
    };
    expect_entries(&ledger, &[entry("tx-1")])?;
    drop(ledger);
    expect_entries(&Ledger::open(LEDGER_FILE)?, &[entry("tx-1")])?;
    Err(refusal.into())
}

/// Failing fsync
///
/// The frame is written but the fsync fails, so the entry is not durable. The append must be
/// refused and the frame truncated away: after a reopen the entry must not be there.
#[fault_case(
    id = "ledger-4",
    gate = "WRITE",
    expect = "FSYNC_FAILED",
    severity = "error",
    category = "execution",
    fault = "fsync_fails",
    recovery = "Check the device for I/O errors; append the entry again once fsync succeeds",
    failpoints = "ledger.fsync=return",
    control,
    tags = ["write"],
)]
fn failing_fsync() -> Result<Receipt, CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    let refusal = match ledger.append(entry("tx-1")) {
        Ok(receipt) => return Ok(receipt),
        Err(refusal) => refusal,
    };
    expect_entries(&ledger, &[])?;
    drop(ledger);
    expect_entries(&Ledger::open(LEDGER_FILE)?, &[])?;
    let len = std::fs::metadata(LEDGER_FILE)?.len();
    if len != 0 {
        return Err(CaseError::LedgerInconsistent(format!(
            "{len} bytes of the refused frame are still in the file"
        )));
    }
    Err(refusal.into())
}

/// Duplicate id on append
///
/// An entry is replayed under an id the ledger already holds, with another amount. It must be
/// refused before anything is written, and the original must be intact after a reopen.
#[fault_case(
    id = "ledger-6",
    gate = "VALIDATION",
    expect = "DUPLICATE_ID",
    severity = "error",
    category = "validation",
    fault = "replayed_id",
    recovery = "Give the new entry an id of its own; a replay of an existing entry can be dropped",
    control = distinct_ids_on_append,
    tags = ["validation"],
)]
fn duplicate_id_on_append() -> Result<Receipt, CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    ledger.append(entry("tx-1"))?;
    let refusal = match ledger.append(replayed("tx-1")) {
        Ok(receipt) => return Ok(receipt),
        Err(refusal) => refusal,
    };
    drop(ledger);
    expect_entries(&Ledger::open(LEDGER_FILE)?, &[entry("tx-1")])?;
    Err(refusal.into())
}

/// The control of `ledger-6`: the same two appends, the second under an id of its own. Both
/// must go through and be there after a reopen, so the case's refusal comes from the repeated
/// id alone.
fn distinct_ids_on_append() -> Result<Receipt, CaseError> {
    let mut ledger = Ledger::create(LEDGER_FILE)?;
    ledger.append(entry("tx-1"))?;
    let receipt = ledger.append(replayed("tx-2"))?;
    drop(ledger);
    expect_entries(
        &Ledger::open(LEDGER_FILE)?,
        &[entry("tx-1"), replayed("tx-2")],
    )?;
    Ok(receipt)
}

/// The entry `ledger-6` appends second, under `id`, with an amount of its own.
fn replayed(id: &str) -> Entry {
    Entry::new(id, 5000, "replayed")
}
