//! Rollbacks: what a case expects to be undone, and what the system reports it undid.

#[cfg(feature = "harness")]
use serde::{Deserialize, Serialize};

pub use fault_vocab::RollbackKind;

/// A rollback as the system reports it (see [`Refusal::rollback`](crate::Refusal::rollback)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "harness", derive(Serialize, Deserialize))]
pub struct RollbackReport {
    /// How state was restored.
    pub kind: RollbackKind,
    /// The artifacts removed or restored, e.g. paths relative to the working directory.
    pub artifacts: Vec<String>,
    /// The system's description of the rollback.
    pub message: Option<String>,
}

impl RollbackReport {
    /// A compensating rollback of `artifacts`.
    pub fn compensating(artifacts: impl IntoIterator<Item = impl Into<String>>) -> Self {
        RollbackReport {
            kind: RollbackKind::Compensating,
            artifacts: artifacts.into_iter().map(Into::into).collect(),
            message: None,
        }
    }

    /// A restore of `artifacts` from a snapshot.
    pub fn snapshot(artifacts: impl IntoIterator<Item = impl Into<String>>) -> Self {
        RollbackReport {
            kind: RollbackKind::Snapshot,
            artifacts: artifacts.into_iter().map(Into::into).collect(),
            message: None,
        }
    }
}
