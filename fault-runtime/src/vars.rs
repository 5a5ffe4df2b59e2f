//! The environment variables through which tools talk to a fault harness.
//!
//! These names are a public contract: `cargo faults` drives harnesses only through them, and
//! any other runner may do the same.

/// Names the run; every record carries it. `cargo faults` sets one per invocation; otherwise
/// nextest's run id is used, else one is generated.
pub const RUN_ID: &str = "FAULTS_RUN_ID";

/// Where records are written; default `<target dir>/faults/<run id>/`.
pub const RECORDS_DIR: &str = "FAULTS_RECORDS_DIR";

/// `1`: keep the sandbox of every failed case and name it in the record.
pub const KEEP_SANDBOX: &str = "FAULTS_KEEP_SANDBOX";

/// `1` together with `--list`: print the harness's [`Listing`](crate::listing::Listing) as one
/// JSON document instead of libtest's list. This is the handshake that tells a fault harness
/// from any other test binary: an ordinary libtest binary prints its usual list and runs nothing.
pub const DESCRIBE: &str = "FAULTS_DESCRIBE";

/// A file of case ids, one per line: only those cases exist for this run. An id the harness
/// does not know is an error, so a stale selection cannot silently run nothing.
pub const SELECT: &str = "FAULTS_SELECT";

/// `1`: after the first failed case, start no further case (they are reported as ignored).
pub const FAIL_FAST: &str = "FAULTS_FAIL_FAST";

/// `1`: a case that declares a gate fails (`wrong_gate`) when its refusal reports no gate.
pub const STRICT_GATES: &str = "FAULTS_STRICT_GATES";

/// `1`: a `drift` case that fails as predicted fails the run instead of passing.
pub const DRIFT_AS_FAILURE: &str = "FAULTS_DRIFT_AS_FAILURE";

/// Set by nextest; the run id when [`RUN_ID`] is not set.
pub(crate) const NEXTEST_RUN_ID: &str = "NEXTEST_RUN_ID";

/// Whether a flag variable is set to `1`.
pub(crate) fn flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|value| value == "1")
}
