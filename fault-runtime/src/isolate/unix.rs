//! Unix process control: process groups, group kill, exit status decoding.

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

/// Puts the child in a process group of its own, so the watchdog can kill it with every
/// process it started.
pub(crate) fn own_process_group(cmd: &mut tokio::process::Command) {
    cmd.process_group(0);
}

/// Sends SIGKILL to every process in the group led by `leader`.
///
/// Errors are ignored on purpose: an empty group (ESRCH) means there is nothing left to kill.
pub(crate) fn kill_group(leader: u32) {
    let Ok(pgid) = libc::pid_t::try_from(leader) else {
        return;
    };
    // SAFETY: kill(2) has no memory-safety preconditions; a negative pid addresses the group.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

/// The exit code and terminating signal of a finished process.
pub(crate) fn decode(status: ExitStatus) -> (Option<i32>, Option<i32>) {
    (status.code(), status.signal())
}

/// A signal's conventional name, e.g. `SIGABRT`.
pub(crate) fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGXCPU => "SIGXCPU",
        libc::SIGXFSZ => "SIGXFSZ",
        _ => return format!("signal {signal}"),
    };
    name.to_owned()
}
