//! How a case's control run ended: the record's `control`.

use serde::{Deserialize, Serialize};

/// How the control run (the body without the fault, or `control = healthy_fn`) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlOutcome {
    /// It completed: the body returned `Ok` (a program exited 0). The steady state holds.
    Completed,
    /// It refused: with the expected code, the case refuses without its fault.
    Refused,
    /// It panicked.
    Panicked,
    /// Its process ended without a verdict.
    Crashed,
    /// The watchdog killed it.
    Hung,
    /// It left a process running.
    LeakedProcess,
    /// Something it needs is missing on this machine.
    MissingDependency,
}

impl ControlOutcome {
    /// Every outcome.
    pub const ALL: &'static [ControlOutcome] = &[
        ControlOutcome::Completed,
        ControlOutcome::Refused,
        ControlOutcome::Panicked,
        ControlOutcome::Crashed,
        ControlOutcome::Hung,
        ControlOutcome::LeakedProcess,
        ControlOutcome::MissingDependency,
    ];

    /// The name the record writes.
    pub fn as_str(self) -> &'static str {
        match self {
            ControlOutcome::Completed => "completed",
            ControlOutcome::Refused => "refused",
            ControlOutcome::Panicked => "panicked",
            ControlOutcome::Crashed => "crashed",
            ControlOutcome::Hung => "hung",
            ControlOutcome::LeakedProcess => "leaked_process",
            ControlOutcome::MissingDependency => "missing_dependency",
        }
    }
}

/// The record's `control`: whether a control ran, and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlReport {
    /// Whether a control run happened.
    pub ran: bool,
    /// How it ended; `None` when it did not run.
    pub outcome: Option<ControlOutcome>,
    /// The refusal code it observed, if it refused.
    pub code: Option<String>,
    /// What it said: the refusal's or the panic's message, or why no control could run.
    pub message: Option<String>,
    /// Wall time of its process, in milliseconds.
    pub duration_ms: Option<f64>,
}
