//! What a `sweep` case runs once per injection point.

/// How many runs a sweep makes at most, unless it sets `sweep_max`.
pub(crate) const DEFAULT_SWEEP_MAX: u32 = 1000;

/// `sweep = "..."`: the injection points a case is run over, one run each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sweep {
    /// `sweep = "write:ENOSPC"`: run N fails the Nth call of the syscall with the errno, for
    /// N = 1, 2, … until a run in which the Nth call never came.
    Syscall(&'static str),
    /// `sweep = "failpoints"`: each registered failpoint site the case reaches fails
    /// (`return`) in a run of its own.
    Failpoints,
}
