//! The gates: numbered checkpoints of the validation pipeline, plus adapter startup.
//!
//! Gate 1, parsing a spec from its source format, happens before a `ToolSpec` exists; this crate
//! implements gates 2 to 5, which `validate` runs in order, the `STARTUP` check, the `RUNTIME`
//! adapter call and the `POST-EXEC` critic. Every
//! refusal names its gate, so an operator knows which stage of the pipeline stopped a tool.

use std::fmt;

pub(crate) mod adapter;
pub(crate) mod credentials;
pub(crate) mod policy;
pub(crate) mod shape;

/// Where a refusal came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gate {
    /// Gate 2: each field is well-formed on its own.
    Shape,
    /// Gate 3: the resource class allows this mode and these side effects.
    Policy,
    /// Gate 4: the adapter exists, offers the operation, and no boundary is crossed.
    Adapter,
    /// Gate 5: every required credential is supplied by the tool's adapter.
    Credentials,
    /// Adapter startup: the environment the adapter needs is present.
    Startup,
    /// The adapter call itself: it answers in time, or fails transiently within the retries.
    Runtime,
    /// After execution: the critic accepts the tool's output.
    PostExec,
}

impl Gate {
    /// The validation gates, in the order `validate` runs them.
    pub const PIPELINE: [Gate; 4] = [Gate::Shape, Gate::Policy, Gate::Adapter, Gate::Credentials];

    /// The gate's number in the pipeline; `None` for the labelled stages outside it.
    pub const fn number(self) -> Option<u32> {
        match self {
            Gate::Shape => Some(2),
            Gate::Policy => Some(3),
            Gate::Adapter => Some(4),
            Gate::Credentials => Some(5),
            Gate::Startup | Gate::Runtime | Gate::PostExec => None,
        }
    }

    /// The label of a stage outside the numbered pipeline: `STARTUP`, `RUNTIME`, `POST-EXEC`.
    pub const fn label(self) -> Option<&'static str> {
        match self {
            Gate::Startup => Some("STARTUP"),
            Gate::Runtime => Some("RUNTIME"),
            Gate::PostExec => Some("POST-EXEC"),
            Gate::Shape | Gate::Policy | Gate::Adapter | Gate::Credentials => None,
        }
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.number(), self.label()) {
            (Some(number), _) => write!(f, "gate {number}"),
            (None, Some(label)) => f.write_str(label),
            (None, None) => f.write_str("unnumbered gate"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pipeline_runs_gates_two_to_five_in_order() {
        let numbers: Vec<_> = Gate::PIPELINE.iter().map(|g| g.number()).collect();
        assert_eq!(numbers, [Some(2), Some(3), Some(4), Some(5)]);
        assert_eq!(Gate::Startup.number(), None);
    }

    #[test]
    fn gates_display_as_operators_read_them() {
        assert_eq!(Gate::Adapter.to_string(), "gate 4");
        assert_eq!(Gate::Startup.to_string(), "STARTUP");
        assert_eq!(Gate::Runtime.to_string(), "RUNTIME");
        assert_eq!(Gate::PostExec.to_string(), "POST-EXEC");
    }
}
