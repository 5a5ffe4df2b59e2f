//! Writing records off the path of the next case.
//!
//! Creating a file is one of the most expensive things a case costs the harness (an inode on
//! some filesystems takes longer than the case itself), so a case's record is handed to a
//! writer thread and the worker goes on to the next case. Nothing is lost: the harness waits
//! for every record before it exits, writes the queue out itself before an in-process body
//! (which could take the process down) and when it must end early (an interrupt, an
//! in-process case calling `exit()`), and fails the run, naming each record, if one could not
//! be written. Only a harness killed outright can lose queued records, and then the runner
//! that started it counts those cases as lost, never as passed.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

use crate::record::atomic_write;

/// Records waiting to be written, and what went wrong writing the others.
#[derive(Debug, Default)]
struct Queue {
    pending: VecDeque<(PathBuf, Vec<u8>)>,
    /// The writer thread is writing one that is no longer in `pending`.
    writing: bool,
    closed: bool,
    errors: Vec<String>,
}

/// The run's record writer.
#[derive(Debug, Default)]
pub(crate) struct RecordWriter {
    queue: Mutex<Queue>,
    changed: Condvar,
}

impl RecordWriter {
    /// A writer whose thread is started by [`run`](Self::run).
    pub(crate) fn new() -> Self {
        RecordWriter::default()
    }

    /// Queues a record; it is written atomically at `path`.
    pub(crate) fn submit(&self, path: PathBuf, bytes: Vec<u8>) {
        let mut queue = self.lock();
        if queue.closed {
            drop(queue);
            self.write(path, bytes);
            return;
        }
        queue.pending.push_back((path, bytes));
        self.changed.notify_all();
    }

    /// The writer thread's loop: writes records until the writer is closed and empty.
    pub(crate) fn run(&self) {
        loop {
            let mut queue = self.lock();
            while queue.pending.is_empty() && !queue.closed {
                queue = self
                    .changed
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            let Some((path, bytes)) = queue.pending.pop_front() else {
                return;
            };
            queue.writing = true;
            drop(queue);
            self.write(path, bytes);
            self.lock().writing = false;
            self.changed.notify_all();
        }
    }

    /// Writes everything still queued on the calling thread, and waits for the one the writer
    /// thread may be writing: for a harness that must end now.
    pub(crate) fn drain(&self) {
        loop {
            let mut queue = self.lock();
            match queue.pending.pop_front() {
                Some((path, bytes)) => {
                    drop(queue);
                    self.write(path, bytes);
                }
                None => {
                    while queue.writing {
                        queue = self
                            .changed
                            .wait(queue)
                            .unwrap_or_else(PoisonError::into_inner);
                    }
                    return;
                }
            }
        }
    }

    /// Closes the writer and waits until every record is written; what could not be.
    pub(crate) fn finish(&self) -> Vec<String> {
        let mut queue = self.lock();
        queue.closed = true;
        self.changed.notify_all();
        while !queue.pending.is_empty() || queue.writing {
            queue = self
                .changed
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
        std::mem::take(&mut queue.errors)
    }

    fn write(&self, path: PathBuf, bytes: Vec<u8>) {
        if let Err(err) = atomic_write::write(&path, &bytes) {
            self.lock().errors.push(format!(
                "failed to write the record {}: {err}",
                path.display()
            ));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The writer of this process's run, for the paths that must end the process early.
static ACTIVE: OnceLock<Arc<RecordWriter>> = OnceLock::new();

/// Starts the writer thread of this process's run.
pub(crate) fn start() -> std::io::Result<(Arc<RecordWriter>, std::thread::JoinHandle<()>)> {
    let writer = Arc::clone(ACTIVE.get_or_init(|| Arc::new(RecordWriter::new())));
    let thread = {
        let writer = Arc::clone(&writer);
        std::thread::Builder::new()
            .name("faults-records".to_owned())
            .spawn(move || writer.run())?
    };
    Ok((writer, thread))
}

/// Writes what this process's run still has queued, on the calling thread.
pub(crate) fn drain_active() {
    if let Some(writer) = ACTIVE.get() {
        writer.drain();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_is_written_before_finish_returns() {
        let dir = tempfile::tempdir().unwrap();
        let writer = std::sync::Arc::new(RecordWriter::new());
        let thread = {
            let writer = std::sync::Arc::clone(&writer);
            std::thread::spawn(move || writer.run())
        };
        for n in 0..50 {
            writer.submit(dir.path().join(format!("{n}.json")), b"{}".to_vec());
        }
        writer.submit(dir.path().join("missing/dir/x.json"), b"{}".to_vec());
        let errors = writer.finish();
        thread.join().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 50);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("missing/dir/x.json"), "{errors:?}");
    }

    #[test]
    fn a_drain_writes_the_queue_on_the_calling_thread() {
        let dir = tempfile::tempdir().unwrap();
        let writer = RecordWriter::new();
        writer.submit(dir.path().join("a.json"), b"{}".to_vec());
        writer.drain();
        assert!(dir.path().join("a.json").is_file());
    }
}
