//! The messages between a harness and its supervisors, and how they travel: length-prefixed
//! frames of a small binary encoding over the supervisor's stdin, a Unix socket.
//!
//! Binary rather than JSON because environments hold arbitrary bytes and a request is sent
//! for every case.

use std::ffi::OsString;
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

use crate::isolate::syscalls::SyscallCount;
use crate::record::{Change, SideEffect};

use crate::isolate::supervise::codec::{Decoder, Encoder, invalid};
pub(crate) use crate::isolate::supervise::codec::{FrameBuffer, read_frame, write_frame};

/// Harness to supervisor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Request {
    /// Run one case.
    Run(RunCase),
    /// The run is over: exit, leaving every sandbox to the harness.
    Quit,
}

/// The parameters of one case to run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RunCase {
    /// The complete environment of the case's process.
    pub(crate) vars: Vec<(OsString, OsString)>,
    /// Its working directory: the sandbox.
    pub(crate) cwd: PathBuf,
    /// The watchdog limit, in milliseconds.
    pub(crate) timeout_ms: u64,
    /// Run it in a container, like this.
    pub(crate) container: Option<ContainerRequest>,
    /// Its syscall faults (`write:ENOSPC@3`), which the supervisor serves.
    pub(crate) syscalls: Vec<String>,
    /// Its process may come from the fork server (`FAULTS_SPAWN` is not `exec`).
    pub(crate) fork: bool,
}

/// What a container case asks of its view.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContainerRequest {
    /// `hide`: program names and absolute paths.
    pub(crate) hide: Vec<String>,
    /// `network = "none"`.
    pub(crate) no_network: bool,
    /// Where the supervisor may build the view's template.
    pub(crate) scratch: PathBuf,
}

/// Supervisor to harness.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    /// The supervisor is up; `subreaper` says whether it tracks every descendant of a case.
    Ready {
        /// `PR_SET_CHILD_SUBREAPER` took effect.
        subreaper: bool,
    },
    /// The case is over and every process it started is gone.
    Ended(Ended),
}

/// How a case ended, as its supervisor saw it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Ended {
    /// The exit code of the case's process, when it exited.
    pub(crate) exit_code: Option<i32>,
    /// The signal that ended it, when one did.
    pub(crate) signal: Option<i32>,
    /// The watchdog fired.
    pub(crate) timed_out: bool,
    /// Wall time from spawn to exit, in microseconds.
    pub(crate) elapsed_us: u64,
    /// What arrived on the report channel.
    pub(crate) report: ReportEnd,
    /// Processes of the case alive after its process ended: `(pid, command)`.
    pub(crate) leaked: Vec<(u32, String)>,
    /// What went wrong on the supervisor's side, if anything.
    pub(crate) trouble: Option<String>,
    /// What a container case changed outside its sandbox.
    pub(crate) outside: Vec<SideEffect>,
    /// Why the container a case needs cannot exist on this machine.
    pub(crate) unavailable: Option<String>,
    /// What each of the case's syscall faults saw, in the request's order.
    pub(crate) syscalls: Vec<SyscallCount>,
    /// Its process was forked from the fork server, not exec'd.
    pub(crate) forked: bool,
}

impl Ended {
    /// An end with nothing but what went wrong on the supervisor's side.
    pub(crate) fn trouble(message: String) -> Self {
        Ended {
            trouble: Some(message),
            ..Ended::default()
        }
    }

    /// The end of a case that never started: the container it needs cannot exist here.
    pub(crate) fn unavailable(why: String) -> Self {
        Ended {
            unavailable: Some(why),
            ..Ended::default()
        }
    }
}

/// What arrived on a case's report channel.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum ReportEnd {
    /// Nothing: the case's process ended without reporting.
    #[default]
    Missing,
    /// The report, every byte of it written by the case's own process.
    Received(Vec<u8>),
    /// Bytes arrived from another process: the report cannot be trusted.
    Forged {
        /// The process that wrote them.
        pid: u32,
        /// The case's own process.
        expected: u32,
    },
    /// The channel failed.
    Unreadable(String),
}

const RUN: u8 = 1;
const QUIT: u8 = 4;
const READY: u8 = 2;
const ENDED: u8 = 3;

const REPORT_MISSING: u8 = 0;
const REPORT_RECEIVED: u8 = 1;
const REPORT_FORGED: u8 = 2;
const REPORT_UNREADABLE: u8 = 3;

impl Request {
    /// The framed message.
    pub(crate) fn encode(&self) -> Vec<u8> {
        match self {
            Request::Run(run) => run.encode(),
            Request::Quit => Encoder::frame(QUIT).finish(),
        }
    }

    /// Decodes a frame's payload.
    pub(crate) fn decode(payload: &[u8]) -> io::Result<Self> {
        match payload.first() {
            Some(&QUIT) => {
                let mut input = Decoder(payload);
                input.tag(QUIT)?;
                input.end()?;
                Ok(Request::Quit)
            }
            _ => RunCase::decode(payload).map(Request::Run),
        }
    }
}

