//! What a harness says about its cases when asked: `--list` with `FAULTS_DESCRIBE` naming a
//! file, which the harness writes its [`Listing`] to.
//!
//! Versioned like records: additive changes only within [`SCHEMA`].
//!
//! A binary that links the harness carries a marker (see [`harness_marker`]), so a tool can
//! tell a fault harness from any other test binary without running it, and a fault harness
//! that does not answer the handshake is an error, never silently skipped.

use serde::{Deserialize, Serialize};

use crate::Gate;
use crate::declare::failpoint_site::{self, FailpointSite};
use crate::declare::registry::Registered;
use crate::declare::{Category, Control, Isolation, RollbackExpectation, Sweep};

/// The order cases are listed and reported in: by id, with numbers compared by value
/// (`case_2` before `case_10`).
pub use crate::declare::registry::natural_order;

/// The schema name of a v1 listing.
pub const SCHEMA: &str = "fault-runtime/listing/v1";

/// [`ListedCase::sweep`] of a `sweep = "failpoints"` case; any other sweep is a syscall fault
/// spec (`write:ENOSPC`).
pub const SWEEP_FAILPOINTS: &str = Sweep::FAILPOINTS;

/// The marker's bytes, XOR-ed with [`MARKER_KEY`]: a tool that searches binaries for the
/// marker must not carry it itself, or its own test binaries would look like fault harnesses.
const MARKER_XORED: [u8; 32] = xor(*b"fault-runtime:harness-marker:v1\0");

/// What the marker's bytes are XOR-ed with.
const MARKER_KEY: u8 = 0x5a;

/// The ELF section that holds the marker: a tool reads a binary's section headers to find it,
/// instead of searching the whole binary (on other formats it searches for the bytes).
pub const MARKER_SECTION: &str = ".faults_harness";

/// The marker, in the only place it appears in the clear: a binary that links
/// [`run`](crate::run) links this too.
#[cfg_attr(
    all(target_family = "unix", not(target_vendor = "apple")),
    unsafe(link_section = ".faults_harness")
)]
pub(crate) static HARNESS_MARKER: [u8; 32] = xor(MARKER_XORED);

const fn xor(mut bytes: [u8; 32]) -> [u8; 32] {
    let mut i = 0;
    while i < bytes.len() {
        bytes[i] ^= MARKER_KEY;
        i += 1;
    }
    bytes
}

/// The bytes found in every binary that links the harness (`fault_runtime::run`), and in no
/// binary that does not: how `cargo faults` tells fault harnesses from other test binaries
/// where it cannot look for [`MARKER_SECTION`].
pub fn harness_marker() -> Vec<u8> {
    let key = std::hint::black_box(MARKER_KEY);
    MARKER_XORED.iter().map(|byte| byte ^ key).collect()
}

/// Every case of one harness, sorted by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The cases.
    pub cases: Vec<ListedCase>,
    /// Why the harness cannot run at all (e.g. two cases share an id); no cases are listed then.
    #[serde(default)]
    pub error: Option<String>,
    /// Every `fault_runtime::fail_point!` site linked into the harness, by name: the error
    /// paths a case can arm, so a tool can show the ones no case fires. Empty in a listing
    /// from a harness that predates this field.
    #[serde(default)]
    pub failpoint_sites: Vec<ListedSite>,
}

/// A registered failpoint site: a `fault_runtime::fail_point!` in the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedSite {
    /// The failpoint's name, which cases arm.
    pub name: String,
    /// `file!()` of the site.
    pub file: String,
    /// `line!()` of the site.
    pub line: u32,
}

