//! Syscall faults and sweeps proven both ways, from the records of the `syscalls` fixture: the
//! Nth call fails and only it, counts are exact, the fault reaches started programs, stdio is
//! exempt, a spec that never fires is `not_exercised`, a swallowed error is
//! `silent_acceptance`, and sweeps stop at the first run that is not loud.

use std::sync::OnceLock;

use faults_tests::{HarnessRun, run_harness};
use serde_json::{Value, json};

const FIXTURE: &str = env!("CARGO_BIN_EXE_syscalls");
const NO_ENV: [(&str, &str); 0] = [];

fn run() -> &'static HarnessRun {
    static RUN: OnceLock<HarnessRun> = OnceLock::new();
    RUN.get_or_init(|| run_harness(FIXTURE.as_ref(), &["--test-threads", "4"], &NO_ENV))
}

fn record(name: &str) -> &'static Value {
    run().record(&format!("syscalls::{name}"))
}

fn verdict(name: &str) -> &'static str {
    record(name)["verdict"].as_str().unwrap()
}

fn counts(name: &str) -> &'static Value {
    &record(name)["environment"]["syscalls"]
}

#[test]
fn every_syscall_fault_is_proven_both_ways() {
    let expected = [
        ("third_write_fails", "refused"),
        ("writes_fail_from_the_second", "refused"),
        ("write_count_never_reached", "not_exercised"),
        ("fsync_never_called", "not_exercised"),
        ("failed_write_swallowed", "silent_acceptance"),
        ("stdio_is_never_failed", "refused"),
        ("fault_reaches_a_started_program", "refused"),
        ("started_program_control", "silent_acceptance"),
        ("one_of_two_specs_never_fires", "not_exercised"),
        ("sweep_loud_at_every_write", "refused"),
        ("sweep_swallowed_at_the_third_write", "silent_acceptance"),
        ("sweep_with_two_codes", "refused"),
        ("sweep_bounded", "hung"),
        ("sweep_never_injects", "not_exercised"),
        ("failpoint_sweep_loud", "refused"),
        ("failpoint_sweep_swallowed", "silent_acceptance"),
    ];
    for (case, want) in expected {
        assert_eq!(verdict(case), want, "{case}: {:#}", record(case));
    }
}

#[test]
fn every_record_matches_the_schema() {
    assert!(run().records.len() >= 16, "{:?}", run().records.keys());
    for (id, record) in &run().records {
        if let Err(errors) = faults_tests::validate(record) {
            panic!("{id}: {errors}");
        }
    }
}

#[test]
fn only_the_nth_call_fails_and_the_counts_are_exact() {
    assert_eq!(
        counts("third_write_fails"),
        &json!([{"spec": "write:ENOSPC@3", "calls": 3, "injected": 1}])
    );
    let stderr = record("third_write_fails")["output"]["stderr_tail"]
        .as_str()
        .unwrap();
    assert!(stderr.contains("write 3 failed"), "{stderr}");
    assert_eq!(
        counts("writes_fail_from_the_second"),
        &json!([{"spec": "write:EIO@2..", "calls": 5, "injected": 4}])
    );
    assert_eq!(
        counts("write_count_never_reached"),
        &json!([{"spec": "write:ENOSPC@7", "calls": 5, "injected": 0}])
    );
}

#[test]
fn a_spec_that_fails_nothing_says_so() {
    let message = record("fsync_never_called")["observed"]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("syscall fault `fsync:EIO` failed no call"),
        "{message}"
    );
    let both = counts("one_of_two_specs_never_fires");
    assert_eq!(both[0]["injected"], 1, "{both}");
    assert_eq!(both[1]["spec"], "openat:EACCES@9", "{both}");
    assert_eq!(both[1]["injected"], 0, "{both}");
}

#[test]
fn stdio_and_the_report_channel_are_exempt() {
    let seen = record("stdio_is_never_failed");
    assert_eq!(counts("stdio_is_never_failed")[0]["calls"], 1, "{seen:#}");
    let stdout = seen["output"]["stdout_tail"].as_str().unwrap();
    assert!(stdout.contains("stdout still works"), "{stdout}");
    let stderr = seen["output"]["stderr_tail"].as_str().unwrap();
    assert!(stderr.contains("stderr still works"), "{stderr}");
}

#[test]
fn the_fault_reaches_a_program_the_body_starts() {
    let seen = record("fault_reaches_a_started_program");
    let stderr = seen["output"]["stderr_tail"].as_str().unwrap();
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(
        counts("fault_reaches_a_started_program")[0]["injected"]
            .as_u64()
            .unwrap()
            >= 1
    );
}

