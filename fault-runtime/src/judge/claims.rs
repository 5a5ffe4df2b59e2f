//! Claims a case makes that the harness could not verify.

use std::fmt;

use crate::Gate;
use crate::record::{ClaimKind, Unverified};

/// A claim of the case the evidence neither confirms nor contradicts. Reported in the record
/// and the table; strict mode fails the case with it (`unverified`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Claim {
    /// The case declares a gate; the refusal reported none.
    Gate(Gate),
    /// A failpoint is armed under a name no `fault_runtime::fail_point!` site registers, so
    /// whether it fired cannot be observed (a plain `fail::fail_point!` site).
    Failpoint(String),
}

impl Claim {
    /// Whether `strictness` turns this claim into a failure.
    pub(crate) fn fails_under(&self, strictness: Strictness) -> bool {
        match self {
            Claim::Gate(_) => strictness.all || strictness.gates,
            Claim::Failpoint(_) => strictness.all,
        }
    }
}

impl Claim {
    /// The claim as the record states it.
    pub(crate) fn to_record(&self) -> Unverified {
        let (claim, subject) = match self {
            Claim::Gate(gate) => (ClaimKind::Gate, gate.to_string()),
            Claim::Failpoint(name) => (ClaimKind::Failpoint, name.clone()),
        };
        Unverified {
            claim,
            subject,
            reason: self.to_string(),
        }
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Claim::Gate(gate) => write!(
                f,
                "gate {gate}: the refusal reported no gate, so where it happened is not verified"
            ),
            Claim::Failpoint(name) => write!(
                f,
                "failpoint `{name}`: no `fault_runtime::fail_point!` site has this name, so whether it fired is not verified"
            ),
        }
    }
}

/// Which unverified claims fail a case (`unverified`) instead of being only reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Strictness {
    /// `--strict` / `FAULTS_STRICT`: every unverified claim.
    pub(crate) all: bool,
    /// `--strict-gates` / `FAULTS_STRICT_GATES`: an unreported gate.
    pub(crate) gates: bool,
}
