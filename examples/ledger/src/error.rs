//! `LedgerError`: every way the ledger refuses to open or to append, each with a stable code and
//! the gate that issued it.

use std::io;
use std::path::{Path, PathBuf};

use crate::{Attempt, Gate, PayloadError};

/// Why the ledger refused to open or to append. The [`code`](LedgerError::code) is stable and
/// machine-readable; the `Display` text says what happened and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// `create` found a file at the path: an existing ledger is never overwritten.
    #[error("ledger {} already exists: open it instead", .path.display())]
    AlreadyExists {
        /// The ledger's path.
        path: PathBuf,
    },

    /// `open` found no file at the path: a typo must not start an empty ledger.
    #[error("ledger {} does not exist: create it first", .path.display())]
    NotFound {
        /// The ledger's path.
        path: PathBuf,
    },

    /// The file could not be created, read or truncated.
    #[error("cannot {op} ledger {}: {source}", .path.display())]
    Io {
        /// What was being done: `create`, `open`, `read`, `repair`.
        op: &'static str,
        /// The ledger's path.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },

    /// The last frame is incomplete: a write stopped part-way, e.g. the process died.
    #[error(
        "ledger {} ends in a torn write: the frame at offset {offset} has {present} of its {expected} bytes; Ledger::open_repairing truncates it back to the last good record",
        .path.display()
    )]
    TornWrite {
        /// The ledger's path.
        path: PathBuf,
        /// Where the torn frame starts, which is where the good records end.
        offset: u64,
        /// How many of its bytes are on disk.
        present: u64,
        /// How many it needs (the header alone when the header itself is cut).
        expected: u64,
    },

    /// A record's payload does not match its checksum: the file was altered or damaged.
    #[error(
        "ledger {} is corrupt: the record at offset {offset} has CRC-32 {actual:#010x}, its frame says {expected:#010x}",
        .path.display()
    )]
    ChecksumMismatch {
        /// The ledger's path.
        path: PathBuf,
        /// Where the record starts.
        offset: u64,
        /// The checksum stored in the frame.
        expected: u32,
        /// The checksum of the payload on disk.
        actual: u32,
    },

    /// A frame claims a payload longer than any the ledger writes: its header is damaged.
    #[error(
        "ledger {} is corrupt: the frame at offset {offset} claims {len} payload bytes, over the {limit}-byte limit",
        .path.display()
    )]
    CorruptFrame {
        /// The ledger's path.
        path: PathBuf,
        /// Where the frame starts.
        offset: u64,
        /// The payload length its header claims.
        len: u64,
        /// The largest payload the ledger writes.
        limit: usize,
    },

    /// A record passes its checksum but is not a valid entry: it was not written by this ledger.
    #[error("ledger {}: the record at offset {offset} is not a valid entry: {source}", .path.display())]
    InvalidRecord {
        /// The ledger's path.
        path: PathBuf,
        /// Where the record starts.
        offset: u64,
        /// What is wrong with its payload.
        source: PayloadError,
    },

    /// The entry's id is already in the ledger: ids identify entries, so they are unique.
    #[error("entry `{id}` is already in the ledger: ids are unique")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },

    /// The entry would not survive a reopen: its payload fails validation. The code is the
    /// payload's.
    #[error("entry refused: {0}")]
    InvalidEntry(PayloadError),

    /// Writing the frame failed; the file was truncated back, so nothing was appended.
    #[error("write of entry `{id}` failed, nothing was appended: {source}")]
    WriteFailed {
        /// The entry's id.
        id: String,
        /// The operating system's error.
        source: io::Error,
    },

    /// Making the frame durable failed; the file was truncated back, so the entry is not in the
    /// ledger (a frame that was never synced may vanish in a crash, so it is never kept).
    #[error("fsync of entry `{id}` failed, the frame was truncated away: {source}")]
    FsyncFailed {
        /// The entry's id.
        id: String,
        /// The operating system's error.
        source: io::Error,
    },

    /// The write stopped part-way and the partial frame is left on disk, as when the process
    /// dies mid-write; in-process, only the `ledger.write.partial` failpoint produces it. This
    /// handle refuses further appends.
    #[error(
        "write of entry `{id}` was interrupted after {written} of {len} bytes: the ledger ends in a torn frame until Ledger::open_repairing removes it"
    )]
    WriteInterrupted {
        /// The entry's id.
        id: String,
        /// The bytes that reached the file.
        written: usize,
        /// The frame's full length.
        len: usize,
    },

    /// An append failed and truncating the file back failed too: the file may hold part of the
    /// frame. This handle refuses further appends.
    #[error("{cause}; truncating back to {len} bytes failed too: {source}; reopen the ledger")]
    RollbackFailed {
        /// The append's own failure.
        cause: Box<LedgerError>,
        /// The length the file should have been truncated to.
        len: u64,
        /// Why the truncation failed.
        source: io::Error,
    },

    /// An earlier append left the file in a state this handle cannot vouch for.
    #[error("ledger {} refuses appends after {reason}: reopen it", .path.display())]
    Poisoned {
        /// The ledger's path.
        path: PathBuf,
        /// The code of the failure that poisoned the handle.
        reason: &'static str,
    },

    /// A retry policy with no attempt would refuse every append without trying.
    #[error("retry policy allows no attempt: max_attempts must be at least 1")]
    InvalidRetryPolicy,

    /// Every attempt allowed by the retry policy failed; each one is listed.
    #[error("append of `{id}` failed after {} attempts; last: {}", .attempts.len(), last_failure(.attempts))]
    RetryExhausted {
        /// The entry's id.
        id: String,
        /// The failed attempts, in order.
        attempts: Vec<Attempt>,
    },
}