/// One case's declaration, as the attribute wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedCase {
    /// The stable id.
    pub case_id: String,
    /// The human name.
    pub name: String,
    /// The expected refusal code (a sweep's first).
    pub expect: String,
    /// The further codes a sweep accepts.
    #[serde(default)]
    pub expect_also: Vec<String>,
    /// The declared gate.
    pub gate: Option<Gate>,
    /// Whether the pipeline must halt with no side effects.
    pub halt: bool,
    /// Whether a rollback must run.
    pub rollback: bool,
    /// The declared severity.
    pub severity: crate::Severity,
    /// The fault's class.
    pub category: Option<Category>,
    /// The label of the injected fault.
    pub fault: Option<String>,
    /// What an operator does to fix it.
    pub recovery: Option<String>,
    /// Free labels.
    pub tags: Vec<String>,
    /// Marked `#[ignore]`.
    pub ignored: bool,
    /// `file!()` of the case.
    pub file: String,
    /// `line!()` of the case.
    pub line: u32,
    /// The watchdog limit, in milliseconds.
    pub timeout_ms: u64,
    /// Programs hidden from the case's PATH.
    #[serde(default)]
    pub hide: Vec<String>,
    /// What the case requires on the machine.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Armed failpoints, as `name=actions`.
    #[serde(default)]
    pub failpoints: Vec<String>,
    /// The address-space limit, in bytes.
    #[serde(default)]
    pub memory_limit: Option<u64>,
    /// The open-file limit.
    #[serde(default)]
    pub open_files: Option<u64>,
    /// The kind of rollback declared: `any`, `compensating` or `snapshot`.
    #[serde(default)]
    pub rollback_kind: Option<RollbackExpectation>,
    /// How many copies run (`repeat`).
    #[serde(default)]
    pub repeat: Option<u32>,
    /// Why the case is marked `drift`.
    #[serde(default)]
    pub drift: Option<String>,
    /// The one verdict the drift predicts (`drift_verdict`); any behaviour verdict when `None`.
    #[serde(default)]
    pub drift_verdict: Option<String>,
    /// The last day the drift absorbs its failure (`drift_until`).
    #[serde(default)]
    pub drift_until: Option<String>,
    /// Where the hardening of the drift is tracked (`drift_issue`).
    #[serde(default)]
    pub drift_issue: Option<String>,
    /// The most attempts the refusal may report.
    #[serde(default)]
    pub attempts: Option<u32>,
    /// An `async fn` case.
    #[serde(default)]
    pub is_async: bool,
    /// `time = "paused"`.
    #[serde(default)]
    pub paused_time: bool,
    /// Where the body runs.
    #[serde(default)]
    pub isolation: Option<Isolation>,
    /// Variables passed through from the harness's environment (`env_pass`), by name: their
    /// values are secrets to redact.
    #[serde(default)]
    pub env_pass: Vec<String>,
    /// Syscall faults, exactly as declared (`write:ENOSPC@3`): the spec a record reports its
    /// calls and injections under.
    #[serde(default)]
    pub syscalls: Vec<String>,
    /// What the case sweeps over, as declared: a syscall fault (`write:ENOSPC`) or
    /// [`SWEEP_FAILPOINTS`].
    #[serde(default)]
    pub sweep: Option<String>,
    /// The case's declared control run (`control`, `control = healthy_fn`); `None` without one.
    #[serde(default)]
    pub control: Option<ListedControl>,
}

/// A declared control run: what the harness runs to show the case refuses only with its fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedControl {
    /// The healthy fn's path (`control = valid_remote_spec`); `None` for `control` alone, the
    /// body without the faults the attribute injects.
    pub healthy_fn: Option<String>,
}

impl Listing {
    /// The listing of `cases`.
    pub fn of(cases: &[Registered]) -> Self {
        Listing {
            schema: SCHEMA.to_owned(),
            cases: cases.iter().map(ListedCase::of).collect(),
            error: None,
            failpoint_sites: failpoint_site::all()
                .into_iter()
                .map(ListedSite::of)
                .collect(),
        }
    }

    /// The listing of a harness that cannot run: the handshake still answers, with the reason.
    pub fn failed(error: String) -> Self {
        Listing {
            schema: SCHEMA.to_owned(),
            cases: Vec::new(),
            error: Some(error),
            failpoint_sites: Vec::new(),
        }
    }
}

impl ListedSite {
    fn of(site: &FailpointSite) -> Self {
        ListedSite {
            name: site.name.to_owned(),
            file: site.file.to_owned(),
            line: site.line,
        }
    }
}

