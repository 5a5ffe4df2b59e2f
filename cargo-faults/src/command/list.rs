//! `cargo faults list`: the selected cases, without running them.

use crate::discover::find::find_cases;
use crate::discover::select::Filters;
use crate::discover::workspace::CargoArgs;
use crate::errors::Error;
use crate::exit_codes;
use crate::render::listing::{self, ListFormat};

/// A listing, as asked for.
#[derive(Debug)]
pub(crate) struct ListPlan {
    /// What to build.
    pub(crate) cargo: CargoArgs,
    /// Which cases to list.
    pub(crate) filters: Filters,
    /// How to print them.
    pub(crate) format: ListFormat,
}

/// Prints the selected cases.
pub(crate) fn list(plan: &ListPlan) -> Result<u8, Error> {
    let (_, selection) = find_cases(&plan.cargo, &plan.filters)?;
    print!("{}", listing::render(&selection, plan.format)?);
    Ok(exit_codes::OK)
}
