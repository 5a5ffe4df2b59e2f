//! Throwaway cargo projects built against the in-tree crates, and `cargo faults` run on them.
//!
//! Every project gets a copy of the workspace's `Cargo.lock`, so it resolves the same
//! dependency versions, and all of them build into one shared target directory: the in-tree
//! crates and their dependencies compile once for the whole suite.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

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
    "FAULTS_HARNESS",
    "FAULTS_INVOCATION_ID",
    "GITHUB_STEP_SUMMARY",
    "ENVIRONMENT",
    "APP_ENV",
    "RUST_ENV",
];

/// A cargo package in a directory of its own under the shared target directory: a project
/// held in a `static` is never dropped, so it must not live in the system temp directory; the
/// next run starts it afresh.
#[derive(Debug)]
pub struct Project {
    dir: PathBuf,
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh, empty directory for the project `name`.
fn project_dir(name: &str) -> PathBuf {
    let dir = workspace_root()
        .join("target")
        .join("functional-projects")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the project's earlier copy");
    }
    std::fs::create_dir_all(&dir).expect("create the project's directory");
    dir
}

impl Project {
    /// A package `name` depending on the in-tree `fault-runtime`, with a `harness = false`
    /// test target `faults`, `manifest_extra` appended to its Cargo.toml, and `files`
    /// (path relative to the package, content).
    pub fn new(name: &str, manifest_extra: &str, files: &[(&str, &str)]) -> Project {
        let dir = project_dir(name);
        let runtime = workspace_root().join("fault-runtime");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nfault-runtime = {{ path = {runtime:?} }}\n\n\
             [[test]]\nname = \"faults\"\nharness = false\n{manifest_extra}"
        );
        let project = Project { dir };
        project.write("Cargo.toml", &manifest);
        std::fs::copy(
            workspace_root().join("Cargo.lock"),
            project.path().join("Cargo.lock"),
        )
        .expect("copy the workspace lockfile");
        for (path, content) in files {
            project.write(path, content);
        }
        project
    }

    /// A copy of the project under `tests/projects/<name>/`, built against the in-tree crates:
    /// `@FAULT_RUNTIME@` in its files stands for the path of `fault-runtime`.
    pub fn from_template(name: &str) -> Project {
        let project = Project {
            dir: project_dir(name),
        };
        let template = workspace_root().join("tests/projects").join(name);
        let runtime = workspace_root().join("fault-runtime");
        copy_tree(&template, project.path(), &runtime.display().to_string());
        std::fs::copy(
            workspace_root().join("Cargo.lock"),
            project.path().join("Cargo.lock"),
        )
        .expect("copy the workspace lockfile");
        project
    }

    /// Runs `cargo <args>` in the package with the shared target directory.
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

    /// The package directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes a file of the package, creating its directory.
    pub fn write(&self, path: &str, content: &str) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a file has a directory"))
            .expect("create the file's directory");
        std::fs::write(&path, content).expect("write a project file");
    }

    /// Runs `cargo faults <args>` in the package.
    pub fn cargo_faults(&self, args: &[&str]) -> Output {
        self.cargo_faults_with(args, &[] as &[(&str, &str)])
    }

    /// Runs `cargo faults <args>` in another directory.
    pub fn cargo_faults_in(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command(cwd, args, &[] as &[(&str, &str)])
    }

    /// Runs `cargo faults <args>` in the package with extra environment variables.
    pub fn cargo_faults_with<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        args: &[&str],
        env: &[(K, V)],
    ) -> Output {
        self.command(self.path(), args, env)
    }

    fn command<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        cwd: &Path,
        args: &[&str],
        env: &[(K, V)],
    ) -> Output {
        let mut command = Command::new(cargo_faults_binary());
        command
            .arg("faults")
            .args(args)
            .current_dir(cwd)
            .env("CARGO", env!("CARGO"))
            .env("CARGO_TARGET_DIR", shared_target_dir());
        for name in CLEARED {
            command.env_remove(name);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().expect("run cargo-faults")
    }
}

/// Copies `from` into `to`, replacing `@FAULT_RUNTIME@` in every file.
fn copy_tree(from: &Path, to: &Path, runtime: &str) {
    for entry in std::fs::read_dir(from).expect("the template exists") {
        let entry = entry.expect("template entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            std::fs::create_dir_all(&target).expect("create a project dir");
            copy_tree(&entry.path(), &target, runtime);
        } else {
            let text = std::fs::read_to_string(entry.path()).expect("template files are text");
            std::fs::write(&target, text.replace("@FAULT_RUNTIME@", runtime))
                .expect("write a project file");
        }
    }
}

/// The target directory every throwaway project builds into.
fn shared_target_dir() -> PathBuf {
    workspace_root().join("target").join("functional")
}

/// The in-tree `cargo-faults` executable, built once per test process.
pub fn cargo_faults_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let output = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--package",
                "cargo-faults",
                "--bin",
                "cargo-faults",
                "--message-format=json",
            ])
            .current_dir(workspace_root())
            .output()
            .expect("run cargo build");
        assert!(
            output.status.success(),
            "building cargo-faults failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| message["target"]["name"] == "cargo-faults")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported the cargo-faults executable")
    })
}
