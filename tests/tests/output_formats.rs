//! What `cargo faults` prints and writes about one run of the `mixed` project, pinned as
//! snapshots under `tests/snapshots/`: the table and the failure explanations, the JSON
//! summary, Markdown (on stdout and appended to `$GITHUB_STEP_SUMMARY`) and JUnit (on stdout
//! and with `--junit PATH`).
//!
//! Only what changes from one run to the next is redacted: the durations (and the width of the
//! table's Time column, which follows them), the records directory, and in the JSON summary the
//! run id, invocation id and timestamps. A changed output fails the test; review it with
//! `cargo insta review` (or `INSTA_UPDATE=always` and `git diff`) and commit the snapshot.

use faults_tests::{FaultsRun, assert_contains, project};

/// A duration as the reports print it: `8 ms`, `1.25 s`.
const DURATION: &str = r"(?:\d+ ms|\d+\.\d\d s)";

/// Runs `assert` with the filters that take out of a text report what varies between runs.
fn redacted(run: &FaultsRun, assert: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&escape(run.records_arg()), "[records]");
    // The table's last column is Time: its values, and so its width, vary. Rows and header get
    // one fixed width, the borders' last segment too (`┬──┐`, `╪══╡`, `┴──┘`).
    let time_cell = r"(?m)^(│(?:[^┆\n]*┆){8})";
    settings.add_filter(&format!(r"{time_cell} {DURATION} +│$"), "$1 [duration] │");
    settings.add_filter(&format!(r"{time_cell} Time +│$"), "$1 Time       │");
    settings.add_filter(
        r"(?m)^([┌╞└](?:[^┬╪┴\n]*[┬╪┴]){8})([─═])[─═]*([┐╡┘])$",
        "$1$2$2$2$2$2$2$2$2$2$2$2$2$3",
    );
    settings.add_filter(&format!(r"(?m)\| {DURATION} \|$"), "| [duration] |");
    settings.add_filter(r#"time="\d+\.\d+""#, r#"time="[duration]""#);
    settings.bind(assert);
}

/// `text` as a regex that matches it literally.
fn escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = !c.is_alphanumeric() && !matches!(c, '/' | '_' | '-' | ' ');
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// What stderr says after the run: why each failed case failed, then where the records are
/// (the progress lines before it come in the order the cases finish).
fn explanations(run: &FaultsRun) -> String {
    let stderr = run.stderr();
    let start = stderr
        .find("\n--- FAIL ")
        .or_else(|| stderr.find("fault records: "))
        .unwrap_or_else(|| panic!("no explanation or records line in:\n{stderr}"));
    stderr[start..].to_owned()
}

#[test]
fn the_table_shows_every_case_and_each_failure_is_explained() {
    let run = project("mixed").run(&["--no-fail-fast"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    redacted(&run, || {
        insta::assert_snapshot!("table", run.stdout());
        insta::assert_snapshot!("explanations", explanations(&run));
    });
}

#[test]
fn json_prints_the_summary_it_writes() {
    let run = project("mixed").run(&["--no-fail-fast", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let summary = run.json();
    assert_eq!(summary, run.summary(), "stdout is summary.json");
    let records = run.records_arg().to_owned();
    insta::assert_json_snapshot!("summary", summary, {
        ".run_ids[]" => "[run id]",
        ".invocation_id" => "[invocation id]",
        ".started_at" => "[timestamp]",
        ".finished_at" => "[timestamp]",
        ".duration_ms" => "[duration]",
        ".cases[].duration_ms" => "[duration]",
        ".cases[].record" => insta::dynamic_redaction(move |value, _| {
            value.as_str().expect("a record path").replace(&records, "[records]")
        }),
    });
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
    redacted(&run, || insta::assert_snapshot!("markdown", markdown));
    let appended = std::fs::read_to_string(&step_summary).unwrap();
    assert_eq!(appended, format!("earlier step\n{markdown}"));
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

#[test]
fn junit_has_one_test_case_per_fault_case() {
    let run = project("mixed").run(&["--no-fail-fast", "--format", "junit"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let xml = run.stdout();
    let failures: Vec<_> = junit_cases(&xml)
        .into_iter()
        .filter_map(|(name, failure)| Some((name, failure?)))
        .collect();
    assert_eq!(
        failures,
        [
            ("mixed-4".to_owned(), "silent_acceptance".to_owned()),
            ("mixed-5".to_owned(), "wrong_code".to_owned())
        ]
    );
    redacted(&run, || insta::assert_snapshot!("junit", xml));
}

#[test]
fn junit_path_writes_the_report_beside_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    let run = project("mixed").run(&["--no-fail-fast", "--junit", file.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_contains(&run.stdout(), "5 cases: 3 passed, 2 failed");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(junit_cases(&written).len(), 5);
    redacted(&run, || insta::assert_snapshot!("junit", written));
}
