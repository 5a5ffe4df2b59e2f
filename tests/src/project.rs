//! The cargo projects under `tests/projects/`, copied out of the source tree and built against
//! the in-tree crates, and `cargo` and `cargo faults` run on them.
//!
//! Each project is its own workspace (its manifest has a `[workspace]` table), so
//! `cargo test --workspace` never builds one on its own, and it reaches the in-tree crates by
//! relative paths (`../../../fault-runtime`), so it builds in place too. The copy sits as deep
//! below the workspace root as the project does (`target/functional-projects/<name>`), so those
//! paths hold there as well. Every copy gets the workspace's `Cargo.lock`, so it resolves the
//! same versions, and every copy builds into one shared target directory: the in-tree crates and
//! their dependencies compile once for the whole suite.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use crate::cargo_faults::{FaultsRun, cargo_faults_binary};
use crate::terminal::{TerminalRun, run_on_terminal};
use crate::workspace_root;

/// Variables of the test environment that would change what `cargo faults` does.
const CLEARED: &[&str] = &[
    "FAULTS_RUN_ID",
    "FAULTS_RECORDS_DIR",
    "FAULTS_SELECT",
    "FAULTS_FAIL_FAST",
    "FAULTS_STRICT",
    "FAULTS_STRICT_GATES",
    "FAULTS_DRIFT_AS_FAILURE",
    "FAULTS_CONTROL",
    "FAULTS_HARNESS",
    "FAULTS_INVOCATION_ID",
    "GITHUB_STEP_SUMMARY",
    "COLUMNS",
    "CARGO_TERM_COLOR",
    "NO_COLOR",
    "ENVIRONMENT",
    "APP_ENV",
    "RUST_ENV",
];

/// The case ids of `tests/projects/mixed`, in id order: three it refuses, two it does not.
pub const MIXED_CASES: [&str; 5] = ["mixed-1", "mixed-2", "mixed-3", "mixed-4", "mixed-5"];

/// What a project directory may hold that is not part of the project: the output of building
/// it in place.
const NOT_COPIED: &[&str] = &["target", "Cargo.lock"];

/// A copy of one project under `tests/projects/`, ready to build.
#[derive(Debug)]
pub struct Project {
    dir: PathBuf,
}

