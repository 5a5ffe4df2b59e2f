//! The private contract between a harness and the case process its supervisor starts.
//!
//! The supervisor re-executes the harness binary with [`CASE_VAR`] naming the case and
//! [`REPORT_FD_VAR`] naming the inherited descriptor of its report channel, on which the case's
//! process writes its [`ChildReport`] as one JSON document. A process that ends without writing
//! the report never produced a verdict, whatever its exit status says; a report another process
//! wrote is rejected by the supervisor.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::api::outcome::Outcome;
use crate::child::failpoint;
use crate::declare::ArmedFailpoint;
use crate::record::FailpointReport;
use crate::record::{Timestamp, Warning};

/// Names the one case the child runs.
pub(crate) const CASE_VAR: &str = "__FAULTS_CASE";
/// Names the descriptor of the report channel the case's process inherits.
pub(crate) const REPORT_FD_VAR: &str = "__FAULTS_REPORT_FD";
/// The case's syscall faults, one spec per line, when it has any: the supervisor serves the
/// same list.
pub(crate) const SYSCALLS_VAR: &str = "__FAULTS_SYSCALLS";
/// Set for a run of a failpoint sweep: the process reports every registered site its body
/// reached, and fails (`return`) the sites the variable names, one per line.
pub(crate) const FAILPOINT_SWEEP_VAR: &str = "__FAULTS_FAILPOINT_SWEEP";
/// Set for a case's control run: the process arms none of the case's failpoints or limits and
/// runs the case's `control = healthy_fn` in place of the body when it has one.
pub(crate) const CONTROL_VAR: &str = "__FAULTS_CONTROL";
/// Exit status of a child that could not run its case at all.
pub(crate) const CHILD_SETUP_FAILED: u8 = 86;

/// What the child saw its case body do.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ChildReport {
    /// How the body ended.
    pub(crate) body: BodyEnd,
    /// When the body ended (RFC 3339).
    pub(crate) at: Timestamp,
    /// How often each armed failpoint was reached and fired.
    pub(crate) failpoints: Vec<FailpointReport>,
    /// Warnings the system reported while the body ran.
    pub(crate) warnings: Vec<Warning>,
    /// Virtual time of a paused-clock body, in milliseconds.
    pub(crate) virtual_ms: Option<f64>,
    /// In a failpoint sweep's run: every registered site the body reached.
    #[serde(default)]
    pub(crate) reached: Vec<String>,
}

/// How a case body ended inside the child.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "end", rename_all = "snake_case")]
pub(crate) enum BodyEnd {
    /// The body returned this outcome.
    Returned {
        /// The outcome.
        outcome: Outcome,
    },
    /// The body panicked with this message.
    Panicked {
        /// The panic payload, when it was a string.
        message: String,
    },
    /// The case could not be set up (limits, failpoints); the body never ran.
    SetupFailed {
        /// What went wrong.
        message: String,
    },
    /// What the case needs of this machine is missing (the kernel refused its syscall
    /// filter); the body never ran.
    Unavailable {
        /// What is missing, and why.
        missing: String,
    },
}

impl ChildReport {
    /// The report of a body that ended as `body`, with what was gathered while it ran:
    /// the counts of the armed `failpoints`, warnings, virtual time and the sites reached.
    pub(crate) fn after(
        failpoints: &[ArmedFailpoint],
        body: BodyEnd,
        warnings: Vec<Warning>,
        virtual_ms: Option<f64>,
    ) -> Self {
        ChildReport {
            body,
            at: Timestamp::now(),
            failpoints: failpoint::report(failpoints),
            warnings,
            virtual_ms,
            reached: failpoint::reached(),
        }
    }

    /// Writes the report on the channel the case's process inherited (open before its case ran,
    /// so a case that exhausts its file descriptors can still report).
    ///
    /// A process killed halfway leaves a truncated document, which [`parse`](Self::parse)
    /// rejects: the harness then knows the case ended without a verdict.
    pub(crate) fn write(&self, channel: &mut impl Write) -> io::Result<()> {
        let bytes = serde_json::to_vec(self)?;
        channel.write_all(&bytes)?;
        channel.flush()
    }

    /// Parses what the child wrote; `None` when it wrote nothing.
    pub(crate) fn parse(bytes: &[u8]) -> io::Result<Option<Self>> {
        if bytes.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(bytes)
            .map(Some)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
    }
}
