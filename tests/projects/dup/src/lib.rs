//! One case, linked twice.

#[fault_runtime::fault_case(expect = "NotFound")]
fn case() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::NotFound.into())
}
