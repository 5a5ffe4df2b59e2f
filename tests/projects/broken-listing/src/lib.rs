//! One case, in a harness that fails before the runtime can answer.

/// Refuses
#[fault_runtime::fault_case(expect = "PermissionDenied")]
fn refuses() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}
