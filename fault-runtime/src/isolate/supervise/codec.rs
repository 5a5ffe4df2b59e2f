//! How the harness's and supervisors' messages travel: length-prefixed frames of a small
//! little-endian binary encoding.

use std::io::{self, Read, Write};

/// The largest frame either side accepts: a case's report is cut far below it.
const MAX_FRAME: usize = 64 << 20;

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

pub(crate) fn invalid(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

/// Builds one frame: a little-endian length, then the payload.
pub(crate) struct Encoder(Vec<u8>);

impl Encoder {
    pub(crate) fn frame(tag: u8) -> Self {
        let mut out = Encoder(vec![0; 4]);
        out.u8(tag);
        out
    }

    pub(crate) fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    pub(crate) fn bool(&mut self, value: bool) {
        self.u8(u8::from(value));
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn opt_i32(&mut self, value: Option<i32>) {
        match value {
            Some(value) => {
                self.bool(true);
                self.0.extend_from_slice(&value.to_le_bytes());
            }
            None => self.bool(false),
        }
    }

    pub(crate) fn bytes(&mut self, value: &[u8]) {
        self.u32(value.len() as u32);
        self.0.extend_from_slice(value);
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        let len = (self.0.len() - 4) as u32;
        self.0[..4].copy_from_slice(&len.to_le_bytes());
        self.0
    }
}

/// Reads a payload field by field, failing on anything truncated or left over.
pub(crate) struct Decoder<'a>(pub(crate) &'a [u8]);

impl Decoder<'_> {
    pub(crate) fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.0.len() < n {
            return Err(invalid("a truncated message".to_owned()));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    pub(crate) fn tag(&mut self, expected: u8) -> io::Result<()> {
        match self.u8()? {
            tag if tag == expected => Ok(()),
            tag => Err(invalid(format!(
                "message {tag} where {expected} was expected"
            ))),
        }
    }

    pub(crate) fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn bool(&mut self) -> io::Result<bool> {
        Ok(self.u8()? != 0)
    }

    pub(crate) fn u32(&mut self) -> io::Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    pub(crate) fn opt_i32(&mut self) -> io::Result<Option<i32>> {
        if !self.bool()? {
            return Ok(None);
        }
        let b = self.take(4)?;
        Ok(Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    }

    pub(crate) fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let len = self.u32()? as usize;
        Ok(self.take(len)?.to_vec())
    }

    pub(crate) fn text(&mut self) -> io::Result<String> {
        Ok(String::from_utf8_lossy(&self.bytes()?).into_owned())
    }

    pub(crate) fn end(&self) -> io::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(invalid(format!("{} bytes after a message", self.0.len())))
        }
    }
}
