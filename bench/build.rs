//! Generates the benchmark's cases into `OUT_DIR`: `cases.rs` (fault cases) and `plain.rs`
//! (equivalent plain `#[test]`s).

use std::fmt::Write as _;
use std::path::PathBuf;

/// How many cases each generated file holds.
const CASES: usize = 1000;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut cases = String::new();
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
    std::fs::write(out.join("plain.rs"), plain).expect("write plain.rs");
    println!("cargo::rerun-if-changed=build.rs");
}
