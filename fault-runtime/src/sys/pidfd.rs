//! Process descriptors: waiting for a child's exit in `poll` instead of on SIGCHLD.

use std::os::fd::OwnedFd;

/// Whether this kernel (and its policy) lets this process open pidfds.
pub(crate) fn pidfds_work() -> bool {
    #[cfg(target_os = "linux")]
    {
        rustix::process::pidfd_open(
            rustix::process::getpid(),
            rustix::process::PidfdFlags::empty(),
        )
        .is_ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// A descriptor that becomes readable when `pid` (a child) exits, where pidfds exist.
pub(crate) fn pidfd(pid: u32) -> Option<OwnedFd> {
    #[cfg(target_os = "linux")]
    {
        let pid = rustix::process::Pid::from_raw(pid as i32)?;
        rustix::process::pidfd_open(pid, rustix::process::PidfdFlags::empty()).ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        None
    }
}
