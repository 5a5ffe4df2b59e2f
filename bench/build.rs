//! Generates the benchmark's cases into `OUT_DIR`: `cases.rs` (fault cases), `controlled.rs`
//! (the same cases, each with a control run), `in_process.rs` (the same cases with
//! `isolation = "none"`) and `plain.rs` (equivalent plain `#[test]`s) for
//! the isolation benchmark, and `syscall_cases.rs` (the
//! cases of the syscall-fault benchmark, whose attribute must spell out the write count).

use std::fmt::Write as _;
use std::path::PathBuf;

/// How many cases each generated file holds.
const CASES: usize = 1000;

/// How many `write(2)` calls each syscall-fault case makes; the injected fault fails the last
/// one. strace's `when=` takes at most 65535.
const SYSCALL_WRITES: u32 = 20_000;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut cases = String::new();
    let mut controlled = String::new();
    let mut in_process = String::new();
    let mut plain = String::new();
    for n in 1..=CASES {
        writeln!(
            cases,
            "#[fault_runtime::fault_case(expect = \"PermissionDenied\")]\n\
             fn case_{n:04}() -> Result<(), std::io::Error> {{\n    \
             Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))\n}}\n"
        )
        .unwrap();
        writeln!(
            controlled,
            "#[fault_runtime::fault_case(expect = \"PermissionDenied\", control = healthy)]\n\
             fn case_{n:04}() -> Result<(), std::io::Error> {{\n    \
             Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))\n}}\n"
        )
        .unwrap();
        writeln!(
            in_process,
            "#[fault_runtime::fault_case(expect = \"PermissionDenied\", isolation = \"none\")]\n\
             fn case_{n:04}() -> Result<(), std::io::Error> {{\n    \
             Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))\n}}\n"
        )
        .unwrap();
        writeln!(
            plain,
            "#[test]\n\
             fn case_{n:04}() {{\n    \
             let result: Result<(), std::io::Error> = std::hint::black_box(\n        \
             Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),\n    \
             );\n    \
             assert_eq!(result.unwrap_err().kind(), std::io::ErrorKind::PermissionDenied);\n\
             }}\n"
        )
        .unwrap();
    }

    std::fs::write(out.join("cases.rs"), cases).expect("write cases.rs");
    std::fs::write(out.join("controlled.rs"), controlled).expect("write controlled.rs");
    std::fs::write(out.join("in_process.rs"), in_process).expect("write in_process.rs");
    std::fs::write(out.join("plain.rs"), plain).expect("write plain.rs");
    std::fs::write(out.join("syscall_cases.rs"), syscall_cases()).expect("write syscall_cases.rs");
    println!("cargo::rerun-if-changed=build.rs");
}

/// The syscall-fault benchmark's two cases: the same `SYSCALL_WRITES` one-byte writes, with
/// nothing injected, and with the last write failed with ENOSPC by the harness.
fn syscall_cases() -> String {
    let k = SYSCALL_WRITES;
    format!(
        "/// How many `write(2)` calls each case makes.\n\
         pub const WRITES: u32 = {k};\n\
         \n\
         /// {k} writes, nothing injected: every write goes through.\n\
         #[fault_runtime::fault_case(expect = \"ALL_WRITTEN\")]\n\
         fn writes_plain() -> Result<(), Writes> {{\n    \
         write_bytes(WRITES)\n\
         }}\n\
         \n\
         /// {k} writes, the last one failed with ENOSPC by the harness's syscall fault.\n\
         #[fault_runtime::fault_case(expect = \"StorageFull\", syscalls = [\"write:ENOSPC@{k}\"])]\n\
         fn writes_enospc_last() -> Result<(), Writes> {{\n    \
         write_bytes(WRITES)\n\
         }}\n"
    )
}
