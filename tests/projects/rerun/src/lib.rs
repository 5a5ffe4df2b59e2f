//! A case that passes, and an in-process case that takes the harness down when `RERUN_DIE` is
//! set: the second run of one run id loses its record.

/// Refuses
#[fault_runtime::fault_case(expect = "PermissionDenied")]
fn a_refuses() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}

/// Refuses, unless told to abort the harness process it runs in
#[fault_runtime::fault_case(expect = "PermissionDenied", isolation = "none")]
fn b_dies_on_request() -> Result<(), std::io::Error> {
    if std::env::var_os("RERUN_DIE").is_some() {
        std::process::abort();
    }
    Err(std::io::ErrorKind::PermissionDenied.into())
}
