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

pub use crate::api::Attempt;
pub use crate::api::outcome::{FoundIn, Stream};
pub use crate::api::rollback::{RollbackKind, RollbackReport};

use crate::record::{
    Category, Isolation, Network, RollbackExpectation, Status, Timestamp, Verdict, Warning,
};
use crate::record::{
    ControlReport, FailpointReport, Limits, RepeatReport, SideEffect, SweepRun, SweepSites,
    SyscallReport,
};

use crate::Gate;
use crate::Severity;
use crate::record::atomic_write;

/// The schema name every v1 record carries in its `schema` field.
pub const SCHEMA: &str = "fault-runtime/run-record/v1";

/// The JSON Schema (draft 2020-12) of a v1 record, for tools that validate records.
pub const JSON_SCHEMA: &str = include_str!("../../schema/run-record.v1.json");

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
    pub category: Option<Category>,
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
    pub started_at: Timestamp,
    /// When the verdict was reached (RFC 3339).
    pub finished_at: Timestamp,
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
    /// The one verdict the drift predicts (`drift_verdict`); any behaviour verdict when `None`.
    #[serde(default)]
    pub drift_verdict: Option<Verdict>,
    /// The last day the drift absorbs its failure (`drift_until`, `YYYY-MM-DD`).
    #[serde(default)]
    pub drift_until: Option<String>,
    /// Where the hardening of the drift is tracked (`drift_issue`).
    #[serde(default)]
    pub drift_issue: Option<String>,
    /// `process` (its own process) or `none` (inside the harness process).
    #[serde(default)]
    pub isolation: Isolation,
    /// Warnings the system reported while the case ran.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The harness that ran the case (`package::target`): two harnesses of one run may define
    /// the same case id.
    #[serde(default)]
    pub harness: Option<String>,
    /// The invocation that wrote the record: a reader counts a record only for the invocation
    /// it expects, never one an earlier invocation left behind under the same run id.
    #[serde(default)]
    pub invocation_id: Option<String>,
    /// Processes the case started that were still alive after its body ended; all were killed.
    #[serde(default)]
    pub leaked_processes: Vec<LeakedProcess>,
    /// How the harness followed what the case started.
    #[serde(default)]
    pub containment: Option<Containment>,
    /// How the case's process was started; `None` for an in-process case.
    #[serde(default)]
    pub spawn: Option<SpawnKind>,
    /// Claims of the case the harness could not verify; strict mode fails them as `unverified`.
    #[serde(default)]
    pub unverified: Vec<Unverified>,
    /// The behaviour verdict a `drift` mark absorbed, when the verdict is `drift`; for
    /// `drift_expired`, the failure it absorbed until its date.
    #[serde(default)]
    pub drift_absorbed: Option<Verdict>,
    /// How the case's control run ended, when it had one (`control`, `cargo faults --control`).
    #[serde(default)]
    pub control: Option<ControlReport>,
    /// A sweep's runs, one row each, in the order they ran; empty for a case without `sweep`.
    #[serde(default)]
    pub sweep: Vec<SweepRun>,
    /// The sites a failpoint sweep reached and the harness's sites it never reached.
    #[serde(default)]
    pub sweep_sites: Option<SweepSites>,
}

/// A claim of a case that the evidence neither confirms nor contradicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unverified {
    /// What kind of claim.
    pub claim: ClaimKind,
    /// What it is about: the gate, or the failpoint's name.
    pub subject: String,
    /// Why it is not verified, in words.
    pub reason: String,
}

/// The kinds of claims a harness may be unable to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A declared gate the refusal did not report.
    Gate,
    /// A failpoint armed under a name no `fault_runtime::fail_point!` site registers.
    Failpoint,
}

/// A process a case left running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakedProcess {
    /// Its pid when it was found.
    pub pid: u32,
    /// Its command line (at most 200 characters), or `[name]` when it has none.
    pub command: String,
}

/// How the harness follows the processes a case starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Containment {
    /// A PID namespace of the case's own: nothing survives it.
    PidNamespace,
    /// A child subreaper adopts every orphan: processes that leave the case's process group
    /// (`setsid`, a group of their own, a double fork) are still found.
    Subreaper,
    /// The case's process group is the bound: a process that leaves it is not found.
    ProcessGroup,
    /// Nothing follows the processes of an in-process case where the harness cannot adopt
    /// orphans.
    None,
}

/// How a case's process was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpawnKind {
    /// Forked from a prepared helper process.
    Fork,
    /// Executed from the harness binary.
    Exec,
}

impl SpawnKind {
    /// The name records and `FAULTS_SPAWN` give it.
    pub const fn as_str(self) -> &'static str {
        match self {
            SpawnKind::Fork => "fork",
            SpawnKind::Exec => "exec",
        }
    }
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
    /// The refusal code (a sweep's first).
    pub code: String,
    /// Every refusal code accepted: `code`, then the others a sweep lists.
    #[serde(default)]
    pub codes: Vec<String>,
    /// The pipeline must halt with no side effects.
    pub halt: bool,
    /// A rollback must run.
    pub rollback: bool,
    /// The kind of rollback declared: `any`, `compensating` or `snapshot`.
    #[serde(default)]
    pub rollback_kind: Option<RollbackExpectation>,
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
    /// The exit code of the program whose exit was the refusal, or 0 for one that accepted
    /// (process outcomes).
    #[serde(default)]
    pub program_exit_code: Option<i32>,
    /// The output line a process outcome's code was found in.
    #[serde(default)]
    pub code_line: Option<String>,
    /// The stream that line was on.
    #[serde(default)]
    pub code_stream: Option<Stream>,
}

