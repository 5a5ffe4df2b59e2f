//! One case's process, as its supervisor runs it: start, watch, report, kill what is left.

use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::process::{Pid, WaitId, WaitIdOptions};

use crate::isolate::Image;
use crate::isolate::report_channel::ReportChannel;
use crate::isolate::supervisor::Wake;
use crate::isolate::tree;
use crate::isolate::wire::{self, Ended, Reply, RunCase};
use crate::protocol::REPORT_FD_VAR;

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
    /// It exited (still unreaped) with this status.
    Exited(rustix::process::WaitIdStatus),
    /// The watchdog fired first.
    TimedOut,
    /// The supervisor must stop.
    Stopped(Stop),
}

/// Runs the case described by `request` to its end and kills every process it left; also what
/// makes the supervisor stop, if something does.
pub(crate) fn run(
    request: &RunCase,
    image: &Image,
    control: &mut UnixStream,
    wake: &Wake,
) -> (Ended, Option<Stop>) {
    let mut channel = match ReportChannel::new() {
        Ok(channel) => channel,
        Err(err) => {
            return (
                trouble(format!("failed to open the report channel: {err}")),
                None,
            );
        }
    };
    let started = Instant::now();
    let child = match spawn(request, image, &channel) {
        Ok(child) => child,
        Err(err) => {
            return (
                trouble(format!(
                    "failed to start the case's process {}: {err}",
                    image.path().display()
                )),
                None,
            );
        }
    };
    channel.close_theirs();
    let pid = child.id();
    // The child is reaped by pid below; dropping the handle neither waits nor kills.
    drop(child);
    if wire::write_frame(control, &Reply::Started { pid }.encode()).is_err() {
        let _ = tree::kill_all(pid);
        return (Ended::default(), Some(Stop::HarnessGone));
    }
    let deadline = started + Duration::from_millis(request.timeout_ms);
    let watched = watch(pid, deadline, control, wake, &mut channel);
    let elapsed = started.elapsed();
    let leaked = match watched {
        Watched::Exited(_) => tree::descendants_except(&[pid]),
        _ => Vec::new(),
    };
    let (status, kill_trouble) = tree::kill_all(pid);
    let stop = match watched {
        Watched::Stopped(stop) => Some(stop),
        _ => None,
    };
    let (exit_code, signal) = match (&watched, status) {
        (Watched::Exited(status), _) => (status.exit_status(), status.terminating_signal()),
        (_, Some(status)) => (status.exit_status(), status.terminating_signal()),
        (_, None) => (None, None),
    };
    let ended = Ended {
        exit_code,
        signal,
        timed_out: matches!(watched, Watched::TimedOut),
        elapsed_us: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        report: channel.finish(pid),
        leaked,
        trouble: kill_trouble,
    };
    (ended, stop)
}

/// Starts the case's process: the harness binary, with exactly the environment, working
/// directory and report descriptor of the request, stdin from /dev/null, the supervisor's
/// stdout and stderr (the harness's pipes), in a process group of its own.
fn spawn(
    request: &RunCase,
    image: &Image,
    channel: &ReportChannel,
) -> std::io::Result<std::process::Child> {
    let fd = channel
        .their_fd()
        .ok_or_else(|| std::io::Error::other("the report channel is closed"))?;
    image
        .command()
        .env_clear()
        .envs(request.vars.iter().map(|(k, v)| (k, v)))
        .env(REPORT_FD_VAR, fd.to_string())
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
    control: &UnixStream,
    wake: &Wake,
    channel: &mut ReportChannel,
) -> Watched {
    let Some(case) = Pid::from_raw(pid as i32) else {
        return Watched::TimedOut;
    };
    loop {
        if let Ok(Some(status)) = rustix::process::waitid(
            WaitId::Pid(case),
            WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT,
        ) {
            return Watched::Exited(status);
        }
        if wake.stopping() {
            return Watched::Stopped(Stop::Signalled);
        }
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Watched::TimedOut;
        };
        let timeout = Timespec {
            tv_sec: left.as_secs() as _,
            tv_nsec: left.subsec_nanos() as _,
        };
        let report_events = if channel.is_open() {
            PollFlags::IN
        } else {
            PollFlags::empty()
        };
        let mut fds = [
            PollFd::new(control, PollFlags::IN),
            PollFd::from_borrowed_fd(wake.fd(), PollFlags::IN),
            PollFd::from_borrowed_fd(channel.fd(), report_events),
        ];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(_) => return Watched::Stopped(Stop::HarnessGone),
        }
        let [control_events, wake_events, report_ready] = fds.map(|fd| fd.revents());
        if !wake_events.is_empty() {
            wake.drain();
        }
        if !report_ready.is_empty() {
            channel.read_available(pid);
        }
        if !control_events.is_empty() {
            // The harness sends nothing while a case runs: readable means it is gone.
            return Watched::Stopped(Stop::HarnessGone);
        }
    }
}

/// An end with nothing but what went wrong.
fn trouble(message: String) -> Ended {
    Ended {
        trouble: Some(message),
        ..Ended::default()
    }
}
