//! `isolation = "container"` proven both ways, from the records of the `containers` fixture:
//! each container case closes a hole its process-isolated twin leaves open. The fixture runs
//! as the user running the tests and, when that is root (as on CI), once more as an
//! unprivileged user, since that is what users have. A machine that refuses user namespaces
//! makes container cases `missing_dependency`, naming the setting.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use faults_tests::{HarnessRun, run_harness_with};
use serde_json::Value;

const FIXTURE: &str = env!("CARGO_BIN_EXE_containers");

/// Where the process twin's write outside the sandbox lands on the machine.
const OUTSIDE: &str = "/tmp/faults-fixture-outside-process";

/// The uid and gid of `nobody`, the unprivileged user the fixture also runs as.
const NOBODY: u32 = 65534;

/// Runs the fixture with `args` and `env`, as `user` when given (from a copy of the binary and
/// with a records directory that user can reach), else as the test's own user.
fn run_as(user: Option<u32>, args: &[&str], env: &[(&str, &str)]) -> HarnessRun {
    let Some(uid) = user else {
        return run_harness_with(FIXTURE.as_ref(), args, env, |_| {});
    };
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let exe = home.path().join("containers");
    std::fs::copy(FIXTURE, &exe).unwrap();
    run_harness_with(&exe, args, env, |cmd| {
        use std::os::unix::process::CommandExt;
        let records = cmd
            .get_envs()
            .find(|(k, _)| *k == "FAULTS_RECORDS_DIR")
            .and_then(|(_, v)| v)
            .map(PathBuf::from)
            .expect("the harness command names its records directory");
        std::fs::set_permissions(&records, std::fs::Permissions::from_mode(0o777)).unwrap();
        cmd.current_dir(home.path()).uid(uid).gid(uid);
    })
}

/// Runs the fixture with a service listening on the host's loopback and a marker in the
/// harness's environment; as `user` when given.
fn run_fixture(user: Option<u32>, outside: &str) -> HarnessRun {
    let service = TcpListener::bind("127.0.0.1:0").expect("a loopback port for the service");
    let port = service.local_addr().unwrap().port().to_string();
    let _ = std::fs::remove_file(outside);
    let env = [
        ("FAULTS_FIXTURE_PORT", port.as_str()),
        ("FAULTS_FIXTURE_MARK", "1"),
    ];
    let run = run_as(user, &["--test-threads", "2"], &env);
    drop(service);
    run
}

fn case<'a>(run: &'a HarnessRun, name: &str) -> &'a Value {
    run.record(&format!("containers::{name}"))
}

