//! The selftest table: each canary with its predicted and observed verdicts.

use super::cells::{CANARY_HEADERS, canary_row};
use super::table::grid;
use crate::canary::judge::Judged;

/// One row per canary.
pub(crate) fn table(canaries: &[Judged]) -> String {
    let mut table = grid(&CANARY_HEADERS, false);
    for canary in canaries {
        table.add_row(canary_row(canary));
    }
    table.to_string()
}
