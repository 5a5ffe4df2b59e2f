//! ledger: an append-only, checksummed, file-backed ledger that refuses loudly.
//!
//! A [`Ledger`] stores [`Entry`]s as length-prefixed frames with a CRC-32 of their JSON
//! payload. [`Ledger::open`] verifies every record and refuses a torn last frame
//! (`TORN_WRITE`) or a damaged one (`CHECKSUM_MISMATCH`) instead of reading past it;
//! [`Ledger::open_repairing`] is the explicit way to cut a torn tail off. [`Ledger::append`]
//! reports an entry as written only once it is durable: a failed write or fsync is refused
//! (`WRITE_FAILED`, `FSYNC_FAILED`) and rolled back, and [`Ledger::append_with_retry`] retries
//! it a bounded number of times, logging every failed attempt. [`validate_payload`] turns
//! outside bytes into an entry or one code per malformation, and [`validate_batch`] and
//! [`validate_batch_concurrent`] do so for many at once, with the same outcomes.
//!
//! ```
//! use ledger::{Entry, Ledger, validate_payload};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("ledger.bin");
//! let mut ledger = Ledger::create(&path)?;
//! ledger.append(Entry::new("tx-1", 250, "invoice 42"))?;
//! drop(ledger);
//!
//! let ledger = Ledger::open(&path)?;
//! assert_eq!(ledger.entries(), [Entry::new("tx-1", 250, "invoice 42")]);
//!
//! let err = validate_payload(br#"{"id":"tx-2","amount":-5,"memo":""}"#).unwrap_err();
//! assert_eq!(err.code(), "NEGATIVE_AMOUNT");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With the `fault-cases` feature, the failpoints on the write path (`ledger.write`,
//! `ledger.write.partial`, `ledger.fsync`) and the `#[fault_case]`s next to the code they
//! exercise are compiled in; the `faults` test target runs them.

#![warn(missing_docs)]

mod attempt;
mod batch;
mod durable;
mod entry;
mod error;
mod failpoints;
mod frame;
mod gate;
mod ledger;
mod payload;
mod retry;
mod scan;

#[cfg(feature = "fault-cases")]
mod claims;
#[cfg(any(test, feature = "fault-cases"))]
mod fixtures;
#[cfg(feature = "fault-cases")]
mod refusal;

pub use attempt::Attempt;
pub use batch::{BatchRejected, accept_batch, validate_batch, validate_batch_concurrent};
pub use entry::Entry;
pub use error::LedgerError;
pub use gate::Gate;
pub use ledger::{Ledger, Receipt, Recovery, TornTail};
pub use payload::{MAX_PAYLOAD_LEN, PayloadError, validate_payload};
pub use retry::{Appended, RetryPolicy};
