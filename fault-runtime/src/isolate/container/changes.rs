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

/// Every change in the view's layers, but the whiteouts that hide paths.
pub(crate) fn read(
    changes: &OwnedFd,
    layout: &Layout,
    hidden: &BTreeSet<PathBuf>,
) -> Vec<SideEffect> {
    let dir = PathBuf::from(format!("/proc/self/fd/{}", changes.as_raw_fd()));
    let layers = std::iter::once((None, PathBuf::from("/"))).chain(
        layout
            .placements
            .iter()
            .enumerate()
            .map(|(index, placement)| (Some(index), placement.path.clone())),
    );
    let mut found = Vec::new();
    for (layer, base) in layers {
        let upper = dir.join(layer_dir(layer)).join("u");
        if upper.is_dir() {
            walk(&upper, &base, hidden, &mut found);
        }
    }
    created(&dir.join(SHM_DIR), Path::new("/dev/shm"), &mut found);
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.truncate(MAX_CHANGES);
    found
}

/// Whether the view is exactly as it was built: no layer holds anything, nor `/dev/shm`, so
/// the next case may run in it. Stricter than [`read`]: a directory copied up and left as it
/// was is no change, but the view is no longer pristine.
pub(crate) fn pristine(changes: &OwnedFd, layout: &Layout) -> bool {
    let dir = PathBuf::from(format!("/proc/self/fd/{}", changes.as_raw_fd()));
    let empty =
        |path: PathBuf| std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none());
    let layers = (0..layout.placements.len()).map(Some).chain([None]);
    let uppers_empty = layers
        .filter(|layer| dir.join(layer_dir(*layer)).exists())
        .all(|layer| empty(dir.join(layer_dir(layer)).join("u")));
    uppers_empty && empty(dir.join(SHM_DIR))
}

/// Lists everything under `dir`, which started empty, as created at `base`.
fn created(dir: &Path, base: &Path, found: &mut Vec<SideEffect>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if found.len() >= MAX_CHANGES {
            return;
        }
        let path = base.join(entry.file_name());
        found.push(SideEffect {
            path: path.to_string_lossy().into_owned(),
            change: Change::Created,
        });
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            created(&entry.path(), &path, found);
        }
    }
}

/// Lists the changes under one upper directory, whose top is `host` on the machine.
fn walk(upper: &Path, host: &Path, hidden: &BTreeSet<PathBuf>, found: &mut Vec<SideEffect>) {
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
            if !hidden.contains(&path) && original.is_some() {
                found.push(change(Change::Deleted));
            }
        } else if meta.is_dir() {
            match &original {
                Some(before) if before.is_dir() => {
                    if (before.mode() ^ meta.mode()) & 0o7777 != 0
                        && !holds_only_hidden(&path, hidden)
                    {
                        found.push(change(Change::Modified));
                    }
                }
                Some(_) => found.push(change(Change::Modified)),
                None => found.push(change(Change::Created)),
            }
            walk(&entry.path(), &path, hidden, found);
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
