//! `Entry`: one ledger record, and the JSON payload it is stored as.

use serde_json::json;

/// One ledger record. Entries are identified by `id`, unique within a ledger; amounts are
/// non-negative (a refund is an entry of its own).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The entry's unique, non-empty id.
    pub id: String,
    /// The amount, in the currency's smallest unit; never negative.
    pub amount: i64,
    /// Free text for people.
    pub memo: String,
}

impl Entry {
    /// An entry; it is checked when appended, not here.
    pub fn new(id: impl Into<String>, amount: i64, memo: impl Into<String>) -> Self {
        Entry {
            id: id.into(),
            amount,
            memo: memo.into(),
        }
    }

    /// The payload a frame stores: a JSON object with exactly `id`, `amount` and `memo`, the
    /// shape [`validate_payload`](crate::validate_payload) accepts.
    pub fn to_payload(&self) -> Vec<u8> {
        json!({ "id": self.id, "amount": self.amount, "memo": self.memo })
            .to_string()
            .into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate_payload;

    #[test]
    fn the_payload_is_the_json_object_validation_accepts() {
        let entry = Entry::new("tx-1", 250, "invoice \"42\"");
        let payload = entry.to_payload();
        assert_eq!(
            payload,
            br#"{"amount":250,"id":"tx-1","memo":"invoice \"42\""}"#
        );
        assert_eq!(validate_payload(&payload), Ok(entry));
    }
}
