//! The fork server: a helper each supervisor execs once from the harness binary, which forks
//! one case process per request.
//!
//! It is single-threaded (checked when it starts), has no runtime, holds the hermetic base
//! environment, and never sees a case: a request carries no case data, only the socket on
//! which the supervisor hands the new process its case. So every case process is a copy of the
//! same pristine helper, and nothing of one case can reach the next through it.
//!
//! Each case process is forked once, put in a process group of its own, and answered with its
//! pid. It stays the helper's child: the supervisor watches it through its pidfd, kills it and
//! its group, and adopts (as their subreaper) whatever it leaves when it dies; only once the
//! supervisor is done with it does it ask the helper to reap it, and take its exit status.
//! Unreaped until then, its pid and group id cannot be reused under the supervisor's signals.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, FromRawFd, OwnedFd};
use std::process::ExitCode;

use rustix::net::{
    RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer, SendFlags,
};

use crate::sys::fork::{self, Forked, SingleThreaded};

/// A request: fork a case process, which gets the attached socket. Answered with its pid (4
/// bytes, little-endian; a negated errno when the fork failed).
pub(crate) const FORK: u8 = b'F';

/// A request: reap the case process whose pid follows (4 bytes, little-endian). Answered with
/// its exit code and terminating signal (4 bytes each, little-endian; [`NONE`] for neither).
pub(crate) const REAP: u8 = b'W';

/// In an answer to [`REAP`]: no exit code, or no signal.
pub(crate) const NONE: i32 = i32::MIN;

/// The fork server is ready; sent once, first.
pub(crate) const READY: u8 = b'R';

/// The fork server cannot serve; the rest of the message says why. Sent instead of [`READY`].
pub(crate) const UNFIT: u8 = b'U';

/// Exit status of a fork server that lost its supervisor's protocol.
const FORK_SERVER_FAILED: u8 = 87;

/// Runs the fork server until its supervisor goes away.
pub(crate) fn serve() -> ExitCode {
    crate::sys::close_inherited_fds();
    // SAFETY: the supervisor starts its fork server with its end of a socket pair as stdin,
    // and nothing else in this process uses fd 0: owning it here is the only use.
    let control = unsafe { OwnedFd::from_raw_fd(0) };
    let one_thread = match SingleThreaded::check() {
        Ok(proof) => proof,
        Err(threads) => {
            let why = format!(
                "the fork server has {threads} threads where it must have one: something in this \
                 harness's `main` starts threads before `fault_runtime::main!()` takes over"
            );
            let _ = send(control.as_fd(), &[&[UNFIT], why.as_bytes()].concat(), None);
            return ExitCode::from(FORK_SERVER_FAILED);
        }
    };
    // The same for every case forked from here, and read-only in each.
    crate::declare::registry::index();
    if send(control.as_fd(), &[READY], None).is_err() {
        return ExitCode::from(FORK_SERVER_FAILED);
    }
    loop {
        let answer = match receive_request(control.as_fd()) {
            Ok(Some(Request::Fork(case_socket))) => {
                fork_case(&one_thread, case_socket).to_le_bytes().to_vec()
            }
            Ok(Some(Request::Reap(pid))) => {
                let (code, signal) = reap(pid);
                [code.to_le_bytes(), signal.to_le_bytes()].concat()
            }
            Ok(None) => return ExitCode::SUCCESS,
            Err(_) => return ExitCode::from(FORK_SERVER_FAILED),
        };
        if send(control.as_fd(), &answer, None).is_err() {
            return ExitCode::from(FORK_SERVER_FAILED);
        }
    }
}

/// What the supervisor asks.
enum Request {
    /// Fork a case process for this socket.
    Fork(OwnedFd),
    /// Reap this case process.
    Reap(u32),
}

/// Forks a case process that will take its case from `case_socket`; its pid, or the negated
/// errno of what failed.
fn fork_case(one_thread: &SingleThreaded, case_socket: OwnedFd) -> i32 {
    match fork::fork(one_thread) {
        Err(err) => -err.raw_os_error().unwrap_or(libc::EIO),
        Ok(Forked::Child) => crate::child::forked::become_case(case_socket),
        Ok(Forked::Parent(pid)) => {
            // Its own group before anyone can signal it, as an exec'd case process.
            let group = rustix::process::Pid::from_raw(pid as i32);
            let _ = rustix::process::setpgid(group, group);
            pid as i32
        }
    }
}

/// Reaps the case process `pid` (waiting for it if it has not ended): its exit code and
/// terminating signal, [`NONE`] for what it does not have, or for both when it is not a child.
fn reap(pid: u32) -> (i32, i32) {
    let status = rustix::process::Pid::from_raw(pid as i32)
        .and_then(|pid| {
            rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty()).ok()
        })
        .flatten();
    match status {
        Some((_, status)) => (
            status.exit_status().unwrap_or(NONE),
            status.terminating_signal().unwrap_or(NONE),
        ),
        None => (NONE, NONE),
    }
}

/// Waits for the next request; `None` when the supervisor is gone.
fn receive_request(control: BorrowedFd<'_>) -> io::Result<Option<Request>> {
    // A kind, and for a reap the pid.
    let mut message = [0u8; 5];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    loop {
        let mut ancillary = RecvAncillaryBuffer::new(&mut space);
        let received = match rustix::net::recvmsg(
            control,
            &mut [io::IoSliceMut::new(&mut message)],
            &mut ancillary,
            RecvFlags::CMSG_CLOEXEC,
        ) {
            Ok(received) => received,
            Err(rustix::io::Errno::INTR) => continue,
            Err(err) => return Err(err.into()),
        };
        if received.bytes == 0 {
            return Ok(None);
        }
        let mut socket = None;
        for message in ancillary.drain() {
            if let RecvAncillaryMessage::ScmRights(fds) = message {
                for fd in fds {
                    socket.get_or_insert(fd);
                }
            }
        }
        return match (message[0], received.bytes, socket) {
            (FORK, 1, Some(socket)) => Ok(Some(Request::Fork(socket))),
            (REAP, 5, None) => {
                let pid = u32::from_le_bytes([message[1], message[2], message[3], message[4]]);
                Ok(Some(Request::Reap(pid)))
            }
            _ => Err(io::Error::other("a request the fork server does not know")),
        };
    }
}

/// Sends one message on a `SOCK_SEQPACKET` socket, with `fds` attached.
pub(crate) fn send(
    socket: BorrowedFd<'_>,
    payload: &[u8],
    fds: Option<&[BorrowedFd<'_>]>,
) -> io::Result<()> {
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(3))];
    let mut ancillary = SendAncillaryBuffer::new(&mut space);
    if let Some(fds) = fds {
        if !ancillary.push(rustix::net::SendAncillaryMessage::ScmRights(fds)) {
            return Err(io::Error::other("no room for the descriptors to pass"));
        }
    }
    loop {
        match rustix::net::sendmsg(
            socket,
            &[io::IoSlice::new(payload)],
            &mut ancillary,
            SendFlags::NOSIGNAL,
        ) {
            Ok(_) => return Ok(()),
            Err(rustix::io::Errno::INTR) => {}
            Err(err) => return Err(err.into()),
        }
    }
}
