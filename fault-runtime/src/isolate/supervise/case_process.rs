//! One case's process, as its supervisor runs it: start, watch, report, kill what is left.

use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};
use rustix::process::{Pid, WaitId, WaitIdOptions};

use crate::child::report::REPORT_FD_VAR;
use crate::isolate::Image;
#[cfg(target_os = "linux")]
use crate::isolate::supervise::forks::Forks;
use crate::isolate::supervise::report_channel::{Report, ReportChannel};
use crate::isolate::supervise::syscall_faults::SyscallFaults;
use crate::isolate::supervise::wake::Wake;
use crate::isolate::supervise::wire::{Ended, RunCase};
use crate::sys::process_tree;

/// What a supervisor runs its cases with.
pub(crate) struct Supervision<'a> {
    /// The binary to start.
    pub(crate) image: &'a Image,
    /// The socket to the harness: readable only when the harness is gone.
    pub(crate) control: &'a UnixStream,
    /// Signals and the ends of processes.
    pub(crate) wake: &'a Wake,
    /// Where cases report.
    pub(crate) channel: &'a ReportChannel,
    /// Whether every descendant of a case is adopted by the supervisor.
    pub(crate) subreaper: bool,
    /// The fork server, which starts case processes without an exec.
    #[cfg(target_os = "linux")]
    pub(crate) forks: &'a std::cell::RefCell<Forks>,
}

/// Why a supervisor stops in the middle of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The harness's end of the control socket closed: the harness is gone.
    HarnessGone,
    /// A signal asked the supervisor to stop.
    Signalled,
}

/// How the wait for the case's process ended.
enum Watched {
    /// It exited (still unreaped) with this status; unknown here for a forked one, which is its
    /// fork server's child.
    Exited(Option<rustix::process::WaitIdStatus>),
    /// The watchdog fired first.
    TimedOut,
    /// The supervisor must stop.
    Stopped(Stop),
}

/// Runs the case described by `request` to its end and kills every process it left; also what
/// makes the supervisor stop, if something does.
pub(crate) fn run(request: &RunCase, with: &Supervision<'_>) -> (Ended, Option<Stop>) {
    let started = Instant::now();
    let mut faults = match SyscallFaults::new(&request.syscalls) {
        Ok(faults) => faults,
        Err(why) => return (Ended::trouble(why), None),
    };
    let (pid, forked) = match start(request, with) {
        Ok(started) => started,
        Err(err) => {
            return (
                Ended::trouble(format!(
                    "failed to start the case's process {}: {err}",
                    with.image.path().display()
                )),
                None,
            );
        }
    };
    let deadline = started + Duration::from_millis(request.timeout_ms);
    let mut report = Report::default();
    let watched = watch(pid, deadline, with, &mut report, &mut faults);
    let elapsed = started.elapsed();
    // The next case's process, forked while this one ran, is spared before this one's
    // leftovers are looked for.
    #[cfg(target_os = "linux")]
    with.forks.borrow_mut().await_ahead();
    let (status, leaked, kill_trouble) = match &watched {
        Watched::Exited(_) if with.subreaper => process_tree::settle(pid),
        _ => {
            let (status, trouble) = process_tree::kill_all(pid);
            (status, Vec::new(), trouble)
        }
    };
    let (exit_code, signal) = match (&watched, status) {
        (Watched::Exited(Some(status)), _) => (status.exit_status(), status.terminating_signal()),
        (_, Some(status)) => (status.exit_status(), status.terminating_signal()),
        // Forked: its fork server reaps it, now that nothing of it is left to kill.
        #[cfg(target_os = "linux")]
        (_, None) if forked => with.forks.borrow_mut().reap(pid).unwrap_or((None, None)),
        (_, None) => (None, None),
    };
    let (syscalls, serve_trouble) = faults.finish();
    let ended = Ended {
        exit_code,
        signal,
        timed_out: matches!(watched, Watched::TimedOut),
        elapsed_us: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        report: report.finish(with.channel, pid),
        leaked,
        trouble: kill_trouble.or(serve_trouble),
        outside: Vec::new(),
        unavailable: None,
        syscalls,
        forked,
    };
    let stop = match watched {
        Watched::Stopped(stop) => Some(stop),
        _ => None,
    };
    (ended, stop)
}

