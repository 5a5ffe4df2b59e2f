//! Which canaries there are, what each does, and the verdict it must get; and how this binary
//! knows it is their harness.

use fault_runtime::record::Verdict;

/// Makes this binary act as the fault harness of its own canaries.
pub(crate) const HARNESS_VAR: &str = "FAULTS_SELFTEST_HARNESS";

/// Exported to the canary harness; the hermetic canary must not see it, and the leaking canary,
/// which passes it through, must not get its value into any record.
pub(crate) const SECRET_VAR: &str = "FAULTS_SELFTEST_SECRET";

/// The value of [`SECRET_VAR`].
pub(crate) const SECRET: &str = "selftest-secret-value";

/// How the canary harness names itself in its records.
pub(crate) const HARNESS: &str = "cargo-faults::selftest";

/// Each canary, what it does, and the verdict it must get.
pub(crate) const CANARIES: &[(&str, &str, Verdict)] = &[
    ("canary::control", "refuses as declared", Verdict::Refused),
    (
        "canary::silent-acceptance",
        "accepts the fault",
        Verdict::SilentAcceptance,
    ),
    (
        "canary::wrong-code",
        "refuses with another code",
        Verdict::WrongCode,
    ),
    ("canary::hang", "sleeps past its 1s timeout", Verdict::Hung),
    (
        "canary::exit-midway",
        "calls exit(0) before returning",
        Verdict::Crashed,
    ),
    (
        "canary::side-effect",
        "writes a file under `halt`",
        Verdict::SideEffects,
    ),
    (
        "canary::hermetic-env",
        "looks for a secret the parent exported",
        Verdict::Refused,
    ),
    (
        "canary::leaked-process",
        "leaves a child process running",
        Verdict::LeakedProcess,
    ),
    #[cfg(target_os = "linux")]
    (
        "canary::escaped-process",
        "leaves a process running in a group of its own",
        Verdict::LeakedProcess,
    ),
    (
        "canary::leaked-secret",
        "refuses with a passed-through secret in its message",
        Verdict::Refused,
    ),
];

/// The canary whose record must not contain [`SECRET`].
pub(crate) const SECRET_CANARY: &str = "canary::leaked-secret";

/// Whether this process is the canary harness, or a case process it started.
pub(crate) fn is_harness_process() -> bool {
    std::env::var_os(HARNESS_VAR).is_some() || fault_runtime::is_case_process()
}
