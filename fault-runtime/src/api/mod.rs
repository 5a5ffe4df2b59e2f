//! What the system under test returns or calls.
//!
//! The contract production code implements ([`Refusal`], [`Gate`], [`Attempt`],
//! [`RollbackReport`], [`warning()`], [`fail_point!`](crate::fail_point!)), and what a case body
//! returns: a `Result` of a refusal, or a process outcome ([`process`]).

mod attempt;
mod fail_point;
mod gate;
#[cfg(feature = "harness")]
pub(crate) mod outcome;
#[cfg(feature = "harness")]
pub mod process;
mod refusal;
pub(crate) mod rollback;
mod warning;

pub use attempt::Attempt;
pub use fault_vocab::Severity;
pub use gate::Gate;
#[cfg(feature = "harness")]
pub use outcome::IntoOutcome;
pub use refusal::Refusal;
pub use rollback::{RollbackKind, RollbackReport};
pub use warning::warning;
