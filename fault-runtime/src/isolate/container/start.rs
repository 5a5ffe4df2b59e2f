//! Starting a container for a case: its view planned from the layout and the case's hidden
//! paths, its first process cloned into new namespaces.

use std::collections::BTreeSet;
use std::os::fd::OwnedFd;
use std::path::PathBuf;

use crate::isolate::container::layout::Layout;
use crate::isolate::container::setup::CaseView;
use crate::isolate::container::{availability, hidden, init, messages};
use crate::isolate::supervise::case_process::Supervision;
use crate::isolate::supervise::wire::{ContainerRequest, RunCase};
use crate::sys::namespaces::{self, Forked, Namespaces};

/// A container whose first process is building its view, or has built it.
#[derive(Debug)]
pub(crate) struct Started {
    /// The first process's pid: the supervisor's own child.
    pub(crate) init: u32,
    /// The supervisor's end of the socket to it.
    pub(crate) socket: OwnedFd,
    /// The absolute paths its view hides.
    pub(crate) hidden: BTreeSet<PathBuf>,
}

/// Why a container could not be started.
#[derive(Debug)]
pub(crate) enum NotStarted {
    /// This machine refuses what a container needs.
    Unavailable(String),
    /// Something else went wrong.
    Failed(String),
}

/// Clones the first process of a new container for `request`; it builds the view and starts
/// the case's process.
pub(crate) fn start(
    request: &RunCase,
    container: &ContainerRequest,
    shared: &[PathBuf],
    layout: &Layout,
    with: &Supervision<'_>,
) -> Result<Started, NotStarted> {
    let path_var = request
        .vars
        .iter()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.as_os_str());
    let (whiteouts, skipped) = hidden::whiteouts(layout, &container.hide, path_var)
        .map_err(|err| NotStarted::Failed(err.to_string()))?;
    let hidden = whiteouts.iter().map(|w| w.hides.clone()).collect();
    let view = CaseView {
        layout,
        whiteouts,
        skipped,
        shared: shared.to_vec(),
        network: container.no_network,
        uid: rustix::process::geteuid().as_raw(),
        gid: rustix::process::getegid().as_raw(),
    };
    let (ours, theirs) = messages::pair()
        .map_err(|err| NotStarted::Failed(format!("creating the container's socket: {err}")))?;
    let namespaces = Namespaces {
        network: container.no_network,
    };
    // SAFETY: the supervisor is single-threaded (it never starts a thread).
    match unsafe { namespaces::clone_into(namespaces) } {
        Ok(Forked::Parent(init)) => Ok(Started {
            init,
            socket: ours,
            hidden,
        }),
        Ok(Forked::Child) => {
            drop(ours);
            let code = init::run(&view, request, with.image, with.channel, theirs);
            // SAFETY: the first process of the container ends here without running anything
            // of the supervisor it was copied from (no destructors, no atexit handlers).
            unsafe { libc::_exit(code) }
        }
        Err(err) => Err(NotStarted::Unavailable(availability::unavailable(
            "creating the namespaces",
            &err.to_string(),
        ))),
    }
}

/// The directories the view shows as the host's own: the sandbox, and the directory coverage
/// data is written to, when there is one.
pub(crate) fn shared_dirs(request: &RunCase) -> Vec<PathBuf> {
    let coverage = request
        .vars
        .iter()
        .find(|(name, _)| name == "LLVM_PROFILE_FILE")
        .and_then(|(_, file)| {
            std::path::Path::new(file)
                .parent()
                .map(std::path::Path::to_path_buf)
        })
        .filter(|dir| dir.is_absolute() && dir.is_dir());
    std::iter::once(request.cwd.clone())
        .chain(coverage)
        .collect()
}
