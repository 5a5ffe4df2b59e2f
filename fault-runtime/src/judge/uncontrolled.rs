//! Why a case's control run makes it `vacuous`, in words.

use std::fmt;

use crate::record::ControlOutcome;

/// Why a control run that did not complete makes the case `vacuous`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Uncontrolled {
    /// How the control ended.
    pub(crate) outcome: ControlOutcome,
    /// The code it refused with.
    pub(crate) code: Option<String>,
    /// What it said.
    pub(crate) message: Option<String>,
    /// It refused with a code the case expects.
    pub(crate) same_code: bool,
    /// The keys the control left out, or the healthy fn it ran.
    pub(crate) without: String,
}

impl fmt::Display for Uncontrolled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = self
            .message
            .as_deref()
            .map(|message| format!(" ({message})"))
            .unwrap_or_default();
        let code = self.code.as_deref().unwrap_or("?");
        let without = &self.without;
        match self.outcome {
            ControlOutcome::Refused if self.same_code => write!(
                f,
                "the control run ({without}) refused with {code} too{said}: the system refuses without the fault, so the refusal proves nothing"
            ),
            ControlOutcome::Refused => write!(
                f,
                "the steady state could not be established: the control run ({without}) refused with {code}{said}; it must complete"
            ),
            outcome => write!(
                f,
                "the steady state could not be established: the control run ({without}) {}{said}; it must complete",
                ended(outcome)
            ),
        }
    }
}

/// How a control that neither completed nor refused ended, in words.
fn ended(outcome: ControlOutcome) -> &'static str {
    match outcome {
        ControlOutcome::Completed => "completed",
        ControlOutcome::Refused => "refused",
        ControlOutcome::Panicked => "panicked",
        ControlOutcome::Crashed => "ended without a verdict",
        ControlOutcome::Hung => "was killed by the watchdog",
        ControlOutcome::LeakedProcess => "left a process running",
        ControlOutcome::MissingDependency => "lacked something it needs",
    }
}
