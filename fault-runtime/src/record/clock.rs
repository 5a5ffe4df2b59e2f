//! Ids that sort by time and stay unique: run ids and invocation ids.

use std::time::SystemTime;

/// A run id that sorts by start time, to the millisecond, and is unique per process:
/// `20261122T084501.123Z-4242`.
pub(crate) fn generated_run_id() -> String {
    let stamp: String = humantime::format_rfc3339_millis(SystemTime::now())
        .to_string()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    format!("{stamp}-{}", std::process::id())
}

/// Today's date in UTC, `YYYY-MM-DD`: what `drift_until` is compared with.
pub(crate) fn today() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()[..10].to_owned()
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

    #[test]
    fn run_ids_are_compact_and_carry_the_pid() {
        let id = generated_run_id();
        assert!(id.ends_with(&format!("-{}", std::process::id())), "{id}");
        assert_eq!(id.find('T'), Some(8), "{id}");
        assert_eq!(id.find('.'), Some(15), "{id}");
        assert_eq!(id.find('Z'), Some(19), "{id}");
        assert!(!id.contains(':'), "{id}");
    }

    #[test]
    fn today_is_a_date() {
        let today = today();
        assert_eq!(today.len(), 10, "{today}");
        assert_eq!(&today[4..5], "-");
        assert!(today.as_str() > "2026-01-01", "{today}");
    }

    #[test]
    fn run_ids_sort_by_time() {
        let first = generated_run_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = generated_run_id();
        assert!(first < second, "{first} then {second}");
    }
}
