//! The crates of the workspace, as `cargo metadata --no-deps` lists them.

use std::path::{Path, PathBuf};

use super::sources::Disk;

/// The crates of the workspace and the `src/` directories of its members.
pub struct Workspace {
    /// The library and binary crates whose root file is under a member's `src/`.
    pub crates: Vec<CrateRoot>,
    /// The `src/` directory of each member that has one, relative to the workspace root.
    pub src_dirs: Vec<PathBuf>,
}

/// One library or binary crate: a display name and its root file.
pub struct CrateRoot {
    /// The package and the target, as in ``ledger (lib `ledger`)``.
    pub name: String,
    /// The crate's root file, relative to the workspace root.
    pub root: PathBuf,
}

/// The workspace this package belongs to: its files on disk, and its crates.
///
/// The crates are the library and binary targets under each member's `src/`, so tests,
/// examples, benchmarks, build scripts and the fixtures under `tests/` are not crates here.
pub fn workspace() -> (Disk, Workspace) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(manifest)
        .no_deps()
        .exec()
        .expect("`cargo metadata --no-deps` lists the workspace");
    let root = metadata.workspace_root.clone().into_std_path_buf();
    let relative = |path: &Path| path.strip_prefix(&root).unwrap_or(path).to_path_buf();
    let mut crates = Vec::new();
    let mut src_dirs = Vec::new();
    for package in metadata.workspace_packages() {
        let package_dir = package
            .manifest_path
            .parent()
            .expect("a manifest has a directory");
        let src = package_dir.join("src").into_std_path_buf();
        if src.is_dir() {
            src_dirs.push(relative(&src));
        }
        for target in &package.targets {
            let is_crate = !(target.is_test()
                || target.is_example()
                || target.is_bench()
                || target.is_custom_build());
            if is_crate && target.src_path.starts_with(&src) {
                let kind = if target.is_bin() { "bin" } else { "lib" };
                crates.push(CrateRoot {
                    name: format!("{} ({kind} `{}`)", package.name, target.name),
                    root: relative(target.src_path.as_std_path()),
                });
            }
        }
    }
    assert!(!crates.is_empty(), "the workspace has crates");
    (Disk { root }, Workspace { crates, src_dirs })
}
