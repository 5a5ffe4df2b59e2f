//! `cargo faults init [-p PKG]`: adds to an existing package what a fault harness needs, the
//! harness target, its file with one working case, and the runtime. Everything is checked
//! before anything is written: a file that exists with other content is left untouched and
//! the whole setup refused, naming it. A second run changes nothing.

use std::path::{Path, PathBuf};

use cargo_metadata::MetadataCommand;
use fault_runtime::record::write_atomic;

use crate::errors::Error;
use crate::exit_codes;
use crate::init::manifest::{self, HARNESS, RUNTIME, Source};

/// A setup, as asked for.
#[derive(Debug)]
pub(crate) struct InitPlan {
    /// `--manifest-path`.
    pub(crate) manifest_path: Option<PathBuf>,
    /// `-p`: the package to set up; the one in the current directory when `None`.
    pub(crate) package: Option<String>,
    /// `--runtime-path`: where fault-runtime's source is, for a path dependency.
    pub(crate) runtime_path: Option<PathBuf>,
}

/// What `tests/faults.rs` starts with: the harness and one case that passes.
const HARNESS_FILE: &str = r#"//! Fault cases: each passes only when the system refuses loudly, with the expected code, at the
//! expected gate, leaving nothing behind. Run them with `cargo faults` (or `cargo test`).
//!
//! Cases can live here or next to the code they test; cases in the library are linked into this
//! harness when it uses the crate (`use my_crate as _;`).

use fault_runtime::fault_case;

/// Reading a file that does not exist is refused as `NotFound`
///
/// The sandbox the case runs in starts empty, so the file is not there: the read must be
/// refused, not answered with something. Replace it with a fault of your own system.
#[fault_case(expect = "NotFound", halt, tags = ["example"])]
fn reading_a_missing_file_is_refused() -> std::io::Result<Vec<u8>> {
    std::fs::read("no-such-file")
}

fault_runtime::main!();
"#;

/// Sets the package up and says what changed.
pub(crate) fn init(plan: &InitPlan) -> Result<u8, Error> {
    let (name, dir, sources) = package(plan)?;
    let manifest_path = dir.join("Cargo.toml");
    let text = read(&manifest_path)?;
    let source = runtime_source(plan.runtime_path.as_deref())?;
    let contract = manifest::implements_refusal(&sources);
    let conflict = |what: String| Error::InitConflict {
        package: name.clone(),
        conflicts: vec![what],
    };
    let (edited, mut changed) =
        manifest::add_harness(&text, &source, contract).map_err(conflict)?;
    let harness_path = dir.join("tests").join(format!("{HARNESS}.rs"));
    let write_harness = match std::fs::read_to_string(&harness_path) {
        Ok(existing) if existing == HARNESS_FILE => false,
        Ok(_) => {
            return Err(conflict(format!(
                "{} exists with other content; it was left untouched (move it, or give the harness another name by hand)",
                harness_path.display()
            )));
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => true,
        Err(source) => {
            return Err(Error::Read {
                path: harness_path,
                source,
            });
        }
    };
    if write_harness {
        std::fs::create_dir_all(dir.join("tests")).map_err(|source| Error::Write {
            path: dir.join("tests"),
            source,
        })?;
        write(&harness_path, HARNESS_FILE)?;
        changed.push(format!("tests/{HARNESS}.rs with one example case"));
    }
    if edited != text {
        write(&manifest_path, &edited)?;
    }
    if changed.is_empty() {
        println!("{name} is set up for fault cases already: nothing changed");
    } else {
        println!("set up {name} for fault cases:");
        for change in &changed {
            println!("  added {change}");
        }
        println!("run them: cargo faults -p {name}");
    }
    Ok(exit_codes::OK)
}

/// The package to set up: its name, directory and the text of its `src/` files.
fn package(plan: &InitPlan) -> Result<(String, PathBuf, Vec<String>), Error> {
    let mut command = MetadataCommand::new();
    command.no_deps();
    if let Some(path) = &plan.manifest_path {
        command.manifest_path(path);
    }
    let metadata = command.exec().map_err(Error::Metadata)?;
    let members: Vec<_> = metadata.workspace_packages();
    let cwd = std::env::current_dir().unwrap_or_default();
    let chosen = match &plan.package {
        Some(name) => members.iter().find(|p| p.name.as_str() == name),
        None if members.len() == 1 => members.first(),
        None => members.iter().find(|p| {
            p.manifest_path
                .parent()
                .is_some_and(|dir| cwd.starts_with(dir.as_std_path()))
        }),
    };
    let Some(package) = chosen else {
        let names: Vec<&str> = members.iter().map(|p| p.name.as_str()).collect();
        return Err(Error::InitPackage {
            asked: plan.package.clone(),
            members: names.join(", "),
        });
    };
    let dir = package
        .manifest_path
        .parent()
        .map(|dir| dir.as_std_path().to_path_buf())
        .unwrap_or_default();
    Ok((
        package.name.to_string(),
        dir.clone(),
        sources(&dir.join("src")),
    ))
}

/// The text of every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return texts;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            texts.extend(sources(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            texts.extend(std::fs::read_to_string(&path));
        }
    }
    texts
}

/// Where the runtime comes from: `--runtime-path`, else the source this `cargo faults` was
/// built from when it is still there, else the version of this `cargo faults`.
fn runtime_source(given: Option<&Path>) -> Result<Source, Error> {
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join(RUNTIME));
    let dir = match given {
        Some(dir) => Some(std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())),
        None => built_from.filter(|dir| dir.join("Cargo.toml").is_file()),
    };
    match dir {
        Some(dir) if dir.join("Cargo.toml").is_file() => {
            Ok(Source::Path(dir.display().to_string()))
        }
        Some(dir) => Err(Error::InitConflict {
            package: RUNTIME.to_owned(),
            conflicts: vec![format!(
                "--runtime-path {} holds no Cargo.toml: give the directory of fault-runtime's source",
                dir.display()
            )],
        }),
        None => Ok(Source::Version(env!("CARGO_PKG_VERSION").to_owned())),
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    write_atomic(path, text.as_bytes()).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}
