//! `cargo faults` end to end, on throwaway projects built against the in-tree crates: exit
//! codes, the table, JSON, JUnit (parsed), Markdown, filters, shards merged back together,
//! the matrix check, and every way a run must refuse to be green.

use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use faults_tests::{Project, cargo_faults_binary, exit_code, load_records, stderr, stdout};
use serde_json::Value;

const MIXED_LIB: &str = r#"//! A small system under test: three faults it refuses, two it does not.

use fault_runtime::{Gate, Refusal, fault_case};

#[derive(Debug)]
pub struct Refused(pub &'static str, pub Gate);

impl Refusal for Refused {
    fn code(&self) -> &str {
        self.0
    }

    fn gate(&self) -> Option<Gate> {
        Some(self.1.clone())
    }

    fn message(&self) -> Option<String> {
        Some(format!("refused with {}", self.0))
    }
}

/// Missing adapter
#[fault_case(id = "mixed-1", expect = "MISSING_ADAPTER", gate = 4, halt, category = "validation", tags = ["adapters"], recovery = "Set the adapter")]
fn missing_adapter() -> Result<(), Refused> {
    Err(Refused("MISSING_ADAPTER", Gate::Number(4)))
}

/// Missing password
#[fault_case(id = "mixed-2", expect = "ENV_VAR_MISSING", gate = "STARTUP", halt, severity = "critical", category = "configuration", tags = ["startup"])]
fn missing_password() -> Result<(), Refused> {
    Err(Refused("ENV_VAR_MISSING", Gate::label("STARTUP")))
}

/// Boundary crossing
#[fault_case(id = "mixed-3", expect = "BOUNDARY_VIOLATION", gate = 4, category = "boundary")]
fn boundary() -> Result<(), Refused> {
    Err(Refused("BOUNDARY_VIOLATION", Gate::Number(4)))
}

/// Rate limit silently ignored
#[fault_case(id = "mixed-4", expect = "RATE_LIMITED", gate = 5, category = "execution", tags = ["limits"])]
fn rate_limit() -> Result<(), Refused> {
    Ok(())
}

/// Timeout reported as a retry
#[fault_case(id = "mixed-5", expect = "TIMEOUT", gate = 5, category = "execution", tags = ["limits"])]
fn timeout() -> Result<(), Refused> {
    Err(Refused("RETRY", Gate::Number(5)))
}
"#;

const HARNESS: &str = "use mixed as _;\nfault_runtime::main!();\n";

/// An ordinary libtest test: if `cargo faults` ran it, the marker would exist.
const ORDINARY: &str = r#"#[test]
fn would_leave_a_marker() {
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/ordinary-test-ran"), "").unwrap();
}
"#;

const ALL: [&str; 5] = ["mixed-1", "mixed-2", "mixed-3", "mixed-4", "mixed-5"];

fn mixed() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        Project::new(
            "mixed",
            "",
            &[
                ("src/lib.rs", MIXED_LIB),
                ("tests/faults.rs", HARNESS),
                ("tests/ordinary.rs", ORDINARY),
            ],
        )
    })
}

/// Runs `cargo faults <args> --records-dir <fresh dir>` in the mixed project.
fn run_mixed(args: &[&str]) -> (Output, tempfile::TempDir) {
    let records = tempfile::tempdir().unwrap();
    let dir = records.path().to_str().unwrap().to_owned();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--records-dir", &dir]);
    (mixed().cargo_faults(&all), records)
}

