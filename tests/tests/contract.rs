//! Production code implements `Refusal` against fault-runtime's contract alone: without the
//! `harness` feature nothing of the harness (tokio, libtest-mimic, inventory, fail-rs) is in
//! its build, and a library that does so still has its cases run by its own fault harness.

use std::process::Command;

use faults_tests::{exit_code, stderr, stdout, workspace_root};

/// The crates that only a harness needs.
const HARNESS_ONLY: [&str; 5] = ["tokio", "libtest-mimic", "inventory", "fail", "signal-hook"];

/// The names of the normal (non-dev, non-build) dependencies of `spec`, with `args`.
fn dependencies(spec: &str, args: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args([
            "tree", "--locked", "-e", "normal", "--prefix", "none", "-p", spec,
        ])
        .args(args)
        .output()
        .expect("cargo tree runs");
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    stdout(&output)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_contract_alone_pulls_in_nothing_of_the_harness() {
    let contract = dependencies("fault-runtime", &["--no-default-features"]);
    assert!(
        contract.iter().any(|name| name == "fault-vocab"),
        "{contract:?}"
    );
    for name in HARNESS_ONLY {
        assert!(
            !contract.iter().any(|dep| dep == name),
            "fault-runtime without `harness` depends on {name}: {contract:?}"
        );
    }
    let harness = dependencies("fault-runtime", &[]);
    for name in ["tokio", "libtest-mimic", "inventory"] {
        assert!(harness.iter().any(|dep| dep == name), "{harness:?}");
    }
}

#[test]
fn a_library_implementing_refusal_in_src_builds_without_the_harness() {
    // toolforge implements `Refusal` next to its error type and enables the harness only for
    // its fault cases: its own build links the contract and nothing else of fault-runtime.
    let release = dependencies("toolforge", &[]);
    assert!(
        release.iter().any(|dep| dep == "fault-runtime"),
        "{release:?}"
    );
    for name in ["libtest-mimic", "inventory", "fail", "signal-hook"] {
        assert!(
            !release.iter().any(|dep| dep == name),
            "toolforge's own build depends on {name}: {release:?}"
        );
    }
    let with_cases = dependencies("toolforge", &["--features", "fault-cases"]);
    assert!(
        with_cases.iter().any(|dep| dep == "libtest-mimic"),
        "{with_cases:?}"
    );
}
