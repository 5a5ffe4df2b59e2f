//! `cargo faults selftest` runs its canaries through the real isolation and catches every one.

use faults_tests::{cargo_faults, exit_code, stderr, stdout};

#[test]
fn selftest_catches_every_canary() {
    let output = cargo_faults(&["selftest"]);
    assert_eq!(
        exit_code(&output),
        0,
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let table = stdout(&output);
    assert!(table.contains("all 10 canaries were caught"), "{table}");
    for canary in [
        "silent-acceptance",
        "wrong-code",
        "hang",
        "exit-midway",
        "side-effect",
        "leaked-process",
        "escaped-process",
        "leaked-secret",
    ] {
        let row = table
            .lines()
            .find(|line| line.contains(&format!("canary::{canary} ")))
            .unwrap_or_else(|| panic!("no row for {canary}"));
        assert!(row.contains("caught"), "{row}");
    }
}
