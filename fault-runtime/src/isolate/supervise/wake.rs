//! How the supervisor's wait is woken: a signal asking it to stop, or the end of a case's
//! process (a pidfd where the kernel has them, else SIGCHLD).

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Wakes the supervisor's wait when a signal arrives, and says whether one asked it to stop.
pub(crate) struct Wake {
    read: UnixStream,
    stop: Arc<AtomicBool>,
    /// Whether the end of a case's process is waited on through a pidfd; else SIGCHLD wakes.
    pidfds: bool,
}

impl Wake {
    /// Routes SIGTERM, SIGINT and SIGHUP (stop) to a self-pipe, and SIGCHLD (a case process
    /// ended) too where the kernel has no pidfds to wait on.
    pub(crate) fn install() -> io::Result<Self> {
        let (read, write) = UnixStream::pair()?;
        read.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        let stop = Arc::new(AtomicBool::new(false));
        let pidfds = crate::sys::pidfds_work();
        let mut signals = vec![
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGHUP,
        ];
        if !pidfds {
            signals.push(signal_hook::consts::SIGCHLD);
        }
        for signal in signals {
            signal_hook::low_level::pipe::register(signal, write.try_clone()?)?;
        }
        for signal in signal_hook::consts::TERM_SIGNALS {
            signal_hook::flag::register(*signal, Arc::clone(&stop))?;
        }
        Ok(Wake { read, stop, pidfds })
    }

    /// Whether SIGCHLD wakes the supervisor when a case process exits (where pidfds do not work).
    pub(crate) fn signals_exits(&self) -> bool {
        !self.pidfds
    }

    /// A descriptor that becomes readable when `pid` (a child) exits, where pidfds work.
    pub(crate) fn exit_fd(&self, pid: u32) -> Option<OwnedFd> {
        if !self.pidfds {
            return None;
        }
        crate::sys::pidfd(pid)
    }

    /// The descriptor to wait on.
    pub(crate) fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.read.as_fd()
    }

    /// Empties the self-pipe after a wake-up.
    pub(crate) fn drain(&self) {
        use std::io::Read;
        let mut buf = [0u8; 64];
        while matches!((&self.read).read(&mut buf), Ok(n) if n > 0) {}
    }

    /// Whether a signal asked the supervisor to stop.
    pub(crate) fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}
