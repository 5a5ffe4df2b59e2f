//! `Ledger`: an append-only file of checksummed records that refuses, on open, anything it
//! cannot vouch for, and never reports an append as written unless it is durable.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use crate::durable::{self, WriteFault};
use crate::error::io_error;
use crate::frame;
use crate::scan::{Scan, load};
use crate::{Entry, LedgerError, validate_payload};

#[cfg(feature = "fault-cases")]
mod fault_cases;
#[cfg(feature = "fault-cases")]
mod sweep_cases;

/// An open ledger: the verified entries of its file, and the handle that appends to it.
///
/// One `Ledger` per file: appends go through `&mut self`, and nothing locks the file against a
/// second writer.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    file: File,
    /// Bytes of good records: where the next frame starts.
    len: u64,
    entries: Vec<Entry>,
    ids: HashSet<String>,
    /// Set when a failed append may have left bytes this handle cannot account for.
    poisoned: Option<&'static str>,
}

/// Proof that an append is durable: the entry is on disk and will be there after a reopen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The entry's id.
    pub id: String,
    /// The entry's position in the ledger, from 0.
    pub sequence: usize,
    /// Where its frame starts in the file.
    pub offset: u64,
    /// Its frame's length in bytes.
    pub len: u64,
}

/// What [`Ledger::open_repairing`] found and did.
#[derive(Debug)]
pub struct Recovery {
    /// The ledger, holding every good record.
    pub ledger: Ledger,
    /// The torn tail it truncated, if there was one.
    pub torn_tail: Option<TornTail>,
}

/// The incomplete last frame that a repair removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TornTail {
    /// Where it started: the file's length after the repair.
    pub offset: u64,
    /// How many bytes were removed.
    pub removed: u64,
}

impl Ledger {
    /// Creates an empty ledger at `path`; refuses `LEDGER_EXISTS` rather than touching an
    /// existing file.
    pub fn create(path: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        let path = path.as_ref();
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create_new(true)
            .open(path)
            .map_err(|source| match source.kind() {
                ErrorKind::AlreadyExists => LedgerError::AlreadyExists { path: path.into() },
                _ => io_error("create", path, source),
            })?;
        sync_parent(path).map_err(|source| io_error("create", path, source))?;
        Ok(Ledger::with(path, file, Scan::empty()))
    }

