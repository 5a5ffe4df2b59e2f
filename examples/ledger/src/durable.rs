//! The write path: append a frame, then make it durable, with the failpoints that break each
//! step.

use std::fs::File;
use std::io::{self, Write};

use crate::failpoints::fail_point;

/// How appending a frame failed.
#[derive(Debug)]
pub(crate) enum WriteFault {
    /// The write failed; the file may hold part of the frame until it is truncated back.
    Write(io::Error),
    /// The frame was written but could not be made durable.
    Fsync(io::Error),
    /// The append stopped part-way as if the process had died: `written` bytes of the frame are
    /// on disk and stay there.
    #[cfg(feature = "fault-cases")]
    Interrupted {
        /// The bytes of the frame that reached the file.
        written: usize,
        /// The frame's full length.
        len: usize,
    },
}

/// Appends `frame` at the end of `file` (opened for append) and fsyncs it. On error the caller
/// decides what becomes of the bytes already written.
pub(crate) fn append_frame(file: &mut File, frame: &[u8]) -> Result<(), WriteFault> {
    fail_point!("ledger.write", |reason| {
        Err(WriteFault::Write(injected("ledger.write", reason)))
    });
    fail_point!("ledger.write.partial", |_| {
        let torn = &frame[..frame.len() / 2];
        Err(match file.write_all(torn).and_then(|()| file.sync_data()) {
            Ok(()) => WriteFault::Interrupted {
                written: torn.len(),
                len: frame.len(),
            },
            Err(source) => WriteFault::Write(source),
        })
    });
    file.write_all(frame).map_err(WriteFault::Write)?;
    fail_point!("ledger.fsync", |reason| {
        Err(WriteFault::Fsync(injected("ledger.fsync", reason)))
    });
    file.sync_data().map_err(WriteFault::Fsync)
}

/// The error an armed failpoint returns: its `return(...)` argument, or its name.
#[cfg(feature = "fault-cases")]
fn injected(failpoint: &str, reason: Option<String>) -> io::Error {
    io::Error::other(reason.unwrap_or_else(|| format!("injected by failpoint {failpoint}")))
}
