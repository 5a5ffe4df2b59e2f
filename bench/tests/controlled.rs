//! The faults harness over the 1000 generated fault cases, each with a control run
//! (`control = healthy`): what a control adds to a case.

include!(concat!(env!("OUT_DIR"), "/controlled.rs"));

/// Every case's control: the same operation on good input, which completes.
fn healthy() -> Result<(), std::io::Error> {
    Ok(())
}

fault_runtime::main!();
