//! Descriptors a fresh process inherited and must not pass on.

/// Closes every descriptor the supervisor inherited beyond stdin, stdout and stderr, so no case
/// inherits one: the harness's parent (cargo, a CI runner) may have leaked some.
pub(crate) fn close_inherited_fds() {
    #[cfg(target_os = "linux")]
    {
        let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
            return;
        };
        let fds: Vec<i32> = entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
            .filter(|fd| *fd > 2)
            .collect();
        for fd in fds {
            // SAFETY: this runs first thing in a fresh single-threaded process, before anything
            // in it opened a descriptor it could still use; the listing's own descriptor is
            // already closed, and close(2) of a closed descriptor only fails with EBADF.
            unsafe {
                libc::close(fd);
            }
        }
    }
}
