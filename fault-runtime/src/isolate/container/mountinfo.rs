//! The machine's mounts as this process sees them: `/proc/self/mountinfo`, reduced to the
//! mounts that are visible (not mounted over) at their paths.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// One visible mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mount {
    /// Where it is mounted.
    pub(crate) path: PathBuf,
    /// Its filesystem type (`ext4`, `tmpfs`, `proc`, …).
    pub(crate) fs_type: String,
    /// Mounted read-only: writes fail on the host, so they fail in the view too.
    pub(crate) read_only: bool,
}

/// One line of `mountinfo`.
#[derive(Debug, Clone)]
struct Line {
    id: u32,
    parent: u32,
    mount: Mount,
}

/// The visible mounts of this process, parents before children.
pub(crate) fn visible() -> io::Result<Vec<Mount>> {
    let text = std::fs::read_to_string("/proc/self/mountinfo")?;
    parse(&text).ok_or_else(|| io::Error::other("/proc/self/mountinfo has no root mount"))
}

/// The visible mounts described by `text`; `None` without a root mount.
fn parse(text: &str) -> Option<Vec<Mount>> {
    let lines: Vec<Line> = text.lines().filter_map(line).collect();
    let mut children: HashMap<u32, Vec<&Line>> = HashMap::new();
    for line in &lines {
        children.entry(line.parent).or_default().push(line);
    }
    // The root: mounted at `/` and not mounted over by another `/` mount.
    let mut root = lines
        .iter()
        .find(|l| l.mount.path == Path::new("/") && !covered_at_own_path(l, &children))?;
    while let Some(top) = top_at(root, &children) {
        root = top;
    }
    let mut visible = vec![root.mount.clone()];
    let mut pending = vec![root];
    while let Some(parent) = pending.pop() {
        let Some(kids) = children.get(&parent.id) else {
            continue;
        };
        for kid in kids {
            if kid.mount.path == parent.mount.path {
                continue;
            }
            // A sibling mounted over an ancestor path hides this one: had this one come later,
            // its parent would be that sibling.
            let hidden = kids.iter().any(|other| {
                other.id != kid.id
                    && other.mount.path != kid.mount.path
                    && kid.mount.path.starts_with(&other.mount.path)
            });
            if hidden {
                continue;
            }
            let mut top = *kid;
            while let Some(over) = top_at(top, &children) {
                top = over;
            }
            visible.push(top.mount.clone());
            pending.push(top);
        }
    }
    visible.sort_by(|a, b| a.path.cmp(&b.path));
    Some(visible)
}

/// Whether another mount sits on `line` at the same path.
fn covered_at_own_path(line: &Line, children: &HashMap<u32, Vec<&Line>>) -> bool {
    top_at(line, children).is_some()
}

/// The mount mounted directly over `line` at its own path, if any.
fn top_at<'a>(line: &Line, children: &HashMap<u32, Vec<&'a Line>>) -> Option<&'a Line> {
    children
        .get(&line.id)?
        .iter()
        .copied()
        .find(|kid| kid.mount.path == line.mount.path)
}

/// Parses `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
fn line(text: &str) -> Option<Line> {
    let (before, after) = text.split_once(" - ")?;
    let mut fields = before.split(' ');
    let id = fields.next()?.parse().ok()?;
    let parent = fields.next()?.parse().ok()?;
    let _device = fields.next()?;
    let _root = fields.next()?;
    let path = PathBuf::from(unescape(fields.next()?));
    let options = fields.next()?;
    let fs_type = after.split(' ').next()?.to_owned();
    Some(Line {
        id,
        parent,
        mount: Mount {
            path,
            fs_type,
            read_only: options.split(',').any(|o| o == "ro"),
        },
    })
}

/// Undoes mountinfo's octal escapes (`\040` for a space).
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 4 <= bytes.len() {
            let digits = std::str::from_utf8(&bytes[i + 1..i + 4]).ok();
            if let Some(code) = digits.and_then(|d| u8::from_str_radix(d, 8).ok()) {
                out.push(code);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
22 27 0:21 / /proc rw,relatime - proc proc rw
24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
28 27 0:25 / /mnt/tools\\040dir ro,nosuid - tmpfs tools ro
30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw
40 27 0:40 / /srv/a rw - tmpfs a rw
41 27 0:41 / /srv rw - tmpfs srv rw
";

    #[test]
    fn keeps_only_what_is_visible_at_each_path() {
        let mounts = parse(SAMPLE).unwrap();
        let paths: Vec<_> = mounts.iter().map(|m| m.path.to_str().unwrap()).collect();
        assert_eq!(
            paths,
            ["/", "/dev", "/dev/shm", "/mnt/tools dir", "/proc", "/srv"]
        );
        let shm = mounts
            .iter()
            .find(|m| m.path == Path::new("/dev/shm"))
            .unwrap();
        assert_eq!(shm.fs_type, "tmpfs");
        let tools = mounts
            .iter()
            .find(|m| m.path.ends_with("tools dir"))
            .unwrap();
        assert!(tools.read_only);
        assert!(!mounts[0].read_only);
    }

    #[test]
    fn this_process_has_a_root_mount() {
        let mounts = visible().unwrap();
        assert_eq!(mounts[0].path, Path::new("/"));
    }
}
