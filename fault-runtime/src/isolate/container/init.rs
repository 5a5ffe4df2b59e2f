//! The container's first process (pid 1 of its PID namespace): it builds the view, starts the
//! case's process in it without any capability, reaps whatever is orphaned inside, and tells
//! its supervisor when the case's process exits. It never ends on its own accord: the
//! supervisor lists what is still alive, then kills it, and with it the whole namespace — or,
//! when the case left nothing behind anywhere, hands it the next case to run in the same view.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Stdio;

use rustix::process::{Pid, WaitId, WaitIdOptions, WaitOptions};

use crate::child::report::REPORT_FD_VAR;
use crate::isolate::Image;
use crate::isolate::container::messages;
use crate::isolate::container::setup::{self, CaseView};
use crate::isolate::supervise::report_channel::ReportChannel;
use crate::isolate::supervise::wire::RunCase;

/// Runs the container's first process to its end; the exit status of that process.
pub(crate) fn run(
    view: &CaseView<'_>,
    request: &RunCase,
    image: &Image,
    channel: &ReportChannel,
    socket: OwnedFd,
) -> i32 {
    // The supervisor's death ends the container, and with it everything inside.
    let _ = rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
    reset_signals();
    let changes = match setup::enter(view) {
        Ok(changes) => changes,
        Err(why) => {
            messages::send_failed(socket.as_fd(), true, &why);
            return 1;
        }
    };
    // Nothing inside may read or write this process's descriptors through /proc. Only now:
    // before its identity is mapped, a process that is not dumpable cannot write its maps.
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    let mut changes = Some(changes);
    let mut request = request.clone();
    loop {
        let Some(case) = start_case(&request, image, channel, socket.as_fd()) else {
            return 1;
        };
        // The changes directory goes to the supervisor with the first case only.
        let started = messages::send_started(socket.as_fd(), case as u32, changes.take().as_ref());
        if started.is_err() || !wait_for(case, socket.as_fd()) {
            return 1;
        }
        // The supervisor lists what is alive and reads the changes, then either kills this
        // process or, when the case left nothing anywhere, hands it the next case.
        match messages::receive_next(socket.as_fd()) {
            Some(next) => {
                reap_all();
                request = next;
            }
            None => return 0,
        }
    }
}

/// Starts one case's process: no capability, a System V IPC namespace of its own.
fn start_case(
    request: &RunCase,
    image: &Image,
    channel: &ReportChannel,
    socket: BorrowedFd<'_>,
) -> Option<i32> {
    let mut command = image.command();
    command
        .env_clear()
        .envs(request.vars.iter().map(|(k, v)| (k, v)))
        .env(REPORT_FD_VAR, channel.their_fd().to_string())
        .current_dir(&request.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .process_group(0);
    // SAFETY: the closure runs between fork and exec in the child, and only makes unshare and
    // prctl calls, which allocate nothing and take no lock.
    unsafe {
        command.pre_exec(|| {
            // What one case leaves in System V IPC never reaches the next in this container.
            if libc::unshare(libc::CLONE_NEWIPC) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            drop_capabilities().map_err(Into::into)
        });
    }
    match command.spawn() {
        Ok(child) => Some(child.id() as i32),
        Err(err) => {
            messages::send_failed(
                socket,
                false,
                &format!(
                    "starting the case's process {}: {err}",
                    image.path().display()
                ),
            );
            None
        }
    }
}

/// Reaps orphans until the case's process ends, then tells the supervisor how it ended,
/// leaving it unreaped; whether that went as it should.
fn wait_for(case: i32, socket: BorrowedFd<'_>) -> bool {
    loop {
        // Learn who ended without reaping: the case's process stays a zombie, so the
        // supervisor can still find it by its pid inside; orphans are reaped as they end.
        match ended_child() {
            Ok(pid) if pid == case => {
                let status = rustix::process::waitid(
                    WaitId::Pid(Pid::from_raw(pid).expect("a child's pid is positive")),
                    WaitIdOptions::EXITED | WaitIdOptions::NOWAIT,
                );
                let (code, signal) = match status {
                    Ok(Some(status)) => (status.exit_status(), status.terminating_signal()),
                    _ => (None, None),
                };
                return messages::send_exited(socket, code, signal).is_ok();
            }
            Ok(orphan) => {
                if let Some(pid) = Pid::from_raw(orphan) {
                    let _ = rustix::process::waitpid(Some(pid), WaitOptions::empty());
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}

/// Reaps every child that has ended: the last case's process among them.
fn reap_all() {
    while let Ok(Some(_)) = rustix::process::wait(WaitOptions::NOHANG) {}
}

/// Waits until a child has ended and says which, leaving it unreaped.
fn ended_child() -> rustix::io::Result<i32> {
    // SAFETY: an all-zero `siginfo_t` is a valid value of the plain C struct.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: waitid writes one `siginfo_t` into `info`, which outlives the call.
    let rc = unsafe { libc::waitid(libc::P_ALL, 0, &mut info, libc::WEXITED | libc::WNOWAIT) };
    if rc != 0 {
        return Err(
            rustix::io::Errno::from_io_error(&std::io::Error::last_os_error())
                .unwrap_or(rustix::io::Errno::INVAL),
        );
    }
    // SAFETY: waitid with WEXITED filled in the fields of a child's end, `si_pid` among them.
    Ok(unsafe { info.si_pid() })
}

/// The supervisor's signal handlers are not this process's: back to the defaults, which the
/// first process of a namespace ignores for signals sent from inside it.
fn reset_signals() {
    for signal in [
        libc::SIGTERM,
        libc::SIGINT,
        libc::SIGHUP,
        libc::SIGCHLD,
        libc::SIGQUIT,
    ] {
        // SAFETY: restoring a default disposition installs no handler; this process is
        // single-threaded.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
        }
    }
}

/// Leaves the case's process no capability, even as uid 0 of the namespace, and no way to
/// gain one through exec.
fn drop_capabilities() -> rustix::io::Result<()> {
    use rustix::thread::CapabilitiesSecureBits as Bits;
    rustix::thread::set_capabilities_secure_bits(
        Bits::NO_ROOT
            | Bits::NO_ROOT_LOCKED
            | Bits::NO_SETUID_FIXUP
            | Bits::NO_SETUID_FIXUP_LOCKED
            | Bits::NO_CAP_AMBIENT_RAISE
            | Bits::NO_CAP_AMBIENT_RAISE_LOCKED,
    )?;
    rustix::thread::clear_ambient_capability_set()?;
    for capability in 0..64 {
        // SAFETY: PR_CAPBSET_DROP takes an integer and touches no memory of this process.
        if unsafe { libc::prctl(libc::PR_CAPBSET_DROP, capability, 0, 0, 0) } != 0 {
            break;
        }
    }
    rustix::thread::set_no_new_privs(true)
}
