//! Writing records off the path of the next case.
//!
//! Creating a file is one of the most expensive things a case costs the harness (an inode on
//! some filesystems takes longer than the case itself), and so are redacting and serializing
//! its record, so a case's record is handed to a writer thread, which makes the file, and the
//! worker goes on to the next case. Waking the writer thread costs the worker a call and the
//! writer a wake-up, so it is woken once several records wait, or when it has waited long
//! enough. Nothing is lost: the harness waits for every record before it exits, writes the
//! queue out itself before an in-process body (which could take the process down) and when it
//! must end early (an interrupt, an in-process case calling `exit()`), and fails the run,
//! naming each record, if one could not be written. Only a harness killed outright can lose
//! queued records, and then the runner that started it counts those cases as lost, never as
//! passed.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use crate::record::atomic_write;

/// Makes a record's file: its path and bytes, or why it could not be made.
pub(crate) type MakeRecord = Box<dyn FnOnce() -> Result<(PathBuf, Vec<u8>), String> + Send>;

/// How many records may wait before the writer thread is woken.
const BATCH: usize = 16;

/// How long a record may wait for a batch to fill: the writer thread looks this often.
const MAX_WAIT: Duration = Duration::from_millis(20);

/// Records waiting to be written, and what went wrong writing the others.
#[derive(Default)]
struct Queue {
    pending: VecDeque<MakeRecord>,
    /// The writer thread is writing one that is no longer in `pending`.
    writing: bool,
    /// The writer thread waits for records: only then does a new one need to wake it.
    idle: bool,
    /// Threads waiting for the writer thread to finish a record (`drain`, `finish`): only
    /// then does a record written need to wake anyone.
    awaiting: usize,
    closed: bool,
    errors: Vec<String>,
}

/// The run's record writer.
#[derive(Default)]
pub(crate) struct RecordWriter {
    queue: Mutex<Queue>,
    changed: Condvar,
}

impl std::fmt::Debug for RecordWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue = self.lock();
        f.debug_struct("RecordWriter")
            .field("pending", &queue.pending.len())
            .field("closed", &queue.closed)
            .finish_non_exhaustive()
    }
}

impl RecordWriter {
    /// A writer whose thread is started by [`run`](Self::run).
    pub(crate) fn new() -> Self {
        RecordWriter::default()
    }

    /// Queues a record; it is written atomically at `path`.
    pub(crate) fn submit(&self, path: PathBuf, bytes: Vec<u8>) {
        self.submit_made(Box::new(move || Ok((path, bytes))));
    }

    /// Queues a record that the writer thread makes, then writes atomically.
    pub(crate) fn submit_made(&self, make: MakeRecord) {
        let mut queue = self.lock();
        if queue.closed {
            drop(queue);
            self.write(make);
            return;
        }
        queue.pending.push_back(make);
        if queue.idle && queue.pending.len() >= BATCH {
            self.changed.notify_all();
        }
    }

    /// The writer thread's loop: writes records until the writer is closed and empty.
    pub(crate) fn run(&self) {
        loop {
            let mut queue = self.lock();
            // A batch, or what waits once it waited long enough, or the end.
            while queue.pending.len() < BATCH && !queue.closed {
                queue.idle = true;
                let (woken, waited) = self
                    .changed
                    .wait_timeout(queue, MAX_WAIT)
                    .unwrap_or_else(PoisonError::into_inner);
                queue = woken;
                queue.idle = false;
                if waited.timed_out() && !queue.pending.is_empty() {
                    break;
                }
            }
            if queue.pending.is_empty() {
                return;
            }
            while let Some(make) = queue.pending.pop_front() {
                queue.writing = true;
                drop(queue);
                self.write(make);
                queue = self.lock();
                queue.writing = false;
                if queue.awaiting > 0 {
                    self.changed.notify_all();
                }
            }
        }
    }

    /// Writes everything still queued on the calling thread, and waits for the one the writer
    /// thread may be writing: for a harness that must end now.
    pub(crate) fn drain(&self) {
        loop {
            let mut queue = self.lock();
            match queue.pending.pop_front() {
                Some(make) => {
                    drop(queue);
                    self.write(make);
                }
                None => {
                    drop(self.await_writer(queue, |queue| queue.writing));
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
        let mut queue =
            self.await_writer(queue, |queue| !queue.pending.is_empty() || queue.writing);
        std::mem::take(&mut queue.errors)
    }

    /// Waits on the calling thread while `busy` holds of the queue.
    fn await_writer<'a>(
        &'a self,
        mut queue: std::sync::MutexGuard<'a, Queue>,
        busy: impl Fn(&Queue) -> bool,
    ) -> std::sync::MutexGuard<'a, Queue> {
        queue.awaiting += 1;
        while busy(&queue) {
            queue = self
                .changed
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
        queue.awaiting -= 1;
        queue
    }

    fn write(&self, make: MakeRecord) {
        let written = make().and_then(|(path, bytes)| {
            atomic_write::write(&path, &bytes)
                .map_err(|err| format!("failed to write the record {}: {err}", path.display()))
        });
        if let Err(err) = written {
            self.lock().errors.push(err);
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
