//! `cargo faults coverage`: every failpoint site and syscall fault the selected harnesses
//! declare, with the cases that fired each in a run, and those no case fired.
//!
//! Coverage is information, not a verdict: once the report is printed the exit code is 0,
//! however much never fired.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::coverage::compute::coverage;
use crate::coverage::evidence::read_run;
use crate::coverage::run_dir;
use crate::discover::find::find_cases;
use crate::discover::select::Filters;
use crate::discover::workspace::CargoArgs;
use crate::errors::Error;
use crate::exit_codes;
use crate::render::coverage::{CoverageFormat, render};

/// A coverage report, as asked for.
#[derive(Debug)]
pub(crate) struct CoveragePlan {
    /// What to build.
    pub(crate) cargo: CargoArgs,
    /// Which cases count.
    pub(crate) filters: Filters,
    /// The records directory of the run to read; `None` for the latest run.
    pub(crate) records_dir: Option<PathBuf>,
    /// How to print the report.
    pub(crate) format: CoverageFormat,
}

/// Prints the coverage of the selected harnesses in the run asked for.
pub(crate) fn coverage_report(plan: &CoveragePlan) -> Result<u8, Error> {
    // A records directory that holds no run is reported before anything is built.
    let given = plan
        .records_dir
        .as_deref()
        .map(run_dir::given)
        .transpose()?;
    let (workspace, selection) = find_cases(&plan.cargo, &plan.filters)?;
    let dir = match given {
        Some(dir) => dir,
        None => {
            let harnesses: BTreeSet<String> = selection
                .harnesses
                .iter()
                .map(|(harness, _)| harness.label())
                .collect();
            run_dir::latest(&workspace.target_dir, &harnesses)?
        }
    };
    let run = read_run(&dir)?;
    print!(
        "{}",
        render(&coverage(&selection, &run, &dir), plan.format)?
    );
    Ok(exit_codes::OK)
}
