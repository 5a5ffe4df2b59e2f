//! What a `sweep` case runs once per injection point.

/// How many runs a sweep makes at most, unless it sets `sweep_max`.
pub const DEFAULT_SWEEP_MAX: u32 = 1000;

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

impl Sweep {
    /// How `sweep = "failpoints"` is written.
    pub const FAILPOINTS: &'static str = "failpoints";

    /// The sweep as the attribute wrote it, `write:ENOSPC` or `failpoints`: how listings name
    /// it, so a tool reads a sweep the way its author declared it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Sweep::Syscall(spec) => spec,
            Sweep::Failpoints => Self::FAILPOINTS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_reads_as_declared() {
        assert_eq!(Sweep::Syscall("write:ENOSPC").as_str(), "write:ENOSPC");
        assert_eq!(Sweep::Failpoints.as_str(), "failpoints");
    }
}
