//! What the user asked for, and the command that does it.

use super::coverage::{self, CoveragePlan};
use super::init::{self, InitPlan};
use super::list::{self, ListPlan};
use super::matrix::{self, MatrixPlan};
use super::report::{self, ReportPlan};
use super::run::{self, RunPlan};
use super::selftest::{self, SelftestPlan};
use crate::errors::Error;

/// One subcommand with everything it needs, free of how the command line spelt it.
#[derive(Debug)]
pub(crate) enum Request {
    /// `cargo faults` or `cargo faults run`.
    Run(RunPlan),
    /// `cargo faults list`.
    List(ListPlan),
    /// `cargo faults matrix`.
    Matrix(MatrixPlan),
    /// `cargo faults report`.
    Report(ReportPlan),
    /// `cargo faults selftest`.
    Selftest(SelftestPlan),
    /// `cargo faults coverage`.
    Coverage(CoveragePlan),
    /// `cargo faults init`.
    Init(InitPlan),
}

/// Runs the subcommand and returns the exit code.
pub(crate) fn dispatch(request: Request) -> Result<u8, Error> {
    match request {
        Request::Run(plan) => run::run(plan),
        Request::List(plan) => list::list(&plan),
        Request::Matrix(plan) => matrix::matrix(&plan),
        Request::Report(plan) => report::report(&plan),
        Request::Selftest(plan) => selftest::selftest(&plan),
        Request::Coverage(plan) => coverage::coverage_report(&plan),
        Request::Init(plan) => init::init(&plan),
    }
}
