//! A case marked `drift` that fails as predicted passes, counted apart in every report, and
//! fails on request (`--drift-as-failure`); the matrix shows why it drifts. On the `drifty`
//! project: one hardened case, one drift.

use faults_tests::{assert_contains, exit_code, project, stderr, stdout};

#[test]
fn drift_passes_and_is_counted_apart() {
    let drifty = project("drifty");
    let run = drifty.run(&["--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let summary = run.json();
    assert_eq!(summary["totals"]["passed"], 1);
    assert_eq!(summary["totals"]["drift"], 1);
    assert_eq!(summary["totals"]["failed"], 0);
    assert_eq!(summary["cases"][1]["verdict"], "drift");

    let table = drifty.run(&[]);
    assert_contains(&table.stdout(), "2 cases: 1 passed, 0 failed, 1 drift");
    assert_contains(&table.stdout(), "drift (silent_acceptance)");
    assert_eq!(summary["cases"][1]["drift_absorbed"], "silent_acceptance");
}

#[test]
fn junit_reports_drift_as_skipped_with_its_reason() {
    let junit = project("drifty").run(&["--format", "junit"]);
    let xml = junit.stdout();
    let document = roxmltree::Document::parse(&xml).unwrap();
    let drift = document
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some("drifty-2"))
        .unwrap();
    let skipped = drift
        .children()
        .find(|n| n.has_tag_name("skipped"))
        .expect("drift is skipped");
    assert!(skipped.attribute("message").unwrap().starts_with("drift:"));
    assert!(
        drift
            .descendants()
            .any(|n| n.has_tag_name("property") && n.attribute("name") == Some("drift"))
    );
}

#[test]
fn drift_fails_on_request_and_the_matrix_says_why() {
    let drifty = project("drifty");
    let strict = drifty.run(&["--drift-as-failure"]);
    assert_eq!(strict.code(), 1, "{}", strict.stderr());
    let matrix = drifty.cargo_faults(&["matrix"]);
    assert_eq!(exit_code(&matrix), 0, "{}", stderr(&matrix));
    assert_contains(&stdout(&matrix), "| drift: the check is lazy today |");
    assert_contains(&stdout(&matrix), "## Drift ledger");
    assert_contains(
        &stdout(&matrix),
        "| drifty-2 | the check is lazy today | any behaviour verdict | - | - |",
    );
}
