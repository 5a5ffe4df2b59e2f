//! One hardened fault, one known drift.

use fault_runtime::fault_case;

fn refuse() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}

/// Hardened
#[fault_case(id = "drifty-1", expect = "PermissionDenied")]
fn hardened() -> Result<(), std::io::Error> {
    refuse()
}

/// Not hardened yet
#[fault_case(id = "drifty-2", expect = "PermissionDenied", drift = "the check is lazy today")]
fn lazy() -> Result<(), std::io::Error> {
    Ok(())
}
