//! Waiting for one container case: the container's messages (started, exited, failed), the
//! case's report as it arrives, the calls its syscall faults watch, the watchdog, and the
//! reasons a supervisor stops.

use std::os::fd::{AsFd, OwnedFd};
use std::time::Instant;

use rustix::event::{PollFd, PollFlags};

use crate::isolate::container::messages::{self, Message};
use crate::isolate::supervise::case_process::{Stop, Supervision};
use crate::isolate::supervise::report_channel::Report;
use crate::isolate::supervise::syscall_faults::SyscallFaults;
use crate::sys::process_tree;

/// How the wait for the case ended.
pub(crate) enum Watched {
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

/// What the wait learned besides how it ended.
#[derive(Debug, Default)]
pub(crate) struct Learned {
    /// The case's process, by its pid outside the container.
    pub(crate) case: Option<u32>,
    /// The directory of the view's changes, when the container sent it.
    pub(crate) changes: Option<OwnedFd>,
}

/// Waits for the container's messages and the case's report until the case's process exits,
/// the deadline passes, or a reason to stop.
pub(crate) fn watch(
    init_pid: u32,
    socket: &OwnedFd,
    deadline: Instant,
    with: &Supervision<'_>,
    (report, faults): (&mut Report, &mut SyscallFaults),
    learned: &mut Learned,
) -> Watched {
    loop {
        loop {
            match messages::receive(socket.as_fd()) {
                Ok(None) => break,
                Ok(Some(Message::ViewFailed(why))) => return Watched::Unavailable(why),
                Ok(Some(Message::CaseFailed(why))) => return Watched::Failed(why),
                Ok(Some(Message::Started { pid, changes })) => {
                    if changes.is_some() {
                        learned.changes = changes;
                    }
                    match process_tree::host_pid(init_pid, pid) {
                        Some(host) => learned.case = Some(host),
                        None => {
                            return Watched::Failed(
                                "the case's process in the container could not be found".to_owned(),
                            );
                        }
                    }
                }
                Ok(Some(Message::Exited { code, signal })) => {
                    if let Some(pid) = learned.case {
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
        let timeout = crate::sys::poll_timeout(left);
        // The report channel is read only once the case's process is known: every chunk is
        // checked against its pid.
        let channel_events = if learned.case.is_some() {
            PollFlags::IN
        } else {
            PollFlags::empty()
        };
        let mut fds = [
            PollFd::new(with.control, PollFlags::IN),
            PollFd::from_borrowed_fd(with.wake.fd(), PollFlags::IN),
            PollFd::from_borrowed_fd(with.channel.fd(), channel_events),
            PollFd::new(socket, PollFlags::IN),
            faults.poll_fd(with.wake.fd()),
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
        let calls = fds[4].revents();
        faults.after_poll((calls, reported), report, with.channel, learned.case);
        if harness_gone {
            return Watched::Stopped(Stop::HarnessGone);
        }
    }
}
