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
