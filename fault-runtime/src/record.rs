//! RunRecords: one JSON document per case per run, the project's public output contract.
//!
//! # Evolution
//!
//! The format is versioned by [`SCHEMA`]. Within a version, changes are additive only: new
//! optional fields may appear, no field is renamed, retyped or removed, and readers must ignore
//! fields they do not know. Anything else is a new version with a new schema name.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::failpoint::FailpointReport;
pub use crate::limits::Limits;
pub use crate::repeat::{CopyOutcome, RepeatReport};
pub use crate::retry::Attempt;
pub use crate::rollback::{RollbackKind, RollbackReport};
pub use crate::warning::Warning;

use crate::atomic_write;
use crate::sandbox::SideEffect;
use crate::{Gate, Severity, Status, Verdict};

/// The schema name every v1 record carries in its `schema` field.
pub const SCHEMA: &str = "fault-runtime/run-record/v1";

/// The JSON Schema (draft 2020-12) of a v1 record, for tools that validate records.
pub const JSON_SCHEMA: &str = include_str!("../schema/run-record.v1.json");

/// One case's run: what was expected, what was observed, and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The run this record belongs to; shared by every case of one `cargo faults` run.
    pub run_id: String,
    /// The case's stable id.
    pub case_id: String,
    /// The case's human name.
    pub name: String,
    /// The fault's class.
    pub category: Option<String>,
    /// The declared gate.
    pub gate: Option<Gate>,
    /// The declared severity.
    pub severity: Severity,
    /// The label of the injected fault.
    pub fault_injected: Option<String>,
    /// What the case required.
    pub expected: Expected,
    /// `passed` or `failed`, derived from the verdict.
    pub status: Status,
    /// How the case ended.
    pub verdict: Verdict,
    /// What the system did.
    pub observed: Observed,
    /// Refusals and errors observed during the case.
    pub errors: Vec<ErrorEntry>,
    /// Whether the system reported a rollback.
    pub rollback_executed: bool,
    /// What the rollback did, when one ran.
    pub rollback_details: Option<RollbackReport>,
    /// Every attempt of a retried operation, in order.
    pub retry_history: Vec<Attempt>,
    /// What changed in the sandbox during the case.
    pub side_effects: Vec<SideEffect>,
    /// The case's environment, by name only: values are never written.
    pub environment: Environment,
    /// Timing.
    pub performance: Performance,
    /// When the case's process was started (RFC 3339).
    pub started_at: String,
    /// When the verdict was reached (RFC 3339).
    pub finished_at: String,
    /// Free labels of the case.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the case is defined.
    pub source: Option<Source>,
    /// The watchdog limit in force, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// The tail of the case's output.
    pub output: Option<Output>,
    /// Where the sandbox of a failed case was kept (`FAULTS_KEEP_SANDBOX=1`).
    pub sandbox_kept: Option<String>,
    /// The resource limits the case ran under, and the one it ran into.
    #[serde(default)]
    pub limits: Option<Limits>,
    /// Each armed failpoint and how often it was reached.
    #[serde(default)]
    pub failpoints: Vec<FailpointReport>,
    /// What the case requires on this machine, and what was absent.
    #[serde(default)]
    pub dependencies: Option<Dependencies>,
    /// The outcomes of every copy of a `repeat` case.
    #[serde(default)]
    pub repeat: Option<RepeatReport>,
    /// Why the case is marked `drift`.
    #[serde(default)]
    pub drift: Option<String>,
    /// `process` (its own process) or `none` (inside the harness process).
    #[serde(default = "default_isolation")]
    pub isolation: String,
    /// Warnings the system reported while the case ran.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

fn default_isolation() -> String {
    "process".to_owned()
}

/// What a case requires (`requires`) and what of it was absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependencies {
    /// Program names, `env:NAME` and `file:PATH`, as declared.
    pub required: Vec<String>,
    /// Those absent when the case was to run; the case did not run then.
    pub missing: Vec<String>,
}

/// What the case required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    /// The refusal code.
    pub code: String,
    /// The pipeline must halt with no side effects.
    pub halt: bool,
    /// A rollback must run.
    pub rollback: bool,
    /// The kind of rollback declared: `any`, `compensating` or `snapshot`.
    #[serde(default)]
    pub rollback_kind: Option<String>,
    /// The most attempts the refusal may report (`attempts`).
    #[serde(default)]
    pub attempts: Option<u32>,
}

