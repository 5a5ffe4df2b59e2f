//! What a container's first process and its supervisor tell each other, one datagram each
//! over a `SOCK_SEQPACKET` pair: the view failed, the case's process started (with the
//! directory of the view's changes attached, the first time), or it exited; and, the other
//! way, the next case to run in the same view.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use crate::isolate::supervise::wire::RunCase;
use rustix::net::{
    RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer,
    SendAncillaryMessage, SendFlags,
};

/// One message of the container's first process.
#[derive(Debug)]
pub(crate) enum Message {
    /// Building the view failed: this machine does not allow what a container needs.
    ViewFailed(String),
    /// The case's process could not be started in the view.
    CaseFailed(String),
    /// The case's process runs, with this pid inside the namespace.
    Started {
        /// Its pid in the container's PID namespace.
        pid: u32,
        /// The directory of every layer's changes.
        changes: Option<OwnedFd>,
    },
    /// The case's process exited.
    Exited {
        /// Its exit code, when it exited normally.
        code: Option<i32>,
        /// The signal that ended it, when one did.
        signal: Option<i32>,
    },
}

const VIEW_FAILED: u8 = b'F';
const CASE_FAILED: u8 = b'C';
const STARTED: u8 = b'S';
const EXITED: u8 = b'E';
const NEXT: u8 = b'N';

/// The largest next case a container takes: a case's environment is a few kilobytes.
const MAX_NEXT: usize = 1 << 20;

/// A connected pair: the supervisor's end and the container's.
pub(crate) fn pair() -> io::Result<(OwnedFd, OwnedFd)> {
    Ok(rustix::net::socketpair(
        rustix::net::AddressFamily::UNIX,
        rustix::net::SocketType::SEQPACKET,
        rustix::net::SocketFlags::CLOEXEC,
        None,
    )?)
}

/// Sends "the view failed" (`view`) or "the case's process could not start".
pub(crate) fn send_failed(socket: BorrowedFd<'_>, view: bool, why: &str) {
    let mut payload = vec![if view { VIEW_FAILED } else { CASE_FAILED }];
    payload.extend_from_slice(why.as_bytes());
    let _ = rustix::net::send(socket, &payload, SendFlags::NOSIGNAL);
}

/// Sends "started", passing the changes directory along when given.
pub(crate) fn send_started(
    socket: BorrowedFd<'_>,
    pid: u32,
    changes: Option<&OwnedFd>,
) -> io::Result<()> {
    let mut payload = vec![STARTED];
    payload.extend_from_slice(&pid.to_le_bytes());
    let fds: Vec<BorrowedFd<'_>> = changes.iter().map(|fd| fd.as_fd()).collect();
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    if !fds.is_empty() {
        control.push(SendAncillaryMessage::ScmRights(&fds));
    }
    rustix::net::sendmsg(
        socket,
        &[io::IoSlice::new(&payload)],
        &mut control,
        SendFlags::NOSIGNAL,
    )?;
    Ok(())
}

/// Sends "exited".
pub(crate) fn send_exited(
    socket: BorrowedFd<'_>,
    code: Option<i32>,
    signal: Option<i32>,
) -> io::Result<()> {
    let mut payload = vec![EXITED];
    payload.extend_from_slice(&code.unwrap_or(i32::MIN).to_le_bytes());
    payload.extend_from_slice(&signal.unwrap_or(0).to_le_bytes());
    rustix::net::send(socket, &payload, SendFlags::NOSIGNAL)?;
    Ok(())
}

/// Hands the container the next case to run in its view.
pub(crate) fn send_next(socket: BorrowedFd<'_>, request: &RunCase) -> io::Result<()> {
    let frame = request.encode();
    let mut payload = Vec::with_capacity(frame.len() - 3);
    payload.push(NEXT);
    // The datagram is its own frame: the length prefix is not needed.
    payload.extend_from_slice(&frame[4..]);
    rustix::net::send(socket, &payload, SendFlags::NOSIGNAL)?;
    Ok(())
}

/// Waits for the supervisor's next case; `None` when it sends none (it is about to kill this
/// process, or is gone).
pub(crate) fn receive_next(socket: BorrowedFd<'_>) -> Option<RunCase> {
    let mut buf = vec![0u8; MAX_NEXT];
    loop {
        match rustix::net::recv(socket, &mut buf, RecvFlags::empty()) {
            Ok((n, _)) if n > 0 && buf[0] == NEXT => return RunCase::decode(&buf[1..n]).ok(),
            Ok(_) => return None,
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return None,
        }
    }
}

