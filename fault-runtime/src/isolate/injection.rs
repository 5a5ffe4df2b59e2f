//! What one run of a case injects on top of the case's own keys: the point a sweep is at.

/// The one extra fault of a sweep's run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Injection {
    /// Nothing but the case's own keys.
    #[default]
    Nothing,
    /// A syscall sweep's run: this spec (`write:ENOSPC@3`) besides the case's `syscalls`.
    Syscall(String),
    /// A failpoint sweep's run: every registered site the body reaches is reported, and this
    /// one, when given, fails (`return`).
    Failpoints(Option<&'static str>),
}