fn last_failure(attempts: &[Attempt]) -> String {
    attempts.last().map_or_else(
        || "none".to_owned(),
        |attempt| format!("{}: {}", attempt.code, attempt.message),
    )
}

impl LedgerError {
    /// The stable UPPER_SNAKE code, for machines: logs, alerts and fault cases match on it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyExists { .. } => "LEDGER_EXISTS",
            Self::NotFound { .. } => "LEDGER_NOT_FOUND",
            Self::Io { .. } => "IO_ERROR",
            Self::TornWrite { .. } => "TORN_WRITE",
            Self::ChecksumMismatch { .. } => "CHECKSUM_MISMATCH",
            Self::CorruptFrame { .. } => "CORRUPT_FRAME",
            Self::InvalidRecord { .. } => "INVALID_RECORD",
            Self::DuplicateId { .. } => "DUPLICATE_ID",
            Self::InvalidEntry(payload) => payload.code(),
            Self::WriteFailed { .. } => "WRITE_FAILED",
            Self::FsyncFailed { .. } => "FSYNC_FAILED",
            Self::WriteInterrupted { .. } => "WRITE_INTERRUPTED",
            Self::RollbackFailed { .. } => "ROLLBACK_FAILED",
            Self::Poisoned { .. } => "LEDGER_POISONED",
            Self::InvalidRetryPolicy => "INVALID_RETRY_POLICY",
            Self::RetryExhausted { .. } => "RETRY_EXHAUSTED",
        }
    }

    /// The gate that issued the refusal.
    pub fn gate(&self) -> Gate {
        match self {
            Self::AlreadyExists { .. } | Self::NotFound { .. } | Self::Io { .. } => Gate::Open,
            Self::TornWrite { .. }
            | Self::ChecksumMismatch { .. }
            | Self::CorruptFrame { .. }
            | Self::InvalidRecord { .. } => Gate::Recovery,
            Self::DuplicateId { .. } | Self::InvalidEntry(_) => Gate::Validation,
            Self::WriteFailed { .. }
            | Self::FsyncFailed { .. }
            | Self::WriteInterrupted { .. }
            | Self::RollbackFailed { .. }
            | Self::Poisoned { .. }
            | Self::InvalidRetryPolicy
            | Self::RetryExhausted { .. } => Gate::Write,
        }
    }

    /// Whether trying the same append again may succeed: only a failed write or fsync, which
    /// were rolled back, so a retry starts from the same file.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::WriteFailed { .. } | Self::FsyncFailed { .. })
    }
}

