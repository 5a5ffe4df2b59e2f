//! What every case of one harness run shares: run id, records directory, settings, the
//! record writer and the resources cases are started with.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use crate::harness::settings::Settings;
use crate::harness::vars;
use crate::isolate::{Image, Resources};
use crate::judge::Strictness;
use crate::record::Status;
use crate::record::Verdict;
use crate::record::clock;
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
    #[error("failed to open the progress file {} that {} names: {source}", path.display(), vars::PROGRESS)]
    Progress {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
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
    pub(crate) settings: Settings,
    /// What the cases' processes are started with and from.
    pub(crate) resources: Resources,
    records: Arc<RecordWriter>,
    record_thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
    /// The file `FAULTS_PROGRESS` names, opened to append.
    progress: Option<std::sync::Mutex<std::fs::File>>,
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
        let (records, record_thread) = writer::start().map_err(SetupError::Writer)?;
        let progress = match std::env::var_os(vars::PROGRESS).filter(|path| !path.is_empty()) {
            None => None,
            Some(path) => {
                let path = PathBuf::from(path);
                let file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&path)
                    .map_err(|source| SetupError::Progress { path, source })?;
                Some(std::sync::Mutex::new(file))
            }
        };
        Ok(RunContext {
            run_id,
            records_dir,
            harness: harness_label(&exe),
            invocation_id: std::env::var(vars::INVOCATION_ID)
                .ok()
                .filter(|id| !id.is_empty())
                .unwrap_or_else(clock::generated_invocation_id),
            settings,
            resources: Resources::new(image, tee, settings.containers, settings.fork),
            records,
            record_thread: std::sync::Mutex::new(Some(record_thread)),
            progress,
        })
    }

    /// Notes a finished case in the progress file, when there is one: one line, written whole,
    /// before libtest reports the case.
    pub(crate) fn note_progress(&self, case_id: &str, verdict: Verdict, duration_ms: f64) {
        let Some(progress) = &self.progress else {
            return;
        };
        // The id is the one part that needs JSON escaping; verdicts are plain names.
        let line = format!(
            "{{\"case_id\":{},\"verdict\":\"{verdict}\",\"duration_ms\":{duration_ms}}}\n",
            serde_json::Value::from(case_id)
        );
        let mut file = progress
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Progress is shown, not judged: a failed write costs the display its time only.
        let _ = std::io::Write::write_all(&mut *file, line.as_bytes());
    }

    /// Queues a case's record, to be written while the next case runs.
    pub(crate) fn submit_record(&self, path: PathBuf, bytes: Vec<u8>) {
        self.records.submit(path, bytes);
    }

    /// Queues a case's record that the writer thread makes (redacts, serializes), then writes.
    pub(crate) fn submit_made_record(&self, make: crate::record::writer::MakeRecord) {
        self.records.submit_made(make);
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
