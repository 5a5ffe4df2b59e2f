//! What a case is: the static description `#[fault_case]` emits, and the registry of every case
//! linked into the binary.

mod case;
pub mod registry;

#[cfg(test)]
pub(crate) use case::TEST_CASE;
pub use case::{CaseDef, DEFAULT_TIMEOUT};
