//! A container kept for the next case: when a case left nothing behind anywhere — no process,
//! no change in any layer of its view, nothing in `/dev/shm` — the next case of the same
//! supervisor with the same view runs in it, in a process of its own with a System V IPC
//! namespace of its own, instead of paying for new namespaces and mounts.

use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;

use crate::isolate::container::messages;
use crate::isolate::supervise::wire::{ContainerRequest, RunCase};
use crate::sys::process_tree;

/// What makes two cases' views the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ViewKey {
    shared: Vec<PathBuf>,
    no_network: bool,
}

impl ViewKey {
    /// The view a case with these shared directories asks for; `None` when it hides
    /// something (its whiteouts live in the layers, so its view is never pristine and never
    /// kept).
    pub(crate) fn of(shared: &[PathBuf], container: &ContainerRequest) -> Option<Self> {
        container.hide.is_empty().then(|| ViewKey {
            shared: shared.to_vec(),
            no_network: container.no_network,
        })
    }
}

/// A pristine container waiting for its next case.
#[derive(Debug)]
pub(crate) struct Warm {
    /// Its first process, the supervisor's child.
    pub(crate) init: u32,
    /// The socket to it.
    pub(crate) socket: OwnedFd,
    /// The directory of its view's changes.
    pub(crate) changes: OwnedFd,
    /// The view it shows.
    pub(crate) key: ViewKey,
    /// A descriptor of its first process, so that it is never mistaken for a process that
    /// got its pid after it ended, where the kernel has them.
    pub(crate) pidfd: Option<OwnedFd>,
}

impl Warm {
    /// Hands it the next case; gives it back when it could not take it.
    pub(crate) fn take(self, request: &RunCase) -> Result<Warm, Warm> {
        match messages::send_next(self.socket.as_fd(), request) {
            Ok(()) => Ok(self),
            Err(_) => Err(self),
        }
    }

    /// Ends it, with everything in its namespaces.
    pub(crate) fn end(self) {
        match &self.pidfd {
            Some(pidfd) => {
                let _ = rustix::process::pidfd_send_signal(pidfd, rustix::process::Signal::KILL);
                let _ = rustix::process::waitpid(
                    rustix::process::Pid::from_raw(self.init as i32),
                    rustix::process::WaitOptions::empty(),
                );
            }
            // Without a descriptor, only while it is certainly still this process's child.
            None => {
                if process_tree::is_live_child(self.init) {
                    let _ = process_tree::kill_child(self.init);
                }
            }
        }
    }
}
