//! How a gate is written in records: a JSON number for a numbered gate, a string for a
//! labelled one.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::Gate;

impl Serialize for Gate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Gate::Number(number) => serializer.serialize_u32(*number),
            Gate::Label(label) => serializer.serialize_str(label),
        }
    }
}

impl<'de> Deserialize<'de> for Gate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GateVisitor;

        impl Visitor<'_> for GateVisitor {
            type Value = Gate;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a gate number or label")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Gate, E> {
                u32::try_from(value)
                    .map(Gate::Number)
                    .map_err(|_| E::custom(format!("gate number {value} is out of range")))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Gate, E> {
                Ok(Gate::from(value.to_owned()))
            }
        }

        deserializer.deserialize_any(GateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_number_or_string() {
        assert_eq!(serde_json::to_string(&Gate::Number(4)).unwrap(), "4");
        assert_eq!(
            serde_json::to_string(&Gate::label("STARTUP")).unwrap(),
            "\"STARTUP\""
        );
        let back: Gate = serde_json::from_str("\"POST-EXEC\"").unwrap();
        assert_eq!(back, Gate::label("POST-EXEC"));
        let back: Gate = serde_json::from_str("2").unwrap();
        assert_eq!(back, Gate::Number(2));
    }
}
