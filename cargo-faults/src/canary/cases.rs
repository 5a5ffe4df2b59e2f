//! The canary cases: each misbehaves in one way the harness must catch.

use std::io::{Error, ErrorKind};

use fault_runtime::fault_case;

use super::catalog::{OUTSIDE_WRITE, PORT_VAR, SECRET_VAR};

/// The refusal every canary declares.
fn refuse() -> Result<(), Error> {
    Err(Error::new(ErrorKind::PermissionDenied, "canary refused"))
}

/// Refuses exactly as declared
#[fault_case(id = "canary::control", expect = "PermissionDenied", halt)]
fn control() -> Result<(), Error> {
    refuse()
}

/// Accepts the fault without a word
#[fault_case(id = "canary::silent-acceptance", expect = "PermissionDenied")]
fn silent_acceptance() -> Result<(), Error> {
    Ok(())
}

/// Refuses with another code
#[fault_case(id = "canary::wrong-code", expect = "PermissionDenied")]
fn wrong_code() -> Result<(), Error> {
    Err(Error::from(ErrorKind::NotFound))
}

/// Sleeps far past its timeout
#[fault_case(id = "canary::hang", expect = "PermissionDenied", timeout = "1s")]
fn hang() -> Result<(), Error> {
    std::thread::sleep(std::time::Duration::from_secs(600));
    refuse()
}

/// Exits with status 0 before returning a verdict
#[fault_case(id = "canary::exit-midway", expect = "PermissionDenied")]
fn exit_midway() -> Result<(), Error> {
    std::process::exit(0)
}

/// Leaves a file behind although the pipeline must halt
#[fault_case(id = "canary::side-effect", expect = "PermissionDenied", halt)]
fn side_effect() -> Result<(), Error> {
    std::fs::write("half-written.json", "{")?;
    refuse()
}

/// Refuses only if the secret the parent exported stays invisible
#[fault_case(id = "canary::hermetic-env", expect = "PermissionDenied")]
fn hermetic_env() -> Result<(), Error> {
    match std::env::var_os(SECRET_VAR) {
        Some(_) => Ok(()),
        None => refuse(),
    }
}

/// Starts a child and returns without waiting for it
#[fault_case(id = "canary::leaked-process", expect = "PermissionDenied")]
fn leaked_process() -> Result<(), Error> {
    std::process::Command::new("sleep").arg("300").spawn()?;
    refuse()
}

/// Starts a child in a process group of its own and returns without waiting for it
#[cfg(target_os = "linux")]
#[fault_case(id = "canary::escaped-process", expect = "PermissionDenied")]
fn escaped_process() -> Result<(), Error> {
    use std::os::unix::process::CommandExt;
    std::process::Command::new("sleep")
        .arg("300")
        .process_group(0)
        .spawn()?;
    refuse()
}

/// Refuses with the value of a secret it was given on purpose
#[fault_case(id = "canary::leaked-secret", expect = "PermissionDenied", env_pass = ["FAULTS_SELFTEST_SECRET"])]
fn leaked_secret() -> Result<(), Error> {
    let secret = std::env::var(SECRET_VAR).unwrap_or_default();
    println!("connecting with {secret}");
    Err(Error::new(
        ErrorKind::PermissionDenied,
        format!("credentials {secret} were rejected"),
    ))
}

/// Runs `sh` by its absolute path, which a container's `hide` removes from the filesystem
#[fault_case(id = "canary::container-hidden-path", expect = "PermissionDenied", isolation = "container", hide = ["sh"])]
fn container_hidden_path() -> Result<(), Error> {
    let found = ["/bin/sh", "/usr/bin/sh"]
        .iter()
        .any(|path| std::path::Path::new(path).exists());
    if found { Ok(()) } else { refuse() }
}

/// Writes by an absolute path outside its sandbox, then refuses
#[fault_case(
    id = "canary::container-outside-write",
    expect = "PermissionDenied",
    isolation = "container",
    halt
)]
fn container_outside_write() -> Result<(), Error> {
    std::fs::write(OUTSIDE_WRITE, "escaped")?;
    refuse()
}

/// Calls the selftest's service on the host's loopback; only its own loopback may answer
#[fault_case(id = "canary::container-no-network", expect = "PermissionDenied", isolation = "container", network = "none", env_pass = ["FAULTS_SELFTEST_PORT"])]
fn container_no_network() -> Result<(), Error> {
    let own = std::net::TcpListener::bind("127.0.0.1:0")?;
    std::net::TcpStream::connect(own.local_addr()?)?;
    let port = std::env::var(PORT_VAR).unwrap_or_default();
    match std::net::TcpStream::connect(format!("127.0.0.1:{port}")) {
        Ok(_) => Ok(()),
        Err(_) => refuse(),
    }
}

/// Starts a process in a session of its own and returns without waiting for it
#[fault_case(
    id = "canary::container-escaped-process",
    expect = "PermissionDenied",
    isolation = "container"
)]
fn container_escaped_process() -> Result<(), Error> {
    std::process::Command::new("sh")
        .args(["-c", "setsid sleep 300 >/dev/null 2>&1 < /dev/null &"])
        .status()?;
    refuse()
}

/// Writes a file while every write fails with ENOSPC, and carries on as if it had not
#[fault_case(id = "canary::swallowed-write", expect = "StorageFull", syscalls = ["write:ENOSPC"])]
fn swallowed_write() -> Result<(), Error> {
    let _ = std::fs::write("journal", "entry");
    Ok(())
}

/// Refuses, but never calls the syscall whose failure it claims to test
#[fault_case(id = "canary::unfired-syscall-fault", expect = "PermissionDenied", syscalls = ["fsync:EIO"])]
fn unfired_syscall_fault() -> Result<(), Error> {
    refuse()
}
