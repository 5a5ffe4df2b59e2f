//! One case, in a harness that forgot `harness = false`.

#[fault_runtime::fault_case(expect = "PermissionDenied")]
fn refuses() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}
