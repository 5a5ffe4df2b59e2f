//! The fault harness: runs every `#[fault_case]` compiled into `toolforge` (feature
//! `fault-cases`), each in its own process with a hermetic environment and an empty sandbox.

use toolforge as _;

fault_runtime::main!();
