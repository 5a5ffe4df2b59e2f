//! The messages between a harness and its supervisors, and how they travel: length-prefixed
//! frames of a small binary encoding over the supervisor's stdin, a Unix socket.
//!
//! Binary rather than JSON because environments hold arbitrary bytes and a request is sent
//! for every case.

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

/// The largest frame either side accepts: a case's report is cut far below it.
const MAX_FRAME: usize = 64 << 20;

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
        input.end()?;
        Ok(RunCase {
            vars,
            cwd,
            timeout_ms,
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
                Reply::Ended(Ended {
                    exit_code,
                    signal,
                    timed_out,
                    elapsed_us,
                    report,
                    leaked,
                    trouble,
                })
            }
            other => return Err(invalid(format!("unknown reply {other}"))),
        };
        input.end()?;
        Ok(reply)
    }
}

/// Reads one frame's payload, blocking; `None` at a clean end of stream. Reads exactly one
/// frame, so a frame behind it stays in the socket for the next read.
pub(crate) fn read_frame(reader: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut header = [0u8; 4];
    match reader.read_exact(&mut header) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(err) => return Err(err),
    }
    let len = u32::from_le_bytes(header) as usize;
    if len > MAX_FRAME {
        return Err(invalid(format!("a frame of {len} bytes")));
    }
    let mut payload = vec![0u8; len];
    reader.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// Writes one framed message.
pub(crate) fn write_frame(writer: &mut impl Write, frame: &[u8]) -> io::Result<()> {
    writer.write_all(frame)?;
    writer.flush()
}

/// Frames accumulated from a non-blocking stream.
#[derive(Debug, Default)]
pub(crate) struct FrameBuffer {
    bytes: Vec<u8>,
}

impl FrameBuffer {
    /// Appends bytes read from the stream.
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        self.bytes.extend_from_slice(chunk);
    }

    /// The next complete frame's payload, if one has arrived whole.
    pub(crate) fn next(&mut self) -> io::Result<Option<Vec<u8>>> {
        let Some(header) = self.bytes.get(..4) else {
            return Ok(None);
        };
        let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]) as usize;
        if len > MAX_FRAME {
            return Err(invalid(format!("a frame of {len} bytes")));
        }
        if self.bytes.len() < 4 + len {
            return Ok(None);
        }
        let payload = self.bytes[4..4 + len].to_vec();
        self.bytes.drain(..4 + len);
        Ok(Some(payload))
    }
}

fn invalid(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

/// Builds one frame: a little-endian length, then the payload.
struct Encoder(Vec<u8>);

impl Encoder {
    fn frame(tag: u8) -> Self {
        let mut out = Encoder(vec![0; 4]);
        out.u8(tag);
        out
    }

    fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    fn bool(&mut self, value: bool) {
        self.u8(u8::from(value));
    }

    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn opt_i32(&mut self, value: Option<i32>) {
        match value {
            Some(value) => {
                self.bool(true);
                self.0.extend_from_slice(&value.to_le_bytes());
            }
            None => self.bool(false),
        }
    }

    fn bytes(&mut self, value: &[u8]) {
        self.u32(value.len() as u32);
        self.0.extend_from_slice(value);
    }

    fn finish(mut self) -> Vec<u8> {
        let len = (self.0.len() - 4) as u32;
        self.0[..4].copy_from_slice(&len.to_le_bytes());
        self.0
    }
}

/// Reads a payload field by field, failing on anything truncated or left over.
struct Decoder<'a>(&'a [u8]);

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.0.len() < n {
            return Err(invalid("a truncated message".to_owned()));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn tag(&mut self, expected: u8) -> io::Result<()> {
        match self.u8()? {
            tag if tag == expected => Ok(()),
            tag => Err(invalid(format!(
                "message {tag} where {expected} was expected"
            ))),
        }
    }

    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn bool(&mut self) -> io::Result<bool> {
        Ok(self.u8()? != 0)
    }

    fn u32(&mut self) -> io::Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn opt_i32(&mut self) -> io::Result<Option<i32>> {
        if !self.bool()? {
            return Ok(None);
        }
        let b = self.take(4)?;
        Ok(Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    }

    fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let len = self.u32()? as usize;
        Ok(self.take(len)?.to_vec())
    }

    fn text(&mut self) -> io::Result<String> {
        Ok(String::from_utf8_lossy(&self.bytes()?).into_owned())
    }

    fn end(&self) -> io::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(invalid(format!("{} bytes after a message", self.0.len())))
        }
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
        };
        assert_eq!(
            RunCase::decode(&payload(request.encode())).unwrap(),
            request
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
