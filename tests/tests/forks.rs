//! The fork server, from the `forks` fixture: a forked case process is a pristine copy of the
//! helper (nothing of an earlier case reaches it), it observes of itself what an exec'd one
//! does, and a fork server killed in the middle of a run costs no case.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use faults_tests::{harness_command, load_records, process_alive, run_harness, wait_until};

const FIXTURE: &str = env!("CARGO_BIN_EXE_forks");

/// One worker, so every case comes from the same fork server, one after another.
const ONE_WORKER: [&str; 2] = ["--test-threads", "1"];

/// Every case refuses as it expects: one that found an earlier case's state would accept.
#[test]
fn nothing_an_earlier_case_changed_or_held_reaches_a_later_one() {
    let run = run_harness(FIXTURE.as_ref(), &ONE_WORKER, &[("FAULTS_SPAWN", "fork")]);
    for (case, code) in [
        ("a_static_changed", "STATIC_CHANGED"),
        ("b_static_pristine", "STATIC_PRISTINE"),
        ("c_secret_held", "SECRET_HELD"),
        ("d_own_value_found", "OWN_VALUE_FOUND"),
        ("d_no_secret_of_another_case", "NO_SECRET_FOUND"),
    ] {
        let record = run.record(&format!("forks::{case}"));
        assert_eq!(record["verdict"], "refused", "{case}: {record:#}");
        assert_eq!(record["observed"]["code"], code, "{case}");
        assert_eq!(record["spawn"], "fork", "{case}");
    }
    assert_eq!(run.output.status.code(), Some(0), "{}", run.stderr());
}

/// Environment, arguments, working directory, process group, signal mask and dispositions,
/// umask, limits, capabilities and descriptors: the same both ways. The parent is not: a forked
/// case process is its fork server's child (the supervisor adopts what it leaves).
#[test]
fn a_forked_case_observes_what_an_exec_d_one_does() {
    let observed = |spawn: &str| {
        let run = run_harness(FIXTURE.as_ref(), &ONE_WORKER, &[("FAULTS_SPAWN", spawn)]);
        let record = run.record("forks::e_observes_itself").clone();
        assert_eq!(record["spawn"], spawn);
        assert_eq!(record["verdict"], "refused", "{record:#}");
        record["observed"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let forked = observed("fork");
    let exec = observed("exec");
    assert_eq!(
        forked.replace("parent is the fork server", "parent is the supervisor"),
        exec
    );
    for seen in [
        "env HOME=<sandbox>",
        "cwd is HOME true",
        "own process group true",
        "parent is the fork server",
        "SigBlk: 0000000000000000",
        "Threads: 1",
        "fd 0 /dev/null",
        "fd 1 pipe",
        "fd 2 pipe",
    ] {
        assert!(forked.lines().any(|line| line == seen), "{seen}:\n{forked}");
    }
    assert_eq!(
        forked
            .lines()
            .filter(|line| line.starts_with("fd >2"))
            .count(),
        1,
        "one descriptor beyond stdio, the report channel:\n{forked}"
    );
    assert!(
        !forked.contains("__FAULTS"),
        "no marker of the fork server or the supervisor:\n{forked}"
    );
}

/// The fork server is killed while a case it forked runs: that case is the supervisor's
/// child, so it goes on and refuses; the next case is forked by a new fork server.
#[test]
fn killing_the_fork_server_mid_run_costs_no_case() {
    let records = tempfile::tempdir().unwrap();
    let handshake = tempfile::tempdir().unwrap();
    let mut command = harness_command(FIXTURE.as_ref(), records.path());
    command
        .args(ONE_WORKER)
        // f_fork_server_killed_meanwhile, then g_after_the_fork_server_died.
        .arg("fork_server")
        .env("FAULTS_SPAWN", "fork")
        .env("FORKS_HANDSHAKE_DIR", handshake.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let harness = command.spawn().unwrap();
    let started = handshake.path().join("started");
    assert!(
        wait_until(Duration::from_secs(60), || started.exists()),
        "the case never started"
    );
    // The case's process shows the fork server's initial environment too, marker and all, and
    // so does the process forked ahead for the next case; only the fork server listens on its
    // stdin, and the other two are the leaders of their own groups.
    let case: u32 = std::fs::read_to_string(&started).unwrap().parse().unwrap();
    let mut servers = Vec::new();
    let mut ahead = Vec::new();
    assert!(
        wait_until(Duration::from_secs(30), || {
            let marked: Vec<u32> = fork_servers(harness.id())
                .into_iter()
                .filter(|pid| *pid != case)
                .collect();
            (servers, ahead) = marked
                .into_iter()
                .partition(|pid| stdin_is_a_socket(*pid) && !leads_its_group(*pid));
            servers.len() == 1 && ahead.len() == 1
        }),
        "one worker: one fork server and one case process forked ahead, not {servers:?} and {ahead:?}"
    );
    let server = servers[0];
    // A descendant of the harness this test started, killed by its pid.
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(server as i32).unwrap(),
        rustix::process::Signal::KILL,
    )
    .unwrap();
    assert!(
        wait_until(Duration::from_secs(30), || !process_alive(server)),
        "the fork server {server} survived SIGKILL"
    );
    std::fs::write(handshake.path().join("go"), "").unwrap();
    let output = harness.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let records = load_records(records.path());
    let waited = &records["forks::f_fork_server_killed_meanwhile"];
    assert_eq!(waited["verdict"], "refused", "{waited:#}");
    assert_eq!(waited["observed"]["code"], "WAITED");
    assert_eq!(waited["spawn"], "fork");
    assert!(
        waited["leaked_processes"].as_array().unwrap().is_empty(),
        "{waited:#}"
    );
    let after = &records["forks::g_after_the_fork_server_died"];
    assert_eq!(after["verdict"], "refused", "{after:#}");
    assert_eq!(after["spawn"], "fork", "a new fork server forked it");
}

/// The fork servers among the descendants of `root`: the processes marked as one.
fn fork_servers(root: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(pid) = pending.pop() {
        pending.extend(children(pid));
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        if environ
            .split(|b| *b == 0)
            .any(|var| var.starts_with(b"__FAULTS_FORK_SERVER="))
        {
            found.push(pid);
        }
    }
    found
}

/// Whether `pid`'s stdin is a socket, as the fork server's control socket is.
fn stdin_is_a_socket(pid: u32) -> bool {
    std::fs::read_link(format!("/proc/{pid}/fd/0"))
        .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"))
}

/// Whether `pid` leads its process group, as every case process does.
fn leads_its_group(pid: u32) -> bool {
    rustix::process::Pid::from_raw(pid as i32)
        .and_then(|process| rustix::process::getpgid(Some(process)).ok())
        .is_some_and(|group| group.as_raw_nonzero().get() as u32 == pid)
}

/// The children of `pid`, across its threads.
fn children(pid: u32) -> Vec<u32> {
    let tasks: Vec<PathBuf> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|dir| dir.flatten().map(|task| task.path()).collect())
        .unwrap_or_default();
    tasks
        .iter()
        .flat_map(|task| {
            std::fs::read_to_string(Path::new(task).join("children"))
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|child| child.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}
