//! `cargo faults selftest`: the canaries, run through the real isolation on this machine. Every
//! canary must get its predicted verdict; one that passes where it should fail means the
//! harness cannot be trusted here.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

use fault_runtime::record;
use fault_runtime::vars;

use crate::canary::catalog::{
    CANARIES, HARNESS, HARNESS_VAR, OUTSIDE_WRITE, PORT_VAR, SECRET, SECRET_VAR,
};
use crate::canary::judge::judge;
use crate::errors::Error;
use crate::execute::harness::HARNESS_TEST_FAILED;
use crate::render::selftest::table;
use crate::{exit_codes, guard};

/// A selftest, as asked for.
#[derive(Debug)]
pub(crate) struct SelftestPlan {
    /// Run even where the environment says production.
    pub(crate) allow_production: bool,
}

/// Runs the canaries and reports which were caught.
pub(crate) fn selftest(plan: &SelftestPlan) -> Result<u8, Error> {
    guard::check(plan.allow_production)?;
    let exe = std::env::current_exe().map_err(|source| Error::Spawn {
        command: "cargo-faults (locating itself)".to_owned(),
        source,
    })?;
    let records = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let run_id = record::new_run_id();
    // A leftover of an earlier selftest must not pass for this one's escape.
    let _ = std::fs::remove_file(OUTSIDE_WRITE);
    // The host service the no-network canary must not reach.
    let service = TcpListener::bind("127.0.0.1:0").map_err(|source| Error::Spawn {
        command: "a loopback listener for the network canary".to_owned(),
        source,
    })?;
    let port = service.local_addr().map(|a| a.port()).unwrap_or_default();
    run_canaries(&exe, records.path(), &run_id, port)?;
    drop(service);
    let judged = judge(records.path(), &run_id);
    let _ = std::fs::remove_file(OUTSIDE_WRITE);
    println!("{}", table(&judged));
    let missed = judged
        .iter()
        .filter(|canary| !canary.caught() && !canary.skipped())
        .count();
    let ran = judged.iter().filter(|canary| !canary.skipped()).count();
    let mut told = Vec::new();
    for canary in &judged {
        if let Some(why) = canary.unavailable.as_deref() {
            if !told.contains(&canary.needs) {
                told.push(canary.needs);
                println!("{}: {why}", canary.needs.consequence());
            }
        }
    }
    if missed == 0 {
        println!("all {ran} canaries that ran were caught: isolation works on this machine");
        Ok(exit_codes::OK)
    } else {
        println!(
            "{missed} of {} canaries were NOT caught: do not trust fault case results on this machine",
            CANARIES.len()
        );
        Ok(exit_codes::FAILED)
    }
}

/// Runs this binary as the canary harness, writing run `run_id`'s records into `records`;
/// nothing of the caller's run settings reaches it.
fn run_canaries(exe: &Path, records: &Path, run_id: &str, port: u16) -> Result<(), Error> {
    let output = Command::new(exe)
        .args(["--format", "json", "--test-threads"])
        .arg(CANARIES.len().to_string())
        .env(HARNESS_VAR, "1")
        .env(SECRET_VAR, SECRET)
        .env(PORT_VAR, port.to_string())
        .env_remove(vars::ISOLATION)
        .env(vars::HARNESS, HARNESS)
        .env(vars::RUN_ID, run_id)
        .env(vars::RECORDS_DIR, records)
        .env_remove(vars::SELECT)
        .env_remove(vars::FAIL_FAST)
        .env_remove(vars::STRICT)
        .env_remove(vars::STRICT_GATES)
        .env_remove(vars::DRIFT_AS_FAILURE)
        .env_remove(vars::CONTROL)
        .env_remove(vars::INVOCATION_ID)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Spawn {
            command: format!("{} (canary harness)", exe.display()),
            source,
        })?;
    // Canaries fail by design: a harness in which cases failed is what a good selftest sees.
    if !matches!(output.status.code(), Some(0 | HARNESS_TEST_FAILED)) {
        return Err(Error::Harness {
            binary: exe.display().to_string(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(())
}
