//! The channel a case's process reports on: a Unix socket whose every chunk carries the pid of
//! the process that wrote it (`SO_PASSCRED`), so a report written by any other process — a fork
//! that outlived an `exit()` of the case's process — is rejected instead of judged.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

use rustix::io::FdFlags;
use rustix::net::{AddressFamily, RecvAncillaryBuffer, RecvFlags, SocketFlags, SocketType};

use crate::isolate::wire::ReportEnd;

/// The most bytes a report may have; a case's report is a few kilobytes.
const MAX_REPORT: usize = 16 << 20;

/// The supervisor's end of one case's report channel, and the end the case inherits.
#[derive(Debug)]
pub(crate) struct ReportChannel {
    ours: OwnedFd,
    theirs: Option<OwnedFd>,
    received: Vec<u8>,
    end: Option<ReportEnd>,
    open: bool,
}

impl ReportChannel {
    /// A fresh channel; the case's end is inheritable, ours is not.
    pub(crate) fn new() -> io::Result<Self> {
        let (ours, theirs) = rustix::net::socketpair(
            AddressFamily::UNIX,
            SocketType::STREAM,
            SocketFlags::CLOEXEC,
            None,
        )?;
        #[cfg(target_os = "linux")]
        rustix::net::sockopt::set_socket_passcred(&ours, true)?;
        rustix::io::ioctl_fionbio(&ours, true)?;
        rustix::io::fcntl_setfd(&theirs, FdFlags::empty())?;
        Ok(ReportChannel {
            ours,
            theirs: Some(theirs),
            received: Vec::new(),
            end: None,
            open: true,
        })
    }

    /// The fd number the case's process inherits.
    pub(crate) fn their_fd(&self) -> Option<RawFd> {
        self.theirs.as_ref().map(AsRawFd::as_raw_fd)
    }

    /// Closes the case's end here, once the case's process holds it.
    pub(crate) fn close_theirs(&mut self) {
        self.theirs = None;
    }

    /// Our end, to wait on.
    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        self.ours.as_fd()
    }

    /// Whether anything may still arrive.
    pub(crate) fn is_open(&self) -> bool {
        self.open
    }

    /// Reads everything available now, checking that `case` wrote it.
    pub(crate) fn read_available(&mut self, case: u32) {
        let mut chunk = vec![0u8; 64 * 1024];
        while self.open {
            let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmCredentials(1))];
            let mut control = RecvAncillaryBuffer::new(&mut space);
            let received = rustix::net::recvmsg(
                &self.ours,
                &mut [io::IoSliceMut::new(&mut chunk)],
                &mut control,
                RecvFlags::DONTWAIT,
            );
            let n = match received {
                Ok(message) => message.bytes,
                Err(rustix::io::Errno::AGAIN) => return,
                Err(rustix::io::Errno::INTR) => continue,
                Err(err) => {
                    self.fail(ReportEnd::Unreadable(err.to_string()));
                    return;
                }
            };
            if n == 0 {
                self.open = false;
                return;
            }
            if let Some(writer) = writer(&mut control) {
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
            self.received.extend_from_slice(&chunk[..n]);
        }
    }

    /// What arrived, once every writer is gone.
    pub(crate) fn finish(mut self, case: u32) -> ReportEnd {
        self.read_available(case);
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

/// The pid that wrote a chunk, as the kernel attached it.
#[cfg(target_os = "linux")]
fn writer(control: &mut RecvAncillaryBuffer<'_>) -> Option<u32> {
    control.drain().find_map(|message| match message {
        rustix::net::RecvAncillaryMessage::ScmCredentials(credentials) => {
            Some(credentials.pid.as_raw_nonzero().get() as u32)
        }
        _ => None,
    })
}

/// Elsewhere chunks carry no writer, and only the process group bounds who can write.
#[cfg(not(target_os = "linux"))]
fn writer(_control: &mut RecvAncillaryBuffer<'_>) -> Option<u32> {
    None
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::io::Write;
    use std::os::unix::net::UnixStream;

    use super::*;

    #[test]
    fn bytes_from_this_process_are_received_and_credited_to_it() {
        let mut channel = ReportChannel::new().unwrap();
        let theirs = channel.theirs.take().unwrap();
        let mut writer = UnixStream::from(theirs);
        writer.write_all(b"{\"report\": 1}").unwrap();
        drop(writer);
        let me = std::process::id();
        assert_eq!(
            channel.finish(me),
            ReportEnd::Received(b"{\"report\": 1}".to_vec())
        );
    }

    #[test]
    fn bytes_credited_to_another_pid_are_forged() {
        let mut channel = ReportChannel::new().unwrap();
        let mut writer = UnixStream::from(channel.theirs.take().unwrap());
        writer.write_all(b"{}").unwrap();
        drop(writer);
        let me = std::process::id();
        assert_eq!(
            channel.finish(me + 1),
            ReportEnd::Forged {
                pid: me,
                expected: me + 1
            }
        );
    }

    #[test]
    fn nothing_written_is_missing() {
        let mut channel = ReportChannel::new().unwrap();
        channel.close_theirs();
        assert_eq!(channel.finish(1), ReportEnd::Missing);
    }
}