impl RunCase {
    /// The framed message.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Encoder::frame(RUN);
        out.u32(self.vars.len() as u32);
        for (name, value) in &self.vars {
            out.bytes(name.as_bytes());
            out.bytes(value.as_bytes());
        }
        out.bytes(self.cwd.as_os_str().as_bytes());
        out.u64(self.timeout_ms);
        match &self.container {
            None => out.bool(false),
            Some(container) => {
                out.bool(true);
                out.u32(container.hide.len() as u32);
                for entry in &container.hide {
                    out.bytes(entry.as_bytes());
                }
                out.bool(container.no_network);
                out.bytes(container.scratch.as_os_str().as_bytes());
            }
        }
        out.u32(self.syscalls.len() as u32);
        for spec in &self.syscalls {
            out.bytes(spec.as_bytes());
        }
        out.bool(self.fork);
        out.finish()
    }

    /// Decodes a frame's payload.
    pub(crate) fn decode(payload: &[u8]) -> io::Result<Self> {
        let mut input = Decoder(payload);
        input.tag(RUN)?;
        let count = input.u32()? as usize;
        let mut vars = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let name = OsString::from_vec(input.bytes()?);
            let value = OsString::from_vec(input.bytes()?);
            vars.push((name, value));
        }
        let cwd = PathBuf::from(OsString::from_vec(input.bytes()?));
        let timeout_ms = input.u64()?;
        let container = if input.bool()? {
            let count = input.u32()? as usize;
            let mut hide = Vec::with_capacity(count.min(4096));
            for _ in 0..count {
                hide.push(input.text()?);
            }
            Some(ContainerRequest {
                hide,
                no_network: input.bool()?,
                scratch: PathBuf::from(OsString::from_vec(input.bytes()?)),
            })
        } else {
            None
        };
        let count = input.u32()? as usize;
        let mut syscalls = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            syscalls.push(input.text()?);
        }
        let fork = input.bool()?;
        input.end()?;
        Ok(RunCase {
            vars,
            cwd,
            timeout_ms,
            container,
            syscalls,
            fork,
        })
    }
}

impl Reply {
    /// The framed message.
    pub(crate) fn encode(&self) -> Vec<u8> {
        match self {
            Reply::Ready { subreaper } => {
                let mut out = Encoder::frame(READY);
                out.bool(*subreaper);
                out.finish()
            }
            Reply::Ended(ended) => {
                let mut out = Encoder::frame(ENDED);
                out.opt_i32(ended.exit_code);
                out.opt_i32(ended.signal);
                out.bool(ended.timed_out);
                out.u64(ended.elapsed_us);
                match &ended.report {
                    ReportEnd::Missing => out.u8(REPORT_MISSING),
                    ReportEnd::Received(bytes) => {
                        out.u8(REPORT_RECEIVED);
                        out.bytes(bytes);
                    }
                    ReportEnd::Forged { pid, expected } => {
                        out.u8(REPORT_FORGED);
                        out.u32(*pid);
                        out.u32(*expected);
                    }
                    ReportEnd::Unreadable(why) => {
                        out.u8(REPORT_UNREADABLE);
                        out.bytes(why.as_bytes());
                    }
                }
                out.u32(ended.leaked.len() as u32);
                for (pid, command) in &ended.leaked {
                    out.u32(*pid);
                    out.bytes(command.as_bytes());
                }
                match &ended.trouble {
                    Some(trouble) => {
                        out.bool(true);
                        out.bytes(trouble.as_bytes());
                    }
                    None => out.bool(false),
                }
                out.u32(ended.outside.len() as u32);
                for effect in &ended.outside {
                    out.bytes(effect.path.as_bytes());
                    out.u8(effect.change as u8);
                }
                match &ended.unavailable {
                    Some(why) => {
                        out.bool(true);
                        out.bytes(why.as_bytes());
                    }
                    None => out.bool(false),
                }
                out.u32(ended.syscalls.len() as u32);
                for count in &ended.syscalls {
                    out.u64(count.calls);
                    out.u64(count.injected);
                }
                out.bool(ended.forked);
                out.finish()
            }
        }
    }

