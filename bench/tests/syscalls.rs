//! The syscall-fault benchmark's harness: two cases that each make `WRITES` one-byte `write(2)`
//! calls to a file in the case's sandbox (the driver puts TMPDIR, and so the sandboxes, on a
//! tmpfs), one with nothing injected and one with the last write failed with ENOSPC.
//!
//! With `FAULTS_BENCH_WRITES` set, the binary prints `WRITES` and exits, so the driver reads the
//! count from the binary it measures.

use std::fs::File;
use std::io::{self, Write};

use fault_runtime::Refusal;

include!(concat!(env!("OUT_DIR"), "/syscall_cases.rs"));

/// How the writing ended. Every write going through is a refusal of its own (`ALL_WRITTEN`), so
/// that the case with nothing injected passes, and a run whose fault came from elsewhere (strace)
/// shows the failed write's code, `StorageFull` for ENOSPC, and which write it was.
#[derive(Debug)]
enum Writes {
    AllWritten,
    Failed { call: u32, error: io::Error },
}

impl Refusal for Writes {
    fn code(&self) -> &str {
        match self {
            Writes::AllWritten => "ALL_WRITTEN",
            Writes::Failed { error, .. } => error.code(),
        }
    }

    fn message(&self) -> Option<String> {
        Some(match self {
            Writes::AllWritten => format!("all {WRITES} writes went through"),
            Writes::Failed { call, error } => format!("write {call} of {WRITES} failed: {error}"),
        })
    }
}

/// Makes `count` `write(2)` calls of one byte each (an unbuffered `File`: one `write_all` of one
/// byte is one call) to a new file in the working directory, the case's sandbox, and removes
/// the file, so that the sandbox is left as it was found.
fn write_bytes(count: u32) -> Result<(), Writes> {
    const NAME: &str = "writes.bin";
    let failed = |call, error| Writes::Failed { call, error };
    let mut file = File::create(NAME).map_err(|error| failed(0, error))?;
    let mut outcome = Err(Writes::AllWritten);
    for call in 1..=count {
        if let Err(error) = file.write_all(b"x") {
            outcome = Err(failed(call, error));
            break;
        }
    }
    drop(file);
    std::fs::remove_file(NAME).map_err(|error| failed(0, error))?;
    outcome
}

fn main() -> std::process::ExitCode {
    if std::env::var_os("FAULTS_BENCH_WRITES").is_some() {
        println!("{WRITES}");
        return std::process::ExitCode::SUCCESS;
    }
    fault_runtime::run()
}
