//! Rollbacks: how state was restored, and what a case declares it expects.

vocabulary! {
    /// How state was restored after a refusal.
    pub enum RollbackKind: "rollback kind" {
        Compensating = "compensating", "Each completed step was undone by its compensating action.";
        Snapshot = "snapshot", "State was restored from a snapshot taken before the operation.";
    }
}

vocabulary! {
    /// The `rollback` a case declares: `rollback` alone takes any kind, `rollback = "KIND"` one.
    pub enum RollbackExpectation: "rollback expectation" {
        Any = "any", "`rollback`: any kind of rollback.";
        Compensating = RollbackKind::Compensating.as_str(), "`rollback = \"compensating\"`.";
        Snapshot = RollbackKind::Snapshot.as_str(), "`rollback = \"snapshot\"`.";
    }
}

impl RollbackExpectation {
    /// Whether a reported rollback of `kind` is the one expected.
    pub fn accepts(self, kind: RollbackKind) -> bool {
        self == RollbackExpectation::Any || self == RollbackExpectation::from(kind)
    }
}

/// `rollback = "KIND"`: exactly that kind.
impl From<RollbackKind> for RollbackExpectation {
    fn from(kind: RollbackKind) -> Self {
        match kind {
            RollbackKind::Compensating => RollbackExpectation::Compensating,
            RollbackKind::Snapshot => RollbackExpectation::Snapshot,
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

    #[test]
    fn an_expectation_of_a_kind_is_written_as_the_kind() {
        for kind in RollbackKind::ALL {
            assert_eq!(RollbackExpectation::from(kind).as_str(), kind.as_str());
        }
        assert_eq!(
            RollbackExpectation::NAMES,
            ["any", "compensating", "snapshot"]
        );
    }

    #[test]
    fn kinds_serialize_as_snake_case_names() {
        assert_eq!(
            serde_json::to_string(&RollbackKind::Compensating).unwrap(),
            r#""compensating""#
        );
        let back: RollbackKind = serde_json::from_str(r#""snapshot""#).unwrap();
        assert_eq!(back, RollbackKind::Snapshot);
    }
}
