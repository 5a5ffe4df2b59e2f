//! When something happened, as records write it: an RFC 3339 UTC timestamp with milliseconds.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// An RFC 3339 timestamp, e.g. `2026-11-22T08:45:01.123Z`. Read back as written, so a record of
/// another writer keeps its own form; [`Timestamp::time`] parses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// `at`, in UTC with milliseconds.
    pub fn at(at: SystemTime) -> Self {
        Timestamp(humantime::format_rfc3339_millis(at).to_string())
    }

    /// Now.
    pub fn now() -> Self {
        Timestamp::at(SystemTime::now())
    }

    /// The timestamp as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The moment it names, when it is an RFC 3339 UTC timestamp.
    pub fn time(&self) -> Option<SystemTime> {
        humantime::parse_rfc3339_weak(&self.0).ok()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_is_written_and_read_as_rfc_3339() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(1_700_000_000_123);
        let stamp = Timestamp::at(at);
        assert_eq!(stamp.as_str(), "2023-11-14T22:13:20.123Z");
        assert_eq!(stamp.time(), Some(at));
        let json = serde_json::to_string(&stamp).unwrap();
        assert_eq!(json, "\"2023-11-14T22:13:20.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), stamp);
    }
}
