//! `PayloadError`: one code per way a payload can fail to be an entry.

use crate::Gate;

/// Why a payload is not a valid entry. Each malformation has its own code, so a producer can
/// tell exactly what to fix; checks run in a fixed order, so one payload always gets one code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// Over the size limit; checked before parsing, so a huge payload costs nothing to refuse.
    #[error("payload is {len} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// The payload's length.
        len: usize,
        /// The limit.
        limit: usize,
    },

    /// No bytes, or only whitespace.
    #[error("payload is empty")]
    Empty,

    /// Not UTF-8, which JSON requires.
    #[error("payload is not UTF-8: invalid byte at offset {valid_up_to}")]
    InvalidUtf8 {
        /// The length of the valid prefix.
        valid_up_to: usize,
    },

    /// The JSON ends before its value is complete: the payload was cut.
    #[error("payload is truncated, its JSON ends early: {detail}")]
    Truncated {
        /// The parser's description, with line and column.
        detail: String,
    },

    /// Not JSON at all, or broken inside.
    #[error("payload is not valid JSON: {detail}")]
    MalformedJson {
        /// The parser's description, with line and column.
        detail: String,
    },

    /// A complete JSON value followed by more data, e.g. two entries in one payload.
    #[error("payload has data after its JSON value: {detail}")]
    TrailingData {
        /// The parser's description, with line and column.
        detail: String,
    },

    /// Valid JSON, but not an object.
    #[error("payload is a JSON {found}, not an object")]
    NotAnObject {
        /// The JSON type found.
        found: &'static str,
    },

    /// A field appears twice; JSON parsers disagree on which copy wins, so neither is trusted.
    #[error("field `{field}` appears more than once")]
    DuplicateField {
        /// The repeated field.
        field: String,
    },

    /// A field the entry does not have, often a misspelling of one it does.
    #[error("unknown field `{field}`: an entry has exactly id, amount and memo")]
    UnknownField {
        /// The unknown field.
        field: String,
    },

    /// A required field is absent.
    #[error("field `{field}` is missing: an entry has exactly id, amount and memo")]
    MissingField {
        /// The missing field.
        field: &'static str,
    },

    /// A field holds the wrong JSON type.
    #[error("field `{field}` is a JSON {found}, expected {expected}")]
    WrongType {
        /// The field.
        field: &'static str,
        /// The type it must have.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },

    /// The id is empty or only whitespace, so it identifies nothing.
    #[error("field `id` is empty")]
    EmptyId,

    /// The amount is a number but not an integer that fits in an i64.
    #[error("amount {amount} is not an integer between 0 and {}", i64::MAX)]
    AmountOutOfRange {
        /// The amount as written.
        amount: String,
    },

    /// Amounts are non-negative: a refund is its own entry, not a negative one.
    #[error("amount {amount} is negative")]
    NegativeAmount {
        /// The amount.
        amount: i64,
    },

    /// The id was already used by an earlier item of the same batch or ledger.
    #[error("id `{id}` is already used by item {first}")]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// The position of the item that used it first.
        first: usize,
    },
}

impl PayloadError {
    /// The stable UPPER_SNAKE code, one per malformation.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Self::Empty => "EMPTY_PAYLOAD",
            Self::InvalidUtf8 { .. } => "INVALID_UTF8",
            Self::Truncated { .. } => "TRUNCATED_PAYLOAD",
            Self::MalformedJson { .. } => "MALFORMED_JSON",
            Self::TrailingData { .. } => "TRAILING_DATA",
            Self::NotAnObject { .. } => "NOT_AN_OBJECT",
            Self::DuplicateField { .. } => "DUPLICATE_FIELD",
            Self::UnknownField { .. } => "UNKNOWN_FIELD",
            Self::MissingField { .. } => "MISSING_FIELD",
            Self::WrongType { .. } => "WRONG_TYPE",
            Self::EmptyId => "EMPTY_ID",
            Self::AmountOutOfRange { .. } => "AMOUNT_OUT_OF_RANGE",
            Self::NegativeAmount { .. } => "NEGATIVE_AMOUNT",
            Self::DuplicateId { .. } => "DUPLICATE_ID",
        }
    }

    /// Every payload refusal comes from validation.
    pub fn gate(&self) -> Gate {
        Gate::Validation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::tests::assert_unique_upper_snake;

    fn payload_errors() -> Vec<PayloadError> {
        let s = String::new;
        vec![
            PayloadError::TooLarge { len: 2, limit: 1 },
            PayloadError::Empty,
            PayloadError::InvalidUtf8 { valid_up_to: 0 },
            PayloadError::Truncated { detail: s() },
            PayloadError::MalformedJson { detail: s() },
            PayloadError::TrailingData { detail: s() },
            PayloadError::NotAnObject { found: "array" },
            PayloadError::DuplicateField { field: s() },
            PayloadError::UnknownField { field: s() },
            PayloadError::MissingField { field: "id" },
            PayloadError::WrongType {
                field: "id",
                expected: "string",
                found: "number",
            },
            PayloadError::EmptyId,
            PayloadError::AmountOutOfRange { amount: s() },
            PayloadError::NegativeAmount { amount: -1 },
            PayloadError::DuplicateId { id: s(), first: 0 },
        ]
    }

    #[test]
    fn payload_codes_are_unique_upper_snake_case() {
        let codes: Vec<_> = payload_errors().iter().map(PayloadError::code).collect();
        assert!(codes.len() >= 10);
        assert_unique_upper_snake(codes);
    }
}
