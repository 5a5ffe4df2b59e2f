//! Fault cases for Rust: inject a fault, and pass only when the system **refuses loudly, with the
//! expected code, at the expected gate, leaving nothing behind**.
//!
//! Write cases with `#[fault_case]`, collect them with `main!` in a `harness = false` test
//! target, and run them with `cargo test`, `cargo nextest run` or `cargo faults`. Each case runs
//! in its own process with a hermetic environment and a fresh sandbox directory; the harness
//! decides a verdict and writes one `RunRecord` per case (see `record`).
//!
//! # Two halves: the contract and the harness
//!
//! The system under test only needs the **contract**: [`Refusal`] (and its derive), [`Gate`],
//! [`Severity`], [`Attempt`], [`RollbackReport`], [`warning()`] and [`fail_point!`]. Because of
//! Rust's orphan rule, `impl Refusal for MyError` (or `#[derive(Refusal)]`) must live in the
//! crate that defines `MyError`, usually its `src/`, not in the test target; so the library
//! depends on fault-runtime without the default `harness` feature, and its release build gains
//! no runtime dependency. The fault harness (a test target) turns the feature on:
//!
//! ```toml
//! [dependencies]
//! fault-runtime = { version = "0.1", default-features = false }
//!
//! [dev-dependencies]
//! fault-runtime = "0.1"   # with `harness`: cases, the runner, isolation, records
//! ```
//!
//! The **harness** (feature `harness`, on by default) is the rest, one folder per stage of a
//! case's data flow: `declare/` (what `#[fault_case]` emits, the registry) → `harness/` (the
//! libtest front end: settings, selection, listing) → `isolate/` (the parent's side of one
//! case: sandbox, environment, PATH view, the supervised process) and `child/` (the case
//! process: limits, failpoints, the body, its report) → `judge/` (evidence in, verdict and its
//! reason out) → `record/` (the public record types, writing them). Platform code lives in
//! `sys/`.
//!
//! A harness is driven by libtest's command line and a few environment variables, listed in
//! `vars`: the run id, the records directory, and the handshake `cargo faults` uses.

#![warn(missing_docs)]

extern crate self as fault_runtime;

mod api;
#[cfg(feature = "harness")]
mod child;
#[cfg(feature = "harness")]
mod declare;
#[cfg(feature = "harness")]
mod harness;
#[cfg(feature = "harness")]
mod isolate;
#[cfg(feature = "harness")]
mod judge;
#[cfg(feature = "harness")]
pub mod record;
#[cfg(feature = "harness")]
mod sys;

#[cfg(feature = "harness")]
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use api::{Attempt, Gate, Refusal, RollbackKind, RollbackReport, Severity, warning};
#[cfg(feature = "harness")]
pub use api::{IntoOutcome, process};
#[cfg(feature = "harness")]
pub use harness::libtest::{is_case_process, run};
#[cfg(feature = "harness")]
pub use harness::{listing, vars};

/// Implements [`Refusal`](trait@Refusal) from `#[refusal(...)]` attributes; the trait's docs
/// give the syntax.
pub use fault_macros::Refusal;

/// Defines `main` for a fault harness: a `[[test]]` target with `harness = false`.
///
/// ```toml
/// [[test]]
/// name = "faults"
/// harness = false
/// ```
///
/// ```no_run
/// // tests/faults.rs; with cases in a library's `src/`, also `use my_crate as _;` to link them
/// fault_runtime::main!();
/// ```
///
/// Forgetting `harness = false` would let libtest run the target, find no `#[test]`, and pass
/// without running a single case; so the macro also defines a `#[test]` that exists only when
/// libtest is the harness, and fails naming the fix. A harness whose binary links no case
/// exits non-zero too.
#[cfg(feature = "harness")]
#[macro_export]
macro_rules! main {
    () => {
        fn main() -> ::std::process::ExitCode {
            $crate::run()
        }

        /// Compiled only when libtest runs this target instead of the fault harness.
        #[test]
        fn fault_harness_needs_harness_false() {
            ::core::panic!(
                "this test target calls `fault_runtime::main!()`, but libtest is its harness, so none of its fault cases ran\n(hint: add `harness = false` to the target's `[[test]]` section in Cargo.toml)"
            );
        }
    };
}

