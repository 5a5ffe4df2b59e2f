//! Discovery: from the workspace to the cases to run. Cargo builds the test targets
//! ([`workspace`]); the binaries that link fault-runtime's harness ([`marker`]) are asked for
//! their cases ([`handshake`], [`harness`]); the filters and the partition pick the selection
//! ([`select`], [`partition`]); a rerun keeps those the latest run did not pass ([`rerun`]).
//! [`find`] chains the first three.

pub(crate) mod find;
mod handshake;
pub(crate) mod harness;
mod marker;
pub(crate) mod partition;
pub(crate) mod rerun;
pub(crate) mod select;
pub(crate) mod workspace;