    /// Decodes a frame's payload.
    pub(crate) fn decode(payload: &[u8]) -> io::Result<Self> {
        let mut input = Decoder(payload);
        let reply = match input.u8()? {
            READY => Reply::Ready {
                subreaper: input.bool()?,
            },
            ENDED => {
                let exit_code = input.opt_i32()?;
                let signal = input.opt_i32()?;
                let timed_out = input.bool()?;
                let elapsed_us = input.u64()?;
                let report = match input.u8()? {
                    REPORT_MISSING => ReportEnd::Missing,
                    REPORT_RECEIVED => ReportEnd::Received(input.bytes()?),
                    REPORT_FORGED => ReportEnd::Forged {
                        pid: input.u32()?,
                        expected: input.u32()?,
                    },
                    REPORT_UNREADABLE => ReportEnd::Unreadable(input.text()?),
                    other => return Err(invalid(format!("unknown report kind {other}"))),
                };
                let count = input.u32()? as usize;
                let mut leaked = Vec::with_capacity(count.min(4096));
                for _ in 0..count {
                    leaked.push((input.u32()?, input.text()?));
                }
                let trouble = if input.bool()? {
                    Some(input.text()?)
                } else {
                    None
                };
                let count = input.u32()? as usize;
                let mut outside = Vec::with_capacity(count.min(4096));
                for _ in 0..count {
                    let path = input.text()?;
                    let change = match input.u8()? {
                        0 => Change::Created,
                        1 => Change::Modified,
                        2 => Change::Deleted,
                        other => return Err(invalid(format!("unknown change {other}"))),
                    };
                    outside.push(SideEffect { path, change });
                }
                let unavailable = if input.bool()? {
                    Some(input.text()?)
                } else {
                    None
                };
                let count = input.u32()? as usize;
                let mut syscalls = Vec::with_capacity(count.min(4096));
                for _ in 0..count {
                    syscalls.push(SyscallCount {
                        calls: input.u64()?,
                        injected: input.u64()?,
                    });
                }
                Reply::Ended(Ended {
                    exit_code,
                    signal,
                    timed_out,
                    elapsed_us,
                    report,
                    leaked,
                    trouble,
                    outside,
                    unavailable,
                    syscalls,
                    forked: input.bool()?,
                })
            }
            other => return Err(invalid(format!("unknown reply {other}"))),
        };
        input.end()?;
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(frame: Vec<u8>) -> Vec<u8> {
        let mut buffer = FrameBuffer::default();
        let (a, b) = frame.split_at(3);
        buffer.push(a);
        assert_eq!(buffer.next().unwrap(), None, "half a frame is not a frame");
        buffer.push(b);
        let payload = buffer.next().unwrap().expect("a whole frame");
        assert_eq!(buffer.next().unwrap(), None);
        payload
    }

    #[test]
    fn a_request_round_trips_with_arbitrary_bytes() {
        let request = RunCase {
            vars: vec![
                ("PATH".into(), "/usr/bin:/bin".into()),
                ("ODD".into(), OsString::from_vec(vec![0xff, b'=', b'\n', 0])),
            ],
            cwd: "/tmp/fault-case-x".into(),
            timeout_ms: 60_000,
            container: None,
            syscalls: vec!["write:ENOSPC@3".into(), "fsync:EIO".into()],
            fork: true,
        };
        assert_eq!(
            RunCase::decode(&payload(request.encode())).unwrap(),
            request
        );
        let contained = RunCase {
            container: Some(ContainerRequest {
                hide: vec!["git".into(), "/etc/app.toml".into()],
                no_network: true,
                scratch: "/dev/shm/faults-run-x".into(),
            }),
            ..request
        };
        assert_eq!(
            RunCase::decode(&payload(contained.encode())).unwrap(),
            contained
        );
    }

    #[test]
    fn every_reply_round_trips() {
        let replies = [
            Reply::Ready { subreaper: true },
            Reply::Ended(Ended {
                exit_code: Some(0),
                signal: None,
                timed_out: false,
                elapsed_us: 1234,
                report: ReportEnd::Received(b"{\"body\":1}".to_vec()),
                leaked: vec![(77, "sleep 300".into())],
                trouble: None,
                outside: vec![SideEffect {
                    path: "/tmp/escaped".into(),
                    change: Change::Created,
                }],
                unavailable: None,
                syscalls: vec![SyscallCount {
                    calls: 7,
                    injected: 1,
                }],
                forked: true,
            }),
            Reply::Ended(Ended {
                unavailable: Some("a container: no user namespaces".into()),
                ..Ended::default()
            }),
            Reply::Ended(Ended {
                signal: Some(9),
                timed_out: true,
                report: ReportEnd::Forged {
                    pid: 78,
                    expected: 77,
                },
                trouble: Some("could not kill 1 process".into()),
                ..Ended::default()
            }),
            Reply::Ended(Ended {
                report: ReportEnd::Unreadable("reset".into()),
                ..Ended::default()
            }),
        ];
        for reply in replies {
            assert_eq!(Reply::decode(&payload(reply.encode())).unwrap(), reply);
        }
    }

    #[test]
    fn truncated_or_padded_payloads_are_rejected() {
        let frame = Reply::Ready { subreaper: true }.encode();
        let payload = &frame[4..];
        assert!(Reply::decode(&payload[..payload.len() - 1]).is_err());
        let mut padded = payload.to_vec();
        padded.push(0);
        assert!(Reply::decode(&padded).is_err());
    }
}
