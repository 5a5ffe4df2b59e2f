//! Files that appear whole: written unnamed, then linked under their name.

#[cfg(target_os = "linux")]
use std::fs::File;
use std::io;
#[cfg(target_os = "linux")]
use std::io::Write;
use std::path::Path;

/// Writes `bytes` into an unnamed file in `dir` (`O_TMPFILE`) and links it as `path`: the file
/// appears whole, in one directory update.
#[cfg(target_os = "linux")]
pub(crate) fn link_unnamed(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;

    let mut file: File = File::options()
        .write(true)
        .mode(0o644)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)?;
    file.write_all(bytes)?;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(path.as_os_str().as_bytes())?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let linked = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if linked == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere there are no unnamed files: the caller falls back to a rename.
#[cfg(not(target_os = "linux"))]
pub(crate) fn link_unnamed(_dir: &Path, _path: &Path, _bytes: &[u8]) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}
