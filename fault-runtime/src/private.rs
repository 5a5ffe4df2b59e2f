//! Used by code that `#[fault_case]` and `main!` generate; not public API.

pub use fail;
pub use inventory;

pub use crate::async_case::block_on;
pub use crate::case::CaseDef;
pub use crate::failpoint::{FailpointSite, record_hit};
pub use crate::outcome::{IntoOutcome, Outcome};
pub use crate::{Category, Gate, RollbackExpectation, Severity};
