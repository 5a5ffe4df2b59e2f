//! The channel a case's process reports on: a Unix socket whose every chunk carries the pid of
//! the process that wrote it (`SO_PASSCRED`), so a report written by any other process — a fork
//! that outlived an `exit()` of the case's process — is rejected instead of judged.
//!
//! A case with syscall faults first sends its filter's listener, with one newline, before
//! anything else, and one space when its body ended (JSON whitespace both, which the report's
//! parser skips).

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

use rustix::io::FdFlags;
use rustix::net::{AddressFamily, RecvAncillaryBuffer, RecvFlags, SocketFlags, SocketType};

use crate::isolate::supervise::wire::ReportEnd;

/// The most bytes a report may have; a case's report is a few kilobytes.
const MAX_REPORT: usize = 16 << 20;

/// A supervisor's report channel: its own end, and the end every case it starts inherits.
///
/// One channel serves every case of the supervisor: between two cases every process that
/// could write to it is dead, and what it holds is drained, so nothing of one case reaches the
/// next, and each chunk is checked against the case's pid anyway.
#[derive(Debug)]
pub(crate) struct ReportChannel {
    ours: OwnedFd,
    theirs: OwnedFd,
}

/// What one case's process wrote on the channel.
#[derive(Debug, Default)]
pub(crate) struct Report {
    received: Vec<u8>,
    end: Option<ReportEnd>,
    /// The seccomp listener the case's own process sent, not yet taken.
    listener: Option<OwnedFd>,
}

impl ReportChannel {
    /// A fresh channel; the cases' end is inheritable, ours is not.
    pub(crate) fn new() -> io::Result<Self> {
        let (ours, theirs) = rustix::net::socketpair(
            AddressFamily::UNIX,
            SocketType::STREAM,
            SocketFlags::CLOEXEC,
            None,
        )?;
        crate::sys::pass_credentials(&ours)?;
        rustix::io::ioctl_fionbio(&ours, true)?;
        rustix::io::fcntl_setfd(&theirs, FdFlags::empty())?;
        Ok(ReportChannel { ours, theirs })
    }

    /// The descriptor number a case's process inherits.
    pub(crate) fn their_fd(&self) -> RawFd {
        self.theirs.as_raw_fd()
    }

    /// The cases' end, to hand a forked case process.
    pub(crate) fn their_end(&self) -> BorrowedFd<'_> {
        self.theirs.as_fd()
    }

    /// Our end, to wait on.
    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        self.ours.as_fd()
    }
}

impl Report {
    /// Reads everything available on `channel` now, checking that `case` wrote it.
    pub(crate) fn read_available(&mut self, channel: &ReportChannel, case: u32) {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let mut space =
                [MaybeUninit::uninit(); rustix::cmsg_space!(ScmCredentials(1), ScmRights(1))];
            let mut control = RecvAncillaryBuffer::new(&mut space);
            let received = rustix::net::recvmsg(
                &channel.ours,
                &mut [io::IoSliceMut::new(&mut chunk)],
                &mut control,
                RecvFlags::DONTWAIT,
            );
            let n = match received {
                Ok(message) if message.bytes > 0 => message.bytes,
                Ok(_) | Err(rustix::io::Errno::AGAIN) => return,
                Err(rustix::io::Errno::INTR) => continue,
                Err(err) => {
                    self.fail(ReportEnd::Unreadable(err.to_string()));
                    return;
                }
            };
            let (writer, mut fds) = crate::sys::writer(&mut control);
            if let Some(writer) = writer {
                if writer != case {
                    self.fail(ReportEnd::Forged {
                        pid: writer,
                        expected: case,
                    });
                    continue;
                }
            }
            if self.received.len() + n > MAX_REPORT {
                self.fail(ReportEnd::Unreadable(format!(
                    "the report exceeds {} MiB",
                    MAX_REPORT >> 20
                )));
                continue;
            }
            if self.listener.is_none() && self.received.is_empty() {
                self.listener = fds.pop();
            }
            self.received.extend_from_slice(&chunk[..n]);
        }
    }

    /// Whether the case's body is over: after the listener's newline, its process sent the
    /// space that ends the body (or its report).
    pub(crate) fn body_ended(&self) -> bool {
        self.received.len() >= 2
    }

    /// The listener of the case's syscall filter, once its process sent it.
    pub(crate) fn take_listener(&mut self) -> Option<OwnedFd> {
        self.listener.take()
    }

    /// What arrived, once every process of the case is gone: the rest is read first.
    pub(crate) fn finish(mut self, channel: &ReportChannel, case: u32) -> ReportEnd {
        self.read_available(channel, case);
        if let Some(end) = self.end {
            return end;
        }
        if self.received.is_empty() {
            ReportEnd::Missing
        } else {
            ReportEnd::Received(self.received)
        }
    }

    /// Keeps the first reason the report cannot be trusted; later bytes are drained and dropped.
    fn fail(&mut self, end: ReportEnd) {
        self.end.get_or_insert(end);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::io::Write;
    use std::os::unix::net::UnixStream;

    use super::*;

    fn writer_end(channel: &ReportChannel) -> UnixStream {
        UnixStream::from(channel.theirs.try_clone().unwrap())
    }

    #[test]
    fn bytes_from_this_process_are_received_and_credited_to_it() {
        let channel = ReportChannel::new().unwrap();
        writer_end(&channel).write_all(b"{\"report\": 1}").unwrap();
        let me = std::process::id();
        assert_eq!(
            Report::default().finish(&channel, me),
            ReportEnd::Received(b"{\"report\": 1}".to_vec())
        );
        assert_eq!(
            Report::default().finish(&channel, me),
            ReportEnd::Missing,
            "the next case starts with an empty channel"
        );
    }

    #[test]
    fn bytes_credited_to_another_pid_are_forged() {
        let channel = ReportChannel::new().unwrap();
        writer_end(&channel).write_all(b"{}").unwrap();
        let me = std::process::id();
        assert_eq!(
            Report::default().finish(&channel, me + 1),
            ReportEnd::Forged {
                pid: me,
                expected: me + 1
            }
        );
    }
}
