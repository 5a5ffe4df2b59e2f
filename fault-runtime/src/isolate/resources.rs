//! What every case process of one run is started with and from: the harness's binary, the
//! base environment, the run's secrets, the idle workers and the PATH views that hide
//! programs.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use tempfile::TempDir;

use crate::declare::{CaseDef, Isolation};
use crate::isolate::environment::BaseEnv;
use crate::isolate::interrupt;
use crate::isolate::path_view::PathViews;
use crate::isolate::{Image, Worker};
use crate::record::redact::{self, Redactor};

/// The resources shared by every case of one run.
#[derive(Debug)]
pub(crate) struct Resources {
    image: Image,
    pub(crate) base_env: BaseEnv,
    /// Whether case output is copied to the terminal live (`--nocapture`).
    pub(crate) tee: bool,
    /// The secrets of the harness's own environment.
    pub(crate) redactor: Redactor,
    /// Whether this process adopts the orphans of what in-process cases start.
    pub(crate) subreaper: bool,
    /// `FAULTS_ISOLATION=container`: process-isolated cases run in containers.
    containers: bool,
    /// Case processes may be forked from a fork server (`FAULTS_SPAWN` is not `exec`).
    pub(crate) fork: bool,
    temp_root: PathBuf,
    /// The run's private directory (PATH views, container templates), created on first use.
    scratch: std::sync::OnceLock<TempDir>,
    workers: std::sync::Mutex<Vec<Worker>>,
    path_views: PathViews,
}

impl Resources {
    /// Captures the base environment and the run's secrets, and makes this process a
    /// subreaper where it can be.
    pub(crate) fn new(image: Image, tee: bool, containers: bool, fork: bool) -> Self {
        Resources {
            image,
            base_env: BaseEnv::capture(),
            tee,
            redactor: Redactor::from_env([]),
            subreaper: crate::sys::process_tree::become_subreaper(),
            containers,
            fork,
            temp_root: std::env::temp_dir(),
            scratch: std::sync::OnceLock::new(),
            workers: std::sync::Mutex::new(Vec::new()),
            path_views: PathViews::default(),
        }
    }

    /// The secrets to take out of everything about `def`: the run's, the values the case
    /// passes through, and the values it sets under names that mark a secret.
    pub(crate) fn redactor_for(&self, def: &CaseDef) -> Redactor {
        let mut case = Redactor::default();
        for name in def.env_pass {
            if let Some(value) = self.base_env.harness_value(name) {
                case.add_os(value);
            }
        }
        for (name, value) in def.env {
            if redact::marks_secret(name) {
                case.add(value);
            }
        }
        self.redactor.with(&case)
    }

    /// An idle worker for one case, or a new one; hand it back with
    /// [`put_worker`](Self::put_worker).
    pub(crate) fn take_worker(&self) -> Worker {
        let idle = self
            .workers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        idle.unwrap_or_else(|| {
            Worker::new(&self.image, self.base_env.vars().to_vec(), &self.temp_root)
        })
    }

    /// Returns a worker after its case, for the next one.
    pub(crate) fn put_worker(&self, worker: Worker) {
        self.workers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(worker);
    }

    /// Where the case actually runs: `FAULTS_ISOLATION=container` puts every case that would
    /// run in a process of its own into a container.
    pub(crate) fn isolation_of(&self, def: &CaseDef) -> Isolation {
        match def.isolation {
            Isolation::Process if self.containers => Isolation::Container,
            isolation => isolation,
        }
    }

    /// `path` without the `hidden` programs, built once per run and hidden set.
    pub(crate) fn path_without(
        &self,
        path: &OsStr,
        hidden: &[&'static str],
    ) -> std::io::Result<OsString> {
        self.path_views.view(path, hidden, self.scratch()?)
    }

    /// The run's private directory, created on first use.
    pub(crate) fn scratch(&self) -> std::io::Result<&std::path::Path> {
        if let Some(scratch) = self.scratch.get() {
            return Ok(scratch.path());
        }
        let created = scratch_dir()?;
        interrupt::track_path(created.path());
        // Another worker may have created one meanwhile: the first stays, this one goes.
        if let Err(spare) = self.scratch.set(created) {
            interrupt::untrack_path(spare.path());
        }
        Ok(self.scratch.get().expect("set above").path())
    }
}

impl Drop for Resources {
    fn drop(&mut self) {
        // Workers stop their supervisors first, then the private directory goes.
        self.workers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
        if let Some(scratch) = self.scratch.get() {
            interrupt::untrack_path(scratch.path());
        }
    }
}

/// The run's private directory (views of PATH): memory-backed when the system has one, else
/// under the temp directory.
fn scratch_dir() -> std::io::Result<TempDir> {
    const MEMORY_BACKED: &str = "/dev/shm";
    let builder = || {
        let mut builder = tempfile::Builder::new();
        builder.prefix("faults-run-");
        builder
    };
    builder()
        .tempdir_in(MEMORY_BACKED)
        .or_else(|_| builder().tempdir())
}
