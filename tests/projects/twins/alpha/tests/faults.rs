//! `faults::x`, refused.

/// Refuses
#[fault_runtime::fault_case(expect = "PermissionDenied")]
fn x() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}

fault_runtime::main!();
