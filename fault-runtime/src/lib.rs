//! Fault cases for Rust: inject a fault, and pass only when the system **refuses loudly, with the
//! expected code, at the expected gate, leaving nothing behind**.
//!
//! Write cases with [`fault_case`], collect them with [`main!`] in a `harness = false` test
//! target, and run them with `cargo test`, `cargo nextest run` or `cargo faults`. Each case runs
//! in its own process with a hermetic environment and a fresh sandbox directory; the harness
//! decides a [`Verdict`] and writes one [`RunRecord`](record::RunRecord) per case.
//!
//! A harness is driven by libtest's command line and a few environment variables, listed in
//! [`vars`]: the run id, the records directory, and the handshake `cargo faults` uses.

#![warn(missing_docs)]

extern crate self as fault_runtime;

mod atomic_write;
mod capture;
mod case;
mod child;
mod class;
mod clock;
mod environment;
mod explain;
mod failpoint;
mod gate;
mod harness;
mod isolate;
mod limits;
pub mod listing;
mod outcome;
mod path_view;
pub mod process;
mod protocol;
pub mod record;
mod recording;
mod refusal;
pub mod registry;
mod requirements;
mod run;
mod runner;
mod sandbox;
mod selection;
pub mod vars;
mod verdict;
mod worker;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use case::{CaseDef, DEFAULT_TIMEOUT};
pub use class::{Category, Severity};
pub use failpoint::FailpointSite;
pub use gate::Gate;
pub use harness::{is_case_process, run};
pub use outcome::{IntoOutcome, Outcome, RefusalReport};
pub use refusal::Refusal;
pub use sandbox::{Change, SideEffect};
pub use verdict::{Status, Verdict};

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
#[macro_export]
macro_rules! main {
    () => {
        fn main() -> ::std::process::ExitCode {
            $crate::run()
        }
    };
}

/// Registers a fault case: a fn that injects a fault and returns the system's answer.
///
/// The case passes (`refused`) only when the body returns a refusal with the expected code, at
/// the expected gate, and every other expectation holds. Anything else fails with a named
/// [`Verdict`]: `silent_acceptance`, `wrong_code`, `wrong_gate`, `panicked`, `crashed`, `hung`
/// or `side_effects`.
///
/// ```no_run
/// use fault_runtime::{fault_case, Gate, Refusal};
///
/// #[derive(Debug)]
/// struct SpecError(&'static str);
///
/// impl Refusal for SpecError {
///     fn code(&self) -> &str { self.0 }
///     fn gate(&self) -> Option<Gate> { Some(Gate::Number(4)) }
/// }
///
/// fn validate(adapter_id: Option<&str>) -> Result<(), SpecError> {
///     adapter_id.map(drop).ok_or(SpecError("REMOTE_REQUIRES_ADAPTER"))
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
/// A case is a fn with no parameters returning `Result<T, E>` where `E:` [`Refusal`]. `Err` is
/// the refusal; `Ok` means the system accepted the fault. It runs in a child process of its own:
/// a panic, an `exit()`, an abort or a signal is caught and named, never a pass. Add `#[ignore]`
/// to list a case without running it by default.
///
/// # Options
///
/// | option | meaning |
/// |---|---|
/// | `expect = "CODE"` | **required.** The refusal code that must be observed. |
/// | `gate = 4` / `gate = "STARTUP"` | The gate the refusal must come from. When the refusal reports a gate, it must match (`wrong_gate` otherwise); when it reports none, the record marks the gate unverified. |
/// | `halt` | The pipeline must stop: the refusal is observed **and** the sandbox is unchanged afterwards (`side_effects` otherwise). `halt = false` is the default. |
/// | `severity = "..."` | `critical`, `error` (default), `warning` or `info`. |
/// | `category = "..."` | `validation`, `configuration`, `boundary`, `credential`, `execution`, `critic`, or a label of your own marked `custom:<label>`. |
/// | `id = "fault-1"` | A stable id; the default is `module_path::fn_name`. |
/// | `name = "..."` | The human name; the default is the doc comment's first line, else the fn name. |
/// | `fault = "missing_env_var"` | The label of the injected fault (`fault_injected` in records). |
/// | `recovery = "..."` | What an operator does to fix it (shown in the fault matrix). |
/// | `env = [("K", "v")]` | Variables set in the case's environment. |
/// | `env_remove = ["K"]` | Variables removed from the case's environment, after `env` is applied. |
/// | `env_pass = ["K"]` | Variables passed through from the harness's own environment. |
/// | `timeout = "5s"` | The watchdog: past it the case's whole process group is killed and the verdict is `hung`. Default 60s. Accepts `"1500ms"`, `"2m"`, `"1h 30m"`. |
/// | `tags = ["phase7"]` | Free labels for filtering. |
///
/// Unknown options, repeats, wrong value types and unknown severities or categories are compile
/// errors at the offending token that list the valid choices.
///
/// # Isolation
///
/// Each case runs in a child process started from the harness binary, in a process group of its
/// own, with:
///
/// - a **hermetic environment**: the harness's environment is cleared except `PATH`, `LANG`,
///   `LC_*`, `TERM`, `RUST_BACKTRACE`, `RUST_LOG`, what the binary needs to start at all
///   (`LD_LIBRARY_PATH`, `DYLD_LIBRARY_PATH`, `DYLD_FALLBACK_LIBRARY_PATH`) and coverage output
///   (`LLVM_PROFILE_FILE`); then `env_pass` is passed through, `env` set and `env_remove`
///   removed. Records list variable names, never values.
/// - a fresh, empty **sandbox** directory as its working directory, `HOME`, `TMPDIR`, `TMP` and
///   `TEMP`, snapshotted before and after the case to find side effects.
/// - a **watchdog** that kills the whole process group at the timeout; the group is also killed
///   when the case ends, so no process the case started outlives it.
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
pub use fault_macros::fault_case;
