//! Lets `#[fault_case]`s return the ledger's errors: the harness checks each refusal's code and
//! gate, and records its message.
//!
//! Written by hand rather than derived: the codes and gates are the ledger's own API
//! (`LedgerError::code`, `gate`), there without `fault-runtime`, so these impls pass them on
//! instead of restating them, and the retry history is converted from the ledger's own records.

use fault_runtime::Refusal;

use crate::{BatchRejected, Gate, LedgerError, PayloadError};

fn gate(gate: Gate) -> Option<fault_runtime::Gate> {
    Some(fault_runtime::Gate::label(gate.label()))
}

impl Refusal for LedgerError {
    fn code(&self) -> &str {
        LedgerError::code(self)
    }

    fn gate(&self) -> Option<fault_runtime::Gate> {
        gate(LedgerError::gate(self))
    }

    fn message(&self) -> Option<String> {
        Some(self.to_string())
    }

    /// The retry history of an exhausted append, one entry per logged attempt.
    fn attempts(&self) -> Vec<fault_runtime::Attempt> {
        let LedgerError::RetryExhausted { attempts, .. } = self else {
            return Vec::new();
        };
        attempts
            .iter()
            .map(|attempt| fault_runtime::Attempt {
                message: Some(attempt.message.clone()),
                ..fault_runtime::Attempt::new(attempt.number, attempt.code, attempt.backoff)
            })
            .collect()
    }
}

impl Refusal for PayloadError {
    fn code(&self) -> &str {
        PayloadError::code(self)
    }

    fn gate(&self) -> Option<fault_runtime::Gate> {
        gate(PayloadError::gate(self))
    }

    fn message(&self) -> Option<String> {
        Some(self.to_string())
    }
}

impl Refusal for BatchRejected {
    fn code(&self) -> &str {
        BatchRejected::code(self)
    }

    fn gate(&self) -> Option<fault_runtime::Gate> {
        gate(BatchRejected::gate(self))
    }

    fn message(&self) -> Option<String> {
        Some(self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_report_code_gate_and_message() {
        let err = LedgerError::DuplicateId { id: "tx-1".into() };
        assert_eq!(Refusal::code(&err), "DUPLICATE_ID");
        assert_eq!(
            Refusal::gate(&err),
            Some(fault_runtime::Gate::label("VALIDATION"))
        );
        assert_eq!(Refusal::message(&err), Some(err.to_string()));

        let err = LedgerError::InvalidRetryPolicy;
        assert_eq!(
            Refusal::gate(&err),
            Some(fault_runtime::Gate::label("WRITE"))
        );

        let exhausted = LedgerError::RetryExhausted {
            id: "tx-1".into(),
            attempts: vec![crate::Attempt {
                number: 1,
                of: 1,
                code: "WRITE_FAILED",
                message: "injected".into(),
                backoff: None,
            }],
        };
        let history = Refusal::attempts(&exhausted);
        assert_eq!(history.len(), 1);
        assert_eq!(
            (history[0].attempt, history[0].code.as_str()),
            (1, "WRITE_FAILED")
        );
        assert!(Refusal::attempts(&err).is_empty());

        let err = PayloadError::EmptyId;
        assert_eq!(Refusal::code(&err), "EMPTY_ID");
        assert_eq!(
            Refusal::message(&err).as_deref(),
            Some("field `id` is empty")
        );

        let err = BatchRejected {
            total: 1,
            rejected: vec![(0, PayloadError::Empty)],
        };
        assert_eq!(Refusal::code(&err), "BATCH_REJECTED");
        assert_eq!(
            Refusal::gate(&err),
            Some(fault_runtime::Gate::label("VALIDATION"))
        );
    }
}
