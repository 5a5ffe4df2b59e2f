//! Every run switch reaches the harnesses as its `FAULTS_*` variable, set to `1` or `0` each
//! time, so a value in the user's environment never reaches them behind the command line's
//! back; and `--control`'s cases without a control are named without failing the run. On the
//! `switches` project: a harness that writes down the switches it was started with, and one
//! case no control can be derived for.

use faults_tests::{FaultsRun, assert_contains, project};

/// Runs `cargo faults <args>` on `switches` with `env`, and returns the run and the switches
/// its harness saw, one line per run of it.
fn seen(args: &[&str], env: &[(&str, &str)]) -> (FaultsRun, Vec<String>) {
    let file = tempfile::NamedTempFile::new().unwrap();
    let path = file.path().to_str().unwrap().to_owned();
    let mut all = vec![("SWITCHES_SEEN", path.as_str())];
    all.extend(env);
    let run = project("switches").run_with(args, &all);
    let lines = std::fs::read_to_string(file.path())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    (run, lines)
}

/// The value of `name` on a line of [`seen`].
fn value<'a>(line: &'a str, name: &str) -> &'a str {
    line.split(' ')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}

#[test]
fn control_reaches_the_harness_as_faults_control() {
    let (run, lines) = seen(&["--control"], &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(lines.len(), 1, "one run of the harness: {lines:?}");
    assert_eq!(value(&lines[0], "FAULTS_CONTROL"), "1");
    for other in [
        "FAULTS_FAIL_FAST",
        "FAULTS_STRICT",
        "FAULTS_STRICT_GATES",
        "FAULTS_DRIFT_AS_FAILURE",
    ] {
        assert_eq!(value(&lines[0], other), "0", "{other} is set off, not left");
    }

    let (run, lines) = seen(&[], &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        value(&lines[0], "FAULTS_CONTROL"),
        "0",
        "off is said, not left unset"
    );
}

#[test]
fn faults_control_in_the_environment_is_read_like_the_flag() {
    let (run, lines) = seen(&[], &[("FAULTS_CONTROL", "Yes")]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        value(&lines[0], "FAULTS_CONTROL"),
        "1",
        "passed as cargo faults read it"
    );
    let (run, lines) = seen(&["--control"], &[("FAULTS_CONTROL", "off")]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(value(&lines[0], "FAULTS_CONTROL"), "1", "the flag wins");

    let (run, lines) = seen(&[], &[("FAULTS_CONTROL", "enabled")]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_contains(&run.stderr(), "FAULTS_CONTROL=\"enabled\" is not a boolean");
    assert!(lines.is_empty(), "no harness ran: {lines:?}");
}

#[test]
fn a_case_without_a_control_is_named_and_counted_without_failing_the_run() {
    let (run, _) = seen(&["--control"], &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.last().copied(),
        Some("1 case: 1 passed, 0 failed, 1 without a control"),
        "{stdout}"
    );
    assert!(
        lines[lines.len() - 2].starts_with("no control could be derived for: switches-1 ("),
        "{stdout}"
    );
    assert_contains(&stdout, "refused (no control)");
    let summary = run.summary();
    assert_eq!(summary["totals"]["without_control"], 1);
    assert_eq!(summary["cases"][0]["control"]["ran"], false);
    assert!(summary["cases"][0]["control"]["reason"].is_string());

    let (plain, _) = seen(&[], &[]);
    assert_eq!(
        plain.summary()["cases"][0]["control"],
        serde_json::Value::Null
    );
    let stdout = plain.stdout();
    assert_eq!(
        stdout.lines().last(),
        Some("1 case: 1 passed, 0 failed"),
        "{stdout}"
    );
}
