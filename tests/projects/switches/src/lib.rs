//! One case that injects nothing by attribute, so no control can be derived for it.

/// Refuses
#[fault_runtime::fault_case(id = "switches-1", expect = "PermissionDenied")]
fn refuses() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}