fn summary_ids(summary: &Value) -> Vec<String> {
    summary["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["case_id"].as_str().unwrap().to_owned())
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_run_prints_the_table_writes_records_and_fails_on_a_failed_case() {
    let (output, records) = run_mixed(&["--no-fail-fast"]);
    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    let table = stdout(&output);
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
        assert!(table.contains(header), "{header} missing:\n{table}");
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
    assert!(table.contains("5 cases: 3 passed, 2 failed"), "{table}");

    let errors = stderr(&output);
    assert!(errors.contains("--- FAIL mixed-4 ---"), "{errors}");
    assert!(
        errors.contains("expected: refusal TIMEOUT at gate 5"),
        "{errors}"
    );
    assert!(
        errors.contains("observed: refusal RETRY at gate 5"),
        "{errors}"
    );

    let summary = read_json(&records.path().join("summary.json"));
    assert_eq!(summary["schema"], "cargo-faults/summary/v1");
    assert_eq!(summary["totals"]["passed"], 3);
    assert_eq!(summary["totals"]["failed"], 2);
    assert_eq!(summary["totals"]["by_verdict"]["refused"], 3);
    assert_eq!(summary["totals"]["by_verdict"]["silent_acceptance"], 1);
    let run_id = summary["run_ids"][0].as_str().unwrap();
    let records = load_records(records.path());
    assert_eq!(records.keys().collect::<Vec<_>>(), ALL);
    assert!(
        records.values().all(|r| r["run_id"] == run_id),
        "one run id for the whole run"
    );
    assert!(
        !mixed().path().join("ordinary-test-ran").exists(),
        "an ordinary libtest binary must be left alone"
    );
}

#[test]
fn json_format_prints_the_summary() {
    let (output, _records) = run_mixed(&["--no-fail-fast", "--format", "json"]);
    assert_eq!(exit_code(&output), 1);
    let summary: Value =
        serde_json::from_str(&stdout(&output)).expect("stdout is one JSON document");
    assert_eq!(summary_ids(&summary), ALL);
    let silent = &summary["cases"][3];
    assert_eq!(silent["verdict"], "silent_acceptance");
    assert_eq!(silent["outcome"], "failed");
    assert_eq!(silent["harness"], "mixed::faults");
    assert_eq!(summary["cases"][1]["gate"], "STARTUP");
}

#[test]
fn junit_report_has_one_test_case_per_fault_case() {
    let (output, records) = run_mixed(&["--no-fail-fast", "--format", "junit"]);
    assert_eq!(exit_code(&output), 1);
    let xml = stdout(&output);
    let document = roxmltree::Document::parse(&xml).expect("stdout is XML");
    let suites: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("mixed::faults"));
    let cases: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 5);
    let failure = |id: &str| {
        cases
            .iter()
            .find(|c| c.attribute("name") == Some(id))
            .and_then(|c| c.children().find(|n| n.has_tag_name("failure")))
            .map(|f| f.attribute("type").unwrap_or_default().to_owned())
    };
    assert_eq!(failure("mixed-1"), None);
    assert_eq!(failure("mixed-4").as_deref(), Some("silent_acceptance"));
    assert_eq!(failure("mixed-5").as_deref(), Some("wrong_code"));
    let property = |id: &str, name: &str| {
        cases
            .iter()
            .find(|c| c.attribute("name") == Some(id))
            .into_iter()
            .flat_map(|c| c.descendants())
            .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value").map(str::to_owned))
    };
    assert_eq!(
        property("mixed-5", "observed_code").as_deref(),
        Some("RETRY")
    );
    assert_eq!(property("mixed-2", "gate").as_deref(), Some("STARTUP"));

    let file = records.path().join("report.xml");
    let (with_file, _more) = run_mixed(&["--no-fail-fast", "--junit", file.to_str().unwrap()]);
    assert_eq!(exit_code(&with_file), 1);
    let written = std::fs::read_to_string(&file).unwrap();
    let document = roxmltree::Document::parse(&written).expect("--junit writes XML");
    assert_eq!(
        document
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        5
    );
}

#[test]
fn markdown_goes_to_stdout_and_the_ci_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let step_summary = dir.path().join("step-summary.md");
    std::fs::write(&step_summary, "earlier step\n").unwrap();
    let records = dir.path().join("records");
    let output = mixed().cargo_faults_with(
        &[
            "--no-fail-fast",
            "--format",
            "markdown",
            "--records-dir",
            records.to_str().unwrap(),
        ],
        &[("GITHUB_STEP_SUMMARY", &step_summary)],
    );
    assert_eq!(exit_code(&output), 1);
    let markdown = stdout(&output);
    assert!(markdown.starts_with("## Fault cases"), "{markdown}");
    assert!(
        markdown.contains("| mixed-4 | Rate limit silently ignored |"),
        "{markdown}"
    );
    let appended = std::fs::read_to_string(&step_summary).unwrap();
    assert!(
        appended.starts_with("earlier step\n## Fault cases"),
        "{appended}"
    );
}

#[test]
fn filters_select_by_gate_category_severity_tag_and_name() {
    let cases = |args: &[&str]| {
        let mut all = vec!["--no-fail-fast", "--format", "json"];
        all.extend(args);
        let (output, _records) = run_mixed(&all);
        let summary: Value = serde_json::from_str(&stdout(&output))
            .unwrap_or_else(|_| panic!("{args:?}: {}", stderr(&output)));
        (exit_code(&output), summary_ids(&summary))
    };
    assert_eq!(
        cases(&["--gate", "4"]),
        (0, vec!["mixed-1".into(), "mixed-3".into()])
    );
    assert_eq!(cases(&["--gate", "STARTUP"]), (0, vec!["mixed-2".into()]));
    assert_eq!(
        cases(&["--category", "execution"]).1,
        ["mixed-4", "mixed-5"]
    );
    assert_eq!(cases(&["--severity", "critical"]).1, ["mixed-2"]);
    assert_eq!(
        cases(&["--tag", "adapters", "--tag", "startup"]).1,
        ["mixed-1", "mixed-2"]
    );
    assert_eq!(cases(&["password"]).1, ["mixed-2"]);
    assert_eq!(
        cases(&["mixed-1", "mixed-3"]),
        (0, vec!["mixed-1".into(), "mixed-3".into()])
    );
}

