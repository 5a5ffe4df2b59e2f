//! The resource limits a case ran under, as its record shows them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The limits a case ran under, and which one it hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// `memory_limit`: the address-space limit, in bytes.
    pub memory_bytes: Option<u64>,
    /// `open_files`: the open-file limit.
    pub open_files: Option<u64>,
    /// The limit the case's process ran into, when it did.
    pub exceeded: Option<Limit>,
}

/// A resource limit a case can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// `memory_limit` (`RLIMIT_AS`).
    Memory,
    /// `open_files` (`RLIMIT_NOFILE`).
    OpenFiles,
    /// A limit this version does not know, read from a record of a newer runtime.
    #[serde(other)]
    Unknown,
}

impl Limit {
    /// The name records use: `memory` or `open_files`.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Memory => "memory",
            Limit::OpenFiles => "open_files",
            Limit::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
