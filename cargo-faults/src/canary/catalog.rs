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

/// One canary: what it does wrong on purpose and the verdict that catches it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Canary {
    /// Its case id.
    pub(crate) id: &'static str,
    /// What it does wrong.
    pub(crate) misbehaviour: &'static str,
    /// The verdict it must get.
    pub(crate) expected: Verdict,
    /// What it needs of the machine that the machine may not allow.
    pub(crate) needs: Needs,
}

/// What a canary needs of the machine beyond processes of its own: where the kernel or its
/// policy refuses it, the canary is `missing_dependency` and says nothing about isolation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Nothing: it runs anywhere.
    Nothing,
    /// Linux namespaces (`isolation = "container"`).
    Containers,
    /// Seccomp user notification (`syscalls`).
    SyscallFaults,
}

impl Needs {
    /// What it means for fault cases that this machine refuses it.
    pub(crate) fn consequence(self) -> &'static str {
        match self {
            Needs::Nothing => "",
            Needs::Containers => {
                "containers are unavailable on this machine, so `isolation = \"container\"` cases will be missing_dependency"
            }
            Needs::SyscallFaults => {
                "syscall faults are unavailable on this machine, so `syscalls` and syscall `sweep` cases will be missing_dependency"
            }
        }
    }
}

const fn canary(id: &'static str, misbehaviour: &'static str, expected: Verdict) -> Canary {
    needing(Needs::Nothing, id, misbehaviour, expected)
}

const fn contained(id: &'static str, misbehaviour: &'static str, expected: Verdict) -> Canary {
    needing(Needs::Containers, id, misbehaviour, expected)
}

const fn needing(
    needs: Needs,
    id: &'static str,
    misbehaviour: &'static str,
    expected: Verdict,
) -> Canary {
    Canary {
        id,
        misbehaviour,
        expected,
        needs,
    }
}

/// Every canary.
pub(crate) const CANARIES: &[Canary] = &[
    canary("canary::control", "refuses as declared", Verdict::Refused),
    canary(
        "canary::silent-acceptance",
        "accepts the fault",
        Verdict::SilentAcceptance,
    ),
    canary(
        "canary::wrong-code",
        "refuses with another code",
        Verdict::WrongCode,
    ),
    canary("canary::hang", "sleeps past its 1s timeout", Verdict::Hung),
    canary(
        "canary::exit-midway",
        "calls exit(0) before returning",
        Verdict::Crashed,
    ),
    canary(
        "canary::side-effect",
        "writes a file under `halt`",
        Verdict::SideEffects,
    ),
    canary(
        "canary::hermetic-env",
        "looks for a secret the parent exported",
        Verdict::Refused,
    ),
    canary(
        "canary::leaked-process",
        "leaves a child process running",
        Verdict::LeakedProcess,
    ),
    #[cfg(target_os = "linux")]
    canary(
        "canary::escaped-process",
        "leaves a process running in a group of its own",
        Verdict::LeakedProcess,
    ),
    canary(
        "canary::leaked-secret",
        "refuses with a passed-through secret in its message",
        Verdict::Refused,
    ),
    contained(
        "canary::container-hidden-path",
        "runs a hidden program by its absolute path",
        Verdict::Refused,
    ),
    contained(
        "canary::container-outside-write",
        "writes outside its sandbox under `halt`",
        Verdict::SideEffects,
    ),
    contained(
        "canary::container-no-network",
        "calls a service on the host's loopback",
        Verdict::Refused,
    ),
    contained(
        "canary::container-escaped-process",
        "leaves a process running in a session of its own",
        Verdict::LeakedProcess,
    ),
    needing(
        Needs::SyscallFaults,
        "canary::swallowed-write",
        "ignores the ENOSPC of its write",
        Verdict::SilentAcceptance,
    ),
    needing(
        Needs::SyscallFaults,
        "canary::unfired-syscall-fault",
        "refuses without ever calling the failed syscall",
        Verdict::NotExercised,
    ),
];

/// The canary that writes outside its container's sandbox.
pub(crate) const OUTSIDE_WRITE_CANARY: &str = "canary::container-outside-write";

/// Where the outside-write canary writes; it must never appear on the machine.
pub(crate) const OUTSIDE_WRITE: &str = "/tmp/faults-selftest-outside-write";

/// The port of the host service the no-network canary calls.
pub(crate) const PORT_VAR: &str = "FAULTS_SELFTEST_PORT";

/// The canary whose record must not contain [`SECRET`].
pub(crate) const SECRET_CANARY: &str = "canary::leaked-secret";

/// Whether this process is the canary harness, or a case process it started.
pub(crate) fn is_harness_process() -> bool {
    std::env::var_os(HARNESS_VAR).is_some() || fault_runtime::is_case_process()
}
