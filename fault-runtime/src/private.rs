//! Used by code that `#[fault_case]`, `main!` and `fail_point!` generate; not public API.

pub use fail;
pub use inventory;

pub use crate::Category;
pub use crate::Gate;
pub use crate::Severity;
pub use crate::api::outcome::{IntoOutcome, Outcome};
pub use crate::api::rollback::RollbackExpectation;
pub use crate::child::async_body::block_on;
pub use crate::child::failpoint::{
    Action as FailpointAction, ArmedFailpoint, FailpointSite, Task as FailpointTask,
    eval as failpoint_eval,
};
pub use crate::declare::CaseDef;
pub use crate::declare::DEFAULT_TIMEOUT;
pub use crate::declare::registry;
