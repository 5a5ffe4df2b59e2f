//! What `cargo faults` prints and writes about one run of the `mixed` project: the table and
//! the failure explanations, the JSON summary, Markdown (on stdout and appended to
//! `$GITHUB_STEP_SUMMARY`) and JUnit (on stdout and with `--junit PATH`).

use faults_tests::{MIXED_CASES, assert_contains, project, summary_ids};

#[test]
fn the_table_shows_every_case_and_each_failure_is_explained() {
    let run = project("mixed").run(&["--no-fail-fast"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let table = run.stdout();
    for header in [
        "Fault ID",
        "Name",
        "Category",
        "Gate",
        "Severity",
        "Halt?",
        "Rollback?",
        "Verdict",
        "Time",
    ] {
        assert_contains(&table, header);
    }
    let row = |id: &str| {
        table
            .lines()
            .find(|line| line.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{table}"))
            .to_owned()
    };
    assert!(row("mixed-1").contains("Missing adapter") && row("mixed-1").contains("refused"));
    assert!(row("mixed-2").contains("STARTUP") && row("mixed-2").contains("critical"));
    assert!(row("mixed-4").contains("silent_acceptance"));
    assert!(row("mixed-5").contains("wrong_code"));
    assert_contains(&table, "5 cases: 3 passed, 2 failed");

    let errors = run.stderr();
    assert_contains(&errors, "--- FAIL mixed-4 ---");
    assert_contains(&errors, "expected: refusal TIMEOUT at gate 5");
    assert_contains(&errors, "observed: refusal RETRY at gate 5");
}

#[test]
fn json_prints_the_summary_it_writes() {
    let run = project("mixed").run(&["--no-fail-fast", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let summary = run.json();
    assert_eq!(summary_ids(&summary), MIXED_CASES);
    let silent = &summary["cases"][3];
    assert_eq!(silent["verdict"], "silent_acceptance");
    assert_eq!(silent["outcome"], "failed");
    assert_eq!(silent["harness"], "mixed::faults");
    assert_eq!(summary["cases"][1]["gate"], "STARTUP");
}

#[test]
fn markdown_goes_to_stdout_and_the_ci_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let step_summary = dir.path().join("step-summary.md");
    std::fs::write(&step_summary, "earlier step\n").unwrap();
    let run = project("mixed").run_with(
        &["--no-fail-fast", "--format", "markdown"],
        &[("GITHUB_STEP_SUMMARY", &step_summary)],
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let markdown = run.stdout();
    assert!(markdown.starts_with("## Fault cases"), "{markdown}");
    assert_contains(&markdown, "| mixed-4 | Rate limit silently ignored |");
    let appended = std::fs::read_to_string(&step_summary).unwrap();
    assert!(
        appended.starts_with("earlier step\n## Fault cases"),
        "{appended}"
    );
}

/// The test cases of a JUnit report: name and failure type, if failed.
fn junit_cases(xml: &str) -> Vec<(String, Option<String>)> {
    let document = roxmltree::Document::parse(xml).expect("the report is XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failure = case.children().find(|n| n.has_tag_name("failure"));
            (
                case.attribute("name").unwrap_or_default().to_owned(),
                failure.and_then(|f| f.attribute("type")).map(str::to_owned),
            )
        })
        .collect()
}

/// The value of the property `name` of the test case `id`.
fn property(xml: &str, id: &str, name: &str) -> Option<String> {
    let document = roxmltree::Document::parse(xml).expect("the report is XML");
    document
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(id))
        .into_iter()
        .flat_map(|c| c.descendants())
        .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
        .and_then(|n| n.attribute("value").map(str::to_owned))
}

#[test]
fn junit_has_one_test_case_per_fault_case() {
    let run = project("mixed").run(&["--no-fail-fast", "--format", "junit"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let xml = run.stdout();
    let document = roxmltree::Document::parse(&xml).expect("stdout is XML");
    let suites: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name"))
        .collect();
    assert_eq!(suites, [Some("mixed::faults")]);
    let cases = junit_cases(&xml);
    assert_eq!(cases.len(), 5);
    let failure = |id: &str| cases.iter().find(|(name, _)| name == id).unwrap().1.clone();
    assert_eq!(failure("mixed-1"), None);
    assert_eq!(failure("mixed-4").as_deref(), Some("silent_acceptance"));
    assert_eq!(failure("mixed-5").as_deref(), Some("wrong_code"));
    assert_eq!(
        property(&xml, "mixed-5", "observed_code").as_deref(),
        Some("RETRY")
    );
    assert_eq!(
        property(&xml, "mixed-2", "gate").as_deref(),
        Some("STARTUP")
    );
}

#[test]
fn junit_path_writes_the_report_beside_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    let run = project("mixed").run(&["--no-fail-fast", "--junit", file.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(junit_cases(&written).len(), 5);
}
