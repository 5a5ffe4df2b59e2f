//! How serious a fault is and what kind of fault it is.

use std::fmt;

#[cfg(feature = "harness")]
use serde::{Deserialize, Serialize};

/// How serious the fault is. `critical` and `error` cases expect a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "harness", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "harness", serde(rename_all = "snake_case"))]
pub enum Severity {
    /// The system cannot run at all: refuse at startup.
    Critical,
    /// The operation must be refused (the default).
    Error,
    /// Degraded but continuing behaviour.
    Warning,
    /// Informational: continuing behaviour worth recording.
    Info,
}

impl Severity {
    /// The name used in attributes, records and reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ];
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str() == name)
            .ok_or_else(|| {
                format!("unknown severity `{name}` (valid: critical, error, warning, info)")
            })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fault's class, for filtering and the fault matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Malformed or inconsistent input.
    Validation,
    /// Missing or wrong configuration.
    Configuration,
    /// Crossing a boundary the design forbids.
    Boundary,
    /// Missing or wrong credentials.
    Credential,
    /// Failure while running: timeouts, retries, I/O.
    Execution,
    /// Output rejected by a reviewing step.
    Critic,
    /// A label the project defines itself, written `custom:<label>` in the attribute.
    Custom(&'static str),
}

impl Category {
    /// The names of the built-in categories; any other is written `custom:<label>`.
    pub const NAMES: [&'static str; 6] = [
        "validation",
        "configuration",
        "boundary",
        "credential",
        "execution",
        "critic",
    ];

    /// The name used in attributes, records and reports; custom labels keep their `custom:` mark.
    pub fn name(self) -> String {
        match self {
            Category::Validation => "validation".into(),
            Category::Configuration => "configuration".into(),
            Category::Boundary => "boundary".into(),
            Category::Credential => "credential".into(),
            Category::Execution => "execution".into(),
            Category::Critic => "critic".into(),
            Category::Custom(label) => format!("custom:{label}"),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}
