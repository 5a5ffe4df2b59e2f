//! What every case of one harness run shares: run id, records directory, environment base.

use std::path::{Path, PathBuf};

use tempfile::TempDir;
use thiserror::Error;

use crate::environment::BaseEnv;
use crate::path_view::PathViews;
use crate::worker::{Pool, Worker};
use crate::{Status, Verdict, clock, vars};

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
    #[error(
        "failed to create a private directory for case reports: {0}\n(hint: check that TMPDIR is writable)"
    )]
    ControlDir(#[source] std::io::Error),
}

/// State shared by every case of one harness run, created when the first case starts.
#[derive(Debug)]
pub(crate) struct RunContext {
    pub(crate) run_id: String,
    pub(crate) records_dir: PathBuf,
    pub(crate) exe: PathBuf,
    pub(crate) base_env: BaseEnv,
    pub(crate) tee: bool,
    pub(crate) keep_failed_sandboxes: bool,
    pub(crate) strict_gates: bool,
    pub(crate) drift_as_failure: bool,
    control: TempDir,
    workers: Pool,
    path_views: PathViews,
}

impl RunContext {
    /// Reads the run's settings from the environment and creates its directories.
    pub(crate) fn new(tee: bool) -> Result<Self, SetupError> {
        let exe = std::env::current_exe().map_err(SetupError::Exe)?;
        let run_id = std::env::var(vars::RUN_ID)
            .or_else(|_| std::env::var(vars::NEXTEST_RUN_ID))
            .ok()
            .filter(|id| !id.is_empty())
            .unwrap_or_else(clock::generated_run_id);
        let records_dir = match std::env::var_os(vars::RECORDS_DIR).filter(|dir| !dir.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => target_dir(&exe).join("faults").join(&run_id),
        };
        std::fs::create_dir_all(&records_dir).map_err(|source| SetupError::RecordsDir {
            path: records_dir.clone(),
            source,
        })?;
        let control = control_dir().map_err(SetupError::ControlDir)?;
        Ok(RunContext {
            run_id,
            records_dir,
            exe,
            base_env: BaseEnv::capture(),
            tee,
            keep_failed_sandboxes: vars::flag(vars::KEEP_SANDBOX),
            strict_gates: vars::flag(vars::STRICT_GATES),
            drift_as_failure: vars::flag(vars::DRIFT_AS_FAILURE),
            control,
            workers: Pool::default(),
            path_views: PathViews::default(),
        })
    }

    /// Whether `verdict` passes in this run: `drift` fails under `FAULTS_DRIFT_AS_FAILURE`.
    pub(crate) fn status(&self, verdict: Verdict) -> Status {
        if verdict == Verdict::Drift && self.drift_as_failure {
            Status::Failed
        } else {
            verdict.status()
        }
    }

    /// An idle worker for one case; hand it back with [`put_worker`](Self::put_worker).
    pub(crate) fn take_worker(&self) -> std::io::Result<Worker> {
        self.workers.take(self.control.path())
    }

    /// `path` without the `hidden` programs, built once per run and hidden set.
    pub(crate) fn path_without(
        &self,
        path: &std::ffi::OsStr,
        hidden: &[&'static str],
    ) -> std::io::Result<std::ffi::OsString> {
        self.path_views.view(path, hidden, self.control.path())
    }

    /// Returns a worker after its case, for the next one.
    pub(crate) fn put_worker(&self, worker: Worker) {
        self.workers.put(worker);
    }
}

/// Where children write their reports: a memory-backed directory when the system has one, since
/// reports are rewritten for every case and never need to reach a disk; else the temp directory.
fn control_dir() -> std::io::Result<TempDir> {
    const MEMORY_BACKED: &str = "/dev/shm";
    let builder = || {
        let mut builder = tempfile::Builder::new();
        builder.prefix("faults-reports-");
        builder
    };
    builder()
        .tempdir_in(MEMORY_BACKED)
        .or_else(|_| builder().tempdir())
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