/// Every case's verdict, and the evidence that the container closed each hole.
fn assert_holes_closed(run: &HarnessRun, outside: &str) {
    let expected = [
        ("absolute_program_hidden", "refused"),
        ("absolute_program_process", "silent_acceptance"),
        ("file_hidden_by_path", "refused"),
        ("directory_hidden_by_path", "refused"),
        ("file_hidden_by_path_process", "silent_acceptance"),
        ("write_outside_sandbox", "side_effects"),
        ("write_outside_sandbox_process", "refused"),
        ("network_none", "refused"),
        ("network_host_process", "silent_acceptance"),
        ("processes_invisible", "refused"),
        ("processes_visible_process", "silent_acceptance"),
        ("escaped_process", "leaked_process"),
        ("clean_container", "refused"),
    ];
    let mismatches: Vec<String> = expected
        .iter()
        .filter(|(name, want)| case(run, name)["verdict"] != *want)
        .map(|(name, want)| {
            format!(
                "{name}: expected {want}, got {} ({})",
                case(run, name)["verdict"],
                case(run, name)["observed"]["message"]
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{mismatches:#?}\nstderr: {}",
        run.stderr()
    );
    assert_eq!(run.records.len(), expected.len());
    for (name, _) in expected {
        let twin = name.ends_with("_process") && name != "escaped_process";
        let want = if twin { "process" } else { "container" };
        assert_eq!(case(run, name)["isolation"], want, "{name}");
    }
    let effects = &case(run, "write_outside_sandbox")["side_effects"];
    assert_eq!(
        effects[0]["path"], "/tmp/faults-fixture-outside-container",
        "{effects}"
    );
    assert_eq!(effects[0]["change"], "created");
    assert!(
        !Path::new("/tmp/faults-fixture-outside-container").exists(),
        "the container's write reached the machine"
    );
    assert!(
        Path::new(outside).exists(),
        "the process twin's write is what a container prevents"
    );
    let _ = std::fs::remove_file(outside);
    let leaked = &case(run, "escaped_process")["leaked_processes"];
    assert!(
        leaked[0]["command"].as_str().unwrap().contains("sleep 300"),
        "{leaked}"
    );
    let environment = &case(run, "network_none")["environment"];
    assert_eq!(environment["network"], "none", "{environment}");
    assert_eq!(
        case(run, "file_hidden_by_path")["environment"]["hidden"][0],
        "/etc/passwd"
    );
}

/// Whether the tests run as root (as on CI), so they can also run the fixture as `nobody`.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// One test, so the two runs never write the same paths at once.
#[test]
fn a_container_closes_what_process_isolation_leaves_open_for_any_user() {
    let run = run_fixture(None, OUTSIDE);
    assert_holes_closed(&run, OUTSIDE);
    let root = running_as_root();
    if root {
        // What users have: the same holes closed without any privilege.
        let run = run_fixture(Some(NOBODY), OUTSIDE);
        assert_holes_closed(&run, OUTSIDE);
    }
}

#[test]
fn refused_user_namespaces_make_container_cases_missing_dependencies() {
    // A user namespace of the test's own, whose limit of nested namespaces is zero: what a
    // machine with `user.max_user_namespaces = 0` gives, without touching the machine.
    let records = tempfile::tempdir().unwrap();
    let output = Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "sh",
            "-c",
            "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" \"$@\"",
            FIXTURE,
            "write_outside_sandbox",
        ])
        .env("FAULTS_RECORDS_DIR", records.path())
        .output()
        .expect("unshare (util-linux) runs the harness in a user namespace of its own");
    assert!(!output.status.success());
    let record = |name: &str| -> Value {
        let path = records
            .path()
            .join(format!("containers.{name}@faults-tests.containers.json"));
        serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; stderr: {}",
                path.display(),
                String::from_utf8_lossy(&output.stderr)
            )
        }))
        .unwrap()
    };
    let contained = record("write_outside_sandbox");
    assert_eq!(contained["verdict"], "missing_dependency", "{contained}");
    let message = contained["observed"]["message"].as_str().unwrap();
    assert!(
        message.contains("a container (Linux namespaces)"),
        "{message}"
    );
    assert!(
        message.contains("user.max_user_namespaces is 0"),
        "{message}"
    );
    assert!(
        message.contains("sysctl -w user.max_user_namespaces="),
        "{message}"
    );
    assert_eq!(
        record("write_outside_sandbox_process")["verdict"],
        "refused",
        "a case without a container still runs"
    );
}