impl ListedCase {
    fn of(case: &Registered) -> Self {
        let def = case.def;
        ListedCase {
            case_id: case.id.clone(),
            name: def.display_name().to_owned(),
            expect: def.expect.to_owned(),
            expect_also: def
                .expect_also
                .iter()
                .map(|&code| code.to_owned())
                .collect(),
            gate: def.gate.clone(),
            halt: def.halt,
            rollback: def.rollback.is_some(),
            severity: def.severity,
            category: def.category.clone(),
            fault: def.fault.map(str::to_owned),
            recovery: def.recovery.map(str::to_owned),
            tags: def.tags.iter().map(|t| (*t).to_owned()).collect(),
            ignored: def.ignored,
            file: def.file.to_owned(),
            line: def.line,
            timeout_ms: u64::try_from(def.effective_timeout().as_millis()).unwrap_or(u64::MAX),
            hide: def.hide.iter().map(|p| (*p).to_owned()).collect(),
            requires: def.requires.iter().map(|r| (*r).to_owned()).collect(),
            failpoints: def
                .failpoints
                .iter()
                .map(|fp| format!("{}={}", fp.name, fp.actions))
                .collect(),
            memory_limit: def.memory_limit,
            open_files: def.open_files,
            rollback_kind: def.rollback,
            repeat: def.repeat,
            drift: def.drift.map(str::to_owned),
            drift_verdict: def.drift_verdict.map(|verdict| verdict.as_str().to_owned()),
            drift_until: def.drift_until.map(str::to_owned),
            drift_issue: def.drift_issue.map(str::to_owned),
            attempts: def.attempts,
            is_async: def.is_async,
            paused_time: def.paused_time,
            isolation: Some(def.isolation),
            env_pass: def.env_pass.iter().map(|n| (*n).to_owned()).collect(),
            syscalls: def.syscalls.iter().map(|s| (*s).to_owned()).collect(),
            sweep: def.sweep.map(|sweep| sweep.as_str().to_owned()),
            control: def.control.map(|control| ListedControl {
                healthy_fn: match control {
                    Control::WithoutFaults => None,
                    Control::Healthy { name, .. } => Some(name.to_owned()),
                },
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declare::{CaseDef, TEST_CASE};

    static SWEEPING: CaseDef = CaseDef {
        syscalls: &["fsync:EIO", "write:ENOSPC@3"],
        sweep: Some(Sweep::Syscall("write:ENOSPC")),
        ..TEST_CASE
    };

    static FAILPOINT_SWEEP: CaseDef = CaseDef {
        fn_name: "every_site",
        sweep: Some(Sweep::Failpoints),
        ..TEST_CASE
    };

    fn healthy(_: &CaseDef) -> crate::api::outcome::Outcome {
        crate::api::outcome::Outcome::accepted()
    }

    static CONTROLLED: CaseDef = CaseDef {
        control: Some(Control::Healthy {
            name: "crate::fixtures::valid_spec",
            run: healthy,
        }),
        ..TEST_CASE
    };

    static WITHOUT_FAULTS: CaseDef = CaseDef {
        env_remove: &["TOKEN"],
        control: Some(Control::WithoutFaults),
        ..TEST_CASE
    };

    fn listed(def: &'static CaseDef) -> ListedCase {
        ListedCase::of(&Registered {
            id: def.case_id(),
            def,
        })
    }

    #[test]
    fn a_case_lists_its_syscall_specs_and_sweep_as_written() {
        let case = listed(&SWEEPING);
        assert_eq!(case.syscalls, ["fsync:EIO", "write:ENOSPC@3"]);
        assert_eq!(case.sweep.as_deref(), Some("write:ENOSPC"));
        let case = listed(&FAILPOINT_SWEEP);
        assert!(case.syscalls.is_empty());
        assert_eq!(case.sweep.as_deref(), Some(SWEEP_FAILPOINTS));
        assert_eq!(listed(&TEST_CASE).sweep, None);
    }

    #[test]
    fn a_case_lists_its_control_naming_a_healthy_fn_as_written() {
        let healthy_fn = |def| listed(def).control.map(|control| control.healthy_fn);
        assert_eq!(
            healthy_fn(&CONTROLLED),
            Some(Some("crate::fixtures::valid_spec".to_owned()))
        );
        assert_eq!(healthy_fn(&WITHOUT_FAULTS), Some(None));
        assert_eq!(healthy_fn(&TEST_CASE), None);
    }

    #[test]
    fn a_listing_names_the_registered_failpoint_sites() {
        let listing = Listing::of(&[]);
        let names: Vec<&str> = listing
            .failpoint_sites
            .iter()
            .map(|site| site.name.as_str())
            .collect();
        // The registry's own unit test registers this site.
        assert!(names.contains(&"site.test.write"), "{names:?}");
        let json = serde_json::to_value(&listing).unwrap();
        let site =
            &json["failpoint_sites"][names.iter().position(|n| *n == "site.test.write").unwrap()];
        assert_eq!(site["file"], "fault-runtime/src/declare/failpoint_site.rs");
        assert!(site["line"].as_u64().unwrap() > 0);
    }

    #[test]
    fn a_listing_without_the_newer_fields_still_reads() {
        let old = r#"{
            "schema": "fault-runtime/listing/v1",
            "cases": [{
                "case_id": "a::b", "name": "b", "expect": "CODE", "gate": null, "halt": false,
                "rollback": false, "severity": "error", "category": null, "fault": null,
                "recovery": null, "tags": [], "ignored": false, "file": "src/lib.rs",
                "line": 3, "timeout_ms": 60000
            }]
        }"#;
        let listing: Listing = serde_json::from_str(old).unwrap();
        assert!(listing.failpoint_sites.is_empty());
        assert!(listing.cases[0].syscalls.is_empty());
        assert_eq!(listing.cases[0].sweep, None);
    }
}
