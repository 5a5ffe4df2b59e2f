//! The fault harness: runs every `#[fault_case]` compiled into `startup` (feature
//! `fault-cases`), each in its own process with a hermetic environment and an empty sandbox.
//! The cases run the `startup` binary, which cargo builds before this target.

use startup as _;

fault_runtime::main!();
