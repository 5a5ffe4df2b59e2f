//! `cargo faults`: build and run every fault harness of a workspace, then report.
//!
//! A thin binary (`main.rs`) calls [`main`]; everything else is private. The data flows one way:
//! `cli` parses the command line into plain requests, `command` carries each request
//! through the stages — `discover` (build, find the harnesses, select cases), `execute`
//! (run them), `merge` (combine the records of earlier runs) — into a `summary`, which
//! `render` turns into text and `deliver` writes out. `coverage` sets what a run's
//! records say fired against what the harnesses declare.

mod canary;
mod cli;
mod command;
mod coverage;
mod deliver;
mod discover;
mod errors;
mod execute;
mod exit_codes;
mod guard;
mod init;
mod latest;
mod merge;
mod render;
mod summary;
#[cfg(test)]
mod testing;

use std::process::ExitCode;

/// Parses `cargo faults …`, runs it, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    if canary::is_harness_process() {
        return fault_runtime::run();
    }
    let (request, color) = cli::parse();
    if let Err(err) = render::screen::init(color) {
        return err.report();
    }
    match command::dispatch(request) {
        Ok(code) => ExitCode::from(code),
        Err(err) => err.report(),
    }
}
