//! toolforge: the spec validation pipeline of a tool-execution platform.
//!
//! A [`ToolSpec`] declares how a tool runs: locally or remotely, through which adapter and
//! operation, with which side effects and credentials. [`validate()`] runs it through gates 2 to 5
//! and either returns a [`ValidatedTool`] or refuses with a [`ToolSpecError`] whose stable
//! [`code`](ToolSpecError::code) and [`gate`](ToolSpecError::gate) say what to fix and where.
//! [`start_adapter()`] checks an adapter's environment before it serves any call; [`invoke()`]
//! makes the adapter call, bounded by a timeout and by logged retries; [`publish()`] writes the
//! tool's artifact and rolls it back when the critic rejects it.
//!
//! ```
//! use toolforge::{SideEffects, ToolSpec, validate};
//!
//! let spec = ToolSpec::remote("vector-search")
//!     .with_adapter("qdrant-vector", "search")
//!     .with_side_effects(SideEffects::Read);
//! assert!(validate(&spec).is_ok());
//!
//! let err = validate(&ToolSpec { adapter_id: None, ..spec }).unwrap_err();
//! assert_eq!(err.code(), "REMOTE_REQUIRES_ADAPTER");
//! assert_eq!(err.gate().number(), Some(4));
//! ```
//!
//! With the `fault-cases` feature, each check's fault cases (`#[fault_case]` from
//! `fault-runtime`) are compiled next to it; the `faults` test target runs them.

#![warn(missing_docs)]

mod adapters;
mod attempt;
mod backend;
mod critic;
mod error;
mod gates;
mod runtime;
mod spec;
mod startup;
mod validate;

#[cfg(any(test, feature = "fault-cases"))]
mod samples;

pub use adapters::{ADAPTERS, Adapter, Operation, adapter_for_host, find_adapter};
pub use attempt::FailedAttempt;
pub use backend::{Backend, Simulated};
pub use critic::{CompletenessCritic, Critic, publish};
pub use error::ToolSpecError;
pub use gates::Gate;
pub use runtime::{CallPolicy, invoke};
pub use spec::{ExecutionMode, ResourceClass, SideEffects, ToolSpec};
pub use startup::{StartedAdapter, start_adapter, start_adapter_with};
pub use validate::{ValidatedTool, validate};
