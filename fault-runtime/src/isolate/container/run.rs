//! One container case, as its supervisor runs it: clone the container's first process into
//! new namespaces, learn the case's process from it, watch, then list what is still alive
//! inside, kill the namespace, and read what the case changed.

use std::collections::BTreeSet;
use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};

use crate::isolate::container::layout::Layout;
use crate::isolate::container::messages::{self, Message};
use crate::isolate::container::setup::CaseView;
use crate::isolate::container::{availability, hidden};
use crate::isolate::container::{changes, init};
use crate::isolate::supervise::case_process::{Stop, Supervision};
use crate::isolate::supervise::report_channel::Report;
use crate::isolate::supervise::wire::{ContainerRequest, Ended, RunCase};
use crate::sys::namespaces::{self, Forked, Namespaces};
use crate::sys::process_tree;

/// How the wait for the case ended.
enum Watched {
    /// The case's process exited with this code or signal.
    Exited(Option<i32>, Option<i32>),
    /// The watchdog fired first.
    TimedOut,
    /// The container could not be built on this machine: the failed step.
    Unavailable(String),
    /// The container's first process died, or lost the case's process.
    Failed(String),
    /// The supervisor must stop.
    Stopped(Stop),
}

/// Runs a container case to its end; `layout` is the supervisor's view of the machine, built
/// on first use.
pub(crate) fn run(
    request: &RunCase,
    container: &ContainerRequest,
    layout: &mut Option<Layout>,
    with: &Supervision<'_>,
) -> (Ended, Option<Stop>) {
    let started = Instant::now();
    let layout = match layout {
        Some(layout) => layout,
        None => match Layout::plan(&container.scratch) {
            Ok(planned) => layout.insert(planned),
            Err(err) => {
                return (
                    failed(format!(
                        "planning the container's view of this machine: {err}"
                    )),
                    None,
                );
            }
        },
    };
    let path_var = request
        .vars
        .iter()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.as_os_str());
    let (whiteouts, skipped) = match hidden::whiteouts(layout, &container.hide, path_var) {
        Ok(planned) => planned,
        Err(err) => return (failed(err.to_string()), None),
    };
    let hidden: BTreeSet<PathBuf> = whiteouts.iter().map(|w| w.hides.clone()).collect();
    let view = CaseView {
        layout,
        whiteouts,
        skipped,
        shared: shared_dirs(request),
        network: container.no_network,
        uid: rustix::process::geteuid().as_raw(),
        gid: rustix::process::getegid().as_raw(),
    };
    let (ours, theirs) = match messages::pair() {
        Ok(pair) => pair,
        Err(err) => {
            return (
                failed(format!("creating the container's socket: {err}")),
                None,
            );
        }
    };
    // SAFETY: the supervisor is single-threaded (it never starts a thread).
    let init_pid = match unsafe {
        namespaces::clone_into(Namespaces {
            network: container.no_network,
        })
    } {
        Ok(Forked::Parent(pid)) => pid,
        Ok(Forked::Child) => {
            drop(ours);
            let code = init::run(&view, request, with.image, with.channel, theirs);
            // SAFETY: the first process of the container ends here without running anything
            // of the supervisor it was copied from (no destructors, no atexit handlers).
            unsafe { libc::_exit(code) }
        }
        Err(err) => {
            let why = availability::unavailable("creating the namespaces", &err.to_string());
            return (
                Ended {
                    unavailable: Some(why),
                    ..Ended::default()
                },
                None,
            );
        }
    };
    drop(theirs);
    let deadline = started + Duration::from_millis(request.timeout_ms);
    let mut report = Report::default();
    let mut case = None;
    let mut changes_dir = None;
    let watched = watch(
        init_pid,
        &ours,
        deadline,
        with,
        &mut report,
        &mut case,
        &mut changes_dir,
    );
    let elapsed = started.elapsed();
    // Alive when the case's process ended: everything inside but the first process.
    let leaked = match watched {
        Watched::Exited(..) => {
            process_tree::descendants_except(&[], process_tree::Threads::Calling)
                .into_iter()
                .filter(|(pid, _)| *pid != init_pid)
                .collect()
        }
        _ => Vec::new(),
    };
    let kill_trouble = process_tree::kill_child(init_pid);
    let (exit_code, signal, trouble) = match &watched {
        Watched::Exited(code, signal) => (*code, *signal, kill_trouble),
        Watched::TimedOut => (None, Some(libc::SIGKILL), kill_trouble),
        Watched::Failed(why) => (None, None, Some(why.clone())),
        Watched::Stopped(_) | Watched::Unavailable(_) => (None, None, kill_trouble),
    };
    let unavailable = match &watched {
        Watched::Unavailable(why) => Some(match why.split_once(": ") {
            Some((step, error)) => availability::unavailable(step, error),
            None => availability::unavailable("building the view", why),
        }),
        _ => None,
    };
    let outside = changes_dir
        .as_ref()
        .map(|dir| changes::read(dir, layout, &hidden))
        .unwrap_or_default();
    let ended = Ended {
        exit_code,
        signal,
        timed_out: matches!(watched, Watched::TimedOut),
        elapsed_us: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        report: case.map_or_else(Default::default, |pid| report.finish(with.channel, pid)),
        leaked,
        trouble,
        outside,
        unavailable,
    };
    let stop = match watched {
        Watched::Stopped(stop) => Some(stop),
        _ => None,
    };
    (ended, stop)
}

