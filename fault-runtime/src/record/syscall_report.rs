//! What one syscall fault saw in a run: the record's `environment.syscalls[]`.

use serde::{Deserialize, Serialize};

/// One spec after the case ran: the calls of its syscall and the faults it injected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyscallReport {
    /// The spec as written (`write:ENOSPC@3`).
    pub spec: String,
    /// Calls of the syscall by the case's processes, from the start of the body; calls on
    /// stdio and the harness's channel are exempt and not counted.
    pub calls: u64,
    /// Calls that failed with the spec's errno. Zero makes the case `not_exercised`.
    pub injected: u64,
}
