//! `cargo faults init` on a throwaway crate: it sets the crate up, `cargo faults` then runs the
//! example case green, a second init changes nothing, and a file in the way is left untouched
//! with exit 2.

use std::path::Path;
use std::process::{Command, Output};

use faults_tests::{
    assert_contains, cargo_faults_binary, exit_code, stderr, stdout, workspace_root,
};

/// A new library crate in `dir`, as `cargo new --lib` makes it.
fn new_crate(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("demo");
    let made = Command::new(env!("CARGO"))
        .args(["new", "--lib", "--quiet", "--vcs", "none"])
        .arg(&path)
        .output()
        .expect("cargo new");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    path
}

/// `cargo faults <args>` in `dir`, building into the tests' shared target directory, offline.
fn faults_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(cargo_faults_binary())
        .arg("faults")
        .args(args)
        .current_dir(dir)
        .env("CARGO", env!("CARGO"))
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target").join("functional"),
        )
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("FAULTS_RECORDS_DIR")
        .env_remove("FAULTS_RUN_ID")
        .output()
        .expect("run cargo-faults")
}

#[test]
fn init_sets_a_crate_up_and_its_example_case_runs_green() {
    let dir = tempfile::tempdir().unwrap();
    let krate = new_crate(dir.path());
    let runtime = workspace_root().join("fault-runtime");
    let runtime = runtime.to_str().unwrap();
    let init = faults_in(&krate, &["init", "--runtime-path", runtime]);
    assert_eq!(exit_code(&init), 0, "{}", stderr(&init));
    assert_contains(&stdout(&init), "set up demo for fault cases:");
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert_contains(&manifest, "[[test]]\nname = \"faults\"\nharness = false\n");
    assert_contains(
        &manifest,
        &format!("fault-runtime = {{ path = \"{runtime}\" }}"),
    );
    assert!(krate.join("tests/faults.rs").is_file());

    let again = faults_in(&krate, &["init", "--runtime-path", runtime]);
    assert_eq!(exit_code(&again), 0, "{}", stderr(&again));
    assert_contains(&stdout(&again), "nothing changed");
    assert_eq!(
        std::fs::read_to_string(krate.join("Cargo.toml")).unwrap(),
        manifest
    );

    let records = dir.path().join("records");
    let run = faults_in(&krate, &["--records-dir", records.to_str().unwrap()]);
    assert_eq!(exit_code(&run), 0, "{}\n{}", stdout(&run), stderr(&run));
    assert_contains(&stdout(&run), "1 case: 1 passed, 0 failed");
    assert_contains(&stdout(&run), "reading_a_missing_file_is_refused");
}

#[test]
fn a_file_in_the_way_is_left_untouched_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let krate = new_crate(dir.path());
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::write(krate.join("tests/faults.rs"), "// mine\n").unwrap();
    let before = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    let runtime = workspace_root().join("fault-runtime");
    let init = faults_in(
        &krate,
        &["init", "--runtime-path", runtime.to_str().unwrap()],
    );
    assert_eq!(exit_code(&init), 2, "{}", stderr(&init));
    assert_contains(
        &stderr(&init),
        "cannot set up demo for fault cases without overwriting what is there",
    );
    assert_contains(
        &stderr(&init),
        "tests/faults.rs exists with other content; it was left untouched",
    );
    assert_eq!(
        std::fs::read_to_string(krate.join("tests/faults.rs")).unwrap(),
        "// mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(krate.join("Cargo.toml")).unwrap(),
        before
    );
}

#[test]
fn a_crate_that_implements_refusal_gets_the_contract_dependency() {
    let dir = tempfile::tempdir().unwrap();
    let krate = new_crate(dir.path());
    std::fs::write(
        krate.join("src/lib.rs"),
        "#[derive(Debug, fault_runtime::Refusal)]\npub enum E {\n    #[refusal(code = \"E_CODE\")]\n    A,\n}\n",
    )
    .unwrap();
    let runtime = workspace_root().join("fault-runtime");
    let init = faults_in(
        &krate,
        &["init", "--runtime-path", runtime.to_str().unwrap()],
    );
    assert_eq!(exit_code(&init), 0, "{}", stderr(&init));
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert_contains(&manifest, "default-features = false");
}