/// `(run, injected, fired, baseline, verdict, status, code)` of every run of a sweep.
fn sweep_rows(name: &str) -> Vec<Value> {
    record(name)["sweep"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} has no sweep rows: {:#}", record(name)))
        .iter()
        .map(|row| {
            json!([
                row["run"],
                row["injected"],
                row["fired"],
                row["baseline"],
                row["verdict"],
                row["status"],
                row["code"]
            ])
        })
        .collect()
}

#[test]
fn a_sweep_loud_at_every_call_passes_with_its_baseline_last() {
    let rows = sweep_rows("sweep_loud_at_every_write");
    let mut expected: Vec<Value> = (1..=4)
        .map(|n| {
            json!([
                n,
                format!("write:ENOSPC@{n}"),
                true,
                false,
                "refused",
                "passed",
                "STORE_FULL"
            ])
        })
        .collect();
    expected.push(json!([
        5,
        "write:ENOSPC@5",
        false,
        true,
        null,
        "passed",
        null
    ]));
    assert_eq!(rows, expected);
    let both = sweep_rows("sweep_with_two_codes");
    assert_eq!(both.len(), 3, "{both:?}");
    assert_eq!(
        both[2],
        json!([
            3,
            "write:EIO@3",
            false,
            true,
            "refused",
            "passed",
            "STORE_FULL"
        ])
    );
    assert_eq!(
        record("sweep_with_two_codes")["expected"]["codes"],
        json!(["STORE_FULL", "STORE_IO"])
    );
}

#[test]
fn a_sweep_stops_at_the_run_that_swallowed_the_fault_and_names_it() {
    let rows = sweep_rows("sweep_swallowed_at_the_third_write");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        rows[2],
        json!([
            3,
            "write:ENOSPC@3",
            true,
            false,
            "silent_acceptance",
            "failed",
            null
        ])
    );
    let stdout = run().stdout();
    assert!(
        stdout.contains("reproduce: `syscalls = [\"write:ENOSPC@3\"]` in place of `sweep`"),
        "{stdout}"
    );
}

#[test]
fn a_sweep_without_a_baseline_is_hung_and_one_that_injects_nothing_not_exercised() {
    assert_eq!(sweep_rows("sweep_bounded").len(), 3);
    let message = record("sweep_bounded")["observed"]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("no run without the fault in 3 runs"),
        "{message}"
    );
    let rows = sweep_rows("sweep_never_injects");
    assert_eq!(
        rows,
        [json!([
            1,
            "fsync:EIO@1",
            false,
            false,
            "not_exercised",
            "failed",
            null
        ])]
    );
}

#[test]
fn a_failpoint_sweep_fails_every_site_reached_and_lists_the_others() {
    let rows = sweep_rows("failpoint_sweep_loud");
    let injected: Vec<&Value> = rows.iter().map(|row| &row[1]).collect();
    assert_eq!(
        injected,
        [
            &Value::Null,
            &json!("fixture.open=return"),
            &json!("fixture.write=return"),
            &json!("fixture.open=return;fixture.cleanup=return"),
        ],
        "the error path's site fails together with the failure that reached it"
    );
    assert!(
        rows[0][3].as_bool().unwrap(),
        "the first run is the baseline"
    );
    assert_eq!(
        record("failpoint_sweep_loud")["sweep_sites"],
        json!({
            "reached": ["fixture.open", "fixture.write", "fixture.cleanup"],
            "unreached": ["fixture.elsewhere"],
        })
    );
    let swallowed = sweep_rows("failpoint_sweep_swallowed");
    assert_eq!(swallowed.len(), 2, "{swallowed:?}");
    assert_eq!(swallowed[1][4], "silent_acceptance");
}

/// Runs the fixture with `seccomp(2)` itself failing with ENOSYS, as on a kernel without
/// seccomp filters: every case with syscall faults must be `missing_dependency`, naming it.
#[cfg(target_os = "linux")]
#[test]
fn without_seccomp_syscall_faults_are_a_missing_dependency() {
    use std::os::unix::process::CommandExt;

    let run = faults_tests::run_harness_with(
        FIXTURE.as_ref(),
        &["--test-threads", "2"],
        &NO_ENV,
        |cmd| {
            // SAFETY: between fork and exec only async-signal-safe prctl calls are made, on
            // data prepared before the fork.
            unsafe { cmd.pre_exec(faults_tests::deny_seccomp) };
        },
    );
    let seen = run.record("syscalls::third_write_fails");
    assert_eq!(seen["verdict"], "missing_dependency", "{seen:#}");
    let message = seen["observed"]["message"].as_str().unwrap();
    assert!(message.contains("seccomp"), "{message}");
    assert_eq!(
        run.verdict("syscalls::started_program_control"),
        "silent_acceptance",
        "a case without syscall faults runs as always"
    );
}
