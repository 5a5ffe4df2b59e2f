//! The harness's own adversarial fixtures: every way a case can misbehave must get its verdict.

use std::sync::OnceLock;

use faults_tests::{FixtureRun, process_alive, run_harness};

const FIXTURE: &str = env!("CARGO_BIN_EXE_adversarial");
const SECRET: &str = "hunter2-do-not-leak";

/// Runs the whole fixture harness once; every test below inspects the same run.
fn run() -> &'static FixtureRun {
    static RUN: OnceLock<FixtureRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let pid_dir = tempfile::tempdir().expect("pid dir");
        let run = run_harness(
            FIXTURE.as_ref(),
            &["--test-threads", "4"],
            &[
                ("FIXTURE_SECRET", SECRET.as_ref()),
                ("FIXTURE_PID_DIR", pid_dir.path().as_os_str()),
            ],
        );
        FixtureRun { run, pid_dir }
    })
}

/// libtest's result word (`ok`, `FAILED`, `ignored`) for a case, whatever the column padding.
fn result_of(stdout: &str, name: &str) -> String {
    let prefix = format!("test {} ", case(name));
    let line = stdout
        .lines()
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no result line for {name} in:\n{stdout}"));
    line.rsplit(' ').next().unwrap_or_default().to_owned()
}

fn case(name: &str) -> String {
    format!("adversarial::{name}")
}

#[test]
fn every_misbehaviour_gets_its_verdict() {
    let expected = [
        ("refuses_as_expected", "refused"),
        ("refuses_at_the_labelled_gate", "refused"),
        ("io_error_reports_no_gate", "refused"),
        ("silently_accepts", "silent_acceptance"),
        ("refuses_with_another_code", "wrong_code"),
        ("refuses_at_another_gate", "wrong_gate"),
        ("panics", "panicked"),
        ("exits_zero_midway", "crashed"),
        ("aborts", "crashed"),
        ("killed_by_a_signal", "crashed"),
        ("hangs_past_its_timeout", "hung"),
        ("leaves_a_grandchild_behind", "leaked_process"),
        ("writes_a_file_under_halt", "side_effects"),
        ("writes_under_home_and_tmpdir", "side_effects"),
        ("writes_a_file_without_halt", "refused"),
        ("floods_stdout", "refused"),
        ("secret_is_invisible", "refused"),
        ("secret_is_invisible_control", "silent_acceptance"),
        ("env_remove_really_removes", "refused"),
        ("env_remove_really_removes_control", "silent_acceptance"),
        ("runs_in_a_fresh_sandbox", "refused"),
        ("sandbox_a_is_dirtied", "refused"),
        ("sandbox_b_starts_empty", "refused"),
    ];
    let run = &run().run;
    let mismatches: Vec<String> = expected
        .iter()
        .filter(|(name, verdict)| run.verdict(&case(name)) != *verdict)
        .map(|(name, verdict)| {
            format!(
                "{name}: expected {verdict}, got {}",
                run.verdict(&case(name))
            )
        })
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert_eq!(
        run.records.len(),
        expected.len(),
        "one record per case that ran"
    );
    for (name, verdict) in expected {
        let status = if verdict == "refused" {
            "passed"
        } else {
            "failed"
        };
        assert_eq!(run.record(&case(name))["status"], status, "{name}");
    }
}

#[test]
fn a_failed_case_fails_the_harness_and_explains_itself() {
    let run = &run().run;
    assert_eq!(
        run.output.status.code(),
        Some(101),
        "libtest's failure status"
    );
    let stdout = run.stdout();
    assert_eq!(result_of(&stdout, "silently_accepts"), "FAILED");
    assert_eq!(result_of(&stdout, "refuses_as_expected"), "ok");
    let explanation = stdout
        .split("---- adversarial::refuses_with_another_code ----")
        .nth(1)
        .expect("the failure is explained");
    assert!(
        explanation.contains("verdict:  wrong_code"),
        "{explanation}"
    );
    assert!(
        explanation.contains("expected: refusal EXPECTED at gate 4"),
        "{explanation}"
    );
    assert!(
        explanation.contains("observed: refusal SOMETHING_ELSE at gate 4"),
        "{explanation}"
    );
    let halted = stdout
        .split("---- adversarial::writes_a_file_under_halt ----")
        .nth(1)
        .expect("the side effect is explained");
    assert!(halted.contains("created out/artifact.json"), "{halted}");
}

/// With `RUST_BACKTRACE=1` the backtrace follows the `panicked at` line on stderr and can push
/// it out of the output tail a record keeps; the panic hook's location stays in the message.
#[test]
fn a_panic_is_located_even_with_a_backtrace() {
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--exact", &case("panics")],
        &[("RUST_BACKTRACE", "1")],
    );
    let record = run.record(&case("panics"));
    let message = record["observed"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("panicked: the validator fell over (at tests/fixtures/adversarial.rs:"),
        "{message}"
    );
    let stderr = record["output"]["stderr_tail"].as_str().unwrap_or_default();
    assert!(
        stderr.contains("stack backtrace"),
        "the backtrace was printed: {stderr}"
    );
}

