//! Which faults one run of a case injects: the case's own, the point a sweep is at, or none at
//! all for its control.

/// The faults of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum RunFaults {
    /// The case's own keys.
    #[default]
    Declared,
    /// A syscall sweep's run: this spec (`write:ENOSPC@3`) besides the case's `syscalls`.
    SyscallSweep(String),
    /// A failpoint sweep's run: every registered site the body reaches is reported, and these
    /// fail (`return`): none in the first run; then one site, after the sites whose failure
    /// led the body to it (an error path's site fails together with the failure that reached
    /// it).
    FailpointSweep(Vec<&'static str>),
    /// The case's control run: none of the faults its keys inject (`env_remove`, `hide`,
    /// `failpoints`, `syscalls`, `network = "none"`, `memory_limit`, `open_files`), and the
    /// `control = healthy_fn` in place of the body when it has one.
    Control,
}

impl RunFaults {
    /// Whether this run is the case's control.
    pub(crate) fn is_control(&self) -> bool {
        matches!(self, RunFaults::Control)
    }
}
