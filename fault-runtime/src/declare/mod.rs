//! What a case is: the static description `#[fault_case]` emits, and the registry of every case
//! linked into the binary.

mod case;
mod failpoint;
pub(crate) mod failpoint_site;
pub mod registry;
mod sweep;

#[cfg(test)]
pub(crate) use case::TEST_CASE;
pub use case::{CaseDef, Control, DEFAULT_TIMEOUT};
pub use failpoint::{Action, ArmedFailpoint, Task};
pub use failpoint_site::FailpointSite;
pub use fault_vocab::{Category, DriftVerdict, Isolation, Network, RollbackExpectation};
pub use sweep::{DEFAULT_SWEEP_MAX, Sweep};
