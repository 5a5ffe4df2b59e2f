//! Rollbacks: what a case expects to be undone, and what the system reports it undid.

use std::fmt;

#[cfg(feature = "harness")]
use serde::{Deserialize, Serialize};

/// How state was restored after a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "harness", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "harness", serde(rename_all = "snake_case"))]
pub enum RollbackKind {
    /// Each completed step was undone by its compensating action.
    Compensating,
    /// State was restored from a snapshot taken before the operation.
    Snapshot,
}

/// The `rollback` a case declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RollbackExpectation {
    /// `rollback`: any kind of rollback.
    Any,
    /// `rollback = "compensating"`.
    Compensating,
    /// `rollback = "snapshot"`.
    Snapshot,
}

impl RollbackExpectation {
    /// Whether a reported rollback of `kind` is the one expected.
    pub fn accepts(self, kind: RollbackKind) -> bool {
        matches!(
            (self, kind),
            (RollbackExpectation::Any, _)
                | (
                    RollbackExpectation::Compensating,
                    RollbackKind::Compensating
                )
                | (RollbackExpectation::Snapshot, RollbackKind::Snapshot)
        )
    }

    /// The declaration as written: `any`, `compensating` or `snapshot`.
    pub fn as_str(self) -> &'static str {
        match self {
            RollbackExpectation::Any => "any",
            RollbackExpectation::Compensating => "compensating",
            RollbackExpectation::Snapshot => "snapshot",
        }
    }
}

impl fmt::Display for RollbackKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RollbackKind::Compensating => "compensating",
            RollbackKind::Snapshot => "snapshot",
        })
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_specific_expectation_takes_only_its_kind() {
        assert!(RollbackExpectation::Any.accepts(RollbackKind::Snapshot));
        assert!(RollbackExpectation::Compensating.accepts(RollbackKind::Compensating));
        assert!(!RollbackExpectation::Compensating.accepts(RollbackKind::Snapshot));
        assert!(!RollbackExpectation::Snapshot.accepts(RollbackKind::Compensating));
    }
}
