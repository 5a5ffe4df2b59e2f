//! `cargo faults selftest` runs its canaries through the real isolation and catches every one.

use faults_tests::{cargo_faults, cargo_faults_binary, exit_code, stderr, stdout};

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
    assert!(
        table.contains("all 16 canaries that ran were caught"),
        "{table}"
    );
    assert!(!table.contains("containers are unavailable"), "{table}");
    assert!(!table.contains("syscall faults are unavailable"), "{table}");
    for canary in [
        "silent-acceptance",
        "wrong-code",
        "hang",
        "exit-midway",
        "side-effect",
        "leaked-process",
        "escaped-process",
        "leaked-secret",
        "container-hidden-path",
        "container-outside-write",
        "container-no-network",
        "container-escaped-process",
        "swallowed-write",
        "unfired-syscall-fault",
    ] {
        let row = table
            .lines()
            .find(|line| line.contains(&format!("canary::{canary} ")))
            .unwrap_or_else(|| panic!("no row for {canary}"));
        assert!(row.contains("caught"), "{row}");
    }
}

#[test]
fn selftest_says_plainly_when_containers_are_unavailable() {
    // A user namespace of the test's own that allows no nested one: a machine whose
    // `user.max_user_namespaces` is 0, without touching the machine.
    let output = std::process::Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "sh",
            "-c",
            "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" faults selftest",
        ])
        .arg(cargo_faults_binary())
        .env_remove("ENVIRONMENT")
        .env_remove("APP_ENV")
        .env_remove("RUST_ENV")
        .output()
        .expect("unshare (util-linux) runs the selftest in a user namespace of its own");
    let table = stdout(&output);
    assert_eq!(exit_code(&output), 0, "{table}{}", stderr(&output));
    assert!(
        table.contains("containers are unavailable on this machine"),
        "{table}"
    );
    assert!(table.contains("user.max_user_namespaces is 0"), "{table}");
    assert!(
        table.contains("all 12 canaries that ran were caught"),
        "{table}"
    );
    let row = table
        .lines()
        .find(|line| line.contains("canary::container-no-network "))
        .unwrap_or_else(|| panic!("no row for the network canary: {table}"));
    assert!(row.contains("unavailable"), "{row}");
}

#[cfg(target_os = "linux")]
#[test]
fn selftest_says_plainly_when_syscall_faults_are_unavailable() {
    use std::os::unix::process::CommandExt;

    let mut command = std::process::Command::new(cargo_faults_binary());
    command
        .args(["faults", "selftest"])
        .env_remove("ENVIRONMENT")
        .env_remove("APP_ENV")
        .env_remove("RUST_ENV");
    // SAFETY: the hook only makes prctl calls on data prepared before the fork.
    unsafe { command.pre_exec(faults_tests::deny_seccomp) };
    let output = command.output().expect("cargo-faults runs");
    let table = stdout(&output);
    assert_eq!(exit_code(&output), 0, "{table}{}", stderr(&output));
    assert!(
        table.contains("syscall faults are unavailable on this machine"),
        "{table}"
    );
    assert!(
        table.contains("all 14 canaries that ran were caught"),
        "{table}"
    );
    let row = table
        .lines()
        .find(|line| line.contains("canary::swallowed-write "))
        .unwrap_or_else(|| panic!("no row for the swallowed write: {table}"));
    assert!(row.contains("unavailable"), "{row}");
}
