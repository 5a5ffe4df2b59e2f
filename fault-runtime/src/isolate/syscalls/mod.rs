//! Syscall faults (`syscalls = [...]`, syscall sweeps): the specs resolved for the target, and
//! the supervisor's side that counts every watched call and fails the chosen ones.

mod errno;
#[cfg(target_os = "linux")]
mod injector;
pub(crate) mod rules;

#[cfg(target_os = "linux")]
pub(crate) use injector::Injector;

/// What one spec saw in one run: the calls of its syscall, and how many of them it failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SyscallCount {
    /// Calls of the syscall, exempt ones left out.
    pub(crate) calls: u64,
    /// Calls failed with the spec's errno.
    pub(crate) injected: u64,
}