/// Registers a fault case: a fn that injects a fault and returns the system's answer.
///
/// The case passes (`refused`) only when the body returns a refusal with the expected code, at
/// the expected gate, and every other expectation holds (`degraded` for a `warning`/`info`
/// case, `drift` for a known failure). Anything else fails with a named
/// [`Verdict`](record::Verdict), the first
/// that applies in this order: `hung`, `crashed`, `leaked_process`, `missing_dependency`,
/// `not_exercised`, `vacuous`, `panicked`, `silent_acceptance`, `wrong_code`, `wrong_gate`,
/// `wrong_severity`, `excess_retries`, `unverified` (strict mode), `side_effects`,
/// `no_rollback`; then `nondeterministic` for a `repeat` case, and `drift_resolved` and
/// `drift_expired` for a case marked as drift.
///
/// ```no_run
/// use fault_runtime::{fault_case, Refusal};
///
/// // In the library's `src/`, next to the error type (see the crate docs for why).
/// #[derive(Debug, Refusal)]
/// enum SpecError {
///     #[refusal(code = "REMOTE_REQUIRES_ADAPTER", gate = 4)]
///     MissingAdapter,
/// }
///
/// fn validate(adapter_id: Option<&str>) -> Result<(), SpecError> {
///     adapter_id.map(drop).ok_or(SpecError::MissingAdapter)
/// }
///
/// /// Missing adapter_id on a REMOTE tool
/// #[fault_case(gate = 4, expect = "REMOTE_REQUIRES_ADAPTER", halt, category = "validation")]
/// fn missing_adapter_id() -> Result<(), SpecError> {
///     validate(None)
/// }
/// # fn main() {}
/// ```
///
/// # The body
///
/// A case is a fn with no parameters returning `Result<T, E>` where `E:` [`Refusal`] (`Err` is
/// the refusal; `Ok` means the system accepted the fault), or a process outcome (below). It runs
/// in a process of its own: a panic, an `exit()`, an abort or a signal is caught and named,
/// never a pass, and so is a process it leaves running. Add `#[ignore]` to list a case without
/// running it by default.
///
/// # Options
///
/// | option | meaning |
/// |---|---|
/// | `expect = "CODE"` | **required.** The refusal code that must be observed. A `sweep` case may list several: `expect = ["WRITE_FAILED", "FSYNC_FAILED"]`. |
/// | `gate = 4` / `gate = "STARTUP"` | The gate the refusal must come from. When the refusal reports a gate, it must match (`wrong_gate` otherwise); when it reports none, the record marks the gate unverified. |
/// | `halt` | The pipeline must stop: the refusal is observed **and** the sandbox is unchanged afterwards (`side_effects` otherwise). `halt = false` is the default. |
/// | `severity = "..."` | `critical`, `error` (default), `warning` or `info`; see [Severities](#severities). |
/// | `category = "..."` | `validation`, `configuration`, `boundary`, `credential`, `execution`, `critic`, or a label of your own marked `custom:<label>`. |
/// | `id = "fault-1"` | A stable id; the default is `module_path::fn_name`. |
/// | `name = "..."` | The human name; the default is the doc comment's first line, else the fn name. |
/// | `fault = "missing_env_var"` | The label of the injected fault (`fault_injected` in records). |
/// | `recovery = "..."` | What an operator does to fix it (shown in the fault matrix). |
/// | `env = [("K", "v")]` | Variables set in the case's environment. |
/// | `env_remove = ["K"]` | Variables removed from the case's environment, after `env` is applied. |
/// | `env_pass = ["K"]` | Variables passed through from the harness's own environment. |
/// | `timeout = "5s"` | The watchdog: past it every process of the case is killed and the verdict is `hung`. Default 60s. Accepts `"1500ms"`, `"2m"`, `"1h 30m"`. |
/// | `tags = ["phase7"]` | Free labels for filtering. |
/// | `hide = ["git"]` | Programs hidden from the case's PATH: a missing dependency. With `isolation = "container"` also absolute paths of files and directories (`hide = ["git", "/etc/app.toml"]`), and programs are gone from the filesystem view, not only from PATH; an absolute path without a container, or a relative path such as `"bin/git"`, is a compile error. See [Hiding programs](#hiding-programs). |
/// | `requires = ["sh", "env:DATABASE_URL", "file:/etc/app.toml"]` | What the case needs on this machine: programs (in the case's PATH), environment variables (in the case's environment) and files. Anything absent is `missing_dependency`, a failure that names it — never a skip. |
/// | `failpoints = "ledger.write=return"` | fail-rs failpoints armed in the case's process only (fail-rs syntax: `name=actions;…`, each action `[p%][cnt*]task[(arg)]`). Checked at compile time. See [Failpoints](#failpoints). |
/// | `syscalls = ["fsync:EIO", "write:ENOSPC@3", "openat:EACCES@2.."]` | Calls of the syscall by the case's processes (the body and every program it starts) fail with the errno: every call, only the Nth (`@N`, from 1, counted from the start of the body), or the Nth and every later one (`@N..`). Linux only. See [Syscall faults and sweeps](#syscall-faults-and-sweeps). |
/// | `sweep = "write:ENOSPC"` / `sweep = "failpoints"` | Runs the case once per injection point: the Nth call failing, for N = 1, 2, … until a run in which it never came; or each registered failpoint site the body reaches, one at a time. See [Syscall faults and sweeps](#syscall-faults-and-sweeps). |
/// | `control` / `control = healthy_fn` | Also runs a control, in a process and sandbox of its own: the body without the faults the keys inject (`env_remove`, `hide`, `failpoints`, `syscalls`, `network = "none"`, `memory_limit`, `open_files` left out), or `healthy_fn` (no arguments, the case's return type) for faults the body injects itself. The control must complete (`Ok`, or exit 0), else the case is `vacuous`. See [Control runs](#control-runs). |
/// | `sweep_max = 100` | The most runs of a sweep (default 1000); reaching it is `hung`. |
/// | `memory_limit = "256MiB"` | The address-space limit (`RLIMIT_AS`) of the case's process and everything it starts; `KiB`/`MiB`/`GiB` or `KB`/`MB`/`GB`, at least 16MiB. A death by it is named in the record. |
/// | `open_files = 16` | The open-file limit (`RLIMIT_NOFILE`) of the case's process, at least 5. |
/// | `rollback` / `rollback = "compensating"` / `"snapshot"` | A rollback must run: the refusal reports it ([`Refusal::rollback`]) and the sandbox is back to its state before the case; otherwise `no_rollback`. |
/// | `attempts = 3` | The most attempts the refusal may report ([`Refusal::attempts`], recorded as `retry_history`); more, or none, is `excess_retries`: no silent retries. |
/// | `repeat = 100` | Runs N copies concurrently, each in its own process and sandbox; verdict, code and gate must agree across all, else `nondeterministic` with the distribution in the record. |
/// | `drift = "why"` | A known, not-yet-hardened case: failing as today is `drift` (passes, counted apart; the record names the verdict it absorbed); passing is `drift_resolved` (fails: remove the mark). Drift absorbs behaviour verdicts only, and only when no infrastructure verdict (`hung`, `crashed`, `leaked_process`, `missing_dependency`, `not_exercised`, `vacuous`, `unverified`, `nondeterministic`) applies at all. |
/// | `drift_verdict = "side_effects"` | The one failure the drift predicts, a behaviour verdict; any other failure stays a failure (the highest-ranking one reported). The table shows `drift (side_effects)`. Needs `drift`. |
/// | `drift_until = "2027-03-31"` | The last day the drift absorbs its failure: after it, the predicted failure is `drift_expired` (fails) until the case is hardened or the date moved. A day of the calendar, `YYYY-MM-DD`, checked at compile time. Needs `drift`. |
/// | `drift_issue = "https://tracker/ISSUE-12"` | Where the hardening is tracked: in the record, the explanation and the matrix's drift ledger. Needs `drift`. |
/// | `time = "paused"` | An `async fn` case runs on tokio's paused clock: timers complete instantly in virtual time, reported as `performance.virtual_ms`. |
/// | `isolation = "process"` / `"container"` / `"none"` | `process` is the default. `container` runs the case's process inside Linux user, mount, PID, IPC and UTS namespaces (unprivileged: no root, no Docker): a copy-on-write view of the machine, its own `/proc`, and nothing that outlives the case; see [Isolation](#isolation). `none` runs the case inside the harness process, one at a time, under its timeout, for speed; it cannot have the options that need a process (`halt`, `rollback`, `env*`, `hide`, `failpoints`, limits, `repeat`, `network`). What its body changes process-wide (environment, working directory) is restored and fails it as `side_effects`; a body that calls `exit()` fails the run, naming the case. |
/// | `network = "host"` / `"none"` | `host` (the default) is the machine's network. `none` gives the case a network namespace of its own with only its own loopback, up; it needs `isolation = "container"` (a compile error otherwise). |
///
/// Unknown options, repeats, wrong value types and unknown severities or categories are compile
/// errors at the offending token that list the valid choices.
///
/// # Async cases and virtual time
///
/// An `async fn` case runs on a current-thread tokio runtime of its own. With `time = "paused"`
/// the clock starts paused and tokio advances it whenever every task waits on a timer, so a
/// 2 s injected delay against a 1 s timeout, or three retries with exponential backoff, take
/// microseconds; the record reports the virtual duration (`performance.virtual_ms`) next to
/// the wall time.
///
/// # Severities
///
/// | severity | the case passes when |
/// |---|---|
/// | `critical` | the operation is refused with the expected code (`refused`): the system cannot run at all |
/// | `error` (default) | the operation is refused with the expected code (`refused`) |
/// | `warning` | the operation completes and reports the expected code through [`warning()`] (`degraded`) |
/// | `info` | as `warning`, for behaviour worth recording rather than fixing |
///
/// A refusal that reports a severity other than the declared one, or a hard refusal where a
/// `warning`/`info` case expects the operation to continue, is `wrong_severity`; completing
/// without the expected warning is `silent_acceptance`.
///
/// # Process outcomes
///
/// A body may run a program of the system under test and return its outcome: a
/// [`process::Run`] (from [`process::run`], which also names a program that could not start)
/// or a [`std::process::Output`]. A non-zero exit is the refusal. stderr comes first: the
/// expected code is observed when it is a whole word there, and any other `UPPER_SNAKE_CASE`
/// word there is the observed code (`wrong_code`); stdout counts only when stderr holds no
/// such word; with no code at all the observed code is `exit:<n>`. The record keeps the line
/// the code was found in. A Rust program that panicked (status 101 with a `panicked at` line)
/// is `panicked`, whatever it printed; exit 0 is `silent_acceptance`; death by a signal is
/// `crashed`; a program that cannot be found is `missing_dependency`. [`process::bin`] finds
/// the package's own binaries. Do not return `std::io::Result<Output>`: an `Ok` there means
/// "accepted", whatever the exit status.
///
/// # Failpoints
///
/// `failpoints` arms failpoints in the case's own process only, so cases run in parallel
/// without fail-rs's global scenario lock. Where the system uses [`fail_point!`] (the forms and
/// action syntax of `fail::fail_point!`), each site is known at compile time and the harness
/// counts both the passes through it and the actions that *fired*: an armed failpoint that
/// never fired (never reached, reached while `off`, a count never reached, a probability that
/// never hit) fails the case as `not_exercised`, because it proved nothing. A name with no such
/// site is armed in fail-rs too, so plain `fail::fail_point!` keeps working; whether it fired
/// cannot be observed, which the record lists as an unverified claim (strict mode fails it),
/// unless the name is one or two edits from a registered site: a likely typo, `not_exercised`.
///
/// # Syscall faults and sweeps
///
/// `syscalls` fails chosen syscalls without touching the code: the case's process installs a
/// seccomp filter right before the body, and its supervisor answers every watched call (seccomp
/// user notification), counting them per spec and failing the chosen ones. The filter is
/// inherited by every thread and program the body starts. Calls that take a file descriptor
/// are never failed, nor counted, on stdin, stdout, stderr or the harness's report channel, so
/// the case can always report. Syscall and errno names are checked at compile time against
/// every architecture of Linux; a name the target lacks stops the harness at startup, naming
/// it. The record lists each spec with the calls it saw and the faults it injected
/// (`environment.syscalls`); a spec that failed no call is `not_exercised`. Where the kernel
/// refuses the filter the case is `missing_dependency`, never run without it. The filter sets
/// `no_new_privs`: programs the case starts cannot gain privileges through set-user-ID bits.
/// What is not a syscall of the case's processes (I/O submitted through `io_uring`, work done by
/// a server in another process) is not seen.
///
/// `sweep = "write:ENOSPC"` is SQLite's way of proving every error path: run N fails the Nth
/// `write`, for N = 1, 2, …, until a run in which the Nth call never came (the operation made
/// fewer): that run is the baseline and may complete. Every earlier run must pass as a case
/// would: refused with a code in `expect`, every other expectation holding. The first run that
/// does not fails the case with its verdict, and the explanation gives the attribute that
/// reproduces that run alone (`syscalls = ["write:ENOSPC@7"]`). `sweep = "failpoints"` first
/// runs the body with nothing armed (its baseline), which finds every registered
/// [`fail_point!`] site it reaches, then fails each (`return`) in a run of its own, including
/// sites first reached in those runs. The baseline must not panic, crash, hang or leak; `halt`
/// does not apply to it. A sweep whose first run injects nothing is `not_exercised`; one that
/// reaches `sweep_max` runs is `hung`. The record has one row per run (`sweep`) and, for a
/// failpoint sweep, the sites reached and those of the harness it never reached
/// (`sweep_sites`).
///
/// # Control runs
///
/// A refusal proves something only if the system would not have refused without the fault: a
/// case with `env_remove = ["DATABASE_URL"]` passes just as well when the variable was never
/// set, when the code refuses for another reason, or when the operation always fails in the
/// sandbox. `control` checks the steady state first, as chaos experiments do: the harness also
/// runs the body with every attribute-injected fault removed (`env`, `env_pass`, `requires`,
/// isolation and timeout kept), and that run must complete. `control = healthy_fn` runs a fn
/// with the same return type on good input instead, for faults the body injects itself (a bad
/// spec, a malformed payload). A control that refuses with an expected code makes the case
/// `vacuous` (the system refuses without the fault); one that refuses otherwise, panics,
/// crashes, hangs or leaks makes it `vacuous` too (the steady state could not be established).
/// `vacuous` ranks after `not_exercised`, and `drift` never absorbs it. The record has `control
/// {ran, outcome, code, message, duration_ms}`, and the explanation shows both runs.
/// `FAULTS_CONTROL=1` (`cargo faults --control`) runs the automatic control of every case with
/// attribute-injected faults; a case that cannot have one records why. A sweep has none: its
/// baseline run is its control. `control` on a case that injects nothing by attribute is a
/// compile error pointing to `control = healthy_fn`.
///
/// # Hiding programs
///
/// `hide` rewrites the case's PATH: each directory holding a hidden program is replaced by a
/// shadow directory of symlinks to everything else in it, built once per run. Programs the case
/// starts inherit that PATH. Hiding cannot stop a program reached by an absolute path
/// (`/usr/bin/git`), a PATH the system builds for itself, a shell builtin of the same name, or a
/// library linked into the system.
///
/// With `isolation = "container"`, `hide` removes what it names from the case's filesystem view
/// instead: a hidden program is gone by its absolute path too, and `hide` also takes absolute
/// paths of files and directories (`"/etc/app.toml"`), written plainly (no `//`, `.`, `..` or
/// trailing `/`).
///
/// # Isolation
///
/// Each case runs in a process started from the harness binary by the worker's supervisor, in a
/// process group of its own, with:
///
/// - a **hermetic environment**: the harness's environment is cleared except `PATH`, `LANG`,
///   `LC_*`, `TERM`, `RUST_BACKTRACE`, `RUST_LOG`, what the binary needs to start at all
///   (`LD_LIBRARY_PATH`, `DYLD_LIBRARY_PATH`, `DYLD_FALLBACK_LIBRARY_PATH`) and coverage output
///   (`LLVM_PROFILE_FILE`); then `env_pass` is passed through, `env` set and `env_remove`
///   removed. Records list variable names, never values.
/// - a fresh, empty **sandbox** directory as its working directory, `HOME`, `TMPDIR`, `TMP` and
///   `TEMP`, snapshotted before and after the case to find side effects.
/// - no inherited descriptor beyond stdio and its report channel, and a report accepted only
///   from the case's own process.
/// - **containment**: on Linux the supervisor is a child subreaper, so a process the case
///   starts stays findable even after `setsid` or a double fork; whatever is alive when the
///   case's process ends is killed and fails the case as `leaked_process`. Elsewhere the process
///   group is the bound.
/// - a **watchdog** that kills every process of the case at the timeout.
///
/// `isolation = "container"` (Linux, unprivileged) adds new user, mount, PID, IPC and UTS
/// namespaces, and a network namespace of its own with `network = "none"`. The case keeps the
/// harness's uid and gid; the root filesystem and every other writable mount is a copy-on-write
/// view of the machine's, so writes the user could make succeed for the case, are reported as
/// side effects with their absolute paths, and never reach the machine. The case has its own
/// `/proc`, sees no other process of the machine, and nothing it starts survives it. Where the
/// kernel or its policy refuses a namespace, the case is `missing_dependency`, naming what is
/// missing; it never runs with weaker isolation.
///
/// ```no_run
/// use fault_runtime::fault_case;
///
/// fn connect() -> Result<(), std::io::Error> {
///     std::env::var("SUPABASE_PASSWORD")
///         .map(drop)
///         .map_err(|_| std::io::Error::new(std::io::ErrorKind::NotFound, "SUPABASE_PASSWORD"))
/// }
///
/// /// Startup without the database password
/// #[fault_case(
///     expect = "NotFound",
///     severity = "critical",
///     category = "configuration",
///     env = [("SUPABASE_URL", "https://db.example"), ("SUPABASE_ANON_KEY", "anon")],
///     env_remove = ["SUPABASE_PASSWORD"],
///     timeout = "5s",
///     tags = ["startup"],
/// )]
/// fn missing_password() -> Result<(), std::io::Error> {
///     connect()
/// }
/// # fn main() {}
/// ```
#[cfg(feature = "harness")]
pub use fault_macros::fault_case;