#[test]
fn a_misspelt_filter_is_an_error_and_no_match_is_never_green() {
    let (typo, _a) = run_mixed(&["--category", "validaton"]);
    assert_eq!(exit_code(&typo), 2);
    assert!(
        stderr(&typo).contains("unknown category `validaton`"),
        "{}",
        stderr(&typo)
    );
    let (severity, _b) = run_mixed(&["--severity", "fatal"]);
    assert_eq!(exit_code(&severity), 2);
    let (nothing, records) = run_mixed(&["no-such-case"]);
    assert_eq!(exit_code(&nothing), 4, "{}", stderr(&nothing));
    assert!(
        stderr(&nothing).contains("no fault cases matched"),
        "{}",
        stderr(&nothing)
    );
    assert!(!records.path().join("summary.json").exists());
}

#[test]
fn shards_merge_back_into_the_whole_run() {
    for strategy in ["hash", "count"] {
        let (first, a) = run_mixed(&["--no-fail-fast", "--partition", &format!("{strategy}:1/2")]);
        let (second, b) = run_mixed(&["--no-fail-fast", "--partition", &format!("{strategy}:2/2")]);
        for (shard, output) in [(1, &first), (2, &second)] {
            assert!(
                [0, 1, 4].contains(&exit_code(output)),
                "{strategy} shard {shard}: {}",
                stderr(output)
            );
        }
        let mut ids: Vec<String> = [&a, &b]
            .iter()
            .flat_map(|dir| load_records(dir.path()).into_keys())
            .collect();
        ids.sort();
        assert_eq!(ids, ALL, "{strategy}: every case in exactly one shard");

        let merged = mixed().cargo_faults(&[
            "report",
            a.path().to_str().unwrap(),
            b.path().to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(exit_code(&merged), 1, "{}", stderr(&merged));
        let summary: Value = serde_json::from_str(&stdout(&merged)).unwrap();
        assert_eq!(summary_ids(&summary), ALL);
        assert_eq!(summary["totals"]["passed"], 3);
        assert_eq!(summary["run_ids"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn report_of_passing_records_is_green_and_renders_any_format() {
    let (output, records) = run_mixed(&["--gate", "4"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let dir = records.path().to_str().unwrap();
    let table = mixed().cargo_faults(&["report", dir]);
    assert_eq!(exit_code(&table), 0);
    assert!(
        stdout(&table).contains("2 cases: 2 passed, 0 failed"),
        "{}",
        stdout(&table)
    );
    let junit = mixed().cargo_faults(&["report", dir, "--format", "junit"]);
    let document = roxmltree::Document::parse(std::str::from_utf8(&junit.stdout).unwrap()).unwrap();
    assert_eq!(
        document
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count(),
        0
    );
}

#[test]
fn report_names_a_corrupt_or_foreign_file() {
    let (_, records) = run_mixed(&["--gate", "4"]);
    let dir = records.path();
    let check = |file: &str, content: &str| {
        std::fs::write(dir.join(file), content).unwrap();
        let output = mixed().cargo_faults(&["report", dir.to_str().unwrap()]);
        std::fs::remove_file(dir.join(file)).unwrap();
        assert_eq!(exit_code(&output), 2, "{file}");
        assert!(
            stderr(&output).contains(file),
            "{file}: {}",
            stderr(&output)
        );
    };
    check("notes.json", r#"{"hello": "world"}"#);
    check(
        "half.json",
        r#"{"schema": "fault-runtime/run-record/v1", "run_id""#,
    );
    check("readme.txt", "not a record");
    let missing = mixed().cargo_faults(&["report", "/nonexistent/records"]);
    assert_eq!(exit_code(&missing), 2);
    assert!(stderr(&missing).contains("/nonexistent/records"));
}

#[test]
fn every_case_runs_unless_fail_fast_is_asked_for() {
    let totals = |args: &[&str]| {
        let mut all = vec!["--jobs", "1", "--format", "json", "mixed-4", "mixed-5"];
        all.extend(args);
        let (output, _records) = run_mixed(&all);
        assert_eq!(exit_code(&output), 1, "{args:?}: {}", stderr(&output));
        let summary: Value = serde_json::from_str(&stdout(&output)).unwrap();
        (
            summary["totals"]["failed"].as_u64().unwrap(),
            summary["totals"]["not_run"].as_u64().unwrap(),
        )
    };
    assert_eq!(totals(&[]), (2, 0), "the default runs every selected case");
    assert_eq!(totals(&["--no-fail-fast"]), (2, 0));
    assert_eq!(
        totals(&["--fail-fast"]),
        (1, 1),
        "what was not run is counted"
    );
    let (table, _records) = run_mixed(&["--jobs", "1", "--fail-fast", "mixed-4", "mixed-5"]);
    assert!(
        stdout(&table).contains("2 cases: 0 passed, 1 failed, 1 not run"),
        "{}",
        stdout(&table)
    );
}

#[test]
fn the_matrix_is_generated_and_a_stale_copy_is_caught() {
    let generated = mixed().cargo_faults(&["matrix"]);
    assert_eq!(exit_code(&generated), 0, "{}", stderr(&generated));
    let matrix = stdout(&generated);
    assert!(matrix.starts_with("# Fault matrix: `mixed`"), "{matrix}");
    assert!(
        matrix.contains("| mixed-1 | Missing adapter | validation | 4 | error | yes | no | `MISSING_ADAPTER` | Set the adapter | runs |"),
        "{matrix}"
    );
    let dir = tempfile::tempdir().unwrap();
    let committed = dir.path().join("FAULT_MATRIX.md");
    std::fs::write(&committed, &matrix).unwrap();
    let fresh = mixed().cargo_faults(&["matrix", "--check", committed.to_str().unwrap()]);
    assert_eq!(exit_code(&fresh), 0, "{}", stderr(&fresh));
    std::fs::write(&committed, matrix.replace("Missing adapter", "Old name")).unwrap();
    let stale = mixed().cargo_faults(&["matrix", "--check", committed.to_str().unwrap()]);
    assert_eq!(exit_code(&stale), 1);
    let diff = stderr(&stale);
    assert!(diff.contains("is stale"), "{diff}");
    assert!(diff.contains("-| mixed-1 | Old name |"), "{diff}");
    assert!(diff.contains("+| mixed-1 | Missing adapter |"), "{diff}");
}

#[test]
fn list_shows_the_cases_without_running_them() {
    let output = mixed().cargo_faults(&["list", "--format", "json"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let harnesses: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(harnesses[0]["harness"], "mixed::faults");
    let ids: Vec<&str> = harnesses[0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ALL);
    let table = mixed().cargo_faults(&["list", "--tag", "limits"]);
    assert!(stdout(&table).contains("2 case(s)"), "{}", stdout(&table));
}

#[test]
fn production_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    for (var, value) in [
        ("ENVIRONMENT", "production"),
        ("APP_ENV", "prod"),
        ("RUST_ENV", "production"),
    ] {
        let output = mixed().cargo_faults_with(
            &["--records-dir", records.to_str().unwrap()],
            &[(var, value)],
        );
        assert_eq!(exit_code(&output), 2, "{var}");
        assert!(
            stderr(&output).contains(&format!("{var}={value}")),
            "{}",
            stderr(&output)
        );
        assert!(!records.exists(), "nothing may run");
    }
    let allowed = mixed().cargo_faults_with(
        &[
            "--allow-production",
            "--gate",
            "4",
            "--records-dir",
            records.to_str().unwrap(),
        ],
        &[("ENVIRONMENT", "production")],
    );
    assert_eq!(exit_code(&allowed), 0, "{}", stderr(&allowed));
}

#[test]
fn a_harness_without_cases_is_not_green() {
    let project = Project::new(
        "empty",
        "",
        &[
            ("src/lib.rs", "//! No cases.\n"),
            ("tests/faults.rs", "fault_runtime::main!();\n"),
        ],
    );
    let output = project.cargo_faults(&[]);
    assert_eq!(exit_code(&output), 4, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("fault harness empty::faults"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("has no registered cases"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_workspace_without_fault_harnesses_is_not_green() {
    let project = Project::new(
        "plain",
        "",
        &[
            ("src/lib.rs", "//! No fault harness.\n"),
            (
                "tests/faults.rs",
                "fn main() {\n    println!(\"a custom harness of another kind\");\n}\n",
            ),
        ],
    );
    let output = project.cargo_faults(&[]);
    assert_eq!(exit_code(&output), 4, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no fault harness was found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_build_failure_shows_cargos_diagnostics_and_exits_2() {
    let project = Project::new(
        "broken",
        "",
        &[
            (
                "src/lib.rs",
                "//! Does not compile.\n\npub fn answer() -> u32 {\n    \"forty-two\"\n}\n",
            ),
            ("tests/faults.rs", "fault_runtime::main!();\n"),
        ],
    );
    let output = project.cargo_faults(&[]);
    assert_eq!(exit_code(&output), 2);
    let errors = stderr(&output);
    assert!(
        errors.contains("mismatched types"),
        "cargo's diagnostic is shown: {errors}"
    );
    assert!(
        errors.contains("error: failed to build the test binaries"),
        "{errors}"
    );
}

#[test]
fn one_case_id_in_two_harnesses_gets_a_record_from_each() {
    let project = Project::new(
        "dup",
        "\n[[test]]\nname = \"again\"\nharness = false\n",
        &[
            (
                "src/lib.rs",
                "//! One case, linked twice.\n\n#[fault_runtime::fault_case(expect = \"NotFound\")]\nfn case() -> Result<(), std::io::Error> {\n    Err(std::io::ErrorKind::NotFound.into())\n}\n",
            ),
            (
                "tests/faults.rs",
                "use dup as _;\nfault_runtime::main!();\n",
            ),
            ("tests/again.rs", "use dup as _;\nfault_runtime::main!();\n"),
        ],
    );
    let records = tempfile::tempdir().unwrap();
    let output = project.cargo_faults(&[
        "--format",
        "json",
        "--records-dir",
        records.path().to_str().unwrap(),
    ]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let summary: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let harnesses: Vec<&str> = summary["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["harness"].as_str().unwrap())
        .collect();
    assert_eq!(harnesses, ["dup::again", "dup::faults"]);
    let mut files: Vec<String> = std::fs::read_dir(records.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "summary.json")
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["dup.case@dup.again.json", "dup.case@dup.faults.json"]
    );
}

const DRIFTY_LIB: &str = r#"//! One hardened fault, one known drift.

use fault_runtime::fault_case;

fn refuse() -> Result<(), std::io::Error> {
    Err(std::io::ErrorKind::PermissionDenied.into())
}

/// Hardened
#[fault_case(id = "drifty-1", expect = "PermissionDenied")]
fn hardened() -> Result<(), std::io::Error> {
    refuse()
}

/// Not hardened yet
#[fault_case(id = "drifty-2", expect = "PermissionDenied", drift = "the check is lazy today")]
fn lazy() -> Result<(), std::io::Error> {
    Ok(())
}
"#;

#[test]
fn drift_passes_counted_apart_and_fails_on_request() {
    let project = Project::new(
        "drifty",
        "",
        &[
            ("src/lib.rs", DRIFTY_LIB),
            (
                "tests/faults.rs",
                "use drifty as _;\nfault_runtime::main!();\n",
            ),
        ],
    );
    let output = project.cargo_faults(&["--format", "json"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let summary: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(summary["totals"]["passed"], 1);
    assert_eq!(summary["totals"]["drift"], 1);
    assert_eq!(summary["totals"]["failed"], 0);
    assert_eq!(summary["cases"][1]["verdict"], "drift");

    let table = project.cargo_faults(&[]);
    assert!(
        stdout(&table).contains("2 cases: 1 passed, 0 failed, 1 drift"),
        "{}",
        stdout(&table)
    );

    let junit = project.cargo_faults(&["--format", "junit"]);
    let xml = stdout(&junit);
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

    let strict = project.cargo_faults(&["--drift-as-failure"]);
    assert_eq!(exit_code(&strict), 1, "{}", stderr(&strict));
    let matrix = stdout(&project.cargo_faults(&["matrix"]));
    assert!(
        matrix.contains("| drift: the check is lazy today |"),
        "{matrix}"
    );
}

#[test]
fn selftest_catches_every_canary() {
    let output = std::process::Command::new(cargo_faults_binary())
        .args(["faults", "selftest"])
        .env_remove("ENVIRONMENT")
        .env_remove("APP_ENV")
        .env_remove("RUST_ENV")
        .output()
        .unwrap();
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

#[test]
fn help_documents_the_exit_codes() {
    let output = std::process::Command::new(cargo_faults_binary())
        .args(["faults", "--help"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 0);
    let help = stdout(&output);
    for line in [
        "0  every case passed",
        "1  a case failed",
        "4  no fault cases matched",
    ] {
        assert!(help.contains(line), "{help}");
    }
}