/// The verdict of every case of a fixture, by case id.
fn verdicts(run: &HarnessRun) -> std::collections::BTreeMap<String, String> {
    run.records
        .iter()
        .map(|(id, record)| {
            (
                id.clone(),
                record["verdict"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_container_changes_no_verdict_of_the_other_fixtures() {
    // Every misbehaviour the adversarial, semantic, containment, secret, mechanism and syscall
    // fault fixtures commit is judged the same when each case runs in a container.
    let fixtures = [
        env!("CARGO_BIN_EXE_adversarial"),
        env!("CARGO_BIN_EXE_semantics"),
        env!("CARGO_BIN_EXE_containment"),
        env!("CARGO_BIN_EXE_secrets"),
        env!("CARGO_BIN_EXE_mechanisms"),
        env!("CARGO_BIN_EXE_syscalls"),
    ];
    for fixture in fixtures {
        let args = ["--test-threads", "2"];
        let process =
            faults_tests::run_harness(fixture.as_ref(), &args, &[("FAULTS_ISOLATION", "process")]);
        let contained = faults_tests::run_harness(
            fixture.as_ref(),
            &args,
            &[("FAULTS_ISOLATION", "container")],
        );
        assert!(!process.records.is_empty(), "{fixture} wrote no record");
        assert_eq!(verdicts(&process), verdicts(&contained), "{fixture}");
        for (id, record) in &contained.records {
            let isolation = record["isolation"].as_str().unwrap_or_default();
            assert!(
                matches!(isolation, "container" | "none"),
                "{id} ran with isolation {isolation}"
            );
        }
    }
}

/// The pids of the processes whose command line is exactly `argv`.
fn processes_running(argv: &[&str]) -> Vec<u32> {
    let wanted: Vec<u8> = argv.iter().flat_map(|a| a.bytes().chain([0])).collect();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|line| line == wanted)
        })
        .collect()
}

/// The children of `pid`.
fn children(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let list = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        found.extend(
            list.split_whitespace()
                .filter_map(|p| p.parse::<u32>().ok()),
        );
    }
    found
}

#[test]
fn nothing_survives_a_container_whose_harness_and_supervisor_are_killed_outright() {
    const ESCAPEE: [&str; 2] = ["sleep", "7321.5"];
    let records = tempfile::tempdir().unwrap();
    let mut harness = faults_tests::harness_command(FIXTURE.as_ref(), records.path())
        .args([
            "--include-ignored",
            "--exact",
            "containers::outlived_by_nothing",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let escaped = loop {
        let found = processes_running(&ESCAPEE);
        if !found.is_empty() {
            break found;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the case never started its process"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // The harness and its supervisor die at once, with no chance to clean up.
    let supervisors = children(harness.id());
    assert!(!supervisors.is_empty(), "the harness has a supervisor");
    harness.kill().unwrap();
    for pid in &supervisors {
        // The harness's own child, found a moment ago: its pid cannot have been reused yet.
        let _ = Command::new("sh")
            .args(["-c", "kill -KILL \"$0\"", &pid.to_string()])
            .status();
    }
    let _ = harness.wait();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while escaped
        .iter()
        .any(|pid| Path::new(&format!("/proc/{pid}")).exists())
    {
        assert!(
            std::time::Instant::now() < deadline,
            "a process the case started outlived its container: {escaped:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn coverage_data_written_in_a_container_reaches_the_machine() {
    let coverage = tempfile::tempdir().unwrap();
    let profile = coverage.path().join("cases-%p.profraw");
    let run = faults_tests::run_harness(
        FIXTURE.as_ref(),
        &[
            "--include-ignored",
            "--exact",
            "containers::coverage_data_reaches_the_machine",
        ],
        &[("LLVM_PROFILE_FILE", profile.as_os_str())],
    );
    let record = case(&run, "coverage_data_reaches_the_machine");
    assert_eq!(record["verdict"], "refused", "{record}");
    assert_eq!(record["side_effects"], serde_json::json!([]), "{record}");
    assert!(
        coverage.path().join("case.profraw").exists(),
        "the coverage data stayed in the container"
    );
}

/// Runs the case that creates a directory in `/usr` as `user` (the test's own when `None`).
fn create_in_usr(user: Option<u32>) -> Value {
    let args = [
        "--include-ignored",
        "--exact",
        "containers::write_the_user_could_not_make",
    ];
    let run = run_as(user, &args, &[]);
    case(&run, "write_the_user_could_not_make").clone()
}

#[test]
fn writes_fail_in_a_container_where_they_fail_on_the_machine() {
    let root = running_as_root();
    let record = create_in_usr(None);
    let (verdict, code) = if root {
        ("wrong_code", "ALLOWED")
    } else {
        ("refused", "DENIED")
    };
    assert_eq!(record["verdict"], verdict, "{record}");
    assert_eq!(record["observed"]["code"], code, "{record}");
    assert!(
        !Path::new("/usr/faults-fixture-denied").exists(),
        "the container's write reached the machine"
    );
    if root {
        let record = create_in_usr(Some(NOBODY));
        assert_eq!(
            record["verdict"], "refused",
            "an unprivileged user cannot write /usr in a container either: {record}"
        );
    }
}

/// The pid a case printed as `pid N`.
fn printed_pid(record: &Value) -> u32 {
    let out = record["output"]["stdout_tail"].as_str().unwrap_or_default();
    out.lines()
        .find_map(|line| line.strip_prefix("pid ")?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no pid printed: {record}"))
}

#[test]
fn a_container_is_reused_only_when_pristine_and_its_ipc_is_fresh_each_case() {
    let run = run_as(
        None,
        &["--include-ignored", "--test-threads", "1", "reuse_"],
        &[],
    );
    for name in [
        "reuse_1_leaves_ipc",
        "reuse_2_fresh_ipc",
        "reuse_3_leaves_a_file",
        "reuse_4_new_container",
    ] {
        assert_eq!(
            case(&run, name)["verdict"],
            "refused",
            "{name}: {}",
            case(&run, name)
        );
    }
    // The second case ran in the first one's container (its pid 2 went to that case, and
    // `ipcmk` after it), and saw none of its System V IPC.
    assert!(
        printed_pid(case(&run, "reuse_2_fresh_ipc")) > 2,
        "the pristine container was not reused"
    );
    // A change outside the sandbox ends a container: the next case gets a new one.
    assert_eq!(
        case(&run, "reuse_3_leaves_a_file")["side_effects"][0]["path"],
        "/tmp/faults-fixture-kept"
    );
    assert_eq!(
        printed_pid(case(&run, "reuse_4_new_container")),
        2,
        "a changed container was reused"
    );
    assert!(!Path::new("/tmp/faults-fixture-kept").exists());
}

#[test]
fn cargo_faults_isolation_container_puts_every_process_case_in_a_container() {
    let mixed = faults_tests::project("mixed");
    let run = mixed.run(&["--no-fail-fast", "--isolation", "container"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let totals = &run.summary()["totals"];
    assert_eq!(
        (totals["passed"].as_u64(), totals["failed"].as_u64()),
        (Some(3), Some(2)),
        "the same verdicts as without containers"
    );
    for (id, record) in run.records() {
        let isolation = record["isolation"].as_str().unwrap_or_default();
        assert!(
            matches!(isolation, "container" | "none"),
            "{id} ran with isolation {isolation}"
        );
    }
    let refused = mixed.cargo_faults(&["--isolation", "docker"]);
    assert_eq!(faults_tests::exit_code(&refused), 2);
    let said = faults_tests::stderr(&refused);
    assert!(
        said.contains("invalid value 'docker'") && said.contains("process, container"),
        "{said}"
    );
}

#[test]
fn a_sandbox_under_dev_shm_is_the_hosts_own_in_the_container() {
    // The container's /dev is its own; a TMPDIR (and so a sandbox) under /dev/shm still works,
    // and the mount point the view makes for it is no change of the case's.
    let Ok(shm) = tempfile::tempdir_in("/dev/shm") else {
        panic!("/dev/shm is needed for this test");
    };
    let tmpdir = shm.path().to_str().unwrap();
    let args = ["--test-threads", "1", "clean_container"];
    let run = run_as(None, &args, &[("TMPDIR", tmpdir)]);
    let record = case(&run, "clean_container");
    assert_eq!(record["verdict"], "refused", "{record}");
    assert_eq!(record["side_effects"], serde_json::json!([]), "{record}");
}

#[test]
fn a_bind_mounted_file_is_copy_on_write_in_the_container() {
    // A file bind-mounted over another, as container runtimes mount /etc/hosts, in a mount
    // namespace of the test's own: the machine's mounts stay as they are. The file it covers
    // is in a tmpfs over /mnt in that namespace, so runs side by side never share it and
    // nothing is left on the machine.
    const TARGET: &str = "/mnt/faults-fixture-bound";
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hosts");
    std::fs::write(&source, b"original").unwrap();
    let records = tempfile::tempdir().unwrap();
    let script = "mount -t tmpfs faults /mnt && echo covered > \"$2\" && mount --bind \"$1\" \"$2\" && exec \"$0\" --include-ignored --exact containers::bound_file_is_copy_on_write";
    let output = Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            script,
            FIXTURE,
        ])
        .arg(&source)
        .arg(TARGET)
        .env("FAULTS_RECORDS_DIR", records.path())
        .output()
        .expect("unshare (util-linux) gives the test a mount namespace of its own");
    let records = faults_tests::load_records(records.path());
    let record = records
        .get("containers::bound_file_is_copy_on_write")
        .unwrap_or_else(|| {
            panic!(
                "no record; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    assert_eq!(record["verdict"], "side_effects", "{record}");
    assert_eq!(
        record["side_effects"],
        serde_json::json!([{"path": TARGET, "change": "modified"}])
    );
    assert_eq!(
        std::fs::read(&source).unwrap(),
        b"original",
        "the write reached the machine"
    );
}
