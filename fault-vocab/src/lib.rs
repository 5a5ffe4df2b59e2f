//! The closed vocabularies of the faults framework: severities, categories, the verdicts a
//! drift can predict, rollback kinds,
//! isolation, network and time modes, and the syscall and errno names of Linux.
//!
//! `fault-macros` checks attribute values against them at compile time and names their
//! variants in the code it generates; `fault-runtime` carries them in case descriptions and
//! records. Each is declared once, as a table of `Variant = "name", "meaning"` lines, so the
//! names an attribute accepts, the names a record holds and the docs never drift apart. With the
//! `serde` feature each serializes as its name string.

#[macro_use]
mod vocabulary;

mod category;
mod drift_verdict;
mod rollback;
mod run;
mod severity;
pub mod syscall;

pub use category::{CUSTOM_PREFIX, Category, CategoryError};
pub use drift_verdict::DriftVerdict;
pub use rollback::{RollbackExpectation, RollbackKind};
pub use run::{Isolation, Network, TimeMode};
pub use severity::Severity;
pub use vocabulary::{UnknownName, Vocabulary};
