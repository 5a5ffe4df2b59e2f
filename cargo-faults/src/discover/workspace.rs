//! The workspace, from `cargo metadata`, and its test binaries, from `cargo test --no-run`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cargo_metadata::{Message, MetadataCommand, PackageId, TargetKind};

use crate::errors::Error;
use crate::render::screen::{CARGO_TERM_COLOR, screen};

/// How to call cargo, as the command line asked.
#[derive(Debug, Clone)]
pub(crate) struct CargoArgs {
    /// `--manifest-path`, which `cargo metadata` needs too.
    pub(crate) manifest_path: Option<PathBuf>,
    /// `--target-dir`: where cargo builds, and where records go by default.
    pub(crate) target_dir: Option<PathBuf>,
    /// `--locked`, which `cargo metadata` needs too.
    pub(crate) locked: bool,
    /// `--offline`, which `cargo metadata` needs too.
    pub(crate) offline: bool,
    /// Every cargo option given, in the form `cargo test` takes them.
    pub(crate) passthrough: Vec<String>,
}

/// What `cargo faults` needs to know about the workspace.
#[derive(Debug)]
pub(crate) struct Workspace {
    /// Where cargo builds, and where records go by default.
    pub(crate) target_dir: PathBuf,
    /// The members, for naming the test binaries cargo builds.
    packages: BTreeMap<PackageId, Package>,
}

/// A workspace member.
#[derive(Debug, Clone)]
pub(crate) struct Package {
    /// The package name.
    pub(crate) name: String,
    /// The directory of its Cargo.toml: the working directory of its tests, as under cargo.
    pub(crate) dir: PathBuf,
}

/// A test executable cargo built.
#[derive(Debug, Clone)]
pub(crate) struct TestBinary {
    /// The executable.
    pub(crate) path: PathBuf,
    /// The package it belongs to.
    pub(crate) package: Package,
    /// The target's name, e.g. `faults`.
    pub(crate) target: String,
}

impl TestBinary {
    /// `package::target`, how reports and records name the binary as a harness.
    pub(crate) fn label(&self) -> String {
        format!("{}::{}", self.package.name, self.target)
    }
}

/// The cargo that invoked `cargo faults` (cargo sets `CARGO`), else the one on PATH.
fn cargo_program() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Reads the workspace's members and target directory.
fn metadata(options: &CargoArgs) -> Result<Workspace, Error> {
    let mut command = MetadataCommand::new();
    command.cargo_path(cargo_program()).no_deps();
    if let Some(path) = &options.manifest_path {
        command.manifest_path(path);
    }
    let mut other = Vec::new();
    if options.locked {
        other.push("--locked".to_owned());
    }
    if options.offline {
        other.push("--offline".to_owned());
    }
    command.other_options(other);
    let metadata = command.exec().map_err(Error::Metadata)?;
    let packages = members(&metadata);
    let target_dir = options
        .target_dir
        .clone()
        .unwrap_or_else(|| metadata.target_directory.into_std_path_buf());
    Ok(Workspace {
        target_dir,
        packages,
    })
}

/// The workspace's members, by package id.
fn members(metadata: &cargo_metadata::Metadata) -> BTreeMap<PackageId, Package> {
    metadata
        .packages
        .iter()
        .filter(|p| metadata.workspace_members.contains(&p.id))
        .map(|p| {
            let dir = p
                .manifest_path
                .parent()
                .map(|dir| dir.as_std_path().to_path_buf())
                .unwrap_or_default();
            (
                p.id.clone(),
                Package {
                    name: p.name.to_string(),
                    dir,
                },
            )
        })
        .collect()
}

/// Reads the workspace while building its test targets: the two cargo invocations overlap.
pub(crate) fn metadata_and_build(
    options: &CargoArgs,
) -> Result<(Workspace, Vec<TestBinary>), Error> {
    std::thread::scope(|scope| {
        let metadata = scope.spawn(|| metadata(options));
        let artifacts = build(options);
        let workspace = metadata
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let mut binaries: Vec<TestBinary> = artifacts?
            .into_iter()
            .filter_map(|(package_id, path, target)| {
                let package = workspace.packages.get(&package_id)?.clone();
                Some(TestBinary {
                    path,
                    package,
                    target,
                })
            })
            .collect();
        binaries.sort_by(|a, b| (&a.package.name, &a.target).cmp(&(&b.package.name, &b.target)));
        binaries.dedup_by(|a, b| a.path == b.path);
        Ok((workspace, binaries))
    })
}

/// A test executable as cargo reported it: package, path, target name.
type Artifact = (PackageId, PathBuf, String);

/// Builds every test target of the selected packages, showing cargo's own progress and
/// diagnostics, and returns the test executables.
fn build(options: &CargoArgs) -> Result<Vec<Artifact>, Error> {
    let mut command = Command::new(cargo_program());
    command
        .args([
            "test",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .args(&options.passthrough)
        // cargo's output shares our stderr: it gets the colour we chose for it.
        .env(
            CARGO_TERM_COLOR,
            if screen().color_stderr {
                "always"
            } else {
                "never"
            },
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let shown = format!("cargo test --no-run {}", options.passthrough.join(" "));
    let shown = shown.trim_end().to_owned();
    let mut child = command.spawn().map_err(|source| Error::Spawn {
        command: shown.clone(),
        source,
    })?;
    let binaries = child
        .stdout
        .take()
        .map(test_executables)
        .unwrap_or_default();
    let status = child.wait().map_err(|source| Error::Spawn {
        command: shown.clone(),
        source,
    })?;
    if !status.success() {
        return Err(Error::Build {
            command: shown,
            status: status.to_string(),
        });
    }
    Ok(binaries)
}

/// The test executables among the artifacts cargo reports on `stdout`.
fn test_executables(stdout: impl std::io::Read) -> Vec<Artifact> {
    let mut binaries = Vec::new();
    for message in Message::parse_stream(BufReader::new(stdout)).flatten() {
        let Message::CompilerArtifact(artifact) = message else {
            continue;
        };
        let is_test = artifact.profile.test || artifact.target.is_kind(TargetKind::Test);
        let (Some(path), true) = (artifact.executable, is_test) else {
            continue;
        };
        binaries.push((
            artifact.package_id,
            path.into_std_path_buf(),
            artifact.target.name.clone(),
        ));
    }
    binaries
}
