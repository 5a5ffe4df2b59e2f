//! Positive controls for the fault cases: the real binary starts when everything is there, and
//! each missing piece alone, and nothing else, produces its code and exit status. Without
//! these, a fault case could pass because startup refuses for some other reason.

use std::ffi::OsString;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_startup");
const TOKEN: (&str, &str) = ("STARTUP_API_TOKEN", "t0ken");

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Writes a valid config named `name` with the `extra` lines into `dir`; returns its path.
fn config_in(dir: &Path, name: &str, extra: &str) -> String {
    let path = dir.join(format!("{name}.conf"));
    std::fs::write(&path, format!("name = {name}\ncache_mb = 1\n{extra}")).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The test's PATH, which must hold a working git: the controls prove the binary starts with it.
fn path_with_git() -> OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let git = Command::new("git")
        .arg("--version")
        .env("PATH", &path)
        .output();
    assert!(
        git.is_ok_and(|out| out.status.success()),
        "these controls need git on PATH"
    );
    path
}

/// A command for the binary with only `path` and `env` in its environment, in an empty
/// working directory.
fn startup_in(cwd: &Path, path: &OsString, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("PATH", path)
        .envs(env.iter().copied())
        .current_dir(cwd);
    command
}

fn run(path: &OsString, env: &[(&str, &str)], args: &[&str]) -> Output {
    let cwd = tempfile::tempdir().unwrap();
    startup_in(cwd.path(), path, env, args).output().unwrap()
}

fn with_git(env: &[(&str, &str)], args: &[&str]) -> Output {
    run(&path_with_git(), env, args)
}

/// Runs with PATH holding only an empty directory: no git, nor anything else.
fn without_git(env: &[(&str, &str)], args: &[&str]) -> Output {
    let empty = tempfile::tempdir().unwrap();
    run(&empty.path().as_os_str().to_owned(), env, args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_ready(output: &Output, name: &str) {
    assert_eq!(
        (output.status.code(), stdout(output), stderr(output)),
        (Some(0), format!("ready: {name}\n"), String::new())
    );
}

/// Asserts the refusal: exit status, `error[CODE]: ...` as the first line, a `help:` line.
fn assert_refused(output: &Output, code: &str, status: i32) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(status), "{err}");
    assert!(err.starts_with(&format!("error[{code}]: ")), "{err}");
    assert!(
        err.lines().nth(1).is_some_and(|l| l.starts_with("help: ")),
        "{err}"
    );
    assert_eq!(stdout(output), "");
    err
}

#[test]
fn starts_with_token_git_and_a_valid_config() {
    let app = fixture("app.conf");
    assert_ready(&with_git(&[TOKEN], &["--config", &app, "check"]), "demo");
    assert_ready(&with_git(&[TOKEN], &["check", "--config", &app]), "demo");
}

#[test]
fn the_config_may_come_from_the_environment() {
    let app = fixture("app.conf");
    let output = with_git(&[TOKEN, ("STARTUP_CONFIG", &app)], &["check"]);
    assert_ready(&output, "demo");
}

