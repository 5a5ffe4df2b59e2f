//! Payload validation: bytes from outside become an [`Entry`] only if they are exactly the JSON
//! object an entry is, and otherwise get the one code that names their malformation.
//!
//! The JSON is parsed into a `serde_json::Value` and its shape is checked here, in a fixed
//! order, rather than by a derived deserializer: serde's errors would blur several
//! malformations into one message, and the order makes the code deterministic when a payload
//! has more than one problem.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::{Map, Value};

use crate::Entry;

mod error;
#[cfg(feature = "fault-cases")]
mod fault_cases;

pub use error::PayloadError;

/// The largest payload accepted, checked before parsing so an oversized one costs nothing.
pub const MAX_PAYLOAD_LEN: usize = 64 * 1024;

/// The fields of an entry, in the order their checks run.
const FIELDS: [&str; 3] = ["id", "amount", "memo"];

/// Validates one payload: size, then encoding, then JSON syntax, then shape, then values.
///
/// ```
/// use ledger::validate_payload;
///
/// let entry = validate_payload(br#"{"id":"tx-1","amount":250,"memo":"invoice 42"}"#).unwrap();
/// assert_eq!(entry.amount, 250);
///
/// let err = validate_payload(br#"{"id":"tx-1","amount":"250","memo":""}"#).unwrap_err();
/// assert_eq!(err.code(), "WRONG_TYPE");
/// ```
pub fn validate_payload(bytes: &[u8]) -> Result<Entry, PayloadError> {
    if bytes.len() > MAX_PAYLOAD_LEN {
        return Err(PayloadError::TooLarge {
            len: bytes.len(),
            limit: MAX_PAYLOAD_LEN,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PayloadError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|err| PayloadError::InvalidUtf8 {
        valid_up_to: err.valid_up_to(),
    })?;
    let fields = match parse(text)? {
        Value::Object(fields) => fields,
        other => {
            return Err(PayloadError::NotAnObject {
                found: json_type(&other),
            });
        }
    };
    if let Some(field) = repeated_key(text) {
        return Err(PayloadError::DuplicateField { field });
    }
    if let Some(field) = fields.keys().find(|key| !FIELDS.contains(&key.as_str())) {
        return Err(PayloadError::UnknownField {
            field: field.clone(),
        });
    }
    let id = field(&fields, "id", "a string", Value::as_str)?;
    let amount = field(&fields, "amount", "an integer", Value::as_number)?;
    let memo = field(&fields, "memo", "a string", Value::as_str)?;
    if id.trim().is_empty() {
        return Err(PayloadError::EmptyId);
    }
    let amount = amount
        .as_i64()
        .ok_or_else(|| PayloadError::AmountOutOfRange {
            amount: amount.to_string(),
        })?;
    if amount < 0 {
        return Err(PayloadError::NegativeAmount { amount });
    }
    Ok(Entry::new(id, amount, memo))
}

/// One JSON value and nothing after it. A value cut short is `TRUNCATED_PAYLOAD`, any other
/// syntax error `MALFORMED_JSON`.
fn parse(text: &str) -> Result<Value, PayloadError> {
    let mut json = serde_json::Deserializer::from_str(text);
    let value = Value::deserialize(&mut json).map_err(|err| match err.classify() {
        Category::Eof => PayloadError::Truncated {
            detail: err.to_string(),
        },
        _ => PayloadError::MalformedJson {
            detail: err.to_string(),
        },
    })?;
    json.end().map_err(|err| PayloadError::TrailingData {
        detail: err.to_string(),
    })?;
    Ok(value)
}

/// A field that must be present with one JSON type.
fn field<'a, T: ?Sized>(
    fields: &'a Map<String, Value>,
    name: &'static str,
    expected: &'static str,
    as_type: impl Fn(&'a Value) -> Option<&'a T>,
) -> Result<&'a T, PayloadError> {
    let value = fields
        .get(name)
        .ok_or(PayloadError::MissingField { field: name })?;
    as_type(value).ok_or_else(|| PayloadError::WrongType {
        field: name,
        expected,
        found: json_type(value),
    })
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The first top-level key that appears twice. A `Value` keeps only the last copy, so the keys
/// are read again, in order, from text already known to be one valid JSON object.
fn repeated_key(object: &str) -> Option<String> {
    serde_json::from_str::<RepeatedKey>(object).ok()?.0
}

struct RepeatedKey(Option<String>);

impl<'de> Deserialize<'de> for RepeatedKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RepeatedKeyVisitor)
    }
}

struct RepeatedKeyVisitor;

impl<'de> Visitor<'de> for RepeatedKeyVisitor {
    type Value = RepeatedKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RepeatedKey, A::Error> {
        let mut seen = Vec::new();
        let mut repeated = None;
        while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
            if repeated.is_none() && seen.contains(&key) {
                repeated = Some(key.clone());
            }
            seen.push(key);
        }
        Ok(RepeatedKey(repeated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, MALFORMATIONS};

    fn code(bytes: &[u8]) -> &'static str {
        validate_payload(bytes).expect_err("must be refused").code()
    }

    #[test]
    fn accepts_a_well_formed_entry() {
        assert_eq!(
            validate_payload(&fixtures::valid("tx-1")),
            Ok(Entry::new("tx-1", 100, "invoice"))
        );
        let spaced = b" \n{ \"memo\": \"\", \"amount\": 0, \"id\": \"a\" }\n ";
        assert_eq!(validate_payload(spaced), Ok(Entry::new("a", 0, "")));
    }

