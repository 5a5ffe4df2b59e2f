//! Entering the view, in the container's first process: identity maps, then the mounts of the
//! layout, then `pivot_root` into it. Everything here runs before the case's process exists.

use std::ffi::CString;
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rustix::fs::{FileType, Mode, OFlags};
use rustix::mount::{MountFlags, MountPropagationFlags, UnmountFlags};

use crate::isolate::container::availability::OVERLAY_STEP;
use crate::isolate::container::hidden::Whiteout;
use crate::isolate::container::layout::{Layout, Source, relative};

/// Where the view is assembled: a private tmpfs over it, which becomes the staging root.
const STAGE: &str = "/tmp";

/// Everything one case's view is made of.
#[derive(Debug)]
pub(crate) struct CaseView<'a> {
    /// The machine-wide part.
    pub(crate) layout: &'a Layout,
    /// The hidden paths.
    pub(crate) whiteouts: Vec<Whiteout>,
    /// Placements a hidden path covers: not mounted.
    pub(crate) skipped: Vec<usize>,
    /// Directories shown as the host's own, writable: the case's sandbox, and where coverage
    /// data goes (`LLVM_PROFILE_FILE`), so what lands there is the harness's to see.
    pub(crate) shared: Vec<PathBuf>,
    /// A network namespace of its own.
    pub(crate) network: bool,
    /// The harness's user and group, the same inside.
    pub(crate) uid: u32,
    /// See `uid`.
    pub(crate) gid: u32,
}

/// The container's own `/dev/shm`, under the changes directory.
pub(crate) const SHM_DIR: &str = "shm";

/// The upper directory of a layer, under the changes directory: `root` or the placement's
/// index.
pub(crate) fn layer_dir(layer: Option<usize>) -> PathBuf {
    match layer {
        None => PathBuf::from("root"),
        Some(index) => PathBuf::from(index.to_string()),
    }
}

/// Builds the view and moves into it; returns the directory holding every layer's changes.
/// An error says which step failed.
pub(crate) fn enter(view: &CaseView<'_>) -> Result<OwnedFd, String> {
    map_identity(view.uid, view.gid).map_err(|e| {
        format!(
            "mapping uid {} and gid {} into the user namespace: {e}",
            view.uid, view.gid
        )
    })?;
    step(
        "making the mounts private",
        rustix::mount::mount_change(
            "/",
            MountPropagationFlags::PRIVATE | MountPropagationFlags::REC,
        ),
    )?;
    step(
        format!("mounting a tmpfs on {STAGE}"),
        rustix::mount::mount(
            "tmpfs",
            STAGE,
            "tmpfs",
            MountFlags::NOSUID | MountFlags::NODEV,
            c"mode=0700",
        ),
    )?;
    let old = Path::new(STAGE).join("oldroot");
    mkdir(&old, 0o700)?;
    step(
        "pivoting into the staging tmpfs",
        rustix::process::pivot_root(STAGE, &old),
    )?;
    step("entering the staging root", rustix::process::chdir("/"))?;
    let host = |path: &Path| Path::new("/oldroot").join(relative(path));
    let new = Path::new("/new");
    mkdir(new, 0o755)?;
    mkdir(Path::new("/changes"), 0o700)?;
    overlay(
        view,
        None,
        &host(&view.layout.template),
        new,
        view.layout.root_mode,
    )?;
    for (index, placement) in view.layout.placements.iter().enumerate() {
        if view.skipped.contains(&index) {
            continue;
        }
        let target = new.join(relative(&placement.path));
        let source = host(&placement.path);
        match placement.source {
            Source::Overlay { mode } => overlay(view, Some(index), &source, &target, mode)?,
            Source::ReadOnly => {
                bind(&source, &target)?;
                read_only(&target)?;
            }
            Source::Passthrough => bind(&source, &target)?,
            Source::Proc => step(
                "mounting the container's /proc",
                rustix::mount::mount(
                    "proc",
                    &target,
                    "proc",
                    MountFlags::NOSUID | MountFlags::NODEV | MountFlags::NOEXEC,
                    None,
                ),
            )?,
            Source::Dev => dev(&target)?,
            Source::Sys => {
                step(
                    "binding /sys",
                    rustix::mount::mount_bind_recursive(&source, &target),
                )?;
                step(
                    "making /sys read-only",
                    crate::sys::mount_attr::read_only_recursive(&target),
                )?;
            }
        }
    }
    for dir in &view.shared {
        // A directory the view does not show (under the container's own /dev) gets a mount
        // point, which the changes of the view leave out.
        let target = new.join(relative(dir));
        if !target.exists() {
            std::fs::create_dir_all(&target)
                .map_err(|e| format!("creating a mount point for {}: {e}", dir.display()))?;
        }
        bind(&host(dir), &target)?;
    }
    let changes = step(
        "opening the changes directory",
        rustix::fs::open(
            "/changes",
            OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        ),
    )?;
    step("entering the view", rustix::process::chdir(new))?;
    step(
        "pivoting into the view",
        rustix::process::pivot_root(".", "."),
    )?;
    step(
        "detaching the host's mounts",
        rustix::mount::unmount(".", UnmountFlags::DETACH),
    )?;
    step("entering the view", rustix::process::chdir("/"))?;
    step(
        "naming the container",
        rustix::system::sethostname(b"faults-case"),
    )?;
    if view.network {
        step(
            "bringing up the loopback",
            crate::sys::mount_attr::loopback_up(),
        )?;
    }
    Ok(changes)
}

