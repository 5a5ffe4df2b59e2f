//! The fault harness: runs every `#[fault_case]` compiled into `ledger` (feature
//! `fault-cases`), each in its own process with a hermetic environment and an empty sandbox,
//! with the case's failpoints armed in that process only.

use ledger as _;

fault_runtime::main!();
