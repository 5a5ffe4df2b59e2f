//! The running binary, started again as a supervisor or a case process.
//!
//! On Linux it is started through `/proc/self/exe`, the image this process runs, so a run
//! survives the binary being rebuilt or deleted on disk meanwhile; elsewhere through its path.

use std::io;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;

/// How to start another process of this very binary.
#[derive(Debug, Clone)]
pub(crate) struct Image {
    program: PathBuf,
    arg0: PathBuf,
}

impl Image {
    /// This process's binary.
    pub(crate) fn current() -> io::Result<Self> {
        let arg0 = std::env::current_exe()?;
        #[cfg(target_os = "linux")]
        {
            let image = std::path::Path::new("/proc/self/exe");
            if image.exists() {
                return Ok(Image {
                    program: image.to_path_buf(),
                    arg0,
                });
            }
        }
        Ok(Image {
            program: arg0.clone(),
            arg0,
        })
    }

    /// A command that starts the binary, named by its path in `argv[0]`.
    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.arg0(&self.arg0);
        command
    }

    /// The binary's path, for messages.
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.arg0
    }
}
