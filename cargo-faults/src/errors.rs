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
        "fault harness {binary} did not answer the listing handshake: {why}\nit printed:\n{printed}\n(hint: a fault harness must reach `fault_runtime::run()`; run it with `--list` to see what it does)"
    )]
    Handshake {
        binary: String,
        why: String,
        printed: String,
    },

    #[error(
        "no fault cases matched: fault harness {harness} ({binary}) has no registered cases, so it would prove nothing\n(hint: cases in a library are linked only when the harness uses the crate: add `use my_crate as _;` to the harness, and turn on the feature that compiles them, if there is one)"
    )]
    EmptyHarness { harness: String, binary: String },

    #[error("{0}")]
    Variable(#[from] fault_runtime::vars::InvalidValue),

    #[error(
        "{} has no summary.json, so which cases its run selected is unknown and a lost case could pass unnoticed\n(hint: merge directories written by `cargo faults`, which writes summary.json next to the records)",
        dir.display()
    )]
    NoSummary { dir: PathBuf },

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
            Error::NoCases { .. } | Error::EmptyHarness { .. } => exit_codes::NO_CASES,
            Error::StaleMatrix { .. } => exit_codes::FAILED,
            _ => exit_codes::ERROR,
        }
    }
}
