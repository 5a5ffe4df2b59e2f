//! One case, in a harness that prints before handing over to the runtime.

/// Refuses
#[fault_runtime::fault_case(expect = "PermissionDenied")]
fn refuses() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}
