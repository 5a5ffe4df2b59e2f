//! What every case of one harness run shares: run id, records directory, environment base.

use std::path::{Path, PathBuf};

use tempfile::TempDir;
use thiserror::Error;

use crate::clock;
use crate::environment::BaseEnv;
use crate::worker::{Pool, Worker};

/// Names the run; `cargo faults` sets it so every harness of one invocation shares it.
pub const RUN_ID_VAR: &str = "FAULTS_RUN_ID";
/// Where records are written; default `<target dir>/faults/<run_id>/`.
pub const RECORDS_DIR_VAR: &str = "FAULTS_RECORDS_DIR";
/// Set to `1` to keep the sandbox of every failed case for inspection.
pub const KEEP_SANDBOX_VAR: &str = "FAULTS_KEEP_SANDBOX";
/// Set by nextest; used as the run id when [`RUN_ID_VAR`] is not set.
const NEXTEST_RUN_ID_VAR: &str = "NEXTEST_RUN_ID";

/// The harness could not prepare to run cases.
#[derive(Debug, Error)]
pub(crate) enum SetupError {
    #[error("failed to locate the harness binary: {0}")]
    Exe(#[source] std::io::Error),
    #[error("failed to create the records directory {}: {source}\n(hint: set {RECORDS_DIR_VAR} to a writable directory)", path.display())]
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
    control: TempDir,
    workers: Pool,
}

impl RunContext {
    /// Reads the run's settings from the environment and creates its directories.
    pub(crate) fn new(tee: bool) -> Result<Self, SetupError> {
        let exe = std::env::current_exe().map_err(SetupError::Exe)?;
        let run_id = std::env::var(RUN_ID_VAR)
            .or_else(|_| std::env::var(NEXTEST_RUN_ID_VAR))
            .ok()
            .filter(|id| !id.is_empty())
            .unwrap_or_else(clock::generated_run_id);
        let records_dir = match std::env::var_os(RECORDS_DIR_VAR).filter(|dir| !dir.is_empty()) {
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
            keep_failed_sandboxes: std::env::var_os(KEEP_SANDBOX_VAR).is_some_and(|v| v == "1"),
            control,
            workers: Pool::default(),
        })
    }

    /// An idle worker for one case; hand it back with [`put_worker`](Self::put_worker).
    pub(crate) fn take_worker(&self) -> std::io::Result<Worker> {
        self.workers.take(self.control.path())
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
