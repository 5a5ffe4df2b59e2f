//! Descriptors a fresh process inherited and must not pass on.

use std::os::fd::RawFd;

/// Closes every descriptor the supervisor inherited beyond stdin, stdout and stderr, so no case
/// inherits one: the harness's parent (cargo, a CI runner) may have leaked some.
pub(crate) fn close_inherited_fds() {
    close_fds_except(None);
}

/// Closes every descriptor beyond stdin, stdout and stderr but `keep`: what a case process
/// forked from the fork server holds besides its report channel is the server's, never the
/// case's.
///
/// Must only run where nothing else in the process owns a descriptor it will use again: first
/// thing in a fresh single-threaded process.
pub(crate) fn close_fds_except(keep: Option<RawFd>) {
    #[cfg(target_os = "linux")]
    {
        if close_ranges_except(keep) {
            return;
        }
        let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
            return;
        };
        let fds: Vec<i32> = entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
            .filter(|fd| *fd > 2 && Some(*fd) != keep)
            .collect();
        for fd in fds {
            // SAFETY: callers run this first thing in a fresh single-threaded process, before
            // anything in it opened a descriptor it could still use (the one it keeps is not
            // closed); the listing's own descriptor is already closed, and close(2) of a closed
            // descriptor only fails with EBADF.
            unsafe {
                libc::close(fd);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = keep;
}

/// Closes every descriptor beyond stdin, stdout and stderr but `keep` with `close_range(2)`
/// (Linux 5.9): one or two calls instead of a listing and a call per descriptor. Whether the
/// kernel had it.
#[cfg(target_os = "linux")]
fn close_ranges_except(keep: Option<RawFd>) -> bool {
    let ranges = match keep
        .and_then(|fd| u32::try_from(fd).ok())
        .filter(|fd| *fd > 2)
    {
        Some(keep) => [(3, keep - 1), (keep + 1, u32::MAX)],
        None => [(3, u32::MAX), (1, 0)],
    };
    for (first, last) in ranges {
        if first > last {
            continue;
        }
        // SAFETY: as for `close_fds_except`, nothing else in this process owns a descriptor in
        // these ranges that it will use again; close_range only closes descriptors.
        let closed = unsafe {
            libc::syscall(
                libc::SYS_close_range,
                libc::c_uint::from(first),
                libc::c_uint::from(last),
                0 as libc::c_uint,
            )
        };
        if closed != 0 {
            return false;
        }
    }
    true
}