/// The copy of `tests/projects/<name>/`, taken by one test at a time.
///
/// A test process makes one copy of each project it uses and keeps it for the next test, and
/// the copy's files keep their times while they match the project's: cargo builds a project
/// once, not once per test or per test binary. Taking it one test at a time keeps a
/// 2-core machine from building and running several copies of the suite at once.
pub fn project(name: &str) -> MutexGuard<'static, Project> {
    static PROJECTS: OnceLock<Mutex<BTreeMap<String, &'static Mutex<Project>>>> = OnceLock::new();
    let shared = {
        let mut projects = PROJECTS
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *projects
            .entry(name.to_owned())
            .or_insert_with(|| Box::leak(Box::new(Mutex::new(Project::copy(name)))))
    };
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Project {
    /// Brings `target/functional-projects/<name>` in line with `tests/projects/<name>`.
    fn copy(name: &str) -> Project {
        let source = workspace_root().join("tests/projects").join(name);
        assert!(source.is_dir(), "no project {}", source.display());
        let dir = workspace_root()
            .join("target/functional-projects")
            .join(name);
        std::fs::create_dir_all(&dir).expect("create the project's copy");
        sync_tree(&source, &dir);
        sync_file(
            &workspace_root().join("Cargo.lock"),
            &dir.join("Cargo.lock"),
        );
        Project { dir }
    }

    /// The copy's directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The target directory the project builds into, shared by every project: runs of
    /// `cargo faults` without `--records-dir` go under its `faults/`.
    pub fn target_dir(&self) -> PathBuf {
        shared_target_dir()
    }

    /// Runs `cargo <args>` in the project with the shared target directory.
    pub fn cargo(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .current_dir(self.path())
            .env("CARGO_TARGET_DIR", shared_target_dir());
        for name in CLEARED {
            command.env_remove(name);
        }
        command.output().expect("run cargo")
    }

    /// Runs `cargo faults <args>` in the project.
    pub fn cargo_faults(&self, args: &[&str]) -> Output {
        self.cargo_faults_with(args, &[] as &[(&str, &str)])
    }

    /// Runs `cargo faults <args>` in another directory.
    pub fn cargo_faults_in(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command(cwd, args, &[] as &[(&str, &str)])
    }

    /// Runs `cargo faults <args>` in the project with extra environment variables.
    pub fn cargo_faults_with<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        args: &[&str],
        env: &[(K, V)],
    ) -> Output {
        self.command(self.path(), args, env)
    }

    /// Runs `cargo faults <args> --records-dir <a fresh directory>` in the project.
    pub fn run(&self, args: &[&str]) -> FaultsRun {
        self.run_with(args, &[] as &[(&str, &str)])
    }

    /// [`Project::run`] with extra environment variables.
    pub fn run_with<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        args: &[&str],
        env: &[(K, V)],
    ) -> FaultsRun {
        let records = tempfile::tempdir().expect("temp dir for records");
        let dir = records.path().to_str().expect("temp dirs are UTF-8");
        let mut all = args.to_vec();
        all.extend(["--records-dir", dir]);
        let output = self.cargo_faults_with(&all, env);
        FaultsRun { output, records }
    }

    /// Runs `cargo faults <args>` in the project on a terminal of `columns` × `rows`, with
    /// extra environment variables: the screen it leaves.
    pub fn cargo_faults_on_terminal(
        &self,
        args: &[&str],
        env: &[(&str, &str)],
        (columns, rows): (u16, u16),
    ) -> TerminalRun {
        let mut command = Command::new(cargo_faults_binary());
        command.arg("faults").args(args);
        self.configure(&mut command, self.path(), env);
        run_on_terminal(command, columns, rows)
    }

    fn command<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        cwd: &Path,
        args: &[&str],
        env: &[(K, V)],
    ) -> Output {
        let mut command = Command::new(cargo_faults_binary());
        command.arg("faults").args(args);
        self.configure(&mut command, cwd, env);
        command.output().expect("run cargo-faults")
    }

    /// The directory, cargo, target directory and environment every run of `cargo faults` in
    /// the project gets: the run's own variables cleared, `env` added.
    fn configure<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        command: &mut Command,
        cwd: &Path,
        env: &[(K, V)],
    ) {
        command
            .current_dir(cwd)
            .env("CARGO", env!("CARGO"))
            .env("CARGO_TARGET_DIR", shared_target_dir());
        for name in CLEARED {
            command.env_remove(name);
        }
        for (key, value) in env {
            command.env(key, value);
        }
    }
}

/// Makes `to` hold exactly what `from` holds, leaving alone the files that already match.
fn sync_tree(from: &Path, to: &Path) {
    let wanted: Vec<_> = std::fs::read_dir(from)
        .expect("the project exists")
        .map(|entry| entry.expect("project entry"))
        .filter(|entry| !NOT_COPIED.iter().any(|name| entry.file_name() == *name))
        .collect();
    for entry in std::fs::read_dir(to).expect("the copy exists") {
        let entry = entry.expect("copy entry");
        let name = entry.file_name();
        if name != "Cargo.lock" && !wanted.iter().any(|w| w.file_name() == name) {
            let path = entry.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove a stale dir of the copy");
            } else {
                std::fs::remove_file(&path).expect("remove a stale file of the copy");
            }
        }
    }
    for entry in wanted {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            if !target.is_dir() {
                let _ = std::fs::remove_file(&target);
                std::fs::create_dir(&target).expect("create a dir of the copy");
            }
            sync_tree(&entry.path(), &target);
        } else {
            sync_file(&entry.path(), &target);
        }
    }
}

/// Copies `from` to `to` unless `to` already holds the same bytes.
fn sync_file(from: &Path, to: &Path) {
    let content = std::fs::read(from).expect("project files are readable");
    if std::fs::read(to).ok().as_deref() != Some(content.as_slice()) {
        if to.is_dir() {
            std::fs::remove_dir_all(to).expect("remove a dir where a file goes");
        }
        std::fs::write(to, content).expect("write a file of the copy");
    }
}

/// The target directory every project builds into.
fn shared_target_dir() -> PathBuf {
    workspace_root().join("target").join("functional")
}
