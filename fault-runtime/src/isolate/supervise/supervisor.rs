//! The supervisor: one per worker, exec'd from the harness binary, single-threaded, a child
//! subreaper. It starts the worker's case processes one at a time, watches each, knows that
//! every process it finds belongs to the one case it is running, and kills them all before it
//! says the case is over.
//!
//! It lives in a process group of its own (terminal signals go to the harness alone) and its
//! stdin is a socket to the harness: when the harness dies, however it dies, that socket
//! closes, and the supervisor kills the running case with everything it started, removes the
//! case's sandbox, and exits. Its stdout and stderr are the case's output pipes to the harness;
//! it never writes to them itself.

use std::io;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::process::ExitCode;

use rustix::event::{PollFd, PollFlags};

use crate::isolate::Image;
use crate::isolate::container;
use crate::isolate::supervise::case_process::{self, Stop, Supervision};
#[cfg(target_os = "linux")]
use crate::isolate::supervise::forks::Forks;
use crate::isolate::supervise::report_channel::ReportChannel;
use crate::isolate::supervise::wake::Wake;
use crate::isolate::supervise::wire::{self, Ended, Reply, Request, RunCase};
use crate::sys::process_tree;

/// Exit status of a supervisor that could not start or lost its harness's protocol.
const SUPERVISOR_FAILED: u8 = 87;

/// Runs the supervisor until its harness goes away or a signal stops it.
pub(crate) fn serve() -> ExitCode {
    crate::sys::close_inherited_fds();
    let subreaper = process_tree::become_subreaper();
    // SAFETY: the harness starts a supervisor with its end of a socket pair as stdin, and
    // nothing else in this process uses fd 0: owning it here is the only use.
    let mut control = UnixStream::from(unsafe { OwnedFd::from_raw_fd(0) });
    let (wake, image) = match Wake::install().and_then(|wake| Ok((wake, Image::current()?))) {
        Ok(ready) => ready,
        Err(_) => return ExitCode::from(SUPERVISOR_FAILED),
    };
    if wire::write_frame(&mut control, &Reply::Ready { subreaper }.encode()).is_err() {
        return ExitCode::from(SUPERVISOR_FAILED);
    }
    let Ok(channel) = ReportChannel::new() else {
        return ExitCode::from(SUPERVISOR_FAILED);
    };
    // The sandbox of the last case: a harness that dies between cases leaves it empty here.
    let mut last_sandbox: Option<std::path::PathBuf> = None;
    // The container view of this machine, and the container the last case left pristine.
    let mut containers = container::run::Containers::default();
    #[cfg(target_os = "linux")]
    let forks = std::cell::RefCell::new(Forks::default());
    loop {
        match next_request(&mut control, &wake) {
            Ok(Some(Request::Quit)) => return ExitCode::SUCCESS,
            Ok(None) => {
                if let Some(sandbox) = last_sandbox {
                    // Only an empty one: a sandbox kept for inspection holds what the case left.
                    let _ = std::fs::remove_dir(sandbox);
                }
                return ExitCode::SUCCESS;
            }
            Ok(Some(Request::Run(request))) => {
                last_sandbox = Some(request.cwd.clone());
                let with = Supervision {
                    image: &image,
                    control: &control,
                    wake: &wake,
                    channel: &channel,
                    subreaper,
                    #[cfg(target_os = "linux")]
                    forks: &forks,
                };
                let (ended, stop) = match &request.container {
                    Some(container) => {
                        container::run::run(&request, container, &mut containers, &with)
                    }
                    None => {
                        // Every other child of the supervisor counts as the case's.
                        containers.end_warm();
                        case_process::run(&request, &with)
                    }
                };
                if let Some(code) = answer(&request, ended, stop, &mut control) {
                    return code;
                }
            }
            Err(_) => return ExitCode::from(SUPERVISOR_FAILED),
        }
    }
}

/// Tells the harness how the case ended; `Some(exit code)` when the supervisor must stop.
fn answer(
    request: &RunCase,
    ended: Ended,
    stop: Option<Stop>,
    control: &mut UnixStream,
) -> Option<ExitCode> {
    match stop {
        Some(Stop::HarnessGone) => {
            crate::sys::remove_dir(&request.cwd);
            return Some(ExitCode::SUCCESS);
        }
        Some(Stop::Signalled) => return Some(ExitCode::SUCCESS),
        None => {}
    }
    match wire::write_frame(control, &Reply::Ended(ended).encode()) {
        Ok(()) => None,
        Err(_) => {
            crate::sys::remove_dir(&request.cwd);
            Some(ExitCode::SUCCESS)
        }
    }
}

/// Waits for the next request; `None` when the harness is gone or a signal says stop.
fn next_request(control: &mut UnixStream, wake: &Wake) -> io::Result<Option<Request>> {
    loop {
        if wake.stopping() {
            return Ok(None);
        }
        let wake_fd = wake.fd();
        let mut fds = [
            PollFd::new(control, PollFlags::IN),
            PollFd::new(&wake_fd, PollFlags::IN),
        ];
        match rustix::event::poll(&mut fds, None) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(err) => return Err(err.into()),
        }
        let control_ready = !fds[0].revents().is_empty();
        if !fds[1].revents().is_empty() {
            wake.drain();
            // An orphan the last case left behind cannot exist (every one was killed), but a
            // stray SIGCHLD is harmless: reap whatever ended.
            process_tree::reap_zombies();
        }
        if control_ready {
            return match wire::read_frame(control)? {
                Some(payload) => Request::decode(&payload).map(Some),
                None => Ok(None),
            };
        }
    }
}