    #[test]
    fn each_fixture_gets_its_own_code_and_is_accepted_once_corrected() {
        for fixture in MALFORMATIONS {
            assert_eq!(
                code(&(fixture.malformed)()),
                fixture.code,
                "{}",
                fixture.name
            );
            let corrected = (fixture.corrected)();
            assert!(
                validate_payload(&corrected).is_ok(),
                "{} corrected: {:?}",
                fixture.name,
                validate_payload(&corrected)
            );
        }
        let mut codes: Vec<_> = MALFORMATIONS.iter().map(|f| f.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), MALFORMATIONS.len());
        assert!(codes.len() >= 10);
    }

    #[test]
    fn size_is_checked_before_anything_else() {
        let mut huge = vec![0xff; MAX_PAYLOAD_LEN + 1];
        assert_eq!(code(&huge), "PAYLOAD_TOO_LARGE");
        huge.truncate(MAX_PAYLOAD_LEN);
        assert_eq!(code(&huge), "INVALID_UTF8");
    }

    #[test]
    fn whitespace_alone_is_empty() {
        assert_eq!(code(b""), "EMPTY_PAYLOAD");
        assert_eq!(code(b" \t\r\n"), "EMPTY_PAYLOAD");
    }

    #[test]
    fn a_cut_value_is_truncated_and_broken_syntax_is_malformed() {
        for cut in [&b"{"[..], b"{\"id\"", b"{\"id\":\"tx", b"[1,", b"tru"] {
            assert_eq!(
                code(cut),
                "TRUNCATED_PAYLOAD",
                "{:?}",
                String::from_utf8_lossy(cut)
            );
        }
        for broken in [&b"{id:1}"[..], b"{\"a\":1,}", b"nope", b"{\"a\" 1}", b"'x'"] {
            assert_eq!(
                code(broken),
                "MALFORMED_JSON",
                "{:?}",
                String::from_utf8_lossy(broken)
            );
        }
    }

    #[test]
    fn any_data_after_the_value_is_trailing() {
        let valid = fixtures::valid("tx-1");
        for tail in [&b"x"[..], b"{}", b" 1", b"\n{\"id\":\"tx-2\"}"] {
            let bytes = [&valid[..], tail].concat();
            assert_eq!(code(&bytes), "TRAILING_DATA");
        }
    }

    #[test]
    fn names_the_json_type_that_is_not_an_object() {
        for (json, found) in [
            ("null", "null"),
            ("true", "boolean"),
            ("1", "number"),
            ("\"x\"", "string"),
            ("[]", "array"),
        ] {
            assert_eq!(
                validate_payload(json.as_bytes()),
                Err(PayloadError::NotAnObject { found })
            );
        }
    }

    #[test]
    fn a_repeated_field_is_refused_even_when_both_copies_are_valid() {
        let twice = br#"{"id":"tx-1","amount":1,"memo":"","amount":1}"#;
        assert_eq!(
            validate_payload(twice),
            Err(PayloadError::DuplicateField {
                field: "amount".into()
            })
        );
    }

    #[test]
    fn shape_checks_run_in_a_fixed_order() {
        // Unknown before missing: a misspelled field is reported as what was sent.
        assert_eq!(
            validate_payload(br#"{"ID":"tx-1","amount":1,"memo":""}"#),
            Err(PayloadError::UnknownField { field: "ID".into() })
        );
        // Missing fields in the order id, amount, memo.
        assert_eq!(
            validate_payload(br#"{"memo":""}"#),
            Err(PayloadError::MissingField { field: "id" })
        );
        assert_eq!(
            validate_payload(br#"{"id":7,"memo":""}"#),
            Err(PayloadError::WrongType {
                field: "id",
                expected: "a string",
                found: "number"
            })
        );
        // Types before values: an empty id with a string amount is a type error.
        assert_eq!(code(br#"{"id":"","amount":"1","memo":""}"#), "WRONG_TYPE");
        assert_eq!(code(br#"{"id":"","amount":-1,"memo":""}"#), "EMPTY_ID");
    }

    #[test]
    fn amounts_are_non_negative_i64_integers() {
        let with_amount =
            |amount: &str| format!(r#"{{"id":"tx-1","amount":{amount},"memo":""}}"#).into_bytes();
        assert_eq!(
            validate_payload(&with_amount("9223372036854775807")).map(|e| e.amount),
            Ok(i64::MAX)
        );
        assert_eq!(validate_payload(&with_amount("0")).map(|e| e.amount), Ok(0));
        for out_of_range in ["9223372036854775808", "1e30", "2.5", "-1e30", "-0.5"] {
            assert_eq!(
                code(&with_amount(out_of_range)),
                "AMOUNT_OUT_OF_RANGE",
                "{out_of_range}"
            );
        }
        assert_eq!(
            validate_payload(&with_amount("-9223372036854775808")),
            Err(PayloadError::NegativeAmount { amount: i64::MIN })
        );
    }

    #[test]
    fn a_whitespace_id_is_empty() {
        assert_eq!(code(br#"{"id":" \t","amount":1,"memo":""}"#), "EMPTY_ID");
    }
}
