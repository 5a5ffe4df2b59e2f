//! Fault cases of payload validation: one per malformation, each with its own code. Validation
//! touches no file, so every case also declares `halt`: the sandbox must stay empty.

use fault_runtime::fault_case;

use crate::{Entry, PayloadError, fixtures, validate_payload};

/// Payload over 64 KiB
///
/// Valid JSON whose memo alone is 70,000 bytes: refused on its size, before it is parsed.
#[fault_case(
    id = "ledger-7",
    gate = "VALIDATION",
    expect = "PAYLOAD_TOO_LARGE",
    halt,
    severity = "error",
    category = "validation",
    fault = "payload_too_large",
    recovery = "Keep payloads under 64 KiB; move large attachments out of the memo",
    control = valid_payload,
    tags = ["payload"],
)]
fn payload_too_large() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::oversized())
}

/// Empty payload
///
/// Zero bytes, as sent by a producer that lost its body.
#[fault_case(
    id = "ledger-8",
    gate = "VALIDATION",
    expect = "EMPTY_PAYLOAD",
    halt,
    severity = "error",
    category = "validation",
    fault = "empty_payload",
    recovery = "Send the entry as a JSON object with id, amount and memo",
    control = valid_payload,
    tags = ["payload"],
)]
fn empty_payload() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::empty())
}

/// Invalid UTF-8
///
/// A Latin-1 byte inside the id.
#[fault_case(
    id = "ledger-9",
    gate = "VALIDATION",
    expect = "INVALID_UTF8",
    halt,
    severity = "error",
    category = "validation",
    fault = "invalid_utf8",
    recovery = "Encode the payload as UTF-8",
    control = valid_payload,
    tags = ["payload"],
)]
fn invalid_utf8() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::invalid_utf8())
}

/// Truncated JSON
///
/// The payload is cut inside its memo field.
#[fault_case(
    id = "ledger-10",
    gate = "VALIDATION",
    expect = "TRUNCATED_PAYLOAD",
    halt,
    severity = "error",
    category = "validation",
    fault = "truncated_payload",
    recovery = "Resend the whole payload; check the producer's buffer and length handling",
    control = valid_payload,
    tags = ["payload"],
)]
fn truncated_payload() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::truncated())
}

/// Malformed JSON
///
/// Unquoted keys, as in a JavaScript object literal.
#[fault_case(
    id = "ledger-11",
    gate = "VALIDATION",
    expect = "MALFORMED_JSON",
    halt,
    severity = "error",
    category = "validation",
    fault = "malformed_json",
    recovery = "Serialize the entry with a JSON encoder",
    control = valid_payload,
    tags = ["payload"],
)]
fn malformed_json() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::malformed_json())
}

/// Trailing data
///
/// Two entries in one payload: the second is not silently dropped.
#[fault_case(
    id = "ledger-12",
    gate = "VALIDATION",
    expect = "TRAILING_DATA",
    halt,
    severity = "error",
    category = "validation",
    fault = "trailing_data",
    recovery = "Send one entry per payload",
    control = valid_payload,
    tags = ["payload"],
)]
fn trailing_data() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::trailing_data())
}

/// Not an object
///
/// The fields as a positional array.
#[fault_case(
    id = "ledger-13",
    gate = "VALIDATION",
    expect = "NOT_AN_OBJECT",
    halt,
    severity = "error",
    category = "validation",
    fault = "not_an_object",
    recovery = "Send a JSON object with id, amount and memo",
    control = valid_payload,
    tags = ["payload"],
)]
fn not_an_object() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::not_an_object())
}

/// Duplicate field
///
/// A second amount after the first: which copy wins would depend on the parser.
#[fault_case(
    id = "ledger-14",
    gate = "VALIDATION",
    expect = "DUPLICATE_FIELD",
    halt,
    severity = "error",
    category = "validation",
    fault = "duplicate_field",
    recovery = "Send each field once",
    control = valid_payload,
    tags = ["payload"],
)]
fn duplicate_field() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::duplicate_field())
}

/// Unknown field
///
/// A currency field the entry does not have.
#[fault_case(
    id = "ledger-15",
    gate = "VALIDATION",
    expect = "UNKNOWN_FIELD",
    halt,
    severity = "error",
    category = "validation",
    fault = "unknown_field",
    recovery = "Remove the field, or fix its spelling to id, amount or memo",
    control = valid_payload,
    tags = ["payload"],
)]
fn unknown_field() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::unknown_field())
}

/// Missing field
///
/// No memo.
#[fault_case(
    id = "ledger-16",
    gate = "VALIDATION",
    expect = "MISSING_FIELD",
    halt,
    severity = "error",
    category = "validation",
    fault = "missing_field",
    recovery = "Send all of id, amount and memo; the memo may be empty",
    control = valid_payload,
    tags = ["payload"],
)]
fn missing_field() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::missing_field())
}

/// Wrong type
///
/// The amount as a string.
#[fault_case(
    id = "ledger-17",
    gate = "VALIDATION",
    expect = "WRONG_TYPE",
    halt,
    severity = "error",
    category = "validation",
    fault = "wrong_type",
    recovery = "Send the amount as a JSON integer",
    control = valid_payload,
    tags = ["payload"],
)]
fn wrong_type() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::wrong_type())
}

/// Empty id
///
/// An id that identifies nothing.
#[fault_case(
    id = "ledger-18",
    gate = "VALIDATION",
    expect = "EMPTY_ID",
    halt,
    severity = "error",
    category = "validation",
    fault = "empty_id",
    recovery = "Give the entry a non-empty id",
    control = valid_payload,
    tags = ["payload"],
)]
fn empty_id() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::empty_id())
}

/// Amount out of range
///
/// One past i64::MAX.
#[fault_case(
    id = "ledger-19",
    gate = "VALIDATION",
    expect = "AMOUNT_OUT_OF_RANGE",
    halt,
    severity = "error",
    category = "validation",
    fault = "amount_out_of_range",
    recovery = "Send the amount as an integer between 0 and 9223372036854775807",
    control = valid_payload,
    tags = ["payload"],
)]
fn amount_out_of_range() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::amount_out_of_range())
}

/// Negative amount
///
/// A negative amount.
#[fault_case(
    id = "ledger-20",
    gate = "VALIDATION",
    expect = "NEGATIVE_AMOUNT",
    halt,
    severity = "error",
    category = "validation",
    fault = "negative_amount",
    recovery = "Record a refund as its own entry with a positive amount",
    control = valid_payload,
    tags = ["payload"],
)]
fn negative_amount() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::negative_amount())
}

/// The control of every case above: the same validation of a valid payload (`fixtures::valid`,
/// the entry `tx-1` of 100 that most of their payloads break in one place). It must validate,
/// so each refusal comes from the malformation its case sends.
fn valid_payload() -> Result<Entry, PayloadError> {
    validate_payload(&fixtures::valid("tx-1"))
}
