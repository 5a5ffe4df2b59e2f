//! `cargo faults`: build and run every fault harness of a workspace, then report.
//!
//! A thin binary (`main.rs`) calls [`main`]; everything else is private.

mod cli;
mod commands;
mod deliver;
mod discover;
mod errors;
mod execute;
mod exit_codes;
mod guard;
mod listing;
mod marker;
mod matrix;
mod merge;
mod partition;
mod progress;
mod render;
mod select;
mod selftest;
mod summary;
mod workspace;

use std::process::ExitCode;

use clap::Parser;

/// Parses `cargo faults …`, runs it, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    if selftest::is_harness_process() {
        return fault_runtime::run();
    }
    let cli::CargoCommand::Faults(args) = cli::Cargo::parse().command;
    match commands::dispatch(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // An error may quote what a harness printed: secrets of this environment stay out.
            let redactor = fault_runtime::record::Redactor::from_env([]);
            eprintln!("error: {}", redactor.redact(&err.to_string()));
            ExitCode::from(err.exit_code())
        }
    }
}
