//! What a case changed outside its sandbox, read from the upper directories of the view's
//! layers once the container is gone: every file there was written by the case, every
//! whiteout is something it deleted. Paths are the host's, absolute.

use std::collections::BTreeSet;
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::isolate::container::hidden::is_whiteout;
use crate::isolate::container::layout::Layout;
use crate::isolate::container::setup::{SHM_DIR, layer_dir};
use crate::record::{Change, SideEffect};

/// The most changes listed for one case: the verdict needs one, a reader a few hundred.
const MAX_CHANGES: usize = 1000;

/// What the view itself put into its layers: the whiteouts of hidden paths, and the
/// directories it created to mount the host's own directories on (a sandbox under `/dev/shm`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Planted<'a> {
    /// The absolute paths the whiteouts hide.
    pub(crate) hidden: &'a BTreeSet<PathBuf>,
    /// The directories shown as the host's own.
    pub(crate) shared: &'a [PathBuf],
}

impl Planted<'_> {
    /// Whether `path` is a directory the view created to reach a shared directory.
    fn mount_point(&self, path: &Path) -> bool {
        self.shared.iter().any(|dir| dir.starts_with(path))
    }
}

/// The upper directory of every layer, with the host path its top shows, and `/dev/shm`.
fn layers(changes: &OwnedFd, layout: &Layout) -> Vec<(PathBuf, PathBuf)> {
    let dir = PathBuf::from(format!("/proc/self/fd/{}", changes.as_raw_fd()));
    let placed = layout
        .placements
        .iter()
        .enumerate()
        .map(|(index, placement)| (Some(index), placement.path.clone()));
    let mut layers: Vec<(PathBuf, PathBuf)> = std::iter::once((None, PathBuf::from("/")))
        .chain(placed)
        .map(|(layer, base)| (dir.join(layer_dir(layer)).join("u"), base))
        .filter(|(upper, _)| upper.is_dir())
        .collect();
    layers.push((dir.join(SHM_DIR), PathBuf::from("/dev/shm")));
    layers
}

/// Every change in the view's layers, but what the view planted itself.
pub(crate) fn read(changes: &OwnedFd, layout: &Layout, planted: Planted<'_>) -> Vec<SideEffect> {
    let mut found = Vec::new();
    for (upper, base) in layers(changes, layout) {
        if base == Path::new("/dev/shm") {
            created(&upper, &base, planted, &mut found);
        } else {
            walk(&upper, &base, planted, &mut found);
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.truncate(MAX_CHANGES);
    found
}

/// Whether the view is exactly as it was built: no layer holds anything but what the view
/// planted, so the next case may run in it. Stricter than [`read`]: a directory copied up and
/// left as it was is no change, but the view is no longer pristine.
pub(crate) fn pristine(changes: &OwnedFd, layout: &Layout, planted: Planted<'_>) -> bool {
    layers(changes, layout)
        .iter()
        .all(|(upper, base)| only_planted(upper, base, planted))
}

/// Whether `dir` holds nothing but the view's own mount-point directories.
fn only_planted(dir: &Path, base: &Path, planted: Planted<'_>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        let Ok(entry) = entry else { return false };
        let path = base.join(entry.file_name());
        planted.mount_point(&path)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && only_planted(&entry.path(), &path, planted)
    })
}

/// Lists everything under `dir`, which started empty, as created at `base`.
fn created(dir: &Path, base: &Path, planted: Planted<'_>, found: &mut Vec<SideEffect>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if found.len() >= MAX_CHANGES {
            return;
        }
        let path = base.join(entry.file_name());
        if !planted.mount_point(&path) {
            found.push(SideEffect {
                path: path.to_string_lossy().into_owned(),
                change: Change::Created,
            });
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            created(&entry.path(), &path, planted, found);
        }
    }
}

/// Lists the changes under one upper directory, whose top is `host` on the machine.
fn walk(upper: &Path, host: &Path, planted: Planted<'_>, found: &mut Vec<SideEffect>) {
    let Ok(entries) = std::fs::read_dir(upper) else {
        return;
    };
    for entry in entries.flatten() {
        if found.len() >= MAX_CHANGES {
            return;
        }
        let path = host.join(entry.file_name());
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let original = std::fs::symlink_metadata(&path).ok();
        let change = |change| SideEffect {
            path: path.to_string_lossy().into_owned(),
            change,
        };
        if is_whiteout(&meta) {
            if !planted.hidden.contains(&path) && original.is_some() {
                found.push(change(Change::Deleted));
            }
        } else if meta.is_dir() {
            match &original {
                Some(before) if before.is_dir() => {
                    if (before.mode() ^ meta.mode()) & 0o7777 != 0
                        && !holds_only_hidden(&path, planted.hidden)
                    {
                        found.push(change(Change::Modified));
                    }
                }
                Some(_) => found.push(change(Change::Modified)),
                None if planted.mount_point(&path) => {}
                None => found.push(change(Change::Created)),
            }
            walk(&entry.path(), &path, planted, found);
        } else {
            match &original {
                None => found.push(change(Change::Created)),
                Some(before) if !same_file(before, &meta, &path, &entry.path()) => {
                    found.push(change(Change::Modified));
                }
                Some(_) => {}
            }
        }
    }
}

/// Whether `dir` is a parent the view created for a hidden path (its mode is the view's).
fn holds_only_hidden(dir: &Path, hidden: &BTreeSet<PathBuf>) -> bool {
    hidden.iter().any(|h| h.starts_with(dir))
}

/// Whether a copied-up file still equals the host's: opened for writing but left as it was.
fn same_file(
    before: &std::fs::Metadata,
    after: &std::fs::Metadata,
    host: &Path,
    upper: &Path,
) -> bool {
    if before.file_type() != after.file_type()
        || before.len() != after.len()
        || before.mode() != after.mode()
    {
        return false;
    }
    if after.file_type().is_symlink() {
        return std::fs::read_link(host).ok() == std::fs::read_link(upper).ok();
    }
    let (Ok(mut a), Ok(mut b)) = (std::fs::File::open(host), std::fs::File::open(upper)) else {
        return false;
    };
    let mut left = [0u8; 64 * 1024];
    let mut right = [0u8; 64 * 1024];
    loop {
        let (Ok(n), Ok(m)) = (a.read(&mut left), b.read(&mut right)) else {
            return false;
        };
        if n != m || left[..n] != right[..m] {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}
