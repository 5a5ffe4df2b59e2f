//! Payloads shared by the fault cases, their controls and the unit tests: one malformed payload
//! per code, each beside its corrected form, a deterministic batch mixing both, and a batch of
//! valid payloads only.

/// A malformed payload and the smallest edit that makes it valid.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "batches read only the malformed bytes; the positive controls read the rest"
    )
)]
pub(crate) struct Malformation {
    /// What is wrong with it, in words.
    pub(crate) name: &'static str,
    /// The code it must be refused with.
    pub(crate) code: &'static str,
    /// The malformed bytes.
    pub(crate) malformed: fn() -> Vec<u8>,
    /// The same payload with the malformation fixed.
    pub(crate) corrected: fn() -> Vec<u8>,
}

/// Every single-payload malformation, each with a distinct code.
pub(crate) const MALFORMATIONS: &[Malformation] = &[
    Malformation {
        name: "payload over 64 KiB",
        code: "PAYLOAD_TOO_LARGE",
        malformed: oversized,
        corrected: || with_memo(&"x".repeat(1024)),
    },
    Malformation {
        name: "empty payload",
        code: "EMPTY_PAYLOAD",
        malformed: empty,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "invalid UTF-8",
        code: "INVALID_UTF8",
        malformed: invalid_utf8,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "truncated JSON",
        code: "TRUNCATED_PAYLOAD",
        malformed: truncated,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "malformed JSON",
        code: "MALFORMED_JSON",
        malformed: malformed_json,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "trailing data",
        code: "TRAILING_DATA",
        malformed: trailing_data,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "not an object",
        code: "NOT_AN_OBJECT",
        malformed: not_an_object,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "duplicate field",
        code: "DUPLICATE_FIELD",
        malformed: duplicate_field,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "unknown field",
        code: "UNKNOWN_FIELD",
        malformed: unknown_field,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "missing field",
        code: "MISSING_FIELD",
        malformed: missing_field,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "wrong type",
        code: "WRONG_TYPE",
        malformed: wrong_type,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "empty id",
        code: "EMPTY_ID",
        malformed: empty_id,
        corrected: || valid("tx-1"),
    },
    Malformation {
        name: "amount out of range",
        code: "AMOUNT_OUT_OF_RANGE",
        malformed: amount_out_of_range,
        corrected: || br#"{"id":"tx-1","amount":9223372036854775807,"memo":"invoice"}"#.to_vec(),
    },
    Malformation {
        name: "negative amount",
        code: "NEGATIVE_AMOUNT",
        malformed: negative_amount,
        corrected: || valid("tx-1"),
    },
];

/// A valid payload for an entry of 100 with this id.
pub(crate) fn valid(id: &str) -> Vec<u8> {
    format!(r#"{{"id":"{id}","amount":100,"memo":"invoice"}}"#).into_bytes()
}

fn with_memo(memo: &str) -> Vec<u8> {
    format!(r#"{{"id":"tx-1","amount":100,"memo":"{memo}"}}"#).into_bytes()
}

/// Valid JSON whose memo alone is 70,000 bytes.
pub(crate) fn oversized() -> Vec<u8> {
    with_memo(&"x".repeat(70_000))
}

/// Nothing at all.
pub(crate) fn empty() -> Vec<u8> {
    Vec::new()
}

/// A Latin-1 byte inside the id.
pub(crate) fn invalid_utf8() -> Vec<u8> {
    b"{\"id\":\"tx-\xe9\",\"amount\":100,\"memo\":\"invoice\"}".to_vec()
}

/// Cut inside the memo field.
pub(crate) fn truncated() -> Vec<u8> {
    br#"{"id":"tx-1","amount":100,"me"#.to_vec()
}

/// Unquoted keys, as in a JavaScript literal.
pub(crate) fn malformed_json() -> Vec<u8> {
    br#"{id:"tx-1",amount:100,memo:"invoice"}"#.to_vec()
}

/// Two entries in one payload.
pub(crate) fn trailing_data() -> Vec<u8> {
    [valid("tx-1"), valid("tx-2")].join(&b'\n')
}

/// The fields as a positional array.
pub(crate) fn not_an_object() -> Vec<u8> {
    br#"["tx-1",100,"invoice"]"#.to_vec()
}

/// A second `amount` after the first: which copy wins depends on the parser.
pub(crate) fn duplicate_field() -> Vec<u8> {
    br#"{"id":"tx-1","amount":100,"memo":"invoice","amount":100000}"#.to_vec()
}

/// A currency the entry has no field for.
pub(crate) fn unknown_field() -> Vec<u8> {
    br#"{"id":"tx-1","amount":100,"memo":"invoice","currency":"EUR"}"#.to_vec()
}

/// No memo.
pub(crate) fn missing_field() -> Vec<u8> {
    br#"{"id":"tx-1","amount":100}"#.to_vec()
}

/// The amount as a string.
pub(crate) fn wrong_type() -> Vec<u8> {
    br#"{"id":"tx-1","amount":"100","memo":"invoice"}"#.to_vec()
}

/// An empty id.
pub(crate) fn empty_id() -> Vec<u8> {
    br#"{"id":"","amount":100,"memo":"invoice"}"#.to_vec()
}

/// One past `i64::MAX`.
pub(crate) fn amount_out_of_range() -> Vec<u8> {
    br#"{"id":"tx-1","amount":9223372036854775808,"memo":"invoice"}"#.to_vec()
}

/// A negative amount.
pub(crate) fn negative_amount() -> Vec<u8> {
    br#"{"id":"tx-1","amount":-100,"memo":"invoice"}"#.to_vec()
}

/// `len` valid artifacts, each with an id of its own: `tx-0`, `tx-1`, ...
pub(crate) fn valid_batch(len: usize) -> Vec<Vec<u8>> {
    (0..len).map(|i| valid(&format!("tx-{i}"))).collect()
}

/// `len` artifacts: every fourth one malformed (cycling through [`MALFORMATIONS`]), every tenth
/// one reusing the previous artifact's id, the rest valid with ids of their own.
pub(crate) fn mixed_batch(len: usize) -> Vec<Vec<u8>> {
    (0..len)
        .map(|i| match i {
            _ if i % 4 == 3 => (MALFORMATIONS[(i / 4) % MALFORMATIONS.len()].malformed)(),
            _ if i % 10 == 9 => valid(&format!("tx-{}", i - 1)),
            _ => valid(&format!("tx-{i}")),
        })
        .collect()
}