/// An I/O failure while `op`ening the ledger at `path`.
pub(crate) fn io_error(op: &'static str, path: &Path, source: io::Error) -> LedgerError {
    LedgerError::Io {
        op,
        path: path.into(),
        source,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn ledger_errors() -> Vec<LedgerError> {
        let path = PathBuf::from("ledger.bin");
        let io = || io::Error::other("disk");
        let id = || "tx-1".to_owned();
        vec![
            LedgerError::AlreadyExists { path: path.clone() },
            LedgerError::NotFound { path: path.clone() },
            LedgerError::Io {
                op: "read",
                path: path.clone(),
                source: io(),
            },
            LedgerError::TornWrite {
                path: path.clone(),
                offset: 0,
                present: 3,
                expected: 8,
            },
            LedgerError::ChecksumMismatch {
                path: path.clone(),
                offset: 0,
                expected: 1,
                actual: 2,
            },
            LedgerError::CorruptFrame {
                path: path.clone(),
                offset: 0,
                len: 1 << 30,
                limit: 65536,
            },
            LedgerError::InvalidRecord {
                path: path.clone(),
                offset: 0,
                source: PayloadError::EmptyId,
            },
            LedgerError::DuplicateId { id: id() },
            LedgerError::WriteFailed {
                id: id(),
                source: io(),
            },
            LedgerError::FsyncFailed {
                id: id(),
                source: io(),
            },
            LedgerError::WriteInterrupted {
                id: id(),
                written: 20,
                len: 40,
            },
            LedgerError::RollbackFailed {
                cause: Box::new(LedgerError::WriteFailed {
                    id: id(),
                    source: io(),
                }),
                len: 0,
                source: io(),
            },
            LedgerError::Poisoned {
                path,
                reason: "WRITE_INTERRUPTED",
            },
            LedgerError::InvalidRetryPolicy,
            LedgerError::RetryExhausted {
                id: id(),
                attempts: vec![],
            },
        ]
    }

    /// Asserts that `codes` are distinct UPPER_SNAKE_CASE words.
    pub(crate) fn assert_unique_upper_snake(codes: Vec<&'static str>) {
        for code in &codes {
            assert!(
                code.starts_with(|c: char| c.is_ascii_uppercase())
                    && code
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{code}"
            );
        }
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "{codes:?}");
    }

    #[test]
    fn ledger_codes_are_unique_upper_snake_case() {
        assert_unique_upper_snake(ledger_errors().iter().map(LedgerError::code).collect());
    }

    #[test]
    fn an_invalid_entry_carries_its_payload_code_and_validation_gate() {
        let err = LedgerError::InvalidEntry(PayloadError::NegativeAmount { amount: -5 });
        assert_eq!(err.code(), "NEGATIVE_AMOUNT");
        assert_eq!(err.gate(), Gate::Validation);
        assert_eq!(err.to_string(), "entry refused: amount -5 is negative");
    }

    #[test]
    fn only_rolled_back_write_failures_are_transient() {
        let transient: Vec<_> = ledger_errors()
            .into_iter()
            .filter(LedgerError::is_transient)
            .map(|e| e.code())
            .collect();
        assert_eq!(transient, ["WRITE_FAILED", "FSYNC_FAILED"]);
    }

    #[test]
    fn messages_say_what_to_do() {
        let torn = &ledger_errors()[3];
        assert_eq!(
            torn.to_string(),
            "ledger ledger.bin ends in a torn write: the frame at offset 0 has 3 of its 8 bytes; Ledger::open_repairing truncates it back to the last good record"
        );
        let exhausted = LedgerError::RetryExhausted {
            id: "tx-1".into(),
            attempts: vec![Attempt {
                number: 1,
                of: 1,
                code: "WRITE_FAILED",
                message: "disk full".into(),
                backoff: None,
            }],
        };
        assert_eq!(
            exhausted.to_string(),
            "append of `tx-1` failed after 1 attempts; last: WRITE_FAILED: disk full"
        );
    }
}
