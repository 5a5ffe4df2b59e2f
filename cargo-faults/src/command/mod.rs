//! The subcommands, one file each: every one takes its plain plan, carries it through the
//! stages (discover → execute or merge → render → deliver) and returns the exit code.

mod coverage;
mod dispatch;
mod init;
mod list;
mod matrix;
mod report;
mod run;
mod selftest;

pub(crate) use coverage::CoveragePlan;
pub(crate) use dispatch::{Request, dispatch};
pub(crate) use init::InitPlan;
pub(crate) use list::ListPlan;
pub(crate) use matrix::MatrixPlan;
pub(crate) use report::ReportPlan;
pub(crate) use run::{GivenSwitches, ISOLATIONS, RunPlan};
pub(crate) use selftest::SelftestPlan;