    /// Opens the ledger at `path`, reading and verifying every record.
    ///
    /// Refuses, at gate `RECOVERY`: an incomplete last frame (`TORN_WRITE`; see
    /// [`open_repairing`](Ledger::open_repairing)), a payload that does not match its checksum
    /// (`CHECKSUM_MISMATCH`), a frame longer than any the ledger writes (`CORRUPT_FRAME`), a
    /// record that is not a valid entry or repeats an id (`INVALID_RECORD`). Opening never
    /// changes the file.
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        let path = path.as_ref();
        let (file, scan) = load(path)?;
        if let Some(torn) = scan.torn {
            return Err(LedgerError::TornWrite {
                path: path.into(),
                offset: torn.offset,
                present: torn.present,
                expected: torn.expected,
            });
        }
        Ok(Ledger::with(path, file, scan))
    }

    /// Opens the ledger at `path` like [`open`](Ledger::open), but truncates a torn last frame
    /// back to the last good record, reports it on stderr and in [`Recovery::torn_tail`].
    ///
    /// Only a torn tail is repaired: a checksum mismatch or a corrupt frame is refused as by
    /// `open`, because the records after it cannot be told apart from garbage.
    pub fn open_repairing(path: impl AsRef<Path>) -> Result<Recovery, LedgerError> {
        let path = path.as_ref();
        let (file, scan) = load(path)?;
        if let Some(torn) = scan.torn {
            file.set_len(torn.offset)
                .and_then(|()| file.sync_all())
                .map_err(|source| io_error("repair", path, source))?;
            eprintln!(
                "ledger: repaired {}: removed a torn frame of {} bytes at offset {}, keeping {} records",
                path.display(),
                torn.present,
                torn.offset,
                scan.entries.len()
            );
        }
        let torn_tail = scan.torn.map(|torn| TornTail {
            offset: torn.offset,
            removed: torn.present,
        });
        Ok(Recovery {
            ledger: Ledger::with(path, file, scan),
            torn_tail,
        })
    }

    /// Appends `entry` and returns once it is durable.
    ///
    /// Refuses an entry that would not read back (its payload's code, e.g. `EMPTY_ID`) and a
    /// repeated id (`DUPLICATE_ID`) before writing anything. A failed write (`WRITE_FAILED`) or
    /// fsync (`FSYNC_FAILED`) truncates the file back to its length before the append, so the
    /// entry is neither reported nor found after a reopen; if that truncation fails too the
    /// refusal is `ROLLBACK_FAILED`, and like an interrupted write (`WRITE_INTERRUPTED`) it
    /// leaves this handle refusing every later append (`LEDGER_POISONED`).
    pub fn append(&mut self, entry: Entry) -> Result<Receipt, LedgerError> {
        if let Some(reason) = self.poisoned {
            return Err(LedgerError::Poisoned {
                path: self.path.clone(),
                reason,
            });
        }
        let payload = entry.to_payload();
        let entry = validate_payload(&payload).map_err(LedgerError::InvalidEntry)?;
        if self.ids.contains(&entry.id) {
            return Err(LedgerError::DuplicateId { id: entry.id });
        }
        let frame = frame::encode(&payload);
        let offset = self.len;
        if let Err(fault) = durable::append_frame(&mut self.file, &frame) {
            return Err(self.undo(entry.id, offset, fault));
        }
        let receipt = Receipt {
            id: entry.id.clone(),
            sequence: self.entries.len(),
            offset,
            len: frame.len() as u64,
        };
        self.len += receipt.len;
        self.ids.insert(entry.id.clone());
        self.entries.push(entry);
        Ok(receipt)
    }

    /// The entries, in append order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the ledger has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Turns a failed append into its refusal, truncating the file back to `offset` unless the
    /// fault stands for a process that died mid-write.
    fn undo(&mut self, id: String, offset: u64, fault: WriteFault) -> LedgerError {
        let refusal = match fault {
            WriteFault::Write(source) => LedgerError::WriteFailed { id, source },
            WriteFault::Fsync(source) => LedgerError::FsyncFailed { id, source },
            #[cfg(feature = "fault-cases")]
            WriteFault::Interrupted { written, len } => {
                self.poisoned = Some("WRITE_INTERRUPTED");
                return LedgerError::WriteInterrupted { id, written, len };
            }
        };
        match self
            .file
            .set_len(offset)
            .and_then(|()| self.file.sync_all())
        {
            Ok(()) => refusal,
            Err(source) => {
                self.poisoned = Some("ROLLBACK_FAILED");
                LedgerError::RollbackFailed {
                    cause: Box::new(refusal),
                    len: offset,
                    source,
                }
            }
        }
    }

    fn with(path: &Path, file: File, scan: Scan) -> Ledger {
        Ledger {
            path: path.into(),
            file,
            len: scan.len,
            entries: scan.entries,
            ids: scan.ids,
            poisoned: None,
        }
    }
}

/// Makes a new file's directory entry durable, so a created ledger survives a crash.
#[cfg(unix)]
fn sync_parent(path: &Path) -> io::Result<()> {
    match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => File::open(".")?.sync_all(),
    }
}

