//! `Gate`: where in the ledger a refusal was issued.

use std::fmt;

/// Where a refusal was issued. Labels are stable: fault cases and alerts match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gate {
    /// Creating or opening the ledger file.
    Open,
    /// Reading back what is on disk: torn writes, corruption.
    Recovery,
    /// Appending: the write, the fsync, their retries.
    Write,
    /// Checking an entry or a payload before anything is written.
    Validation,
}

impl Gate {
    /// The stable label, e.g. `WRITE`.
    pub const fn label(self) -> &'static str {
        match self {
            Gate::Open => "OPEN",
            Gate::Recovery => "RECOVERY",
            Gate::Write => "WRITE",
            Gate::Validation => "VALIDATION",
        }
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
