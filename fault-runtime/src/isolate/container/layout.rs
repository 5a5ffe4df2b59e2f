//! The container's filesystem view, planned once per supervisor from the machine's mounts.
//!
//! An unprivileged overlay cannot take a directory with mounts beneath it as its lower layer
//! (that would reveal what the mounts cover), and it cannot copy up a directory owned by a user
//! the namespace does not map. So the view is assembled: every directory that holds a mount
//! point somewhere below it ("split" directories, `/` among them) comes from a template — a
//! small copy of those directories with their symlinks and small files, built here — and every
//! other entry of a split directory gets a copy-on-write overlay of its own, whose top
//! directory the case owns. The shared writable directories (`/tmp`, `/var/tmp`, …) are such
//! entries too, so a case can create files in them as on the host. Read-only mounts stay
//! read-only; `/proc`, `/dev` and `/sys` are the container's own.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::isolate::container::mountinfo::{self, Mount};

/// Files of split directories up to this size, bind-mounted files among them (a container
/// runtime's `/etc/hosts`), are copied into the template: copy-on-write in the view. Larger
/// ones are bound read-only.
const COPY_LIMIT: u64 = 1 << 20;

/// Directories every user may write to on most machines: each is an overlay of its own, so
/// creating files in them works although their owner is not the case's user.
const SHARED_WRITABLE: &[&str] = &["/tmp", "/var/tmp", "/run/lock"];

/// The container's own pseudo-filesystems, mounted instead of the host's.
const OWN: &[(&str, Source)] = &[
    ("/proc", Source::Proc),
    ("/dev", Source::Dev),
    ("/sys", Source::Sys),
];

/// The whole view: the template is the lower layer of `/`, and each placement is mounted on it.
#[derive(Debug)]
pub(crate) struct Layout {
    /// The template directory, on the host.
    pub(crate) template: PathBuf,
    /// The mode of `/` in the view (its top directory belongs to the case's user).
    pub(crate) root_mode: u32,
    /// What is mounted where, parents first.
    pub(crate) placements: Vec<Placement>,
}

/// One mount of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// Its path in the view, which is the host path it shows.
    pub(crate) path: PathBuf,
    /// What it shows.
    pub(crate) source: Source,
}

/// What a placement shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A copy-on-write view of the host directory; its top directory gets this mode.
    Overlay {
        /// The mode of the top directory, as the case's user may use it on the host.
        mode: u32,
    },
    /// The host path itself, read-only.
    ReadOnly,
    /// The host path itself, writable: sockets and fifos, which hold no data.
    Passthrough,
    /// The container's own `/proc`.
    Proc,
    /// A minimal `/dev`: the usual devices, its own `pts` and a private `shm`.
    Dev,
    /// The host's `/sys`, read-only.
    Sys,
}

impl Layout {
    /// Plans the view from this machine's mounts and builds its template under `scratch`.
    pub(crate) fn plan(scratch: &Path) -> io::Result<Layout> {
        let mounts = mountinfo::visible()?;
        let roots = roots(&mounts);
        let split = split_dirs(&roots);
        let template = scratch.join(format!("container-root-{}", std::process::id()));
        if template.exists() {
            crate::sys::remove_dir(&template);
        }
        std::fs::create_dir_all(&template)?;
        let mut placements = Vec::new();
        for dir in &split {
            let copy = template.join(relative(dir));
            std::fs::create_dir_all(&copy)?;
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                let path = dir.join(entry.file_name());
                if split.contains(&path) {
                    continue;
                }
                // A shared directory such as /tmp changes while it is read: an entry another
                // process removed since is simply not in the view.
                let meta = match std::fs::symlink_metadata(&path) {
                    Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
                    meta => meta?,
                };
                let into = copy.join(entry.file_name());
                match place(&path, &meta, &into, &roots, &mounts) {
                    Ok(Some(placement)) => placements.push(placement),
                    Ok(None) => {}
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {
                        // Whatever of it the template got goes too.
                        let _ = std::fs::remove_file(&into).or_else(|_| std::fs::remove_dir(&into));
                    }
                    Err(err) => return Err(err),
                }
            }
        }
        // Modes last: a directory without write permission would refuse its own entries.
        for dir in split.iter().rev() {
            let meta = std::fs::metadata(dir)?;
            let mode = view_mode(&meta);
            std::fs::set_permissions(
                template.join(relative(dir)),
                std::fs::Permissions::from_mode(mode),
            )?;
        }
        placements.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Layout {
            root_mode: view_mode(&std::fs::metadata("/")?),
            template,
            placements,
        })
    }

    /// The placement a host path is shown through: the deepest one containing it.
    pub(crate) fn placement_of(&self, path: &Path) -> Option<&Placement> {
        self.placements
            .iter()
            .filter(|p| path.starts_with(&p.path))
            .max_by_key(|p| p.path.as_os_str().len())
    }
}

impl Drop for Layout {
    fn drop(&mut self) {
        crate::sys::remove_dir(&self.template);
    }
}

/// Paths that need a placement of their own, with the mount they belong to: every visible
/// mount but `/` and the container's own pseudo-filesystems, and the shared writable
/// directories.
fn roots(mounts: &[Mount]) -> BTreeMap<PathBuf, bool> {
    let mut roots = BTreeMap::new();
    for mount in mounts {
        if mount.path != Path::new("/") && !is_own(&mount.path) {
            roots.insert(mount.path.clone(), mount.read_only);
        }
    }
    let temp = std::env::temp_dir();
    let shared = SHARED_WRITABLE.iter().map(PathBuf::from).chain([temp]);
    for path in shared {
        let Ok(path) = path.canonicalize() else {
            continue;
        };
        if path.is_dir() && !is_own(&path) && path != Path::new("/") {
            let read_only = governing(mounts, &path).is_some_and(|m| m.read_only);
            roots.entry(path).or_insert(read_only);
        }
    }
    roots
}