/// Starts the case's process: forked from the fork server (its child, whose orphans the
/// supervisor adopts) when the request allows it and the supervisor is a subreaper, else exec'd
/// as a child of the supervisor. Its pid, and whether it was forked.
fn start(request: &RunCase, with: &Supervision<'_>) -> std::io::Result<(u32, bool)> {
    #[cfg(target_os = "linux")]
    if request.fork && with.subreaper {
        let forked = with
            .forks
            .borrow_mut()
            .start(with.image, request, with.channel.their_end());
        if let Ok(pid) = forked {
            return Ok((pid, true));
        }
    }
    let child = spawn(request, with)?;
    // The child is reaped by pid; dropping the handle neither waits nor kills.
    Ok((child.id(), false))
}

/// Starts the case's process: the harness binary, with exactly the environment, working
/// directory and report descriptor of the request, stdin from /dev/null, the supervisor's
/// stdout and stderr (the harness's pipes), in a process group of its own.
fn spawn(request: &RunCase, with: &Supervision<'_>) -> std::io::Result<std::process::Child> {
    with.image
        .command()
        .env_clear()
        .envs(request.vars.iter().map(|(k, v)| (k, v)))
        .env(REPORT_FD_VAR, with.channel.their_fd().to_string())
        .current_dir(&request.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
}

/// Waits for the case's process to exit, reading its report as it arrives, until the deadline
/// or a reason to stop.
fn watch(
    pid: u32,
    deadline: Instant,
    with: &Supervision<'_>,
    report: &mut Report,
    faults: &mut SyscallFaults,
) -> Watched {
    let Some(case) = Pid::from_raw(pid as i32) else {
        return Watched::TimedOut;
    };
    let exit_fd = with.wake.exit_fd(pid);
    // With a pidfd, the process can only have exited once it says so; without one, a SIGCHLD
    // wakes the wait, and the exit is checked every time.
    let mut may_have_exited = exit_fd.is_none();
    // The pidfd said so: a forked case process, its fork server's child, cannot be waited for.
    let mut said_exited = false;
    loop {
        if may_have_exited {
            match rustix::process::waitid(
                WaitId::Pid(case),
                WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT,
            ) {
                Ok(Some(status)) => return Watched::Exited(Some(status)),
                Err(rustix::io::Errno::CHILD) if said_exited => return Watched::Exited(None),
                _ => {}
            }
        }
        if with.wake.stopping() {
            return Watched::Stopped(Stop::Signalled);
        }
        let Some(mut left) = deadline.checked_duration_since(Instant::now()) else {
            return Watched::TimedOut;
        };
        if exit_fd.is_none() && !with.wake.signals_exits() {
            // No pidfd for this process and no SIGCHLD either: look again every few ms.
            left = left.min(Duration::from_millis(5));
            may_have_exited = true;
        }
        let timeout = crate::sys::poll_timeout(left);
        // Without a pidfd the wake-up descriptor stands in; it is polled anyway.
        let exit_events = if exit_fd.is_some() {
            PollFlags::IN
        } else {
            PollFlags::empty()
        };
        let mut fds = [
            PollFd::new(with.control, PollFlags::IN),
            PollFd::from_borrowed_fd(with.wake.fd(), PollFlags::IN),
            PollFd::from_borrowed_fd(with.channel.fd(), PollFlags::IN),
            PollFd::from_borrowed_fd(
                exit_fd.as_ref().map_or(with.wake.fd(), |fd| fd.as_fd()),
                exit_events,
            ),
            faults.poll_fd(with.wake.fd()),
        ];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(_) => return Watched::Stopped(Stop::HarnessGone),
        }
        let harness_gone = !fds[0].revents().is_empty();
        let woken = !fds[1].revents().is_empty();
        let reported = !fds[2].revents().is_empty();
        said_exited |= exit_fd.is_some() && !fds[3].revents().is_empty();
        may_have_exited |= woken || said_exited;
        if woken {
            with.wake.drain();
        }
        let calls = fds[4].revents();
        faults.after_poll((calls, reported), report, with.channel, Some(pid));
        if harness_gone {
            // The harness sends nothing while a case runs: readable means it is gone.
            return Watched::Stopped(Stop::HarnessGone);
        }
    }
}
