//! The files the analyser reads: the workspace on disk, or a map for its own tests.

use std::path::{Component, Path, PathBuf};

/// Where the analyser reads source files from, by their path relative to the workspace root.
pub trait Sources: Sync {
    /// The text of a file, by its path relative to the workspace root.
    fn read(&self, path: &Path) -> Option<String>;
    /// Every `.rs` file under a directory, sorted.
    fn rs_files_under(&self, dir: &Path) -> Vec<PathBuf>;
}

/// The files of a directory on disk: the workspace root.
pub struct Disk {
    /// The directory the paths are relative to.
    pub root: PathBuf,
}

impl Sources for Disk {
    fn read(&self, path: &Path) -> Option<String> {
        std::fs::read_to_string(self.root.join(path)).ok()
    }

    fn rs_files_under(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = dir.join(entry.file_name());
                if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }
}

/// Removes `.` and `a/..` components, as the file system would resolve them.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
