//! `cargo faults` documents its exit codes, and refuses to run where the environment says
//! production (exit 2, nothing run) unless `--allow-production`.

use faults_tests::{assert_contains, cargo_faults, exit_code, project, stderr, stdout};

#[test]
fn help_documents_the_exit_codes() {
    let output = cargo_faults(&["--help"]);
    assert_eq!(exit_code(&output), 0);
    let help = stdout(&output);
    for line in [
        "0  every case passed",
        "1  a case failed",
        "4  no fault cases matched",
    ] {
        assert_contains(&help, line);
    }
}

#[test]
fn production_is_refused_before_anything_runs() {
    let mixed = project("mixed");
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let records_dir = ["--records-dir", records.to_str().unwrap()];
    for (var, value) in [
        ("ENVIRONMENT", "production"),
        ("APP_ENV", "prod"),
        ("RUST_ENV", "production"),
    ] {
        let output = mixed.cargo_faults_with(&records_dir, &[(var, value)]);
        assert_eq!(exit_code(&output), 2, "{var}");
        assert_contains(&stderr(&output), &format!("{var}={value}"));
        assert!(!records.exists(), "{var}: nothing may run");
    }
    let allowed = mixed.run_with(
        &["--allow-production", "--gate", "4"],
        &[("ENVIRONMENT", "production")],
    );
    assert_eq!(allowed.code(), 0, "{}", allowed.stderr());
}
