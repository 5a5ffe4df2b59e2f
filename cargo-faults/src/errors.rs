//! Every way `cargo faults` can fail before judging a case, with its exit code.
//!
//! Messages are lowercase fragments that read after "error: ", with a hint on a new line where
//! one helps.

use std::path::PathBuf;
use std::process::ExitCode;

use thiserror::Error;

use crate::exit_codes;

/// A failure of `cargo faults` itself.
#[derive(Debug, Error)]
pub(crate) enum Error {
    /// `cargo metadata` failed or answered something unreadable.
    #[error("failed to read the workspace with `cargo metadata`: {0}")]
    Metadata(#[source] cargo_metadata::Error),

    /// A child command could not be started or waited for.
    #[error("failed to run `{command}`: {source}")]
    Spawn {
        command: String,
        #[source]
        source: std::io::Error,
    },

    /// `cargo test --no-run` failed: cargo has shown why.
    #[error(
        "failed to build the test binaries: `{command}` exited with {status}\n(hint: fix what cargo reported above, then run again)"
    )]
    Build { command: String, status: String },

    /// A harness exited without running its cases, or reported an error of its own.
    #[error("fault harness {binary} could not start (exit {status}):\n{stderr}")]
    Harness {
        binary: String,
        status: String,
        stderr: String,
    },

    /// A harness did not answer the listing handshake.
    #[error(
        "fault harness {binary} did not answer the listing handshake: {why}\nit printed:\n{printed}\n(hint: a fault harness must reach `fault_runtime::run()`; run it with `--list` to see what it does)"
    )]
    Handshake {
        binary: String,
        why: String,
        printed: String,
    },

    /// A harness registers no case: it would prove nothing.
    #[error(
        "no fault cases matched: fault harness {harness} ({binary}) has no registered cases, so it would prove nothing\n(hint: cases in a library are linked only when the harness uses the crate: add `use my_crate as _;` to the harness, and turn on the feature that compiles them, if there is one)"
    )]
    EmptyHarness { harness: String, binary: String },

    /// A `FAULTS_*` variable has a value that is no flag.
    #[error("{0}")]
    Variable(#[from] fault_runtime::vars::InvalidValue),

    /// A directory to merge has no `summary.json`.
    #[error(
        "{} has no summary.json, so which cases its run selected is unknown and a lost case could pass unnoticed\n(hint: merge directories written by `cargo faults`, which writes summary.json next to the records)",
        dir.display()
    )]
    NoSummary { dir: PathBuf },

    /// `cargo faults coverage` found no run whose records it could read.
    #[error("no `cargo faults` run to measure coverage against: {why}\n(hint: {hint})")]
    NoRun { why: String, hint: String },

    /// `cargo faults rerun` found no latest run.
    #[error("no `cargo faults` run to rerun: {} does not exist\n(hint: run `cargo faults` first, with the same target directory)", pointer.display())]
    NoLatestRun { pointer: PathBuf },

    /// `cargo faults init` would have to overwrite something.
    #[error("cannot set up {package} for fault cases without overwriting what is there:\n  {}\n(hint: nothing was changed; resolve the above and run `cargo faults init` again)", conflicts.join("\n  "))]
    InitConflict {
        package: String,
        conflicts: Vec<String>,
    },

    /// `cargo faults init` cannot tell which package to set up.
    #[error("{}: the workspace's packages are {members}\n(hint: choose one with `-p NAME`, or run it in the package's directory)", match asked { Some(name) => format!("no package named `{name}` in this workspace"), None => "which package to set up is not clear".to_owned() })]
    InitPackage {
        asked: Option<String>,
        members: String,
    },

    /// `CARGO_TERM_COLOR` names no colour choice.
    #[error(
        "{var} is `{value}`; it must be one of: {choices}\n(hint: unset it, or pass --color to choose for this run)"
    )]
    TermColor {
        var: &'static str,
        value: String,
        choices: String,
    },

    /// A filter no case can match.
    #[error("{0}")]
    Filter(String),

    /// Nothing was selected: zero cases is never green.
    #[error("no fault cases matched{detail}")]
    NoCases { detail: String },

    /// The environment says production.
    #[error(
        "refusing to run fault cases: {var}={value} says this is a production environment\n(hint: pass --allow-production if injecting faults here is intended)"
    )]
    Production { var: &'static str, value: String },

    /// A file or directory could not be read.
    #[error("failed to read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file or directory could not be written.
    #[error("failed to write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A records directory holds a file that is not a record.
    #[error("{} is not a fault record: {reason}\n(hint: a records directory holds only the RunRecords and summary.json of `cargo faults`)", path.display())]
    ForeignFile { path: PathBuf, reason: String },

    /// Two merged directories both hold a case.
    #[error("case `{id}` has records in both {} and {}\n(hint: merge the records of different shards, not two runs of one shard)", first.display(), second.display())]
    DuplicateRecord {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },

    /// `matrix --check` found the committed matrix stale.
    #[error("the fault matrix {} is stale:\n{diff}(hint: regenerate it with `cargo faults matrix > {}`)", path.display(), path.display())]
    StaleMatrix { path: PathBuf, diff: String },

    /// A report could not be serialized.
    #[error("failed to render the {format} report: {reason}")]
    Render {
        format: &'static str,
        reason: String,
    },
}

impl Error {
    /// The exit code this error ends `cargo faults` with.
    fn exit_code(&self) -> u8 {
        match self {
            Error::NoCases { .. } | Error::EmptyHarness { .. } => exit_codes::NO_CASES,
            Error::StaleMatrix { .. } => exit_codes::FAILED,
            _ => exit_codes::ERROR,
        }
    }

    /// Prints the error on stderr and returns the exit code it ends `cargo faults` with.
    pub(crate) fn report(&self) -> ExitCode {
        // An error may quote what a harness printed: secrets of this environment stay out.
        let redactor = fault_runtime::record::Redactor::from_env([]);
        eprintln!("error: {}", redactor.redact(&self.to_string()));
        ExitCode::from(self.exit_code())
    }
}
