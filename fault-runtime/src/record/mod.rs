//! RunRecords: one JSON document per case per run, the project's public output contract, and
//! the tools to write, read and explain them.
//!
//! # Evolution
//!
//! The format is versioned by [`SCHEMA`]. Within a version, changes are additive only: new
//! optional fields may appear, no field is renamed, retyped or removed, and readers must ignore
//! fields they do not know. Anything else is a new version with a new schema name.

pub(crate) mod atomic_write;
pub(crate) mod clock;
mod explain;
pub(crate) mod redact;
mod run_record;
pub(crate) mod verdict;
pub(crate) mod writer;

pub use redact::Redactor;
pub use run_record::*;
