//! The supervisor's side of its fork server: started on the first case that may be forked,
//! asked for one case process per case, started again when it died, and given up for exec
//! when it cannot serve on this machine.
//!
//! Each case process is asked for one case ahead: while a case runs, the fork server forks the
//! process the next case will get, which then waits, holding nothing of any case, for its
//! request. Its pid is taken as soon as the case ends, before anything lists or kills what the
//! case left, so it is never mistaken for a case's.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::process::Stdio;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags};
use rustix::net::RecvFlags;
use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

use crate::isolate::Image;
use crate::isolate::supervise::fork_server::{self, FORK, NONE, READY, REAP, UNFIT};
use crate::isolate::supervise::markers::{FORK_SERVER_VAR, SUPERVISOR_VAR};
use crate::isolate::supervise::wire::RunCase;
use crate::sys::process_tree::{self, Spared};

/// How long a fork server may take to come up.
const STARTUP_PATIENCE: Duration = Duration::from_secs(30);

/// How long one fork may take.
const FORK_PATIENCE: Duration = Duration::from_secs(10);

/// How long reaping a case process may take: it is dead or killed when it is asked for.
const REAP_PATIENCE: Duration = Duration::from_secs(30);

/// How a case process ended: its exit code, or the signal that ended it.
pub(crate) type Ending = (Option<i32>, Option<i32>);

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
    /// Our end of the socket of the case process asked for and not yet answered.
    asked: Option<OwnedFd>,
    /// The case process forked ahead, waiting for its case.
    ahead: Option<Ahead>,
}

/// A case process forked ahead: a child of the fork server, blocked until its case arrives.
#[derive(Debug)]
struct Ahead {
    pid: u32,
    /// Our end of its socket.
    socket: OwnedFd,
}

impl Forks {
    /// Starts the case process of `request` from the fork server, handing it `report` as its
    /// report channel: its pid, a child of the fork server until [`reap`](Self::reap)ed through
    /// it; its orphans are this supervisor's, as its subreaper. Why it could not when it could
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
            let mut server = match self.server.take() {
                Some(server) => server,
                None => match Server::start(image) {
                    Ok(server) => server,
                    Err(why) => {
                        self.unfit = Some(why.clone());
                        return Err(why);
                    }
                },
            };
            match server.start_case(request, report) {
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

    /// Reaps the forked case process `pid` once the supervisor is done with it: how it ended.
    /// Its fork server reaps it; if that died, the case process was adopted by this supervisor,
    /// which reaps it itself.
    pub(crate) fn reap(&mut self, pid: u32) -> Option<Ending> {
        if let Some(server) = self.server.as_mut() {
            match server.reap(pid) {
                Ok(Some(ending)) => return Some(ending),
                // Not its child: one adopted by this supervisor when an earlier one died.
                Ok(None) => {}
                Err(_) => {
                    if let Some(server) = self.server.take() {
                        server.stop();
                    }
                }
            }
        }
        // Dead by now, or it could not be killed: never waited for without end.
        let pid = Pid::from_raw(pid as i32)?;
        let (_, status) = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::NOHANG)
            .ok()
            .flatten()?;
        Some((status.exit_status(), status.terminating_signal()))
    }

