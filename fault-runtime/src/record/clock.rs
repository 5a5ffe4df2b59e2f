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

/// An id for one invocation of a harness, unique across machines and runs for all practical
/// purposes: time, pid and the address of a fresh allocation, mixed.
pub(crate) fn generated_invocation_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let heap = Box::new(0u8);
    let address = std::ptr::from_ref::<u8>(&heap) as usize as u64;
    let mut mixed = nanos ^ (u64::from(std::process::id()) << 40) ^ address.rotate_left(17);
    // splitmix64's finalizer spreads every input bit over the whole id.
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    mixed ^= mixed >> 31;
    format!("{mixed:016x}{nanos:016x}")
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
