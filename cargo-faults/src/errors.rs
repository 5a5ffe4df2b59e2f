//! Every way `cargo faults` can fail before judging a case, with its exit code.
//!
//! Messages are lowercase fragments that read after "error: ", with a hint on a new line where
//! one helps.

use std::path::PathBuf;

use thiserror::Error;

use crate::exit_codes;

/// A failure of `cargo faults` itself.
#[derive(Debug, Error)]
pub(crate) enum Error {
    #[error("failed to read the workspace with `cargo metadata`: {0}")]
    Metadata(#[source] cargo_metadata::Error),

    #[error("failed to run `{command}`: {source}")]
    Spawn {
        command: String,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "failed to build the test binaries: `{command}` exited with {status}\n(hint: fix what cargo reported above, then run again)"
    )]
    Build { command: String, status: String },

    #[error("fault harness {binary} could not start (exit {status}):\n{stderr}")]
    Harness {
        binary: String,
        status: String,
        stderr: String,
    },

    #[error(
        "fault harness {binary} answered the listing handshake with something unreadable: {reason}"
    )]
    Listing { binary: String, reason: String },

    #[error(
        "case id `{id}` is defined by two harnesses, {first} and {second}\n(hint: give one of the cases an `id = \"...\"` of its own)"
    )]
    DuplicateCase {
        id: String,
        first: String,
        second: String,
    },

    #[error("{0}")]
    Filter(String),

    #[error("no fault cases matched{detail}")]
    NoCases { detail: String },

    #[error(
        "refusing to run fault cases: {var}={value} says this is a production environment\n(hint: pass --allow-production if injecting faults here is intended)"
    )]
    Production { var: &'static str, value: String },

    #[error("failed to read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("failed to write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} is not a fault record: {reason}\n(hint: a records directory holds only the RunRecords and summary.json of `cargo faults`)", path.display())]
    ForeignFile { path: PathBuf, reason: String },

    #[error("case `{id}` has records in both {} and {}\n(hint: merge the records of different shards, not two runs of one shard)", first.display(), second.display())]
    DuplicateRecord {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },

    #[error("the fault matrix {} is stale:\n{diff}(hint: regenerate it with `cargo faults matrix > {}`)", path.display(), path.display())]
    StaleMatrix { path: PathBuf, diff: String },

    #[error("failed to render the {format} report: {reason}")]
    Render {
        format: &'static str,
        reason: String,
    },
}

impl Error {
    /// The exit code this error ends `cargo faults` with.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Error::NoCases { .. } => exit_codes::NO_CASES,
            Error::StaleMatrix { .. } => exit_codes::FAILED,
            _ => exit_codes::ERROR,
        }
    }
}
