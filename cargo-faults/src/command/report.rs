//! `cargo faults report DIR...`: merge the records of several runs or CI shards and render them.

use std::path::PathBuf;

use crate::deliver::{self, Delivery};
use crate::errors::Error;
use crate::merge;

/// A merged report, as asked for.
#[derive(Debug)]
pub(crate) struct ReportPlan {
    /// The records directories to merge.
    pub(crate) dirs: Vec<PathBuf>,
    /// Where the report goes.
    pub(crate) delivery: Delivery,
}

/// Merges the directories and delivers the report, with the exit code the results deserve.
pub(crate) fn report(plan: &ReportPlan) -> Result<u8, Error> {
    let merged = merge::merge(&plan.dirs)?;
    deliver::deliver(&merged, &plan.delivery, None)
}
