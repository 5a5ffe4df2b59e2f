//! The fork server: a helper each supervisor execs once from the harness binary, which forks
//! one case process per request.
//!
//! It is single-threaded (checked when it starts), has no runtime, holds the hermetic base
//! environment, and never sees a case: a request carries no case data, only the socket on
//! which the supervisor hands the new process its case. So every case process is a copy of the
//! same pristine helper, and nothing of one case can reach the next through it.
//!
//! Each case process comes from a double fork: the helper forks an intermediate process,
//! which forks the case process, puts it in a process group of its own and exits. The orphan
//! is adopted by the nearest subreaper, its supervisor, before the helper (having reaped the
//! intermediate) answers with its pid: from then on the supervisor waits for it, watches it and
//! kills what it starts exactly as it does an exec'd case process.

use std::io::{self, Read, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, FromRawFd, OwnedFd};
use std::process::ExitCode;

use rustix::net::{
    RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer, SendFlags,
};

use crate::sys::fork::{self, Forked, SingleThreaded};

/// The one request: fork a case process, which gets the attached socket.
pub(crate) const FORK: u8 = b'F';

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
        let case_socket = match receive_request(control.as_fd()) {
            Ok(Some(socket)) => socket,
            Ok(None) => return ExitCode::SUCCESS,
            Err(_) => return ExitCode::from(FORK_SERVER_FAILED),
        };
        let answer = fork_case(&one_thread, case_socket);
        if send(control.as_fd(), &answer.to_le_bytes(), None).is_err() {
            return ExitCode::from(FORK_SERVER_FAILED);
        }
    }
}

/// Forks a case process that will take its case from `case_socket`; its pid, or the negated
/// errno of what failed.
fn fork_case(one_thread: &SingleThreaded, case_socket: OwnedFd) -> i32 {
    let (read, write) = match rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC) {
        Ok(pipe) => pipe,
        Err(err) => return -err.raw_os_error(),
    };
    match fork::fork(one_thread) {
        Err(err) => -err.raw_os_error().unwrap_or(libc::EIO),
        Ok(Forked::Child) => {
            drop(read);
            let answer = match fork::fork(one_thread) {
                Ok(Forked::Child) => {
                    drop(write);
                    crate::child::forked::become_case(case_socket)
                }
                Ok(Forked::Parent(pid)) => {
                    // Its own group before anyone can signal it, as an exec'd case process.
                    let group = rustix::process::Pid::from_raw(pid as i32);
                    let _ = rustix::process::setpgid(group, group);
                    pid as i32
                }
                Err(err) => -err.raw_os_error().unwrap_or(libc::EIO),
            };
            let _ = std::fs::File::from(write).write_all(&answer.to_le_bytes());
            fork::exit_now(0)
        }
        Ok(Forked::Parent(intermediate)) => {
            drop(write);
            drop(case_socket);
            // Once the intermediate is reaped, its child has been adopted by the supervisor.
            if let Some(pid) = rustix::process::Pid::from_raw(intermediate as i32) {
                let _ = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty());
            }
            let mut answer = [0u8; 4];
            match std::fs::File::from(read).read_exact(&mut answer) {
                Ok(()) => i32::from_le_bytes(answer),
                Err(_) => -libc::EIO,
            }
        }
    }
}

/// Waits for the next request: the socket it carries; `None` when the supervisor is gone.
fn receive_request(control: BorrowedFd<'_>) -> io::Result<Option<OwnedFd>> {
    let mut byte = [0u8; 1];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    loop {
        let mut ancillary = RecvAncillaryBuffer::new(&mut space);
        let received = match rustix::net::recvmsg(
            control,
            &mut [io::IoSliceMut::new(&mut byte)],
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
        return match (byte[0], socket) {
            (FORK, Some(socket)) => Ok(Some(socket)),
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
