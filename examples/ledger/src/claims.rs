//! What the fault cases prove besides the refusal: that the ledger is still consistent
//! afterwards. A broken claim is returned with a code of its own, so a case whose ledger broke
//! fails as `wrong_code` instead of passing on the refusal alone.

use std::io;

use fault_runtime::Refusal;

use crate::{BatchRejected, Entry, Ledger, LedgerError};

/// The ledger file, relative to the case's sandbox.
pub(crate) const LEDGER_FILE: &str = "ledger.bin";

/// The entry a case appends under `id`.
pub(crate) fn entry(id: &str) -> Entry {
    Entry::new(id, 100, "invoice")
}

/// A fault case's answer: the refusal under test (passed through whole), or the claim it broke,
/// reported at the `CONSISTENCY` gate with its `Display` text as the message.
#[derive(Debug, thiserror::Error, Refusal)]
#[refusal(gate = "CONSISTENCY", message)]
pub(crate) enum CaseError {
    /// The ledger refused.
    #[error(transparent)]
    #[refusal(transparent)]
    Ledger(#[from] LedgerError),
    /// A batch was refused.
    #[error(transparent)]
    #[refusal(transparent)]
    Batch(#[from] BatchRejected),
    /// The case could not set up its fault, e.g. alter the file.
    #[error(transparent)]
    #[refusal(transparent)]
    Io(#[from] io::Error),
    /// The ledger lost, altered or reordered entries.
    #[error("ledger inconsistent: {0}")]
    #[refusal(code = "LEDGER_INCONSISTENT")]
    LedgerInconsistent(String),
    /// An entry whose append was refused is in the ledger anyway.
    #[error("ghost entry: {0}")]
    #[refusal(code = "GHOST_ENTRY")]
    GhostEntry(String),
    /// The retry history is not the one the policy prescribes.
    #[error("retry history mismatch: {0}")]
    #[refusal(code = "RETRY_HISTORY_MISMATCH")]
    RetryHistoryMismatch(String),
    /// The same artifacts validated to different outcomes.
    #[error("nondeterministic validation: {0}")]
    #[refusal(code = "NONDETERMINISTIC_VALIDATION")]
    NondeterministicValidation(String),
}

/// Checks that `ledger` holds exactly `expected`, in order: an extra entry is a `GHOST_ENTRY`,
/// any other difference `LEDGER_INCONSISTENT`.
pub(crate) fn expect_entries(ledger: &Ledger, expected: &[Entry]) -> Result<(), CaseError> {
    if let Some(ghost) = ledger
        .entries()
        .iter()
        .find(|found| !expected.iter().any(|e| e.id == found.id))
    {
        return Err(CaseError::GhostEntry(format!(
            "{} holds `{}`, whose append was refused",
            ledger.path().display(),
            ghost.id
        )));
    }
    if ledger.entries() != expected {
        return Err(CaseError::LedgerInconsistent(format!(
            "{} holds {:?}, expected {expected:?}",
            ledger.path().display(),
            ledger.entries()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_claim_has_its_own_code() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::create(dir.path().join(LEDGER_FILE)).unwrap();
        ledger.append(entry("tx-1")).unwrap();
        assert!(expect_entries(&ledger, &[entry("tx-1")]).is_ok());

        let ghost = expect_entries(&ledger, &[]).unwrap_err();
        assert_eq!(Refusal::code(&ghost), "GHOST_ENTRY");
        let lost = expect_entries(&ledger, &[entry("tx-1"), entry("tx-2")]).unwrap_err();
        assert_eq!(Refusal::code(&lost), "LEDGER_INCONSISTENT");
        let altered = expect_entries(&ledger, &[Entry::new("tx-1", 900, "invoice")]).unwrap_err();
        assert_eq!(Refusal::code(&altered), "LEDGER_INCONSISTENT");
        assert_eq!(
            Refusal::gate(&altered),
            Some(fault_runtime::Gate::label("CONSISTENCY"))
        );
    }

    #[test]
    fn a_refusal_keeps_its_code_gate_and_message() {
        let refusal = CaseError::from(LedgerError::InvalidRetryPolicy);
        assert_eq!(Refusal::code(&refusal), "INVALID_RETRY_POLICY");
        assert_eq!(
            Refusal::gate(&refusal),
            Some(fault_runtime::Gate::label("WRITE"))
        );
        assert_eq!(Refusal::message(&refusal), Some(refusal.to_string()));
        let io = CaseError::from(io::Error::from(io::ErrorKind::NotFound));
        assert_eq!((Refusal::code(&io), Refusal::gate(&io)), ("NotFound", None));
        let ghost = CaseError::GhostEntry("tx-1".into());
        assert_eq!(
            Refusal::message(&ghost).as_deref(),
            Some("ghost entry: tx-1")
        );
    }
}