/// Receives the next message without blocking: `Ok(None)` when none is waiting, an
/// `UnexpectedEof` error when the container's first process is gone.
pub(crate) fn receive(socket: BorrowedFd<'_>) -> io::Result<Option<Message>> {
    let mut buf = [0u8; 8192];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = RecvAncillaryBuffer::new(&mut space);
    let received = match rustix::net::recvmsg(
        socket,
        &mut [io::IoSliceMut::new(&mut buf)],
        &mut control,
        RecvFlags::DONTWAIT | RecvFlags::CMSG_CLOEXEC,
    ) {
        Ok(received) => received,
        Err(rustix::io::Errno::AGAIN | rustix::io::Errno::INTR) => return Ok(None),
        Err(err) => return Err(err.into()),
    };
    let mut fd = None;
    for message in control.drain() {
        if let RecvAncillaryMessage::ScmRights(fds) = message {
            for received in fds {
                fd.get_or_insert(received);
            }
        }
    }
    let payload = &buf[..received.bytes];
    let int = |at: usize| -> io::Result<i32> {
        payload
            .get(at..at + 4)
            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| io::Error::other("a truncated message from the container"))
    };
    match payload.first() {
        None => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the container's first process is gone",
        )),
        Some(&VIEW_FAILED) => Ok(Some(Message::ViewFailed(
            String::from_utf8_lossy(&payload[1..]).into_owned(),
        ))),
        Some(&CASE_FAILED) => Ok(Some(Message::CaseFailed(
            String::from_utf8_lossy(&payload[1..]).into_owned(),
        ))),
        Some(&STARTED) => Ok(Some(Message::Started {
            pid: int(1)? as u32,
            changes: fd,
        })),
        Some(&EXITED) => {
            let (code, signal) = (int(1)?, int(5)?);
            Ok(Some(Message::Exited {
                code: (code != i32::MIN).then_some(code),
                signal: (signal != 0).then_some(signal),
            }))
        }
        Some(other) => Err(io::Error::other(format!(
            "an unknown message {other} from the container"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_arrives_as_sent() {
        let (ours, theirs) = pair().unwrap();
        send_failed(theirs.as_fd(), true, "mounting /proc: EPERM");
        send_failed(theirs.as_fd(), false, "starting the case's process: ENOENT");
        send_exited(theirs.as_fd(), Some(3), None).unwrap();
        send_exited(theirs.as_fd(), None, Some(9)).unwrap();
        let changes =
            rustix::fs::open(".", rustix::fs::OFlags::RDONLY, rustix::fs::Mode::empty()).unwrap();
        send_started(theirs.as_fd(), 2, Some(&changes)).unwrap();
        assert!(
            matches!(receive(ours.as_fd()).unwrap(), Some(Message::ViewFailed(why)) if why == "mounting /proc: EPERM")
        );
        assert!(
            matches!(receive(ours.as_fd()).unwrap(), Some(Message::CaseFailed(why)) if why.ends_with("ENOENT"))
        );
        assert!(matches!(
            receive(ours.as_fd()).unwrap(),
            Some(Message::Exited {
                code: Some(3),
                signal: None
            })
        ));
        assert!(matches!(
            receive(ours.as_fd()).unwrap(),
            Some(Message::Exited {
                code: None,
                signal: Some(9)
            })
        ));
        assert!(matches!(
            receive(ours.as_fd()).unwrap(),
            Some(Message::Started {
                pid: 2,
                changes: Some(_)
            })
        ));
        assert!(
            receive(ours.as_fd()).unwrap().is_none(),
            "nothing more waiting"
        );
        drop(theirs);
        assert!(receive(ours.as_fd()).is_err(), "the other end is gone");
    }

    #[test]
    fn the_next_case_arrives_whole() {
        let (ours, theirs) = pair().unwrap();
        let request = RunCase {
            vars: vec![("PATH".into(), "/usr/bin".into())],
            cwd: "/tmp/fault-case-x".into(),
            timeout_ms: 5_000,
            container: None,
            syscalls: vec!["write:ENOSPC@2".into()],
            fork: false,
        };
        send_next(ours.as_fd(), &request).unwrap();
        assert_eq!(receive_next(theirs.as_fd()), Some(request));
        drop(ours);
        assert_eq!(receive_next(theirs.as_fd()), None);
    }
}
