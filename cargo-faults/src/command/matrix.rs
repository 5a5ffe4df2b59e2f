//! `cargo faults matrix`: print the fault matrix generated from the declarations, or check that
//! a committed copy is current.

use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::discover::find::find_cases;
use crate::discover::select::Filters;
use crate::discover::workspace::CargoArgs;
use crate::errors::Error;
use crate::exit_codes;
use crate::render::matrix::document;

/// A matrix, as asked for.
#[derive(Debug)]
pub(crate) struct MatrixPlan {
    /// What to build.
    pub(crate) cargo: CargoArgs,
    /// Which cases the matrix shows; ignored ones always belong in it.
    pub(crate) filters: Filters,
    /// The committed matrix to compare with, instead of printing.
    pub(crate) check: Option<PathBuf>,
}

/// Prints the matrix, or checks the committed one against it.
pub(crate) fn matrix(plan: &MatrixPlan) -> Result<u8, Error> {
    let filters = Filters {
        include_ignored: true,
        ..plan.filters.clone()
    };
    let (_, selection) = find_cases(&plan.cargo, &filters)?;
    let generated = document(&selection);
    let Some(path) = &plan.check else {
        print!("{generated}");
        return Ok(exit_codes::OK);
    };
    check(path, &generated, selection.len())
}

/// `OK` when the file at `path` is the generated matrix, else the stale-matrix error with a diff.
fn check(path: &Path, generated: &str, cases: usize) -> Result<u8, Error> {
    let committed = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if committed == generated {
        eprintln!("{} is up to date ({cases} cases)", path.display());
        return Ok(exit_codes::OK);
    }
    let diff = TextDiff::from_lines(&committed, generated)
        .unified_diff()
        .context_radius(2)
        .header("committed", "generated")
        .to_string();
    Err(Error::StaleMatrix {
        path: path.to_path_buf(),
        diff,
    })
}
