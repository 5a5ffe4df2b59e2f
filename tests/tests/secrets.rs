//! Secret values never leave the harness: records, failure explanations and streamed output
//! show `[redacted]` instead, and values that are not secret stay readable.

use faults_tests::run_harness;

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
    assert!(
        run.stdout()
            .contains("credentials [redacted] were rejected"),
        "{}",
        run.stdout()
    );
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
    assert!(
        run.stdout().contains("connecting with [redacted]"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("connecting with visible-mode 1234"),
        "{}",
        run.stdout()
    );
}
