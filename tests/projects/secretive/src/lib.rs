//! A failing case whose refusal carries a secret passed through on purpose.

use std::io::{Error, ErrorKind};

/// Refuses with another code than expected, naming the secret
#[fault_runtime::fault_case(expect = "SESSION_EXPIRED", env_pass = ["SECRETIVE_PASSWORD"])]
fn rejected() -> Result<(), Error> {
    let secret = std::env::var("SECRETIVE_PASSWORD").unwrap_or_default();
    eprintln!("login with {secret} failed");
    Err(Error::new(ErrorKind::PermissionDenied, format!("password {secret} was rejected")))
}
