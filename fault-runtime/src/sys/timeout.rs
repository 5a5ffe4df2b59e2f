//! How long a `poll` may wait, in the form the kernel takes.

use std::time::Duration;

use rustix::event::Timespec;

/// `left` as a `poll` timeout.
pub(crate) fn poll_timeout(left: Duration) -> Timespec {
    Timespec {
        tv_sec: left.as_secs() as _,
        tv_nsec: left.subsec_nanos() as _,
    }
}
