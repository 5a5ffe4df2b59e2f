//! JSON output: pretty-printed, with serialization failures as render errors.

use serde::Serialize;

use crate::errors::Error;

/// `value` as pretty JSON, as written to a file.
pub(crate) fn pretty(value: &impl Serialize) -> Result<String, Error> {
    serde_json::to_string_pretty(value).map_err(|err| Error::Render {
        format: "json",
        reason: err.to_string(),
    })
}

/// `value` as pretty JSON ending in a newline, as printed on stdout.
pub(crate) fn document(value: &impl Serialize) -> Result<String, Error> {
    pretty(value).map(|json| json + "\n")
}
