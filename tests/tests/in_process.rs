//! In-process cases (`isolation = "none"`): process-wide state is restored and fails the case
//! that changed it, an abandoned body cannot report into a later case, what a body leaves
//! running is killed, and a body that calls `exit()` never ends the run green.

use std::sync::OnceLock;
use std::time::Duration;

use faults_tests::{FixtureRun, process_alive, run_harness, wait_until};
use serde_json::json;

const FIXTURE: &str = env!("CARGO_BIN_EXE_in-process");
const EXITING: &str = env!("CARGO_BIN_EXE_in-process-exit");
const NO_ENV: [(&str, &str); 0] = [];

/// The fixture once, in id order on one thread, from a known working directory.
fn run() -> &'static FixtureRun {
    static RUN: OnceLock<FixtureRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let pid_dir = tempfile::tempdir().expect("pid dir");
        let cwd = std::env::current_dir().expect("cwd");
        let run = run_harness(
            FIXTURE.as_ref(),
            &["--test-threads", "1"],
            &[
                ("FIXTURE_PID_DIR", pid_dir.path()),
                ("FIXTURE_ORIGINAL_CWD", cwd.as_path()),
                ("FIXTURE_IN_PROCESS_KEPT", "original".as_ref()),
                ("FIXTURE_IN_PROCESS_DOOMED", "present".as_ref()),
            ],
        );
        FixtureRun { run, pid_dir }
    })
}

fn case(name: &str) -> String {
    format!("in_process::{name}")
}

#[test]
fn changed_variables_and_directory_are_restored_and_fail_the_case() {
    let run = &run().run;
    let changed = run.record(&case("a_changes_env_and_cwd"));
    assert_eq!(changed["verdict"], "side_effects");
    assert_eq!(
        changed["side_effects"],
        json!([
            {"path": "cwd", "change": "modified"},
            {"path": "env:FIXTURE_IN_PROCESS_LEAK", "change": "created"}
        ])
    );
    assert_eq!(changed["isolation"], "none");
    assert_eq!(
        run.verdict(&case("b_sees_a_clean_process")),
        "refused",
        "the next case sees the process as it was"
    );
    assert_eq!(run.verdict(&case("c_changes_nothing")), "refused");
}

/// Every change to a variable the harness had is caught and undone, however it was made, and
/// one undone by the body itself leaves nothing to report.
#[test]
fn a_changed_or_removed_variable_is_caught_and_put_back() {
    let run = &run().run;
    let effects = |name: &str| run.record(&case(name))["side_effects"].clone();
    assert_eq!(run.verdict(&case("c1_modifies_a_variable")), "side_effects");
    assert_eq!(
        effects("c1_modifies_a_variable"),
        json!([{"path": "env:FIXTURE_IN_PROCESS_KEPT", "change": "modified"}])
    );
    assert_eq!(run.verdict(&case("c2_removes_a_variable")), "side_effects");
    assert_eq!(
        effects("c2_removes_a_variable"),
        json!([{"path": "env:FIXTURE_IN_PROCESS_DOOMED", "change": "deleted"}])
    );
    assert_eq!(run.verdict(&case("c3_sets_a_variable_back")), "refused");
    assert_eq!(effects("c3_sets_a_variable_back"), json!([]));
}

#[test]
fn an_abandoned_body_cannot_report_into_a_later_case() {
    let fixture = run();
    let run = &fixture.run;
    assert_eq!(run.verdict(&case("d_hangs_then_warns")), "hung");
    assert!(
        fixture.pid_dir.path().join("d_warned").exists(),
        "the abandoned body reported its warning while the next case ran"
    );
    let later = run.record(&case("e_gets_no_warning_of_another_case"));
    assert_eq!(later["verdict"], "silent_acceptance");
    assert_eq!(later["warnings"], json!([]));
}

#[test]
fn bodies_share_one_thread_until_one_is_abandoned() {
    let run = &run().run;
    assert_eq!(run.verdict(&case("ea_runs_on_a_new_thread")), "refused");
    assert_eq!(run.verdict(&case("g_notes_its_thread")), "refused");
    assert_eq!(run.verdict(&case("h_runs_on_the_same_thread")), "refused");
}

#[test]
fn a_process_an_in_process_body_leaves_running_is_killed_and_named() {
    let run = run();
    let record = run.run.record(&case("f_leaves_a_child"));
    assert_eq!(record["verdict"], "leaked_process");
    let pid: u32 = std::fs::read_to_string(run.pid_dir.path().join("in_process_child.pid"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        record["leaked_processes"],
        json!([{"pid": pid, "command": "sleep 300"}])
    );
    assert!(wait_until(Duration::from_secs(20), || !process_alive(pid)));
}

#[test]
fn exit_inside_the_harness_process_fails_the_run_and_names_the_case() {
    let run = run_harness(EXITING.as_ref(), &["--test-threads", "1"], &NO_ENV);
    assert_eq!(run.output.status.code(), Some(101), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("in-process fault case `in_process_exit::b_exits_zero` called exit()"),
        "{}",
        run.stderr()
    );
    assert_eq!(run.verdict("in_process_exit::a_refuses"), "refused");
    let exited = run.record("in_process_exit::b_exits_zero");
    assert_eq!(exited["verdict"], "crashed");
    assert!(
        exited["observed"]["message"]
            .as_str()
            .unwrap()
            .contains("called exit() inside the harness process")
    );
    assert!(
        !run.records
            .contains_key("in_process_exit::c_after_the_exit"),
        "the run ended at the exit"
    );
}

#[test]
fn exit_inside_the_harness_process_fails_a_single_case_run_as_nextest_makes() {
    let run = run_harness(
        EXITING.as_ref(),
        &["--exact", "in_process_exit::b_exits_zero", "--nocapture"],
        &NO_ENV,
    );
    assert_eq!(run.output.status.code(), Some(101), "{}", run.stderr());
    assert_eq!(run.verdict("in_process_exit::b_exits_zero"), "crashed");
}