/// What the system did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observed {
    /// The refusal code, when there was a refusal.
    pub code: Option<String>,
    /// The refusal's message, a panic message, or how the process ended.
    pub message: Option<String>,
    /// The gate the refusal reported.
    pub gate: Option<Gate>,
    /// A gate was declared and the refusal reported that same gate.
    pub gate_verified: bool,
    /// The exit code of the case's process.
    pub exit_code: Option<i32>,
    /// The signal that ended the case's process.
    pub signal: Option<i32>,
    /// The exit code of the program whose exit was the refusal (process outcomes).
    #[serde(default)]
    pub program_exit_code: Option<i32>,
}

/// One observed refusal or error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEntry {
    /// When it was observed (RFC 3339).
    pub timestamp: String,
    /// Its severity: as reported by the system, else as declared by the case.
    pub severity: Severity,
    /// Its code.
    pub code: String,
    /// Its message.
    pub message: Option<String>,
    /// The label of the fault that caused it.
    pub fault_injected: Option<String>,
}

/// The case's environment, names only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// Names removed (`env_remove`).
    pub removed: Vec<String>,
    /// Names set (`env`).
    pub set: Vec<String>,
    /// Names passed through from the harness (`env_pass`).
    pub passed: Vec<String>,
    /// Binaries hidden from PATH.
    pub hidden: Vec<String>,
    /// Failpoints armed in the case's process.
    pub failpoints: Vec<String>,
}

/// Timing of the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    /// Wall time of the case's process, in milliseconds.
    pub duration_ms: f64,
    /// Virtual (paused-clock) time, when the case used it.
    pub virtual_ms: Option<f64>,
    /// The watchdog killed the process.
    pub timed_out: bool,
}

/// Where a case is defined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// `file!()` of the case.
    pub file: String,
    /// `line!()` of the case.
    pub line: u32,
}

/// The tail of the case's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// The last lines of stdout.
    pub stdout_tail: String,
    /// The last lines of stderr.
    pub stderr_tail: String,
    /// Bytes written to stdout in all.
    pub stdout_bytes: u64,
    /// Bytes written to stderr in all.
    pub stderr_bytes: u64,
}

/// A new run id: sortable by start time and unique per process, e.g. `20261122T084501Z-4242`.
pub fn new_run_id() -> String {
    crate::clock::generated_run_id()
}

impl RunRecord {
    /// The file name of a case's record: the case id with every character outside
    /// `[A-Za-z0-9._-]` replaced, so it is safe on every filesystem.
    pub fn file_name(case_id: &str) -> String {
        let stem: String = case_id
            .replace("::", ".")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{stem}.json")
    }

    /// Writes the record into `dir` atomically: readers see the whole record or none of it.
    pub fn write_to(&self, dir: &Path) -> io::Result<PathBuf> {
        let path = dir.join(Self::file_name(&self.case_id));
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        atomic_write::write(&path, &json)?;
        Ok(path)
    }

    /// Reads one record, checking that it is a v1 record.
    pub fn read(path: &Path) -> io::Result<Self> {
        let bytes = std::fs::read(path)?;
        let record: RunRecord = serde_json::from_slice(&bytes)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
        if record.schema != SCHEMA {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("schema is `{}`, expected `{SCHEMA}`", record.schema),
            ));
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_lists_exactly_the_verdicts() {
        let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
        let mut in_schema: Vec<&str> = schema["$defs"]["verdict"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut in_code: Vec<&str> = crate::Verdict::ALL.iter().map(|v| v.as_str()).collect();
        in_schema.sort_unstable();
        in_code.sort_unstable();
        assert_eq!(in_schema, in_code);
        for verdict in crate::Verdict::ALL {
            let json = serde_json::to_value(verdict).unwrap();
            assert_eq!(json, verdict.as_str(), "serde and as_str agree");
        }
    }

    #[test]
    fn file_names_are_filesystem_safe() {
        assert_eq!(
            RunRecord::file_name("toolforge::gates::missing_adapter_id"),
            "toolforge.gates.missing_adapter_id.json"
        );
        assert_eq!(RunRecord::file_name("fault-1"), "fault-1.json");
        assert_eq!(RunRecord::file_name("a/b c"), "a_b_c.json");
    }
}
