//! `fail_point!`: a failpoint on the write path when the `fault-cases` feature is on, and
//! nothing at all otherwise, so a build without the feature neither depends on `fault-runtime`
//! nor pays for a registry lookup.
//!
//! It forwards to `fault_runtime::fail_point!`, which counts each pass, so a case that arms a
//! failpoint its body never reaches is `not_exercised` rather than a pass. The failpoints:
//!
//! | name | where | what an armed `return` does |
//! |---|---|---|
//! | `ledger.write` | before the frame is written | the write fails (`WRITE_FAILED`) |
//! | `ledger.write.partial` | before the frame is written | half the frame is written and the append stops as if the process died (`WRITE_INTERRUPTED`); the torn frame stays on disk |
//! | `ledger.fsync` | after the write, before the fsync | the fsync fails (`FSYNC_FAILED`) |

/// A failpoint, in the forms `fault_runtime::fail_point!` takes.
#[cfg(feature = "fault-cases")]
macro_rules! fail_point {
    ($($args:tt)*) => {
        ::fault_runtime::fail_point!($($args)*)
    };
}

/// A failpoint, compiled out: the feature that arms failpoints is off.
#[cfg(not(feature = "fault-cases"))]
macro_rules! fail_point {
    ($($args:tt)*) => {};
}

pub(crate) use fail_point;
