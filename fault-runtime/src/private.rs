//! Used by code that `#[fault_case]`, `main!` and `fail_point!` generate; not public API.

pub use fail;
pub use inventory;

pub use crate::async_case::block_on;
pub use crate::case::CaseDef;
pub use crate::failpoint::{
    Action as FailpointAction, ArmedFailpoint, FailpointSite, Task as FailpointTask,
    eval as failpoint_eval,
};
pub use crate::outcome::{IntoOutcome, Outcome};
pub use crate::{Category, Gate, RollbackExpectation, Severity};
