//! `cargo faults selftest`: canary cases that misbehave on purpose, run through the real
//! isolation on this machine. Every canary must get its predicted verdict; one that passes
//! where it should fail means the harness cannot be trusted here.

mod canaries;

use std::path::Path;
use std::process::{Command, Stdio};

use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use fault_runtime::record::RunRecord;
use fault_runtime::record::Verdict;
use fault_runtime::vars;

use crate::cli::SelftestArgs;
use crate::errors::Error;
use crate::{exit_codes, guard};

/// Makes this binary act as the fault harness of its own canaries.
const HARNESS_VAR: &str = "FAULTS_SELFTEST_HARNESS";

/// Exported to the canary harness; the hermetic canary must not see it, and the leaking canary,
/// which passes it through, must not get its value into any record.
pub(crate) const SECRET_VAR: &str = "FAULTS_SELFTEST_SECRET";

/// The value of [`SECRET_VAR`].
const SECRET: &str = "selftest-secret-value";

/// How the canary harness names itself in its records.
const HARNESS: &str = "cargo-faults::selftest";

/// Each canary, what it does, and the verdict it must get.
const CANARIES: &[(&str, &str, Verdict)] = &[
    ("canary::control", "refuses as declared", Verdict::Refused),
    (
        "canary::silent-acceptance",
        "accepts the fault",
        Verdict::SilentAcceptance,
    ),
    (
        "canary::wrong-code",
        "refuses with another code",
        Verdict::WrongCode,
    ),
    ("canary::hang", "sleeps past its 1s timeout", Verdict::Hung),
    (
        "canary::exit-midway",
        "calls exit(0) before returning",
        Verdict::Crashed,
    ),
    (
        "canary::side-effect",
        "writes a file under `halt`",
        Verdict::SideEffects,
    ),
    (
        "canary::hermetic-env",
        "looks for a secret the parent exported",
        Verdict::Refused,
    ),
    (
        "canary::leaked-process",
        "leaves a child process running",
        Verdict::LeakedProcess,
    ),
    #[cfg(target_os = "linux")]
    (
        "canary::escaped-process",
        "leaves a process running in a group of its own",
        Verdict::LeakedProcess,
    ),
    (
        "canary::leaked-secret",
        "refuses with a passed-through secret in its message",
        Verdict::Refused,
    ),
];

/// The canary whose record must not contain [`SECRET`].
const SECRET_CANARY: &str = "canary::leaked-secret";

/// Whether this process is the canary harness, or a case process it started.
pub(crate) fn is_harness_process() -> bool {
    std::env::var_os(HARNESS_VAR).is_some() || fault_runtime::is_case_process()
}

/// Runs the canaries and reports which were caught.
pub(crate) fn selftest(args: &SelftestArgs) -> Result<u8, Error> {
    guard::check(args.allow_production)?;
    let exe = std::env::current_exe().map_err(|source| Error::Spawn {
        command: "cargo-faults (locating itself)".to_owned(),
        source,
    })?;
    let records = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let run_id = fault_runtime::record::new_run_id();
    let output = Command::new(&exe)
        .args(["--format", "json", "--test-threads"])
        .arg(CANARIES.len().to_string())
        .env(HARNESS_VAR, "1")
        .env(SECRET_VAR, SECRET)
        .env(vars::HARNESS, HARNESS)
        .env(vars::RUN_ID, &run_id)
        .env(vars::RECORDS_DIR, records.path())
        .env_remove(vars::SELECT)
        .env_remove(vars::FAIL_FAST)
        .env_remove(vars::STRICT)
        .env_remove(vars::STRICT_GATES)
        .env_remove(vars::DRIFT_AS_FAILURE)
        .env_remove(vars::INVOCATION_ID)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Spawn {
            command: format!("{} (canary harness)", exe.display()),
            source,
        })?;
    if !matches!(output.status.code(), Some(0 | 101)) {
        return Err(Error::Harness {
            binary: exe.display().to_string(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    let (table, missed) = judge(records.path(), &run_id);
    println!("{table}");
    if missed == 0 {
        println!(
            "all {} canaries were caught: isolation works on this machine",
            CANARIES.len()
        );
        Ok(exit_codes::OK)
    } else {
        println!(
            "{missed} of {} canaries were NOT caught: do not trust fault case results on this machine",
            CANARIES.len()
        );
        Ok(exit_codes::FAILED)
    }
}

/// The result table and how many canaries got another verdict than predicted.
fn judge(records: &Path, run_id: &str) -> (Table, usize) {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "Canary",
        "Misbehaviour",
        "Expected",
        "Observed",
        "Result",
    ]);
    let mut missed = 0;
    for &(id, what, expected) in CANARIES {
        let path = records.join(RunRecord::file_name(id, HARNESS));
        let record = RunRecord::read(&path)
            .ok()
            .filter(|record| record.run_id == run_id);
        let observed = record.as_ref().map(|record| record.verdict);
        let leaked_secret = id == SECRET_CANARY
            && std::fs::read_to_string(&path).map_or(true, |text| text.contains(SECRET));
        let caught = observed == Some(expected) && !leaked_secret;
        if !caught {
            missed += 1;
        }
        table.add_row([
            id.to_owned(),
            what.to_owned(),
            expected.to_string(),
            match observed {
                None => "no record".to_owned(),
                Some(_) if leaked_secret => "the secret reached the record".to_owned(),
                Some(verdict) => verdict.to_string(),
            },
            if caught { "caught" } else { "MISSED" }.to_owned(),
        ]);
    }
    (table, missed)
}
