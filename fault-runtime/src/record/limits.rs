//! The resource limits a case ran under, as its record shows them.

use serde::{Deserialize, Serialize};

/// The limits a case ran under, and which one it hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// `memory_limit`: the address-space limit, in bytes.
    pub memory_bytes: Option<u64>,
    /// `open_files`: the open-file limit.
    pub open_files: Option<u64>,
    /// `memory` or `open_files` when the case's process ran into that limit.
    pub exceeded: Option<String>,
}
