//! Used by code that `#[fault_case]`, `main!` and `fail_point!` generate; not public API.

pub use fail;
pub use inventory;

pub use crate::Gate;
pub use crate::Severity;
pub use crate::api::outcome::{
    AcceptedValue, IntoOutcome, Outcome, ShowDebug, ShowNothing, ShowTypeName,
};
pub use crate::child::async_body::block_on;
pub use crate::child::failpoint::eval as failpoint_eval;
pub use crate::declare::RollbackExpectation;
pub use crate::declare::{
    Action as FailpointAction, ArmedFailpoint, CaseDef, Control, DEFAULT_SWEEP_MAX,
    DEFAULT_TIMEOUT, FailpointSite, Sweep, Task as FailpointTask, registry,
};
pub use crate::declare::{Category, DriftVerdict, Isolation, Network};
