//! What one concurrently running case needs, set up once and reused case after case.
//!
//! Creating and deleting files is the dominant cost of isolation on some filesystems, so a
//! worker keeps its report file and, when the previous case left it untouched, its sandbox.
//! A reused sandbox is verified empty before every case, so each case still starts in an empty
//! private directory.

use std::fs::File;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::protocol::ChildReport;
use crate::sandbox::{Sandbox, Snapshot};

/// One worker's reusable resources.
#[derive(Debug)]
pub(crate) struct Worker {
    /// Drives one child at a time on the calling thread: no cross-thread hand-offs per case.
    pub(crate) runtime: tokio::runtime::Runtime,
    report_path: PathBuf,
    report: File,
    sandbox: Option<Sandbox>,
}

impl Worker {
    fn new(control_dir: &Path, index: usize) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let report_path = control_dir.join(format!("worker-{index}.json"));
        let report = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&report_path)?;
        Ok(Worker {
            runtime,
            report_path,
            report,
            sandbox: None,
        })
    }

    /// Where the child writes its report; empty until it does.
    pub(crate) fn report_path(&self) -> &Path {
        &self.report_path
    }

    /// Reads the child's report, if it wrote one, and empties the file for the next case.
    pub(crate) fn take_report(&mut self) -> io::Result<Option<ChildReport>> {
        let mut bytes = Vec::new();
        self.report.rewind()?;
        self.report.read_to_end(&mut bytes)?;
        self.report.set_len(0)?;
        ChildReport::parse(&bytes)
    }

    /// An empty sandbox and its snapshot: the previous one when it is still empty, else a new one.
    pub(crate) fn sandbox(&mut self) -> io::Result<(Sandbox, Snapshot)> {
        if let Some(sandbox) = self.sandbox.take() {
            if let Ok(snapshot) = sandbox.snapshot() {
                if snapshot.is_pristine(&sandbox) {
                    return Ok((sandbox, snapshot));
                }
            }
        }
        let sandbox = Sandbox::create()?;
        let snapshot = sandbox.snapshot()?;
        Ok((sandbox, snapshot))
    }

    /// Hands back a sandbox the case left untouched, for the next case.
    pub(crate) fn recycle(&mut self, sandbox: Sandbox) {
        self.sandbox = Some(sandbox);
    }
}

/// Workers not currently running a case.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    idle: Mutex<Vec<Worker>>,
    created: AtomicUsize,
}

impl Pool {
    /// An idle worker, or a new one when every worker is busy.
    pub(crate) fn take(&self, control_dir: &Path) -> io::Result<Worker> {
        if let Some(worker) = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
        {
            return Ok(worker);
        }
        Worker::new(control_dir, self.created.fetch_add(1, Ordering::Relaxed))
    }

    /// Returns a worker after its case.
    pub(crate) fn put(&self, worker: Worker) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(worker);
    }
}
