//! The environment block by the addresses of its entries: `setenv`, `unsetenv` and `putenv`
//! replace, add or remove entry pointers and never rewrite an entry's text in place, so an
//! unchanged list of addresses means an unchanged environment, told without copying it.

/// Puts the addresses of the environment's entries, in order, into `into`; empty where the
/// block cannot be read this way.
///
/// # Safety
/// No other thread may change the environment meanwhile.
pub(crate) unsafe fn addresses(into: &mut Vec<usize>) {
    into.clear();
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: the caller rules out a concurrent change, so `environ` is a valid array of
    // entry pointers ended by a null one, which is only read.
    unsafe {
        let mut entry = libc::environ;
        while !entry.is_null() && !(*entry).is_null() {
            into.push(*entry as usize);
            entry = entry.add(1);
        }
    }
}

/// Whether the environment's entries are still at `snapshot`'s addresses, in its order: if not
/// (or where the block cannot be read this way), the environment may have changed.
///
/// # Safety
/// No other thread may change the environment meanwhile.
pub(crate) unsafe fn unchanged(snapshot: &[usize]) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: as in `addresses`.
    unsafe {
        let mut entry = libc::environ;
        if snapshot.is_empty() || entry.is_null() {
            return false;
        }
        for &address in snapshot {
            if *entry as usize != address {
                return false;
            }
            entry = entry.add(1);
        }
        (*entry).is_null()
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = snapshot;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn any_change_moves_an_entry_and_nothing_else_does() {
        // SAFETY: this test's process changes its environment only on this thread, under a
        // name no other test uses.
        unsafe {
            let mut before = Vec::new();
            addresses(&mut before);
            assert!(!before.is_empty(), "a test runs with some environment");
            assert!(unchanged(&before));
            std::env::set_var("FAULTS_ENVIRON_PROBE", "1");
            assert!(!unchanged(&before), "a variable added");
            let mut added = Vec::new();
            addresses(&mut added);
            std::env::set_var("FAULTS_ENVIRON_PROBE", "2");
            assert!(!unchanged(&added), "a variable changed");
            addresses(&mut added);
            std::env::remove_var("FAULTS_ENVIRON_PROBE");
            assert!(!unchanged(&added), "a variable removed");
        }
    }
}
