//! What every case of one harness run shares: run id, records directory, environment base,
//! secrets, workers.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::TempDir;
use thiserror::Error;

use crate::declare::CaseDef;
use crate::harness::settings::Settings;
use crate::harness::vars;
use crate::isolate::environment::BaseEnv;
use crate::isolate::interrupt;
use crate::isolate::path_view::PathViews;
use crate::isolate::{Image, Worker};
use crate::judge::Strictness;
use crate::record::Status;
use crate::record::Verdict;
use crate::record::clock;
use crate::record::redact::{self, Redactor};
use crate::record::writer::{self, RecordWriter};

/// The harness could not prepare to run cases.
#[derive(Debug, Error)]
pub(crate) enum SetupError {
    #[error("failed to locate the harness binary: {0}")]
    Exe(#[source] std::io::Error),
    #[error("failed to create the records directory {}: {source}\n(hint: set {} to a writable directory)", path.display(), vars::RECORDS_DIR)]
    RecordsDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("failed to start the thread that writes records: {0}")]
    Writer(#[source] std::io::Error),
}

/// State shared by every case of one harness run, created when the first case starts.
#[derive(Debug)]
pub(crate) struct RunContext {
    pub(crate) run_id: String,
    /// Absolute, so a case that changes the working directory cannot move it.
    pub(crate) records_dir: PathBuf,
    /// Names this harness in records and record file names.
    pub(crate) harness: String,
    /// Names this invocation of the harness in its records.
    pub(crate) invocation_id: String,
    image: Image,
    pub(crate) base_env: BaseEnv,
    pub(crate) tee: bool,
    pub(crate) settings: Settings,
    /// The secrets of the harness's own environment.
    pub(crate) redactor: Redactor,
    /// Whether this process adopts the orphans of what in-process cases start.
    pub(crate) subreaper: bool,
    temp_root: PathBuf,
    /// The run's private directory, created when a case first hides a program.
    scratch: std::sync::OnceLock<TempDir>,
    workers: std::sync::Mutex<Vec<Worker>>,
    path_views: PathViews,
    records: Arc<RecordWriter>,
    record_thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl RunContext {
    /// Reads the run's settings from the environment and creates its directories.
    pub(crate) fn new(tee: bool, settings: Settings) -> Result<Self, SetupError> {
        let exe = std::env::current_exe().map_err(SetupError::Exe)?;
        let image = Image::current().map_err(SetupError::Exe)?;
        let run_id = std::env::var(vars::RUN_ID)
            .or_else(|_| std::env::var(vars::NEXTEST_RUN_ID))
            .ok()
            .filter(|id| !id.is_empty())
            .unwrap_or_else(clock::generated_run_id);
        let records_dir = match std::env::var_os(vars::RECORDS_DIR).filter(|dir| !dir.is_empty()) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                std::path::absolute(&dir)
                    .map_err(|source| SetupError::RecordsDir { path: dir, source })?
            }
            None => crate::record::default_dir(&target_dir(&exe), &run_id),
        };
        std::fs::create_dir_all(&records_dir).map_err(|source| SetupError::RecordsDir {
            path: records_dir.clone(),
            source,
        })?;
        let temp_root = std::env::temp_dir();
        let (records, record_thread) = writer::start().map_err(SetupError::Writer)?;
        Ok(RunContext {
            run_id,
            records_dir,
            harness: harness_label(&exe),
            invocation_id: std::env::var(vars::INVOCATION_ID)
                .ok()
                .filter(|id| !id.is_empty())
                .unwrap_or_else(clock::generated_invocation_id),
            base_env: BaseEnv::capture(),
            image,
            tee,
            settings,
            redactor: Redactor::from_env([]),
            subreaper: crate::sys::process_tree::become_subreaper(),
            temp_root,
            scratch: std::sync::OnceLock::new(),
            workers: std::sync::Mutex::new(Vec::new()),
            path_views: PathViews::default(),
            records,
            record_thread: std::sync::Mutex::new(Some(record_thread)),
        })
    }

    /// Queues a case's record, to be written while the next case runs.
    pub(crate) fn submit_record(&self, path: PathBuf, bytes: Vec<u8>) {
        self.records.submit(path, bytes);
    }

    /// Waits until every record is written; says which could not be.
    pub(crate) fn finish_records(&self) -> Vec<String> {
        let errors = self.records.finish();
        let thread = self
            .record_thread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
        errors
    }

    /// Whether `verdict` passes in this run: `drift` fails under `FAULTS_DRIFT_AS_FAILURE`.
    pub(crate) fn status(&self, verdict: Verdict) -> Status {
        if verdict == Verdict::Drift && self.settings.drift_as_failure {
            Status::Failed
        } else {
            verdict.status()
        }
    }

    /// Which unverified claims fail a case.
    pub(crate) fn strictness(&self) -> Strictness {
        self.settings.strictness
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

    /// `path` without the `hidden` programs, built once per run and hidden set.
    pub(crate) fn path_without(
        &self,
        path: &OsStr,
        hidden: &[&'static str],
    ) -> std::io::Result<OsString> {
        let scratch = match self.scratch.get() {
            Some(scratch) => scratch,
            None => {
                let created = scratch_dir()?;
                interrupt::track_path(created.path());
                // Another worker may have created one meanwhile: the first stays, this one goes.
                if let Err(spare) = self.scratch.set(created) {
                    interrupt::untrack_path(spare.path());
                }
                self.scratch.get().expect("set above")
            }
        };
        self.path_views.view(path, hidden, scratch.path())
    }
}

impl Drop for RunContext {
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

/// How this harness is named in records: `FAULTS_HARNESS`, else nextest's binary id, else the
/// package (cargo sets `CARGO_PKG_NAME` when it runs tests) and the binary's crate name, else
/// the binary's file name.
fn harness_label(exe: &Path) -> String {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(label) = set(vars::HARNESS).or_else(|| set(vars::NEXTEST_BINARY_ID)) {
        return label;
    }
    let stem = exe
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "harness".to_owned());
    let crate_name = match stem.rsplit_once('-') {
        Some((name, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            name.to_owned()
        }
        _ => stem,
    };
    match set("CARGO_PKG_NAME") {
        Some(package) => format!("{package}::{crate_name}"),
        None => crate_name,
    }
}

/// The cargo target directory the harness was built into: the nearest ancestor holding cargo's
/// `CACHEDIR.TAG`, else the nearest one named `target`, else the binary's own directory.
fn target_dir(exe: &Path) -> PathBuf {
    let ancestors = || exe.ancestors().skip(1);
    ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .or_else(|| ancestors().find(|dir| dir.file_name().is_some_and(|n| n == "target")))
        .or_else(|| exe.parent())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_target_dir_by_its_cache_tag() {
        let root = tempfile::tempdir().unwrap();
        let deps = root.path().join("custom-target/debug/deps");
        std::fs::create_dir_all(&deps).unwrap();
        std::fs::write(root.path().join("custom-target/CACHEDIR.TAG"), "").unwrap();
        assert_eq!(
            target_dir(&deps.join("faults-0123")),
            root.path().join("custom-target")
        );
    }

    #[test]
    fn falls_back_to_a_dir_named_target() {
        let exe = Path::new("/nowhere/target/debug/deps/faults-0123");
        assert_eq!(target_dir(exe), Path::new("/nowhere/target"));
    }
}
