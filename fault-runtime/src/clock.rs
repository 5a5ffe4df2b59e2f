//! Wall-clock timestamps as records write them.

use std::time::SystemTime;

/// An RFC 3339 UTC timestamp with milliseconds, e.g. `2026-11-22T08:45:01.123Z`.
pub(crate) fn rfc3339(at: SystemTime) -> String {
    humantime::format_rfc3339_millis(at).to_string()
}

/// A run id that sorts by start time and is unique per process: `20261122T084501Z-4242`.
pub(crate) fn generated_run_id() -> String {
    let stamp: String = humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    format!("{stamp}-{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn formats_utc_with_millis() {
        let at = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(rfc3339(at), "2023-11-14T22:13:20.123Z");
    }

    #[test]
    fn run_ids_are_compact_and_carry_the_pid() {
        let id = generated_run_id();
        assert!(id.ends_with(&format!("-{}", std::process::id())), "{id}");
        assert_eq!(id.find('T'), Some(8), "{id}");
        assert!(!id.contains(':'), "{id}");
    }
}
