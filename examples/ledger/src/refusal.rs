//! Lets `#[fault_case]`s return the ledger's errors: the harness checks each refusal's code and
//! gate, and records its message.

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
