//! A store with three failpoint sites on its save path, for `cargo faults coverage`: two cases
//! fire a site each, none arms `store.open`, one declares a syscall fault and one sweeps the
//! save's writes.

use std::fs::File;
use std::io::Write;

use fault_runtime::{Refusal, fault_case};

/// Why a save failed.
#[derive(Debug)]
pub struct SaveFailed(pub &'static str);

impl Refusal for SaveFailed {
    fn code(&self) -> &str {
        self.0
    }
}

/// Writes `bytes` to the file `data` and syncs it to disk.
pub fn save(bytes: &[u8]) -> Result<(), SaveFailed> {
    fault_runtime::fail_point!("store.open", |_| Err(SaveFailed("OPEN_FAILED")));
    let mut file = File::create("data").map_err(|_| SaveFailed("OPEN_FAILED"))?;
    fault_runtime::fail_point!("store.write", |_| Err(SaveFailed("WRITE_FAILED")));
    file.write_all(bytes)
        .map_err(|_| SaveFailed("WRITE_FAILED"))?;
    fault_runtime::fail_point!("store.sync", |_| Err(SaveFailed("SYNC_FAILED")));
    file.sync_all().map_err(|_| SaveFailed("SYNC_FAILED"))
}

/// A failed write
#[fault_case(expect = "WRITE_FAILED", failpoints = "store.write=return")]
fn write_fails() -> Result<(), SaveFailed> {
    save(b"entry")
}

/// A failed sync
#[fault_case(expect = "SYNC_FAILED", failpoints = "store.sync=return")]
fn sync_fails() -> Result<(), SaveFailed> {
    save(b"entry")
}

/// A sync the disk fails with EIO
#[fault_case(expect = "SYNC_FAILED", syscalls = ["fsync:EIO"])]
fn sync_eio() -> Result<(), SaveFailed> {
    save(b"entry")
}

/// Every write of a save fails, one run each
#[fault_case(expect = "WRITE_FAILED", sweep = "write:ENOSPC")]
fn every_write_fails() -> Result<(), SaveFailed> {
    save(b"entry")
}
