//! Two case ids that a careless encoding would map to one record file.

/// Refuses
#[fault_runtime::fault_case(id = "a::b", expect = "PermissionDenied")]
fn colons() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}

/// Accepts the fault
#[fault_runtime::fault_case(id = "a.b", expect = "PermissionDenied")]
fn dot() -> Result<(), std::io::Error> {
    Ok(())
}