/// Directories cannot be opened for syncing here; the file's own syncs are all there is.
#[cfg(not(unix))]
fn sync_parent(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::{Gate, MAX_PAYLOAD_LEN, PayloadError};

    fn entry(id: &str) -> Entry {
        Entry::new(id, 100, "invoice")
    }

    /// A ledger file holding `ids`, in a fresh directory.
    fn ledger_with(ids: &[&str]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.bin");
        let mut ledger = Ledger::create(&path).unwrap();
        for id in ids {
            ledger.append(entry(id)).unwrap();
        }
        (dir, path)
    }

    fn append_raw(path: &Path, bytes: &[u8]) {
        let mut file_bytes = fs::read(path).unwrap();
        file_bytes.extend_from_slice(bytes);
        fs::write(path, file_bytes).unwrap();
    }

    #[test]
    fn a_valid_entry_round_trips_through_append_and_reopen() {
        let (_dir, path) = ledger_with(&[]);
        let mut ledger = Ledger::open(&path).unwrap();
        let wanted = Entry::new("tx-1", i64::MAX, "memo with \"quotes\" and ünïcode");
        let receipt = ledger.append(wanted.clone()).unwrap();
        assert_eq!(receipt.id, "tx-1");
        assert_eq!(receipt.sequence, 0);
        assert_eq!(receipt.offset, 0);
        drop(ledger);
        assert_eq!(Ledger::open(&path).unwrap().entries(), [wanted]);
    }

    #[test]
    fn appends_without_failpoints_succeed_and_are_laid_end_to_end() {
        let (_dir, path) = ledger_with(&[]);
        let mut ledger = Ledger::open(&path).unwrap();
        let mut end = 0;
        for sequence in 0..20 {
            let receipt = ledger.append(entry(&format!("tx-{sequence}"))).unwrap();
            assert_eq!((receipt.sequence, receipt.offset), (sequence, end));
            end += receipt.len;
        }
        assert_eq!(fs::metadata(&path).unwrap().len(), end);
        drop(ledger);
        let reopened = Ledger::open(&path).unwrap();
        assert_eq!(reopened.len(), 20);
        assert_eq!(reopened.entries()[19], entry("tx-19"));
    }

    #[test]
    fn create_never_overwrites_and_open_never_creates() {
        let (dir, path) = ledger_with(&["tx-1"]);
        let err = Ledger::create(&path).unwrap_err();
        assert_eq!((err.code(), err.gate()), ("LEDGER_EXISTS", Gate::Open));
        assert_eq!(Ledger::open(&path).unwrap().len(), 1);

        let missing = dir.path().join("missing.bin");
        let err = Ledger::open(&missing).unwrap_err();
        assert_eq!((err.code(), err.gate()), ("LEDGER_NOT_FOUND", Gate::Open));
        assert!(!missing.exists());
        let err = Ledger::open_repairing(&missing).unwrap_err();
        assert_eq!(err.code(), "LEDGER_NOT_FOUND");
    }

    #[test]
    fn every_torn_tail_is_refused_on_open_without_changing_the_file() {
        let (_dir, path) = ledger_with(&["tx-1", "tx-2"]);
        let good = fs::read(&path).unwrap();
        let next = frame::encode(&entry("tx-3").to_payload());
        for cut in 1..next.len() {
            fs::write(&path, [&good[..], &next[..cut]].concat()).unwrap();
            let err = Ledger::open(&path).unwrap_err();
            assert_eq!((err.code(), err.gate()), ("TORN_WRITE", Gate::Recovery));
            let LedgerError::TornWrite {
                offset, present, ..
            } = err
            else {
                unreachable!()
            };
            assert_eq!((offset, present), (good.len() as u64, cut as u64));
            assert_eq!(fs::read(&path).unwrap().len(), good.len() + cut);
        }
    }

    #[test]
    fn open_repairing_restores_a_torn_ledger() {
        let (_dir, path) = ledger_with(&["tx-1", "tx-2"]);
        let good_len = fs::metadata(&path).unwrap().len();
        let torn = frame::encode(&entry("tx-3").to_payload());
        append_raw(&path, &torn[..torn.len() / 2]);

        let recovery = Ledger::open_repairing(&path).unwrap();
        assert_eq!(
            recovery.torn_tail,
            Some(TornTail {
                offset: good_len,
                removed: (torn.len() / 2) as u64
            })
        );
        assert_eq!(recovery.ledger.entries(), [entry("tx-1"), entry("tx-2")]);
        assert_eq!(fs::metadata(&path).unwrap().len(), good_len);

        let mut ledger = recovery.ledger;
        ledger.append(entry("tx-3")).unwrap();
        drop(ledger);
        assert_eq!(Ledger::open(&path).unwrap().len(), 3);
        assert_eq!(Ledger::open_repairing(&path).unwrap().torn_tail, None);
    }

    #[test]
    fn a_damaged_record_is_refused_by_open_and_by_repair() {
        let (_dir, path) = ledger_with(&["tx-1", "tx-2"]);
        let mut bytes = fs::read(&path).unwrap();
        bytes[frame::HEADER_LEN + 2] ^= 0x20;
        fs::write(&path, &bytes).unwrap();
        for err in [
            Ledger::open(&path).unwrap_err(),
            Ledger::open_repairing(&path).unwrap_err(),
        ] {
            assert_eq!(
                (err.code(), err.gate()),
                ("CHECKSUM_MISMATCH", Gate::Recovery)
            );
        }
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn an_impossible_frame_length_is_corruption() {
        let (_dir, path) = ledger_with(&["tx-1"]);
        append_raw(&path, &u32::MAX.to_le_bytes());
        append_raw(&path, &[0; 4]);
        assert_eq!(Ledger::open(&path).unwrap_err().code(), "CORRUPT_FRAME");
        assert_eq!(
            Ledger::open_repairing(&path).unwrap_err().code(),
            "CORRUPT_FRAME"
        );
    }

    #[test]
    fn a_well_framed_record_must_still_be_a_valid_unique_entry() {
        let (_dir, path) = ledger_with(&["tx-1"]);
        append_raw(&path, &frame::encode(br#"{"id":"","amount":1,"memo":""}"#));
        let err = Ledger::open(&path).unwrap_err();
        assert_eq!(err.code(), "INVALID_RECORD");
        assert!(err.to_string().contains("field `id` is empty"), "{err}");

        let (_dir, path) = ledger_with(&["tx-1"]);
        append_raw(&path, &frame::encode(&entry("tx-1").to_payload()));
        let LedgerError::InvalidRecord { source, .. } = Ledger::open(&path).unwrap_err() else {
            panic!("a repeated id on disk must be an invalid record");
        };
        assert_eq!(
            source,
            PayloadError::DuplicateId {
                id: "tx-1".into(),
                first: 0
            }
        );
    }

    #[test]
    fn an_entry_that_would_not_read_back_is_refused_before_writing() {
        let (_dir, path) = ledger_with(&[]);
        let mut ledger = Ledger::open(&path).unwrap();
        for (bad, code) in [
            (Entry::new(" ", 1, ""), "EMPTY_ID"),
            (Entry::new("tx-1", -1, ""), "NEGATIVE_AMOUNT"),
            (
                Entry::new("tx-1", 1, "x".repeat(MAX_PAYLOAD_LEN)),
                "PAYLOAD_TOO_LARGE",
            ),
        ] {
            let err = ledger.append(bad).unwrap_err();
            assert_eq!((err.code(), err.gate()), (code, Gate::Validation));
        }
        assert!(ledger.is_empty());
        assert_eq!(fs::metadata(&path).unwrap().len(), 0);
    }

    #[test]
    fn ids_stay_unique_across_reopens() {
        let (_dir, path) = ledger_with(&["tx-1"]);
        let mut ledger = Ledger::open(&path).unwrap();
        let err = ledger.append(Entry::new("tx-1", 5, "again")).unwrap_err();
        assert_eq!((err.code(), err.gate()), ("DUPLICATE_ID", Gate::Validation));
        assert_eq!(ledger.entries(), [entry("tx-1")]);
        assert_eq!(ledger.path(), path);
    }
}
