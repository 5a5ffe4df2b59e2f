//! Secret values never leave the harness: records, failure explanations and streamed output
//! show `[redacted]` instead, and values that are not secret stay readable. Nor do they reach
//! what `cargo faults` prints and writes: the terminal, JUnit, Markdown and `summary.json`.

use faults_tests::{assert_contains, project, run_harness, stdout};

const FIXTURE: &str = env!("CARGO_BIN_EXE_secrets");

/// Passed through on purpose by some cases.
const PASSED: &str = "db-pass-123456";
/// Set by a case under a name that marks a secret.
const SET: &str = "tok-set-by-the-case";
/// Held by the harness under a secret name; a case gets it under another name.
const HELD: &str = "harness-held-secret";

const ENV: [(&str, &str); 3] = [
    ("FIXTURE_DB_PASSWORD", PASSED),
    ("FIXTURE_SERVICE_TOKEN", HELD),
    ("FIXTURE_CONFIG_VALUE", HELD),
];

fn assert_clean(text: &str, place: &str) {
    for secret in [PASSED, SET, HELD] {
        assert!(!text.contains(secret), "{place} leaks {secret}:\n{text}");
    }
}

#[test]
fn records_and_explanations_never_hold_a_secret() {
    let run = run_harness(FIXTURE.as_ref(), &["--test-threads", "2"], &ENV);
    assert_eq!(
        run.output.status.code(),
        Some(101),
        "one case fails on purpose"
    );
    for (id, record) in &run.records {
        assert_clean(&record.to_string(), id);
    }
    for name in ["passed_secret", "set_secret", "harness_secret"] {
        let record = run.record(&format!("secrets::{name}"));
        assert_eq!(record["verdict"], "refused", "{name}");
        assert_eq!(
            record["observed"]["message"], "credentials [redacted] were rejected",
            "{name}"
        );
        assert_eq!(
            record["output"]["stdout_tail"], "connecting with [redacted]\n",
            "{name}"
        );
    }
    let control = run.record("secrets::not_a_secret");
    assert_eq!(
        control["observed"]["message"],
        "credentials visible-mode 1234 were rejected"
    );
    assert_clean(&run.stdout(), "the failure explanations");
    assert_clean(&run.stderr(), "the harness's stderr");
    assert_contains(&run.stdout(), "credentials [redacted] were rejected");
}

#[test]
fn streamed_output_is_redacted_line_by_line() {
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--nocapture", "--test-threads", "1"],
        &ENV,
    );
    assert_clean(&run.stdout(), "streamed stdout");
    assert_clean(&run.stderr(), "streamed stderr");
    assert_contains(&run.stdout(), "connecting with [redacted]");
    assert_contains(&run.stdout(), "connecting with visible-mode 1234");
}

#[test]
fn secrets_stay_out_of_the_terminal_junit_markdown_and_summary() {
    const SECRET: &str = "hunter2-secretive";
    let secretive = project("secretive");
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let step_summary = dir.path().join("step-summary.md");
    let run = secretive.run_with(
        &["--junit", junit.to_str().unwrap()],
        &[
            ("SECRETIVE_PASSWORD", SECRET),
            ("GITHUB_STEP_SUMMARY", step_summary.to_str().unwrap()),
        ],
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let markdown = secretive.cargo_faults_with(
        &["report", run.records_arg(), "--format", "markdown"],
        &[("SECRETIVE_PASSWORD", SECRET)],
    );
    let read = |path: &std::path::Path| std::fs::read_to_string(path).unwrap();
    for (place, text) in [
        ("stdout", run.stdout()),
        ("stderr", run.stderr()),
        ("junit", read(&junit)),
        ("step summary", read(&step_summary)),
        (
            "summary.json",
            read(&run.records_dir().join("summary.json")),
        ),
        ("markdown report", stdout(&markdown)),
    ] {
        assert!(!text.contains(SECRET), "{place} leaks the secret:\n{text}");
    }
    assert_contains(&run.stderr(), "password [redacted] was rejected");
}