/// One observed refusal or error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEntry {
    /// When it was observed (RFC 3339).
    pub timestamp: Timestamp,
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
    /// Programs hidden from the case (from PATH, or from a container's view), and, in a
    /// container, absolute paths.
    pub hidden: Vec<String>,
    /// The network the case saw: `none` for a container with a network of its own.
    #[serde(default)]
    pub network: Network,
    /// Failpoints armed in the case's process.
    pub failpoints: Vec<String>,
    /// The syscall faults, each with the calls it saw and the faults it injected.
    #[serde(default)]
    pub syscalls: Vec<SyscallReport>,
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

/// A new run id: sortable by start time and unique per process, e.g.
/// `20261122T084501.123Z-4242`.
pub fn new_run_id() -> String {
    crate::record::clock::generated_run_id()
}

/// Writes `bytes` to `path` atomically: a reader sees the whole file or none of it, never a
/// half-written record or report.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic_write::write(path, bytes)
}

/// Where the records of run `run_id` go when no directory is given: `<target>/faults/<run_id>`.
pub fn default_dir(target_dir: &Path, run_id: &str) -> PathBuf {
    runs_dir(target_dir).join(run_id)
}

/// The directory that holds one directory per run by default, `<target>/faults`: where a tool
/// looks for earlier runs.
pub fn runs_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("faults")
}

/// A new invocation id (`FAULTS_INVOCATION_ID`): unique to one invocation of a runner.
pub fn new_invocation_id() -> String {
    crate::record::clock::generated_invocation_id()
}

impl RunRecord {
    /// The file name of the record of `case_id` run by `harness`: injective, so two different
    /// cases, or one case id in two harnesses, never share a file, and safe on every
    /// filesystem, case-insensitive ones included.
    ///
    /// `::` becomes `.`; ASCII lowercase letters, digits, `_` and `-` stay; every other byte is
    /// written `%XX`. The case id and the harness are joined by `@`. A name that would be too
    /// long for a filesystem is cut and ends in a hash of the whole.
    pub fn file_name(case_id: &str, harness: &str) -> String {
        const MAX_STEM: usize = 200;
        let stem = format!("{}@{}", encode(case_id), encode(harness));
        if stem.len() <= MAX_STEM {
            return format!("{stem}.json");
        }
        let hash = fnv1a(format!("{case_id}\0{harness}").as_bytes());
        format!("{}~{hash:016x}.json", &stem[..MAX_STEM - 17])
    }

    /// Writes the record into `dir` atomically: readers see the whole record or none of it.
    pub fn write_to(&self, dir: &Path) -> io::Result<PathBuf> {
        let path = self.path_in(dir);
        atomic_write::write(&path, &self.to_json()?)?;
        Ok(path)
    }

    /// The record as its file holds it: one line of JSON, which costs a fraction of an
    /// indented one to write and to read (`jq .` shows it indented).
    pub fn to_json(&self) -> io::Result<Vec<u8>> {
        let mut json = Vec::with_capacity(4096);
        serde_json::to_writer(&mut json, self)?;
        json.push(b'\n');
        Ok(json)
    }

    /// Where this record goes in `dir`.
    pub fn path_in(&self, dir: &Path) -> PathBuf {
        dir.join(Self::file_name(
            &self.case_id,
            self.harness.as_deref().unwrap_or_default(),
        ))
    }

    /// The record with every secret `redactor` knows replaced, in every string it holds.
    pub fn redacted(self, redactor: &crate::record::redact::Redactor) -> io::Result<RunRecord> {
        if redactor.is_empty() {
            return Ok(self);
        }
        let mut value = serde_json::to_value(&self)?;
        redactor.redact_json(&mut value);
        serde_json::from_value(value).map_err(io::Error::other)
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

/// `::` as `.`, `[a-z0-9_-]` as is, every other byte as `%XX`.
fn encode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut rest = id;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("::") {
            out.push('.');
            rest = after;
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// FNV-1a, 64 bits: a stable hash for shortened file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
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
        let mut in_code: Vec<&str> = crate::record::Verdict::ALL
            .iter()
            .map(|v| v.as_str())
            .collect();
        in_schema.sort_unstable();
        in_code.sort_unstable();
        assert_eq!(in_schema, in_code);
        for verdict in crate::record::Verdict::ALL {
            let json = serde_json::to_value(verdict).unwrap();
            assert_eq!(json, verdict.as_str(), "serde and as_str agree");
        }
    }

    #[test]
    fn file_names_are_readable_and_filesystem_safe() {
        assert_eq!(
            RunRecord::file_name("toolforge::gates::missing_adapter_id", "toolforge::faults"),
            "toolforge.gates.missing_adapter_id@toolforge.faults.json"
        );
        assert_eq!(
            RunRecord::file_name("fault-1", "toolforge::faults"),
            "fault-1@toolforge.faults.json"
        );
        assert_eq!(RunRecord::file_name("a/b c", "h"), "a%2Fb%20c@h.json");
    }

    #[test]
    fn file_names_are_injective() {
        let ids = [
            ("a::b", "h"),
            ("a.b", "h"),
            ("a:b", "h"),
            ("A::b", "h"),
            ("a::B", "h"),
            ("a::b", "h2"),
            ("a::b@h", ""),
            ("a%2Eb", "h"),
            ("faults::x", "alpha::faults"),
            ("faults::x", "beta::faults"),
        ];
        let mut names: Vec<String> = ids
            .iter()
            .map(|(id, harness)| RunRecord::file_name(id, harness).to_ascii_lowercase())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ids.len(), "{names:?}");
    }

    #[test]
    fn long_names_are_cut_and_hashed_apart() {
        let long = "m::".repeat(100);
        let a = RunRecord::file_name(&format!("{long}a"), "h");
        let b = RunRecord::file_name(&format!("{long}b"), "h");
        assert!(a.len() <= 210, "{a}");
        assert_ne!(a, b);
    }
}