/// `/` and every directory above a root.
fn split_dirs(roots: &BTreeMap<PathBuf, bool>) -> BTreeSet<PathBuf> {
    let mut split = BTreeSet::from([PathBuf::from("/")]);
    for root in roots.keys() {
        let mut dir = root.parent();
        while let Some(parent) = dir {
            split.insert(parent.to_path_buf());
            dir = parent.parent();
        }
    }
    // A root with a root below it is split too: its entries are placed one by one.
    split
}

/// Whether the container mounts its own filesystem at or above `path`.
fn is_own(path: &Path) -> bool {
    OWN.iter().any(|(own, _)| path.starts_with(own))
}

/// The deepest mount holding `path`.
fn governing<'a>(mounts: &'a [Mount], path: &Path) -> Option<&'a Mount> {
    mounts
        .iter()
        .filter(|m| path.starts_with(&m.path))
        .max_by_key(|m| m.path.as_os_str().len())
}

/// Puts one entry of a split directory into the template, and says how it is mounted, if it
/// is.
fn place(
    path: &Path,
    meta: &std::fs::Metadata,
    into: &Path,
    roots: &BTreeMap<PathBuf, bool>,
    mounts: &[Mount],
) -> io::Result<Option<Placement>> {
    if let Some((_, source)) = OWN.iter().find(|(own, _)| path == Path::new(own)) {
        std::fs::create_dir(into)?;
        return Ok(Some(Placement {
            path: path.to_path_buf(),
            source: *source,
        }));
    }
    let read_only = roots
        .get(path)
        .copied()
        .unwrap_or_else(|| governing(mounts, path).is_some_and(|m| m.read_only));
    let file_type = meta.file_type();
    let source = if file_type.is_dir() {
        std::fs::create_dir(into)?;
        if !read_only && !roots.contains_key(path) && is_empty_dir(path) {
            // Nothing to show: the template's copy, under the root overlay, is the view.
            std::fs::set_permissions(into, std::fs::Permissions::from_mode(view_mode(meta)))?;
            return Ok(None);
        }
        if read_only {
            Source::ReadOnly
        } else {
            Source::Overlay {
                mode: view_mode(meta),
            }
        }
    } else if file_type.is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(path)?, into)?;
        return Ok(None);
    } else if file_type.is_file() && meta.len() <= COPY_LIMIT {
        match std::fs::copy(path, into) {
            Ok(_) => {}
            // Unreadable on the host: an empty stand-in, unreadable in the view too.
            Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
                std::fs::write(into, b"")?;
            }
            Err(err) => return Err(err),
        }
        let mut mode = view_mode(meta);
        if read_only {
            mode &= !0o222;
        }
        std::fs::set_permissions(into, std::fs::Permissions::from_mode(mode))?;
        return Ok(None);
    } else {
        std::fs::write(into, b"")?;
        if file_type.is_file() {
            Source::ReadOnly
        } else {
            Source::Passthrough
        }
    };
    Ok(Some(Placement {
        path: path.to_path_buf(),
        source,
    }))
}

/// Whether `dir` can be listed and holds nothing.
fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// The mode a directory or file the case's user owns in the view gets: the owner bits are
/// what this user may do with it on the host, the rest as on the host.
pub(crate) fn view_mode(meta: &std::fs::Metadata) -> u32 {
    let mode = meta.mode() & 0o7777;
    let uid = rustix::process::geteuid().as_raw();
    let allowed = if uid == 0 || meta.uid() == uid {
        (mode >> 6) & 0o7
    } else if in_group(meta.gid()) {
        (mode >> 3) & 0o7
    } else {
        mode & 0o7
    };
    (mode & !0o700) | (allowed << 6)
}

/// Whether this process is in group `gid`.
fn in_group(gid: u32) -> bool {
    rustix::process::getegid().as_raw() == gid
        || rustix::process::getgroups().is_ok_and(|groups| groups.iter().any(|g| g.as_raw() == gid))
}

/// `path` without its leading `/`.
pub(crate) fn relative(path: &Path) -> &Path {
    path.strip_prefix("/").unwrap_or(path)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn every_top_level_directory_is_placed_and_the_own_filesystems_replace_the_hosts() {
        let scratch = tempfile::tempdir().unwrap();
        let layout = Layout::plan(scratch.path()).unwrap();
        let find = |path: &str| layout.placements.iter().find(|p| p.path == Path::new(path));
        assert_eq!(find("/proc").unwrap().source, Source::Proc);
        assert_eq!(find("/dev").unwrap().source, Source::Dev);
        assert!(matches!(
            find("/usr").unwrap().source,
            Source::Overlay { .. }
        ));
        let tmp = std::env::temp_dir().canonicalize().unwrap();
        assert!(
            matches!(
                layout.placement_of(&tmp.join("x")).unwrap().source,
                Source::Overlay { .. }
            ),
            "the temp directory is writable in the view"
        );
        assert!(
            layout
                .placements
                .iter()
                .all(|p| p.path == Path::new("/proc") || !p.path.starts_with("/proc")),
            "nothing of the host's /proc is placed"
        );
        assert!(layout.template.join("usr").is_dir());
        let template = layout.template.clone();
        drop(layout);
        assert!(!template.exists(), "the template goes with the layout");
    }

    #[test]
    fn the_owner_bits_say_what_this_user_may_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o705)).unwrap();
        assert_eq!(view_mode(&std::fs::metadata(dir.path()).unwrap()), 0o705);
    }
}
