//! Reading a ledger file back: every frame verified and parsed, up to the end or to a torn last
//! frame. Anything else that is wrong with a frame is a refusal, never a skipped record.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::Path;

use crate::error::io_error;
use crate::frame::{self, FrameError};
use crate::{Entry, LedgerError, MAX_PAYLOAD_LEN, PayloadError, validate_payload};

/// The good records of a file, and the torn frame after them, if any.
pub(crate) struct Scan {
    /// Bytes of good records: where the next frame goes.
    pub(crate) len: u64,
    /// The records, in file order.
    pub(crate) entries: Vec<Entry>,
    /// Their ids.
    pub(crate) ids: HashSet<String>,
    /// The incomplete frame after them.
    pub(crate) torn: Option<Torn>,
}

/// An incomplete last frame.
#[derive(Clone, Copy)]
pub(crate) struct Torn {
    /// Where it starts.
    pub(crate) offset: u64,
    /// Its bytes on disk.
    pub(crate) present: u64,
    /// The bytes it needs: the header, or the whole frame once the header is complete.
    pub(crate) expected: u64,
}

impl Scan {
    /// No records: a new file.
    pub(crate) fn empty() -> Scan {
        Scan {
            len: 0,
            entries: Vec::new(),
            ids: HashSet::new(),
            torn: None,
        }
    }

    /// `entry`, unless an earlier record has its id.
    fn unique(&self, entry: Entry) -> Result<Entry, PayloadError> {
        if !self.ids.contains(&entry.id) {
            return Ok(entry);
        }
        let first = self.entries.iter().position(|seen| seen.id == entry.id);
        Err(PayloadError::DuplicateId {
            id: entry.id,
            first: first.unwrap_or_default(),
        })
    }
}

/// Opens the file for appending and verifies every record in it.
pub(crate) fn load(path: &Path) -> Result<(File, Scan), LedgerError> {
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
        .map_err(|source| match source.kind() {
            ErrorKind::NotFound => LedgerError::NotFound { path: path.into() },
            _ => io_error("open", path, source),
        })?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|source| io_error("read", path, source))?;
    let scan = scan(path, &bytes)?;
    Ok((file, scan))
}

/// Reads frames from the start until the end of `bytes` or a torn last frame; any other bad
/// frame is a refusal.
pub(crate) fn scan(path: &Path, bytes: &[u8]) -> Result<Scan, LedgerError> {
    let mut scan = Scan::empty();
    let mut offset = 0;
    while offset < bytes.len() {
        let at = offset as u64;
        match frame::decode(&bytes[offset..]) {
            Ok((payload, frame_len)) => {
                let entry = validate_payload(payload)
                    .and_then(|entry| scan.unique(entry))
                    .map_err(|source| LedgerError::InvalidRecord {
                        path: path.into(),
                        offset: at,
                        source,
                    })?;
                scan.ids.insert(entry.id.clone());
                scan.entries.push(entry);
                offset += frame_len;
            }
            Err(FrameError::Torn { present, expected }) => {
                scan.torn = Some(Torn {
                    offset: at,
                    present: present as u64,
                    expected: expected as u64,
                });
                break;
            }
            Err(FrameError::Oversized { len }) => {
                return Err(LedgerError::CorruptFrame {
                    path: path.into(),
                    offset: at,
                    len: len.into(),
                    limit: MAX_PAYLOAD_LEN,
                });
            }
            Err(FrameError::Checksum { expected, actual }) => {
                return Err(LedgerError::ChecksumMismatch {
                    path: path.into(),
                    offset: at,
                    expected,
                    actual,
                });
            }
        }
    }
    scan.len = offset as u64;
    Ok(scan)
}
