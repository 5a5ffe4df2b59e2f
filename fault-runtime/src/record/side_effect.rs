//! What a case changed that it should not have: a path and how it changed.

use serde::{Deserialize, Serialize};

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideEffect {
    /// The path: relative to the sandbox, or absolute for a container case's change outside it.
    pub path: String,
    /// What happened to it.
    pub change: Change,
}

/// How a path changed during a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The path did not exist before.
    Created,
    /// The path existed and its content, size, type or permissions changed.
    Modified,
    /// The path existed before and is gone.
    Deleted,
}

impl Change {
    /// The name used in records and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Modified => "modified",
            Change::Deleted => "deleted",
        }
    }
}
