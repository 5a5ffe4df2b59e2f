//! `fork(2)` for the fork server, which is single-threaded by construction and checked so
//! once: the only process of the runtime that forks without exec'ing.

use std::io;

/// Proof that this process had one thread when it was checked, and starts none: a fork then
/// copies the whole process, and no lock can be held by a thread that will not exist in the
/// child.
#[derive(Debug)]
pub(crate) struct SingleThreaded(());

impl SingleThreaded {
    /// The proof, when this process has exactly one thread; else how many it has.
    pub(crate) fn check() -> Result<Self, usize> {
        match threads() {
            1 => Ok(SingleThreaded(())),
            n => Err(n),
        }
    }
}

/// Which side of a fork this is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Forked {
    /// The new process.
    Child,
    /// The process that forked, and the new one's pid.
    Parent(u32),
}

/// Forks this single-threaded process.
pub(crate) fn fork(_one_thread: &SingleThreaded) -> io::Result<Forked> {
    // SAFETY: `SingleThreaded` proves this process has one thread, so the child is a complete
    // copy: no lock (the allocator's, stdio's, the environment's) can be held by a thread the
    // child lacks, and the child may go on to run any code, as it does.
    match unsafe { libc::fork() } {
        -1 => Err(io::Error::last_os_error()),
        0 => Ok(Forked::Child),
        pid => Ok(Forked::Parent(pid as u32)),
    }
}

/// How many threads this process has, from `/proc/self/stat`; 0 when it cannot be read.
fn threads() -> usize {
    // The 20th field, counted after the command name, which may hold spaces and parentheses.
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let after_name = &stat[stat.rfind(')')? + 1..];
            after_name.split_whitespace().nth(17)?.parse().ok()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_this_processs_threads() {
        let before = threads();
        assert!(before >= 1, "{before}");
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let (ready, running) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            ready.send(()).unwrap();
            let _ = stopped.recv();
        });
        running.recv().unwrap();
        assert!(threads() > before);
        assert!(SingleThreaded::check().is_err());
        drop(stop);
        thread.join().unwrap();
    }
}