#[test]
fn a_process_that_ends_without_a_verdict_is_named_not_passed() {
    let run = &run().run;
    let exited = &run.record(&case("exits_zero_midway"))["observed"];
    assert_eq!(exited["exit_code"], 0);
    assert_eq!(exited["code"], serde_json::Value::Null);
    assert!(
        exited["message"]
            .as_str()
            .unwrap()
            .contains("exited with code 0 before reporting")
    );
    let aborted = &run.record(&case("aborts"))["observed"];
    assert_eq!(aborted["signal"], 6);
    assert!(aborted["message"].as_str().unwrap().contains("SIGABRT"));
    let killed = &run.record(&case("killed_by_a_signal"))["observed"];
    assert_eq!(killed["signal"], 9);
    let panicked = &run.record(&case("panics"))["observed"];
    let message = panicked["message"].as_str().unwrap();
    assert!(
        message.starts_with("panicked: the validator fell over (at tests/fixtures/adversarial.rs:"),
        "the panic's message and where it happened: {message}"
    );
}

#[test]
fn the_watchdog_kills_a_hung_case_at_its_timeout() {
    let run = run();
    let record = run.run.record(&case("hangs_past_its_timeout"));
    assert_eq!(record["performance"]["timed_out"], true);
    assert_eq!(record["timeout_ms"], 5000);
    // A lower bound only: a loaded machine makes the case take longer, never shorter.
    let ms = record["performance"]["duration_ms"].as_f64().unwrap();
    assert!(ms >= 5000.0, "killed after {ms} ms, before its timeout");
}

#[test]
fn no_process_outlives_its_case() {
    let run = run();
    let pids: Vec<u32> = std::fs::read_dir(run.pid_dir.path())
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".pid").map(|pid| pid.parse().unwrap())
        })
        .collect();
    assert_eq!(pids.len(), 2, "both sleeper cases started a grandchild");
    let survivors: Vec<u32> = pids.into_iter().filter(|pid| process_alive(*pid)).collect();
    assert!(
        survivors.is_empty(),
        "grandchildren survived: {survivors:?}"
    );
}

#[test]
fn a_flood_of_output_is_drained_and_only_its_tail_kept() {
    let record = run().run.record(&case("floods_stdout"));
    let output = &record["output"];
    assert!(output["stdout_bytes"].as_u64().unwrap() >= 100 << 20);
    let tail = output["stdout_tail"].as_str().unwrap();
    assert!(tail.ends_with("end of flood\n"), "{tail:?}");
    assert!(tail.len() <= 4096);
    assert_eq!(output["stderr_tail"], "flood done\n");
}

#[test]
fn side_effects_are_listed_and_fail_only_under_halt() {
    let run = &run().run;
    let halted = run.record(&case("writes_a_file_under_halt"));
    assert_eq!(
        halted["side_effects"],
        serde_json::json!([
            {"path": "out", "change": "created"},
            {"path": "out/artifact.json", "change": "created"}
        ])
    );
    let relaxed = run.record(&case("writes_a_file_without_halt"));
    assert_eq!(
        relaxed["side_effects"],
        serde_json::json!([{"path": "notes.txt", "change": "created"}])
    );
    assert_eq!(relaxed["verdict"], "refused");
}

#[test]
fn gates_are_verified_only_when_reported() {
    let run = &run().run;
    let io = &run.record(&case("io_error_reports_no_gate"))["observed"];
    assert_eq!(io["gate"], serde_json::Value::Null);
    assert_eq!(io["gate_verified"], false);
    assert_eq!(io["code"], "NotFound");
    let labelled = &run.record(&case("refuses_at_the_labelled_gate"))["observed"];
    assert_eq!(labelled["gate"], "STARTUP");
    assert_eq!(labelled["gate_verified"], true);
    let wrong = &run.record(&case("refuses_at_another_gate"))["observed"];
    assert_eq!(wrong["gate"], 4);
    assert_eq!(wrong["gate_verified"], false);
}

#[test]
fn records_name_variables_but_never_their_values() {
    let run = &run().run;
    let env = &run.record(&case("env_remove_really_removes"))["environment"];
    assert_eq!(env["set"], serde_json::json!(["DB_URL", "DB_PASSWORD"]));
    assert_eq!(env["removed"], serde_json::json!(["DB_PASSWORD"]));
    let passed = &run.record(&case("secret_is_invisible_control"))["environment"];
    assert_eq!(passed["passed"], serde_json::json!(["FIXTURE_SECRET"]));
    for (id, record) in &run.records {
        let text = record.to_string();
        assert!(!text.contains(SECRET), "{id} leaks the secret");
        assert!(!text.contains("postgres://db"), "{id} leaks an env value");
    }
}

#[test]
fn a_dirtied_sandbox_is_removed_and_never_handed_to_the_next_case() {
    let pid_dir = tempfile::tempdir().unwrap();
    let run = run_harness(
        FIXTURE.as_ref(),
        &["--test-threads", "1", "sandbox_"],
        &[("FIXTURE_PID_DIR", pid_dir.path())],
    );
    assert!(run.output.status.success(), "{}", run.stdout());
    assert_eq!(run.verdict(&case("sandbox_b_starts_empty")), "refused");
    let dirtied = run.record(&case("sandbox_a_is_dirtied"));
    assert_eq!(
        dirtied["side_effects"],
        serde_json::json!([
            {"path": ".", "change": "modified"},
            {"path": "left-behind", "change": "created"}
        ])
    );
    let path = std::fs::read_to_string(pid_dir.path().join("dirtied-sandbox")).unwrap();
    assert!(
        !std::path::Path::new(&path).exists(),
        "{path} was left behind"
    );
}

#[test]
fn an_ignored_case_is_not_run() {
    let run = &run().run;
    assert!(!run.records.contains_key(&case("ignored_by_default")));
    assert_eq!(result_of(&run.stdout(), "ignored_by_default"), "ignored");
}

#[test]
fn every_record_of_one_run_shares_its_run_id() {
    let run = &run().run;
    let ids: std::collections::BTreeSet<&str> = run
        .records
        .values()
        .map(|r| r["run_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
}