#[test]
fn sync_runs_git() {
    let output = with_git(&[TOKEN], &["--config", &fixture("app.conf"), "sync"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("synced: demo with git version "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn without_the_token_alone_it_is_env_var_missing() {
    let args = ["--config", &fixture("app.conf"), "check"];
    let err = assert_refused(&with_git(&[], &args), "ENV_VAR_MISSING", 3);
    assert!(err.contains("STARTUP_API_TOKEN is not set"), "{err}");
    let err = assert_refused(
        &with_git(&[("STARTUP_API_TOKEN", "")], &args),
        "ENV_VAR_MISSING",
        3,
    );
    assert!(err.contains("STARTUP_API_TOKEN is empty"), "{err}");
}

#[test]
fn without_git_alone_eager_startup_is_dependency_missing() {
    let err = assert_refused(
        &without_git(&[TOKEN], &["--config", &fixture("app.conf"), "check"]),
        "DEPENDENCY_MISSING",
        4,
    );
    assert!(err.contains("`git` was not found on PATH"), "{err}");
    assert!(err.contains("apt-get install git"), "{err}");
}

#[test]
fn without_git_lazy_startup_reports_ready_and_only_sync_refuses() {
    let app = fixture("app.conf");
    assert_ready(
        &without_git(&[TOKEN], &["--lazy-deps", "--config", &app, "check"]),
        "demo",
    );
    assert_refused(
        &without_git(&[TOKEN], &["--lazy-deps", "--config", &app, "sync"]),
        "DEPENDENCY_MISSING",
        4,
    );
    assert_ready(
        &with_git(&[TOKEN], &["--lazy-deps", "--config", &app, "check"]),
        "demo",
    );
}

#[test]
fn without_a_readable_config_alone_it_is_config_unreadable() {
    let err = assert_refused(
        &with_git(&[TOKEN], &["--config", &fixture("missing.conf"), "check"]),
        "CONFIG_UNREADABLE",
        5,
    );
    assert!(err.contains("missing.conf"), "{err}");
    let fixtures = fixture("");
    assert_refused(
        &with_git(&[TOKEN], &["--config", &fixtures, "check"]),
        "CONFIG_UNREADABLE",
        5,
    );
    let err = assert_refused(&with_git(&[TOKEN], &["check"]), "CONFIG_UNREADABLE", 5);
    assert!(err.contains("STARTUP_CONFIG"), "{err}");
}

#[test]
fn the_config_is_read_before_git_is_looked_for() {
    let missing = ["--config", &fixture("missing.conf"), "check"];
    assert_refused(&without_git(&[TOKEN], &missing), "CONFIG_UNREADABLE", 5);
    let invalid = ["--config", &fixture("invalid.conf"), "check"];
    assert_refused(&without_git(&[TOKEN], &invalid), "CONFIG_INVALID", 6);
}

/// The control of `startup-9`: PATH holds no git, yet the config's `git = /usr/bin/git` runs.
/// On a machine without that file the same run must name it instead.
#[test]
fn git_given_by_absolute_path_runs_without_git_on_path() {
    let output = without_git(
        &[TOKEN],
        &["--config", &fixture("system-git.conf"), "check"],
    );
    if Path::new("/usr/bin/git").exists() {
        assert_ready(&output, "system-git");
    } else {
        let err = assert_refused(&output, "DEPENDENCY_MISSING", 4);
        assert!(err.contains("`/usr/bin/git` does not exist"), "{err}");
    }
}

#[test]
fn git_missing_at_its_configured_path_is_dependency_missing_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let git = dir.path().join("git");
    let config = config_in(dir.path(), "moved", &format!("git = {}\n", git.display()));
    let err = assert_refused(
        &with_git(&[TOKEN], &["--config", &config, "check"]),
        "DEPENDENCY_MISSING",
        4,
    );
    assert!(
        err.contains(&format!(
            "required program `git` at `{}` does not exist",
            git.display()
        )),
        "{err}"
    );
    assert!(err.contains("the `git =` line of the config file"), "{err}");
}

/// The control of `startup-10` and `startup-11`: with a service that listens, `ping` reports it
/// reachable; with a closed port it refuses. Where `/etc/ssl/certs` is absent, both runs must
/// refuse with `TRUST_STORE_MISSING` instead: an outcome asserted, never a skip.
#[test]
fn ping_reaches_a_listening_service_and_refuses_a_closed_port() {
    let has_trust_store = Path::new("/etc/ssl/certs").is_dir();
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let open = listener.local_addr().unwrap();
    let config = config_in(dir.path(), "open", &format!("service = {open}\n"));
    let output = with_git(&[TOKEN], &["--config", &config, "ping"]);
    if has_trust_store {
        assert_eq!(
            (output.status.code(), stdout(&output), stderr(&output)),
            (Some(0), format!("reachable: {open}\n"), String::new())
        );
    } else {
        assert_refused(&output, "TRUST_STORE_MISSING", 8);
    }

    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let config = config_in(dir.path(), "closed", &format!("service = {closed}\n"));
    let output = with_git(&[TOKEN], &["--config", &config, "ping"]);
    if has_trust_store {
        let err = assert_refused(&output, "SERVICE_UNREACHABLE", 9);
        assert!(
            err.contains(&format!(
                "update service `{closed}` is unreachable: connecting to {closed} failed: "
            )),
            "{err}"
        );
    } else {
        let err = assert_refused(&output, "TRUST_STORE_MISSING", 8);
        assert!(err.contains("`/etc/ssl/certs` does not exist"), "{err}");
    }
}

#[test]
fn a_malformed_config_alone_is_config_invalid() {
    let err = assert_refused(
        &with_git(&[TOKEN], &["--config", &fixture("invalid.conf"), "check"]),
        "CONFIG_INVALID",
        6,
    );
    assert!(
        err.contains("line 3: expected `key = value`, found `cache_mb 16`"),
        "{err}"
    );
}

/// Runs `check` under an address-space limit of 256 MiB, as `memory_limit = "256MiB"` does.
fn check_under_256_mib(config: &str) -> Output {
    let cwd = tempfile::tempdir().unwrap();
    Command::new("/bin/sh")
        .args(["-c", r#"ulimit -v 262144 && exec "$0" "$@""#, BIN])
        .args(["--config", config, "check"])
        .env_clear()
        .env("PATH", path_with_git())
        .env(TOKEN.0, TOKEN.1)
        .current_dir(cwd.path())
        .output()
        .unwrap()
}

#[test]
fn a_big_cache_is_fine_without_a_limit_and_refused_under_one() {
    let big = fixture("big-cache.conf");
    assert_ready(
        &with_git(&[TOKEN], &["--config", &big, "check"]),
        "big-cache",
    );
    assert_ready(&check_under_256_mib(&fixture("app.conf")), "demo");
    let err = assert_refused(&check_under_256_mib(&big), "OUT_OF_MEMORY", 7);
    assert!(
        err.contains("cannot preallocate the 1024 MiB cache: memory allocation failed"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let err = assert_refused(&with_git(&[TOKEN], &["start"]), "USAGE_ERROR", 2);
    assert!(
        err.contains("help: usage: startup [--config PATH]"),
        "{err}"
    );
    assert_refused(&with_git(&[TOKEN], &[]), "USAGE_ERROR", 2);
    let help = with_git(&[], &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--lazy-deps"), "{}", stdout(&help));
    assert!(stdout(&help).contains("  ping  "), "{}", stdout(&help));
}
