//! Nothing a case starts outlives it, only the case's own process reports, and nothing is
//! inherited: the `containment` fixture, checked from its records and by pid.

use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use faults_tests::{FixtureRun, harness_command, process_alive, run_harness_with, wait_until};
use serde_json::json;

const FIXTURE: &str = env!("CARGO_BIN_EXE_containment");

/// How long a killed process may take to disappear: far more than it ever needs.
const GONE_WITHIN: Duration = Duration::from_secs(20);

/// The descriptor the harness inherits without close-on-exec.
const INHERITED_FD: i32 = 9;

/// The whole fixture, once, started with an inheritable descriptor beyond stdio.
fn run() -> &'static FixtureRun {
    static RUN: OnceLock<FixtureRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let pid_dir = tempfile::tempdir().expect("pid dir");
        let leaked = std::fs::File::open("/dev/null").expect("/dev/null opens");
        let fd = leaked.as_raw_fd();
        let run = run_harness_with(
            FIXTURE.as_ref(),
            &["--test-threads", "2", "--skip", "escape_"],
            &[("FIXTURE_PID_DIR", pid_dir.path())],
            |command| {
                // SAFETY: dup2(2) is async-signal-safe; the duplicate has no close-on-exec flag,
                // as a descriptor a careless parent leaks would not.
                unsafe {
                    command.pre_exec(move || {
                        if libc::dup2(fd, INHERITED_FD) < 0 {
                            return Err(std::io::Error::last_os_error());
                        }
                        Ok(())
                    });
                }
            },
        );
        drop(leaked);
        FixtureRun { run, pid_dir }
    })
}

fn case(name: &str) -> String {
    format!("containment::{name}")
}

fn pid_of(dir: &Path, name: &str) -> u32 {
    let path = dir.join(format!("{name}.pid"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .trim()
        .parse()
        .expect("a pid")
}

#[test]
fn every_way_of_leaving_a_process_behind_is_leaked_process() {
    let run = run();
    for name in [
        "unwaited_child",
        "own_session",
        "own_process_group",
        "double_fork",
    ] {
        let record = run.run.record(&case(name));
        assert_eq!(record["verdict"], "leaked_process", "{name}");
        assert_eq!(record["status"], "failed", "{name}");
        assert_eq!(record["containment"], "subreaper", "{name}");
        let pid = pid_of(run.pid_dir.path(), name);
        assert_eq!(
            record["leaked_processes"],
            json!([{"pid": pid, "command": "sleep 300"}]),
            "{name}"
        );
        assert!(
            wait_until(GONE_WITHIN, || !process_alive(pid)),
            "{name}: pid {pid} survived its case"
        );
        let message = record["observed"]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("pid {pid} `sleep 300`")),
            "{message}"
        );
    }
}

#[test]
fn a_waited_child_and_a_zombie_are_not_leaks() {
    let run = &run().run;
    for name in ["waited_child", "zombie_child"] {
        assert_eq!(run.verdict(&case(name)), "refused", "{name}");
        assert_eq!(run.record(&case(name))["leaked_processes"], json!([]));
    }
}

#[test]
fn a_report_from_any_process_but_the_case_itself_is_rejected() {
    let run = &run().run;
    let forged = run.record(&case("report_from_a_fork"));
    assert_eq!(forged["verdict"], "crashed");
    let message = forged["observed"]["message"].as_str().unwrap();
    assert!(
        message.contains("not from the case's own process"),
        "{message}"
    );
    assert_eq!(run.verdict(&case("fork_that_exits")), "refused");
}

#[test]
fn the_case_inherits_nothing_beyond_stdio_and_its_report_channel() {
    let run = &run().run;
    assert_eq!(
        run.verdict(&case("inherits_no_descriptor")),
        "refused",
        "{}",
        run.record(&case("inherits_no_descriptor"))["output"]["stderr_tail"]
    );
    assert_eq!(
        run.verdict(&case("inherits_no_descriptor_control")),
        "silent_acceptance",
        "the check sees a descriptor that is open"
    );
}

#[test]
fn an_escaped_writer_never_reaches_the_next_cases_sandbox() {
    let pid_dir = tempfile::tempdir().unwrap();
    let run = run_harness_with(
        FIXTURE.as_ref(),
        &["--test-threads", "1", "escape_"],
        &[("FIXTURE_PID_DIR", pid_dir.path())],
        |_| {},
    );
    assert_eq!(run.verdict(&case("escape_a_writer")), "leaked_process");
    assert_eq!(
        run.verdict(&case("escape_b_sandbox_stays_untouched")),
        "refused"
    );
    let writer = pid_of(pid_dir.path(), "escape_a_writer");
    assert!(wait_until(GONE_WITHIN, || !process_alive(writer)));
}

/// Starts the fixture's long case and waits until it and its child run.
fn start_interruptible(
    pid_dir: &Path,
    records: &Path,
    temp: &Path,
) -> (Child, [u32; 2], std::path::PathBuf) {
    let mut command = harness_command(FIXTURE.as_ref(), records);
    command
        .args([
            "--ignored",
            "--exact",
            "containment::interrupted_with_children",
        ])
        .env("FIXTURE_PID_DIR", pid_dir)
        .env("TMPDIR", temp)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let harness = command.spawn().expect("the harness starts");
    assert!(
        wait_until(Duration::from_secs(60), || pid_dir
            .join("interrupted_case.pid")
            .exists()),
        "the case never started"
    );
    let pids = [
        pid_of(pid_dir, "interrupted_case"),
        pid_of(pid_dir, "interrupted_child"),
    ];
    let sandbox = std::fs::read_to_string(pid_dir.join("interrupted_sandbox.pid")).unwrap();
    (harness, pids, sandbox.into())
}

/// Interrupts the harness with `signal` mid-case; nothing it started may survive.
fn interrupt_with(signal: i32) -> std::process::ExitStatus {
    let pid_dir = tempfile::tempdir().unwrap();
    let records = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let (mut harness, pids, sandbox) =
        start_interruptible(pid_dir.path(), records.path(), temp.path());
    for pid in pids {
        assert!(process_alive(pid), "pid {pid} runs before the interrupt");
    }
    assert!(sandbox.is_dir());
    // SAFETY: kill(2) on the pid of a child this test started and has not reaped.
    unsafe { libc::kill(harness.id() as i32, signal) };
    let mut status = None;
    assert!(
        wait_until(GONE_WITHIN, || {
            status = harness.try_wait().expect("wait for the harness");
            status.is_some()
        }),
        "the harness did not end after signal {signal}"
    );
    for pid in pids {
        assert!(
            wait_until(GONE_WITHIN, || !process_alive(pid)),
            "signal {signal}: pid {pid} survived the harness"
        );
    }
    assert!(
        wait_until(GONE_WITHIN, || !sandbox.exists()),
        "signal {signal}: the sandbox {} was left behind",
        sandbox.display()
    );
    let left: Vec<_> = std::fs::read_dir(temp.path()).unwrap().collect();
    assert!(left.is_empty(), "signal {signal}: {left:?} left in TMPDIR");
    status.expect("the harness ended")
}

#[test]
fn sigint_stops_the_case_and_everything_it_started() {
    let status = interrupt_with(libc::SIGINT);
    assert!(!status.success(), "{status}");
}

#[test]
fn sigterm_stops_the_case_and_everything_it_started() {
    let status = interrupt_with(libc::SIGTERM);
    assert!(!status.success(), "{status}");
}

#[test]
fn sigkill_of_the_harness_takes_its_cases_with_it() {
    let status = interrupt_with(libc::SIGKILL);
    assert!(!status.success(), "{status}");
}
