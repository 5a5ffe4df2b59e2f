//! The discovery stage in one call, shared by every command that needs cases.

use super::harness::harnesses;
use super::select::{Filters, Selection, select};
use super::workspace::{CargoArgs, Workspace, metadata_and_build};
use crate::errors::Error;

/// Builds the workspace's test targets, finds the fault harnesses and applies the filters.
pub(crate) fn find_cases(
    cargo: &CargoArgs,
    filters: &Filters,
) -> Result<(Workspace, Selection), Error> {
    let (workspace, binaries) = metadata_and_build(cargo)?;
    let harnesses = harnesses(binaries)?;
    let selection = select(harnesses, filters)?;
    Ok((workspace, selection))
}