    /// Takes the pid of the case process forked ahead: called as soon as a case ends, before
    /// its leftovers are listed. A fork server that does not answer is stopped, and started
    /// again for the next case.
    pub(crate) fn await_ahead(&mut self) {
        let Some(server) = self.server.as_mut() else {
            return;
        };
        if server.collect().is_err() {
            if let Some(server) = self.server.take() {
                server.stop();
            }
        }
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
            // Every dynamic symbol bound once, here, rather than again in each case process.
            .env("LD_BIND_NOW", "1")
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let child = command.spawn().map_err(fail)?;
        let pid = child.id();
        // Waited for through its pidfd, never by the handle.
        drop(child);
        let Some(pidfd) = crate::sys::pidfd(pid) else {
            process_tree::kill_and_reap(pid);
            return Err("the fork server needs pidfds (Linux 5.3 or later)".to_owned());
        };
        process_tree::spare(Spared::ForkServer, Some(pid));
        let server = Server {
            control,
            pidfd,
            asked: None,
            ahead: None,
        };
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

    /// Starts the case of `request` in the case process forked ahead (forked now if there is
    /// none), and asks for the next one.
    fn start_case(&mut self, request: &RunCase, report: BorrowedFd<'_>) -> io::Result<u32> {
        if self.ahead.is_none() {
            self.ask()?;
            self.collect()?;
        }
        let Some(case) = self.ahead.take() else {
            return Err(io::Error::other("the fork server forked no case process"));
        };
        process_tree::spare(Spared::Ahead, None);
        let frame = request.encode();
        let stdout = io::stdout();
        let stderr = io::stderr();
        let fds = [stdout.as_fd(), stderr.as_fd(), report];
        // The message is its own frame: the length prefix is not needed.
        if let Err(err) = fork_server::send(case.socket.as_fd(), &frame[4..], Some(&fds)) {
            process_tree::kill_and_reap(case.pid);
            return Err(err);
        }
        // Forked while this case runs; a failure to ask shows when the next case needs it.
        let _ = self.ask();
        Ok(case.pid)
    }

    /// Asks the fork server for a case process, without waiting for it.
    fn ask(&mut self) -> io::Result<()> {
        if self.asked.is_some() {
            return Ok(());
        }
        let (ours, theirs) = rustix::net::socketpair(
            rustix::net::AddressFamily::UNIX,
            rustix::net::SocketType::SEQPACKET,
            rustix::net::SocketFlags::CLOEXEC,
            None,
        )?;
        fork_server::send(self.control.as_fd(), &[FORK], Some(&[theirs.as_fd()]))?;
        self.asked = Some(ours);
        Ok(())
    }

    /// Takes the answer to the last request, if one is outstanding: the case process is then
    /// forked ahead and spared.
    fn collect(&mut self) -> io::Result<()> {
        let Some(socket) = self.asked.take() else {
            return Ok(());
        };
        let mut answer = [0u8; 4];
        let pid = match self.receive(&mut answer, FORK_PATIENCE)? {
            4 => i32::from_le_bytes(answer),
            _ => return Err(io::Error::other("the fork server is gone")),
        };
        if pid <= 0 {
            return Err(io::Error::from_raw_os_error(-pid));
        }
        let pid = pid as u32;
        process_tree::spare(Spared::Ahead, Some(pid));
        self.ahead = Some(Ahead { pid, socket });
        Ok(())
    }

    /// Has the fork server reap its case process `pid`: how it ended, `None` when the fork
    /// server knows no such child.
    fn reap(&mut self, pid: u32) -> io::Result<Option<Ending>> {
        // Answers come in the order of the requests: the case process asked for first.
        self.collect()?;
        fork_server::send(
            self.control.as_fd(),
            &[&[REAP][..], &pid.to_le_bytes()].concat(),
            None,
        )?;
        let mut answer = [0u8; 8];
        if self.receive(&mut answer, REAP_PATIENCE)? != 8 {
            return Err(io::Error::other("the fork server is gone"));
        }
        let [code, signal] = [0, 4].map(|at| {
            let value =
                i32::from_le_bytes([answer[at], answer[at + 1], answer[at + 2], answer[at + 3]]);
            (value != NONE).then_some(value)
        });
        Ok((code.is_some() || signal.is_some()).then_some((code, signal)))
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

    /// Ends the fork server and the case process forked ahead: they hold nothing, so they are
    /// killed, and reaped. One asked for and not yet answered is a stray for the caller.
    fn stop(mut self) {
        if let Some(ahead) = self.ahead.take() {
            process_tree::spare(Spared::Ahead, None);
            process_tree::kill_and_reap(ahead.pid);
        }
        process_tree::spare(Spared::ForkServer, None);
        let _ = rustix::process::pidfd_send_signal(&self.pidfd, Signal::KILL);
        let _ = rustix::process::waitid(WaitId::PidFd(self.pidfd.as_fd()), WaitIdOptions::EXITED);
    }
}