/// Maps the harness's uid and gid onto themselves (the only mapping an unprivileged user may
/// write for its own namespace).
fn map_identity(uid: u32, gid: u32) -> io::Result<()> {
    std::fs::write("/proc/self/setgroups", "deny")?;
    std::fs::write("/proc/self/uid_map", format!("{uid} {uid} 1"))?;
    std::fs::write("/proc/self/gid_map", format!("{gid} {gid} 1"))
}

/// Mounts a copy-on-write overlay of `lower` on `target`, its changes under the layer's
/// directory, its top directory with `mode`, and the layer's whiteouts planted first.
fn overlay(
    view: &CaseView<'_>,
    layer: Option<usize>,
    lower: &Path,
    target: &Path,
    mode: u32,
) -> Result<(), String> {
    let base = Path::new("/changes").join(layer_dir(layer));
    let upper = base.join("u");
    let work = base.join("w");
    mkdir(&base, 0o700)?;
    mkdir(&upper, 0o755)?;
    mkdir(&work, 0o700)?;
    for whiteout in view.whiteouts.iter().filter(|w| w.layer == layer) {
        for (dir, mode) in &whiteout.dirs {
            let dir = upper.join(dir);
            if !dir.exists() {
                mkdir(&dir, *mode)?;
            }
        }
        step(
            format!("hiding {}", whiteout.hides.display()),
            rustix::fs::mknodat(
                rustix::fs::CWD,
                upper.join(&whiteout.path),
                FileType::CharacterDevice,
                Mode::empty(),
                0,
            ),
        )?;
    }
    chmod(&upper, mode)?;
    let options = format!(
        "lowerdir={},upperdir={},workdir={},userxattr",
        escape(lower),
        escape(&upper),
        escape(&work)
    );
    let options = CString::new(options).map_err(|e| e.to_string())?;
    step(
        format!(
            "{OVERLAY_STEP} of {}",
            lower.strip_prefix("/oldroot").unwrap_or(lower).display()
        ),
        rustix::mount::mount(
            "overlay",
            target,
            "overlay",
            MountFlags::NOSUID | MountFlags::NODEV,
            options.as_c_str(),
        ),
    )
}

/// A minimal `/dev`: the usual character devices bound from the host, its own `pts`, a
/// private `shm`.
fn dev(target: &Path) -> Result<(), String> {
    step(
        "mounting /dev",
        rustix::mount::mount(
            "tmpfs",
            target,
            "tmpfs",
            MountFlags::NOSUID | MountFlags::NOEXEC,
            c"mode=0755",
        ),
    )?;
    for device in ["null", "zero", "full", "random", "urandom", "tty"] {
        let node = target.join(device);
        std::fs::write(&node, b"").map_err(|e| format!("creating /dev/{device}: {e}"))?;
        bind(&Path::new("/oldroot/dev").join(device), &node)?;
    }
    for (link, to) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
        ("ptmx", "pts/ptmx"),
    ] {
        std::os::unix::fs::symlink(to, target.join(link))
            .map_err(|e| format!("linking /dev/{link}: {e}"))?;
    }
    let pts = target.join("pts");
    mkdir(&pts, 0o755)?;
    step(
        "mounting /dev/pts",
        rustix::mount::mount(
            "devpts",
            &pts,
            "devpts",
            MountFlags::NOSUID | MountFlags::NOEXEC,
            c"newinstance,ptmxmode=0666,mode=0620",
        ),
    )?;
    // A private /dev/shm, kept with the layers' changes so that what a case leaves there is
    // seen like any other change.
    let shm = target.join("shm");
    mkdir(&shm, 0o755)?;
    let private = Path::new("/changes").join(SHM_DIR);
    mkdir(&private, 0o1777)?;
    bind(&private, &shm)
}

/// Binds `source` on `target`, without what is mounted below it.
fn bind(source: &Path, target: &Path) -> Result<(), String> {
    step(
        format!(
            "binding {}",
            source.strip_prefix("/oldroot").unwrap_or(source).display()
        ),
        rustix::mount::mount_bind(source, target),
    )
}

/// Remounts a bind read-only, keeping the flags the kernel locks.
fn read_only(target: &Path) -> Result<(), String> {
    use rustix::fs::StatVfsMountFlags as S;
    let current = step("reading mount flags", rustix::fs::statvfs(target))?.f_flag;
    let mut flags = MountFlags::BIND | MountFlags::RDONLY;
    for (has, keep) in [
        (S::NOSUID, MountFlags::NOSUID),
        (S::NODEV, MountFlags::NODEV),
        (S::NOEXEC, MountFlags::NOEXEC),
        (S::NOATIME, MountFlags::NOATIME),
        (S::NODIRATIME, MountFlags::NODIRATIME),
        (S::RELATIME, MountFlags::RELATIME),
    ] {
        if current.contains(has) {
            flags |= keep;
        }
    }
    step(
        format!("making {} read-only", target.display()),
        rustix::mount::mount_remount(target, flags, ""),
    )
}

fn mkdir(path: &Path, mode: u32) -> Result<(), String> {
    std::fs::create_dir(path).map_err(|e| format!("creating {}: {e}", path.display()))?;
    chmod(path, mode)
}

fn chmod(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("setting the mode of {}: {e}", path.display()))
}

/// Escapes what overlay's option parser splits on.
fn escape(path: &Path) -> String {
    let mut out = String::new();
    for ch in String::from_utf8_lossy(path.as_os_str().as_bytes()).chars() {
        if matches!(ch, '\\' | ',' | ':') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Names the step that failed.
fn step<T, E: std::fmt::Display>(
    what: impl std::fmt::Display,
    result: Result<T, E>,
) -> Result<T, String> {
    result.map_err(|err| format!("{what}: {err}"))
}
