//! The case's private directory, and snapshots that reveal what a case left behind.

use crate::record::{Change, SideEffect};
use std::collections::BTreeMap;
use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A fresh, empty directory used as the case's cwd, HOME and TMPDIR; removed on drop unless
/// kept.
#[derive(Debug)]
pub(crate) struct Sandbox {
    dir: PathBuf,
    /// The directory's own state when it was created, to tell whether a case changed it.
    created_as: EntryState,
    keep: bool,
}

impl Sandbox {
    /// Creates an empty sandbox under `root` (the system temp directory when the run started).
    pub(crate) fn create_in(root: &Path) -> io::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("fault-case-")
            .tempdir_in(root)?
            .keep();
        crate::isolate::interrupt::track_path(&dir);
        let created_as = EntryState::of(&fs::symlink_metadata(&dir)?);
        Ok(Sandbox {
            dir,
            created_as,
            keep: false,
        })
    }

    /// The sandbox's path.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Records the sandbox itself and every entry in it, recursively, without following
    /// symlinks.
    pub(crate) fn snapshot(&self) -> io::Result<Snapshot> {
        let root = EntryState::of(&fs::symlink_metadata(self.path())?);
        let mut entries = BTreeMap::new();
        walk(self.path(), Path::new(""), &mut entries)?;
        Ok(Snapshot { root, entries })
    }

    /// Keeps the directory on disk for inspection and returns where it is.
    pub(crate) fn keep(mut self) -> PathBuf {
        self.keep = true;
        crate::isolate::interrupt::untrack_path(&self.dir);
        self.dir.clone()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if !self.keep {
            crate::sys::remove_dir(&self.dir);
            crate::isolate::interrupt::untrack_path(&self.dir);
        }
    }
}

/// The state of a sandbox at one moment.
#[derive(Debug, PartialEq)]
pub(crate) struct Snapshot {
    root: EntryState,
    entries: BTreeMap<PathBuf, EntryState>,
}

/// How the sandbox directory itself appears among side effects.
const ROOT: &str = ".";

#[derive(Debug, PartialEq)]
struct EntryState {
    kind: &'static str,
    len: u64,
    modified: Option<SystemTime>,
    permissions: u32,
}

impl EntryState {
    fn of(meta: &Metadata) -> Self {
        let kind = if meta.is_dir() {
            "dir"
        } else if meta.is_symlink() {
            "symlink"
        } else if meta.is_file() {
            "file"
        } else {
            "other"
        };
        EntryState {
            kind,
            len: if meta.is_dir() { 0 } else { meta.len() },
            modified: if meta.is_dir() {
                None
            } else {
                meta.modified().ok()
            },
            permissions: permission_bits(meta),
        }
    }
}

fn permission_bits(meta: &Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

fn walk(root: &Path, rel: &Path, out: &mut BTreeMap<PathBuf, EntryState>) -> io::Result<()> {
    for entry in fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let rel_path = rel.join(entry.file_name());
        let meta = entry.metadata()?;
        let descend = meta.is_dir();
        out.insert(rel_path.clone(), EntryState::of(&meta));
        if descend {
            walk(root, &rel_path, out)?;
        }
    }
    Ok(())
}

impl Snapshot {
    /// Whether this is `sandbox` exactly as it was created: empty, with its original mode.
    pub(crate) fn is_pristine(&self, sandbox: &Sandbox) -> bool {
        self.entries.is_empty() && self.root == sandbox.created_as
    }

    /// What changed from `self` to `after`, in path order; `.` is the sandbox itself (e.g. its
    /// permissions).
    pub(crate) fn diff(&self, after: &Snapshot) -> Vec<SideEffect> {
        let mut effects = Vec::new();
        if self.root != after.root {
            effects.push(SideEffect {
                path: ROOT.to_owned(),
                change: Change::Modified,
            });
        }
        for (path, state) in &after.entries {
            let change = match self.entries.get(path) {
                None => Some(Change::Created),
                Some(before) if before != state => Some(Change::Modified),
                Some(_) => None,
            };
            if let Some(change) = change {
                effects.push(SideEffect {
                    path: path.to_string_lossy().into_owned(),
                    change,
                });
            }
        }
        for path in self.entries.keys() {
            if !after.entries.contains_key(path) {
                effects.push(SideEffect {
                    path: path.to_string_lossy().into_owned(),
                    change: Change::Deleted,
                });
            }
        }
        effects.sort_by(|a, b| a.path.cmp(&b.path));
        effects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_created_modified_and_deleted_paths() {
        let sandbox = Sandbox::create_in(&std::env::temp_dir()).unwrap();
        let root = sandbox.path();
        fs::write(root.join("kept"), "same").unwrap();
        fs::write(root.join("changed"), "before").unwrap();
        fs::write(root.join("removed"), "x").unwrap();
        let before = sandbox.snapshot().unwrap();

        fs::write(root.join("changed"), "after, longer").unwrap();
        fs::remove_file(root.join("removed")).unwrap();
        fs::create_dir(root.join("out")).unwrap();
        fs::write(root.join("out/artifact.json"), "{}").unwrap();
        let after = sandbox.snapshot().unwrap();

        let effects: Vec<(String, Change)> = before
            .diff(&after)
            .into_iter()
            .map(|e| (e.path, e.change))
            .collect();
        assert_eq!(
            effects,
            vec![
                ("changed".into(), Change::Modified),
                ("out".into(), Change::Created),
                ("out/artifact.json".into(), Change::Created),
                ("removed".into(), Change::Deleted),
            ]
        );
    }

    #[test]
    fn a_changed_sandbox_mode_is_a_side_effect_and_not_pristine() {
        use std::os::unix::fs::PermissionsExt;
        let sandbox = Sandbox::create_in(&std::env::temp_dir()).unwrap();
        let before = sandbox.snapshot().unwrap();
        assert!(before.is_pristine(&sandbox));
        fs::set_permissions(sandbox.path(), fs::Permissions::from_mode(0o500)).unwrap();
        let after = sandbox.snapshot().unwrap();
        assert!(!after.is_pristine(&sandbox));
        let effects = before.diff(&after);
        assert_eq!(effects.len(), 1);
        assert_eq!(
            (effects[0].path.as_str(), effects[0].change),
            (".", Change::Modified)
        );
    }

    #[test]
    fn a_sandbox_locked_by_its_case_is_still_removed() {
        use std::os::unix::fs::PermissionsExt;
        let sandbox = Sandbox::create_in(&std::env::temp_dir()).unwrap();
        let path = sandbox.path().to_path_buf();
        fs::create_dir(path.join("locked")).unwrap();
        fs::write(path.join("locked/file"), "x").unwrap();
        fs::set_permissions(path.join("locked"), fs::Permissions::from_mode(0o500)).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o500)).unwrap();
        drop(sandbox);
        assert!(!path.exists());
    }

    #[test]
    fn a_sandbox_with_content_is_not_pristine() {
        let sandbox = Sandbox::create_in(&std::env::temp_dir()).unwrap();
        fs::write(sandbox.path().join("left-over"), "x").unwrap();
        assert!(!sandbox.snapshot().unwrap().is_pristine(&sandbox));
    }

    #[test]
    fn an_untouched_sandbox_has_no_side_effects() {
        let sandbox = Sandbox::create_in(&std::env::temp_dir()).unwrap();
        fs::write(sandbox.path().join("seed"), "x").unwrap();
        let before = sandbox.snapshot().unwrap();
        let after = sandbox.snapshot().unwrap();
        assert!(before.diff(&after).is_empty());
    }
}
