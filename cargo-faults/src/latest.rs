//! `<target dir>/faults/latest`: where the latest `cargo faults` run wrote its records, so that
//! `cargo faults rerun`, and a person, find that run without knowing its id.
//!
//! On Unix it is a symlink: relative (`20261202T053243.123Z-4242`) when the run went to the
//! runs directory, absolute when `--records-dir` sent it elsewhere. Elsewhere it is a file
//! holding the path.

use std::path::{Path, PathBuf};

use crate::errors::Error;

/// The pointer's name in the runs directory.
pub(crate) const LATEST: &str = "latest";

/// Points `<runs>/latest` at `records_dir`. The new pointer is made under a name of its own and
/// renamed over the old one, so a reader finds the previous run or this one, never neither.
pub(crate) fn point_at(runs: &Path, records_dir: &Path) -> Result<(), Error> {
    let target = match records_dir.parent() == Some(runs) {
        true => PathBuf::from(records_dir.file_name().unwrap_or_default()),
        false => records_dir.to_path_buf(),
    };
    let pointer = runs.join(LATEST);
    let fresh = runs.join(format!(".{LATEST}.{}", std::process::id()));
    let written = std::fs::create_dir_all(runs)
        .and_then(|()| {
            let _ = std::fs::remove_file(&fresh);
            make(&target, &fresh)
        })
        .and_then(|()| std::fs::rename(&fresh, &pointer));
    written.map_err(|source| {
        let _ = std::fs::remove_file(&fresh);
        Error::Write {
            path: pointer,
            source,
        }
    })
}

/// The directory `<runs>/latest` points at; `None` when no run made one.
pub(crate) fn latest(runs: &Path) -> Option<PathBuf> {
    let pointer = runs.join(LATEST);
    let target = std::fs::read_link(&pointer)
        .or_else(|_| std::fs::read_to_string(&pointer).map(PathBuf::from))
        .ok()?;
    Some(runs.join(target))
}

#[cfg(unix)]
fn make(target: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn make(target: &Path, at: &Path) -> std::io::Result<()> {
    std::fs::write(at, target.to_string_lossy().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pointer_follows_each_run_and_is_relative_inside_the_runs_directory() {
        let dir = tempfile::tempdir().unwrap();
        let runs = dir.path().join("faults");
        assert_eq!(latest(&runs), None);
        let first = runs.join("run-1");
        std::fs::create_dir_all(&first).unwrap();
        point_at(&runs, &first).unwrap();
        assert_eq!(latest(&runs), Some(first.clone()));
        #[cfg(unix)]
        assert_eq!(
            std::fs::read_link(runs.join(LATEST)).unwrap(),
            Path::new("run-1")
        );
        let elsewhere = dir.path().join("records");
        point_at(&runs, &elsewhere).unwrap();
        assert_eq!(latest(&runs), Some(elsewhere));
        let names: Vec<_> = std::fs::read_dir(&runs)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary pointer is left: {names:?}");
    }
}
