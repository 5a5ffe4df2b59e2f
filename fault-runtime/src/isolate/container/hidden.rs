//! What `hide` removes from a container's view: every file of a hidden program's name on the
//! case's PATH, and every absolute path, as whiteouts in the layer that shows them.

use std::ffi::OsStr;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::isolate::container::layout::{Layout, Source, relative, view_mode};

/// One path made absent: a whiteout in a layer's upper directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Whiteout {
    /// The placement whose upper directory holds it; `None` for the root layer.
    pub(crate) layer: Option<usize>,
    /// The directories above it inside the layer, with their modes, outermost first.
    pub(crate) dirs: Vec<(PathBuf, u32)>,
    /// Its path inside the layer.
    pub(crate) path: PathBuf,
    /// The absolute path it hides.
    pub(crate) hides: PathBuf,
}

/// The whiteouts for `hide`, and the placements not mounted because a hidden path covers
/// them; an error naming an entry the view cannot hide.
pub(crate) fn whiteouts(
    layout: &Layout,
    hide: &[String],
    path_var: Option<&OsStr>,
) -> io::Result<(Vec<Whiteout>, Vec<usize>)> {
    let mut paths = Vec::new();
    for entry in hide {
        if entry.starts_with('/') {
            paths.push(normalize(Path::new(entry)));
        } else if let Some(path_var) = path_var {
            for dir in std::env::split_paths(path_var) {
                let candidate = dir.join(entry);
                if candidate.symlink_metadata().is_ok() {
                    paths.push(normalize(&candidate));
                }
            }
        }
    }
    paths.sort();
    paths.dedup();
    let mut whiteouts = Vec::new();
    let mut skipped = Vec::new();
    for hidden in paths {
        for (index, placement) in layout.placements.iter().enumerate() {
            if placement.path.starts_with(&hidden) {
                skipped.push(index);
            }
        }
        let holder = layout
            .placement_of(&hidden)
            .filter(|p| p.path != hidden)
            .map(|p| (layout.placements.iter().position(|q| q == p), p));
        let (layer, base) = match holder {
            None => (None, PathBuf::from("/")),
            Some((index, placement)) => match placement.source {
                Source::Overlay { .. } => (index, placement.path.clone()),
                _ => {
                    return Err(io::Error::other(format!(
                        "cannot hide {}: it is inside {}, which is {} and holds no whiteouts; hide a path outside it",
                        hidden.display(),
                        placement.path.display(),
                        describe(placement.source),
                    )));
                }
            },
        };
        let inside = hidden
            .strip_prefix(&base)
            .unwrap_or(relative(&hidden))
            .to_path_buf();
        let mut dirs = Vec::new();
        let mut walked = base.clone();
        if let Some(parent) = inside.parent() {
            for part in parent.components() {
                walked.push(part);
                let mode = std::fs::metadata(&walked).map_or(0o755, |m| view_mode(&m));
                let rel = walked.strip_prefix(&base).unwrap_or(&walked).to_path_buf();
                dirs.push((rel, mode));
            }
        }
        whiteouts.push(Whiteout {
            layer,
            dirs,
            path: inside,
            hides: hidden,
        });
    }
    skipped.sort_unstable();
    skipped.dedup();
    Ok((whiteouts, skipped))
}

/// What a placement that cannot hold whiteouts is, for the error.
fn describe(source: Source) -> &'static str {
    match source {
        Source::Proc => "the container's own /proc",
        Source::Dev => "the container's own /dev",
        Source::Sys => "the host's /sys, read-only",
        Source::ReadOnly => "a read-only mount of the host's",
        Source::Passthrough | Source::Overlay { .. } => "a file of the host's",
    }
}

/// `path` with its directory resolved through symlinks (as the case's lookups would go), and
/// its last component kept: hiding a symlink hides the link, not its target.
fn normalize(path: &Path) -> PathBuf {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return path.to_path_buf();
    };
    match parent.canonicalize() {
        Ok(dir) => dir.join(name),
        Err(_) => path.to_path_buf(),
    }
}

/// Whether `meta` describes an overlay whiteout (a character device 0:0).
pub(crate) fn is_whiteout(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device() && meta.rdev() == 0
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn planned() -> (tempfile::TempDir, Layout) {
        let scratch = tempfile::tempdir().unwrap();
        let layout = Layout::plan(scratch.path()).unwrap();
        (scratch, layout)
    }

    #[test]
    fn a_path_is_hidden_in_the_layer_that_shows_it() {
        let (_scratch, layout) = planned();
        let usr = layout
            .placements
            .iter()
            .position(|p| p.path == Path::new("/usr"));
        let (whiteouts, skipped) = whiteouts(
            &layout,
            &["/usr/share/faults-no-such-file".to_owned()],
            None,
        )
        .unwrap();
        assert_eq!(whiteouts[0].layer, usr);
        assert_eq!(whiteouts[0].path, Path::new("share/faults-no-such-file"));
        assert_eq!(whiteouts[0].dirs[0].0, Path::new("share"));
        assert!(skipped.is_empty());
    }

    #[test]
    fn hiding_a_placed_directory_leaves_it_unmounted() {
        let (_scratch, layout) = planned();
        let (whiteouts, skipped) = whiteouts(&layout, &["/usr".to_owned()], None).unwrap();
        assert_eq!(whiteouts[0].layer, None, "the root layer holds it");
        assert_eq!(whiteouts[0].path, Path::new("usr"));
        let usr = layout
            .placements
            .iter()
            .position(|p| p.path == Path::new("/usr"));
        assert_eq!(skipped, usr.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn a_program_is_hidden_wherever_path_has_it() {
        let (_scratch, layout) = planned();
        let path = std::env::var_os("PATH").unwrap();
        let (whiteouts, _) = whiteouts(&layout, &["sh".to_owned()], Some(&path)).unwrap();
        assert!(
            whiteouts.iter().any(|w| w.hides.ends_with("bin/sh")),
            "{whiteouts:?}"
        );
    }

    #[test]
    fn the_containers_own_filesystems_cannot_hide_anything() {
        let (_scratch, layout) = planned();
        let err = whiteouts(&layout, &["/proc/sys/kernel".to_owned()], None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot hide /proc/sys/kernel: it is inside /proc, which is the container's own /proc and holds no whiteouts; hide a path outside it"
        );
    }
}
