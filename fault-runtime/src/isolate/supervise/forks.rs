//! The supervisor's side of its fork server: started on the first case that may be forked,
//! asked for one case process per case, started again when it died, and given up for exec
//! when it cannot serve on this machine.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::process::Stdio;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags};
use rustix::net::RecvFlags;
use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

use crate::isolate::Image;
use crate::isolate::supervise::fork_server::{self, FORK, READY, UNFIT};
use crate::isolate::supervise::markers::{FORK_SERVER_VAR, SUPERVISOR_VAR};
use crate::isolate::supervise::wire::RunCase;
use crate::sys::process_tree;

/// How long a fork server may take to come up.
const STARTUP_PATIENCE: Duration = Duration::from_secs(30);

/// How long one fork may take.
const FORK_PATIENCE: Duration = Duration::from_secs(10);

/// A supervisor's fork server, when it has one.
#[derive(Debug, Default)]
pub(crate) struct Forks {
    server: Option<Server>,
    /// Why no fork server can serve on this machine, once that is known.
    unfit: Option<String>,
}

/// A running fork server.
#[derive(Debug)]
struct Server {
    /// Our end of its control socket.
    control: OwnedFd,
    /// Its pidfd: the only handle it is signalled and waited through, so that its pid, once
    /// reaped, can never be mistaken for a case's.
    pidfd: OwnedFd,
}

impl Forks {
    /// Starts the case process of `request` from the fork server, handing it `report` as its
    /// report channel: its pid, a child of this supervisor. Why it could not when it could
    /// not; the case then runs through exec.
    pub(crate) fn start(
        &mut self,
        image: &Image,
        request: &RunCase,
        report: BorrowedFd<'_>,
    ) -> Result<u32, String> {
        if let Some(why) = &self.unfit {
            return Err(why.clone());
        }
        // A fork server that died since the last case is started again, once.
        let mut last = String::new();
        for _ in 0..2 {
            let server = match self.server.take() {
                Some(server) => server,
                None => match Server::start(image) {
                    Ok(server) => server,
                    Err(why) => {
                        self.unfit = Some(why.clone());
                        return Err(why);
                    }
                },
            };
            match server.fork(request, report) {
                Ok(pid) => {
                    self.server = Some(server);
                    return Ok(pid);
                }
                Err(err) => {
                    last = format!("the fork server failed: {err}");
                    server.stop();
                    // Whatever a failed fork left is no case's: between cases, every child
                    // but the fork server is a stray.
                    process_tree::kill_children_except(&[]);
                }
            }
        }
        Err(last)
    }
}

impl Drop for Forks {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
    }
}

impl Server {
    /// Starts a fork server from the harness binary, with this supervisor's environment (the
    /// hermetic base one) and no descriptor of it but the control socket and stderr.
    fn start(image: &Image) -> Result<Self, String> {
        let fail = |err: io::Error| format!("the fork server could not start: {err}");
        let (control, theirs) = rustix::net::socketpair(
            rustix::net::AddressFamily::UNIX,
            rustix::net::SocketType::SEQPACKET,
            rustix::net::SocketFlags::CLOEXEC,
            None,
        )
        .map_err(|err| fail(err.into()))?;
        let mut command = image.command();
        command
            .env_clear()
            .envs(std::env::vars_os().filter(|(name, _)| name != SUPERVISOR_VAR))
            .env(FORK_SERVER_VAR, "1")
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let child = command.spawn().map_err(fail)?;
        let pid = child.id();
        // Waited for through its pidfd, never by the handle.
        drop(child);
        let Some(pidfd) = crate::sys::pidfd(pid) else {
            if let Some(pid) = Pid::from_raw(pid as i32) {
                // Our own child, not yet reaped: the pid is still its.
                let _ = rustix::process::kill_process(pid, Signal::KILL);
                let _ = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty());
            }
            return Err("the fork server needs pidfds (Linux 5.3 or later)".to_owned());
        };
        process_tree::spare(Some(pid));
        let server = Server { control, pidfd };
        let mut answer = [0u8; 4096];
        match server.receive(&mut answer, STARTUP_PATIENCE) {
            Ok(n) if n == 1 && answer[0] == READY => Ok(server),
            Ok(n) if n > 0 && answer[0] == UNFIT => {
                server.stop();
                Err(String::from_utf8_lossy(&answer[1..n]).into_owned())
            }
            Ok(_) => {
                server.stop();
                Err("the fork server exited before it was ready".to_owned())
            }
            Err(err) => {
                server.stop();
                Err(fail(err))
            }
        }
    }

    /// Has the fork server fork a case process, and sends it `request` with its descriptors.
    fn fork(&self, request: &RunCase, report: BorrowedFd<'_>) -> io::Result<u32> {
        let (ours, theirs) = rustix::net::socketpair(
            rustix::net::AddressFamily::UNIX,
            rustix::net::SocketType::SEQPACKET,
            rustix::net::SocketFlags::CLOEXEC,
            None,
        )?;
        fork_server::send(self.control.as_fd(), &[FORK], Some(&[theirs.as_fd()]))?;
        drop(theirs);
        let mut answer = [0u8; 4];
        let pid = match self.receive(&mut answer, FORK_PATIENCE)? {
            4 => i32::from_le_bytes(answer),
            _ => return Err(io::Error::other("the fork server is gone")),
        };
        if pid <= 0 {
            return Err(io::Error::from_raw_os_error(-pid));
        }
        let frame = request.encode();
        let stdout = io::stdout();
        let stderr = io::stderr();
        let fds = [stdout.as_fd(), stderr.as_fd(), report];
        // The message is its own frame: the length prefix is not needed.
        if let Err(err) = fork_server::send(ours.as_fd(), &frame[4..], Some(&fds)) {
            if let Some(pid) = Pid::from_raw(pid) {
                // Our own child now, not yet reaped: the pid is still its.
                let _ = rustix::process::kill_process(pid, Signal::KILL);
                let _ = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty());
            }
            return Err(err);
        }
        Ok(pid as u32)
    }

    /// Receives one message into `buf` within `patience`: its length, 0 when the fork server
    /// is gone.
    fn receive(&self, buf: &mut [u8], patience: Duration) -> io::Result<usize> {
        let timeout = crate::sys::poll_timeout(patience);
        let mut fds = [PollFd::new(&self.control, PollFlags::IN)];
        loop {
            match rustix::event::poll(&mut fds, Some(&timeout)) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the fork server did not answer in time",
                    ));
                }
                Ok(_) => break,
                Err(rustix::io::Errno::INTR) => {}
                Err(err) => return Err(err.into()),
            }
        }
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
        let mut ancillary = rustix::net::RecvAncillaryBuffer::new(&mut space);
        let received = rustix::net::recvmsg(
            &self.control,
            &mut [io::IoSliceMut::new(buf)],
            &mut ancillary,
            RecvFlags::CMSG_CLOEXEC | RecvFlags::DONTWAIT,
        )?;
        Ok(received.bytes)
    }

    /// Ends the fork server: it holds nothing, so it is killed, and reaped.
    fn stop(self) {
        process_tree::spare(None);
        let _ = rustix::process::pidfd_send_signal(&self.pidfd, Signal::KILL);
        let _ = rustix::process::waitid(WaitId::PidFd(self.pidfd.as_fd()), WaitIdOptions::EXITED);
    }
}
