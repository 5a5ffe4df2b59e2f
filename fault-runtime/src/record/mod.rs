//! RunRecords: one JSON document per case per run, the project's public output contract, and
//! the tools to write, read and explain them.
//!
//! # Evolution
//!
//! The format is versioned by [`SCHEMA`]. Within a version, changes are additive only: new
//! optional fields may appear, no field is renamed, retyped or removed, and readers must ignore
//! fields they do not know. Anything else is a new version with a new schema name.

pub(crate) mod atomic_write;
pub(crate) mod clock;
mod control_report;
mod explain;
mod failpoint_report;
mod gate_json;
mod limits;
pub(crate) mod redact;
mod repeat;
mod run_record;
mod side_effect;
mod sweep_report;
mod syscall_report;
mod timestamp;
mod verdict;
mod warning;
pub(crate) mod writer;

pub use control_report::{ControlOutcome, ControlReport};
pub use failpoint_report::FailpointReport;
pub use fault_vocab::{Category, Isolation, Network, RollbackExpectation};
pub use limits::{Limit, Limits};
pub use redact::Redactor;
pub use repeat::{CopyOutcome, RepeatReport};
pub use run_record::*;
pub use side_effect::{Change, SideEffect};
pub use sweep_report::{SweepRun, SweepSites};
pub use syscall_report::SyscallReport;
pub use timestamp::Timestamp;
pub use verdict::{Class, Status, Verdict};
pub use warning::Warning;