/// Waits for the container's messages and the case's report until the case's process exits,
/// the deadline passes, or a reason to stop.
fn watch(
    init_pid: u32,
    socket: &OwnedFd,
    deadline: Instant,
    with: &Supervision<'_>,
    report: &mut Report,
    case: &mut Option<u32>,
    changes_dir: &mut Option<OwnedFd>,
) -> Watched {
    loop {
        loop {
            match messages::receive(socket.as_fd()) {
                Ok(None) => break,
                Ok(Some(Message::Failed(why))) => return Watched::Unavailable(why),
                Ok(Some(Message::Started { pid, changes })) => {
                    *changes_dir = changes;
                    match process_tree::host_pid(init_pid, pid) {
                        Some(host) => *case = Some(host),
                        None => {
                            return Watched::Failed(
                                "the case's process in the container could not be found".to_owned(),
                            );
                        }
                    }
                }
                Ok(Some(Message::Exited { code, signal })) => {
                    if let Some(pid) = *case {
                        report.read_available(with.channel, pid);
                    }
                    return Watched::Exited(code, signal);
                }
                Err(err) => {
                    return Watched::Failed(format!(
                        "the container's first process ended unexpectedly ({err})"
                    ));
                }
            }
        }
        if with.wake.stopping() {
            return Watched::Stopped(Stop::Signalled);
        }
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Watched::TimedOut;
        };
        let timeout = Timespec {
            tv_sec: left.as_secs() as _,
            tv_nsec: left.subsec_nanos() as _,
        };
        // The report channel is read only once the case's process is known: every chunk is
        // checked against its pid.
        let channel_events = if case.is_some() {
            PollFlags::IN
        } else {
            PollFlags::empty()
        };
        let mut fds = [
            PollFd::new(with.control, PollFlags::IN),
            PollFd::from_borrowed_fd(with.wake.fd(), PollFlags::IN),
            PollFd::from_borrowed_fd(with.channel.fd(), channel_events),
            PollFd::new(socket, PollFlags::IN),
        ];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(_) => return Watched::Stopped(Stop::HarnessGone),
        }
        let harness_gone = !fds[0].revents().is_empty();
        let woken = !fds[1].revents().is_empty();
        let reported = !fds[2].revents().is_empty();
        if woken {
            with.wake.drain();
        }
        if let (true, Some(pid)) = (reported, *case) {
            report.read_available(with.channel, pid);
        }
        if harness_gone {
            return Watched::Stopped(Stop::HarnessGone);
        }
    }
}

/// The sandbox, and the directory coverage data is written to, when there is one.
fn shared_dirs(request: &RunCase) -> Vec<PathBuf> {
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

/// An end with nothing but what went wrong.
fn failed(message: String) -> Ended {
    Ended {
        trouble: Some(message),
        ..Ended::default()
    }
}
