//! The faults harness over the 1000 generated fault cases with `isolation = "none"`: each runs
//! inside the harness process, what a case costs without a process of its own.

include!(concat!(env!("OUT_DIR"), "/in_process.rs"));

fault_runtime::main!();
