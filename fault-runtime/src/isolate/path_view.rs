//! Hiding programs: a view of PATH in which the hidden programs do not exist.
//!
//! Every PATH directory holding a hidden program is replaced by a shadow directory of symlinks
//! to everything else in it; the other directories stay as they are. A view is built once per
//! run for each distinct PATH and hidden set, then shared by every case that asks for it.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Built views, by the PATH they filter and the programs they hide.
#[derive(Debug, Default)]
pub(crate) struct PathViews {
    built: Mutex<HashMap<(OsString, Vec<&'static str>), OsString>>,
}

impl PathViews {
    /// `path` without `hidden`, built under `scratch` on first use.
    pub(crate) fn view(
        &self,
        path: &OsStr,
        hidden: &[&'static str],
        scratch: &Path,
    ) -> io::Result<OsString> {
        let mut key_hidden = hidden.to_vec();
        key_hidden.sort_unstable();
        let key = (path.to_os_string(), key_hidden);
        let mut built = self.built.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(view) = built.get(&key) {
            return Ok(view.clone());
        }
        let root = scratch.join(format!("path-view-{}", built.len()));
        let view = build(path, hidden, &root)?;
        built.insert(key, view.clone());
        Ok(view)
    }
}

fn build(path: &OsStr, hidden: &[&str], root: &Path) -> io::Result<OsString> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (index, dir) in std::env::split_paths(path).enumerate() {
        let holds_hidden = hidden
            .iter()
            .any(|name| dir.join(name).symlink_metadata().is_ok());
        if !holds_hidden {
            dirs.push(dir);
            continue;
        }
        let shadow = root.join(index.to_string());
        std::fs::create_dir_all(&shadow)?;
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if hidden.iter().any(|h| OsStr::new(h) == name) {
                continue;
            }
            std::os::unix::fs::symlink(entry.path(), shadow.join(&name))?;
        }
        dirs.push(shadow);
    }
    std::env::join_paths(dirs).map_err(io::Error::other)
}

/// Whether `program` can be found and executed through `path`.
pub(crate) fn find(path: &OsStr, program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            std::fs::metadata(candidate)
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executable(dir: &Path, name: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn hides_only_the_named_programs() {
        let tools = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let scratch = tempfile::tempdir().unwrap();
        for name in ["git", "sh", "curl"] {
            executable(tools.path(), name);
        }
        executable(other.path(), "make");
        let path = std::env::join_paths([tools.path(), other.path()]).unwrap();
        let views = PathViews::default();
        let view = views.view(&path, &["git", "curl"], scratch.path()).unwrap();
        assert!(find(&view, "git").is_none());
        assert!(find(&view, "curl").is_none());
        assert!(
            find(&view, "sh").is_some(),
            "the rest of the directory stays"
        );
        assert_eq!(
            find(&view, "make"),
            Some(other.path().join("make")),
            "untouched dirs stay"
        );
        assert!(
            find(&path, "git").is_some(),
            "the harness's own PATH is unchanged"
        );
        let again = views.view(&path, &["curl", "git"], scratch.path()).unwrap();
        assert_eq!(again, view, "one view per hidden set, built once");
    }
}
