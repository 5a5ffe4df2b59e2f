//! The running binary, started again as a supervisor or a case process.
//!
//! It is started by its path, so its processes carry its name; when the file at that path is
//! no longer the image this process runs (the binary was rebuilt or deleted during the run),
//! through `/proc/self/exe` instead, which always is.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How to start another process of this very binary.
#[derive(Debug, Clone)]
pub(crate) struct Image {
    path: PathBuf,
    /// Device and inode of the running image, where `/proc/self/exe` tells them.
    identity: Option<(u64, u64)>,
}

/// The running image, on Linux.
const OWN_IMAGE: &str = "/proc/self/exe";

impl Image {
    /// This process's binary.
    pub(crate) fn current() -> io::Result<Self> {
        let path = std::env::current_exe()?;
        let identity = std::fs::metadata(OWN_IMAGE)
            .ok()
            .map(|meta| (meta.dev(), meta.ino()));
        Ok(Image { path, identity })
    }

    /// A command that starts the binary, named by its path in `argv[0]`.
    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(self.program());
        command.arg0(&self.path);
        command
    }

    /// The binary's path, for messages.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Its path while that still holds the running image, else the running image itself.
    fn program(&self) -> &Path {
        let Some(identity) = self.identity else {
            return &self.path;
        };
        let on_disk = std::fs::metadata(&self.path)
            .ok()
            .map(|meta| (meta.dev(), meta.ino()));
        if on_disk == Some(identity) {
            &self.path
        } else {
            Path::new(OWN_IMAGE)
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_binary_is_started_by_its_path_while_the_path_holds_it() {
        let image = Image::current().unwrap();
        assert_eq!(image.program(), image.path());
        let moved = Image {
            path: PathBuf::from("/nonexistent/rebuilt-binary"),
            ..image
        };
        assert_eq!(moved.program(), Path::new(OWN_IMAGE));
    }
}
