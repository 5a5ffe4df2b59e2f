//! Files that appear whole: written unnamed, then linked under their name.

#[cfg(target_os = "linux")]
use std::fs::File;
use std::io;
#[cfg(target_os = "linux")]
use std::io::Write;
use std::path::Path;

/// Writes `bytes` into an unnamed file in `dir` (`O_TMPFILE`) and links it as `path`: the file
/// appears whole, in one directory update.
///
/// The file is linked by its descriptor (`AT_EMPTY_PATH`) where the kernel lets its opener do
/// that (Linux 6.10 and later, or with `CAP_DAC_READ_SEARCH`), else by its `/proc/self/fd`
/// path, which costs a lookup through procfs.
#[cfg(target_os = "linux")]
pub(crate) fn link_unnamed(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::sync::atomic::{AtomicBool, Ordering};

    use rustix::fs::{AtFlags, CWD};

    /// The kernel refused a link by descriptor once: it will again.
    static BY_PATH_ONLY: AtomicBool = AtomicBool::new(false);

    let mut file: File = File::options()
        .write(true)
        .mode(0o644)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)?;
    file.write_all(bytes)?;
    if !BY_PATH_ONLY.load(Ordering::Relaxed) {
        match rustix::fs::linkat(&file, c"", CWD, path, AtFlags::EMPTY_PATH) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::NOENT | rustix::io::Errno::PERM | rustix::io::Errno::INVAL) => {
                BY_PATH_ONLY.store(true, Ordering::Relaxed);
            }
            Err(err) => return Err(err.into()),
        }
    }
    let by_path = format!("/proc/self/fd/{}", file.as_raw_fd());
    rustix::fs::linkat(CWD, by_path.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW)?;
    Ok(())
}

/// Elsewhere there are no unnamed files: the caller falls back to a rename.
#[cfg(not(target_os = "linux"))]
pub(crate) fn link_unnamed(_dir: &Path, _path: &Path, _bytes: &[u8]) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}
