//! `faults::x` again, in another package: accepted.

/// Accepts the fault
#[fault_runtime::fault_case(expect = "PermissionDenied")]
fn x() -> Result<(), std::io::Error> {
    Ok(())
}

fault_runtime::main!();
