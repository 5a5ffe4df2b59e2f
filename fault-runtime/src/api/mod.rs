//! What the system under test returns or calls.
//!
//! The contract production code implements ([`Refusal`], [`Gate`], [`Attempt`],
//! [`RollbackReport`], [`warning()`], [`fail_point!`](crate::fail_point!)), and what a case body
//! returns: a `Result` of a refusal, or a process outcome ([`process`]).

mod attempt;
mod class;
mod fail_point;
mod gate;
pub(crate) mod outcome;
pub mod process;
mod refusal;
pub(crate) mod rollback;
pub(crate) mod warning;

pub use attempt::Attempt;
pub use class::{Category, Severity};
pub use gate::Gate;
pub use outcome::IntoOutcome;
pub use refusal::Refusal;
pub use rollback::{RollbackKind, RollbackReport};
pub use warning::{Warning, warning};
