//! The harness: a libtest-compatible `main` that runs every registered case in isolation.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::child::report::CASE_VAR;
use crate::declare::registry::{self, Registered};
use crate::harness::case_run;
use crate::harness::context::RunContext;
use crate::harness::listing::{self, Listing};
use crate::harness::selection;
use crate::harness::settings::Settings;
use crate::harness::vars;
use crate::isolate;
use crate::isolate::in_process;
use crate::isolate::interrupt;
use crate::record::atomic_write;

/// Exit status when the harness cannot start (duplicate case ids, a stale selection, no case,
/// a bad variable).
const SETUP_FAILED: u8 = 2;

/// Runs the harness: the body of `fault_runtime::main!()`.
///
/// In a process started to run one case (or to supervise cases), does that. Otherwise parses
/// libtest's command line (`--list`, `--exact`, filters, `--ignored`, `--test-threads`, …) and
/// runs each matching case in its own process, so `cargo test` and `cargo nextest run` drive
/// it unchanged.
pub fn run() -> ExitCode {
    // Linking this function links the marker that tells tools this binary is a fault harness.
    std::hint::black_box(&listing::HARNESS_MARKER);
    if let Some(code) = crate::child::entry::run_if_case_process() {
        return code;
    }
    if std::env::var_os(isolate::SUPERVISOR_VAR).is_some() {
        return isolate::serve();
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os(isolate::FORK_SERVER_VAR).is_some() {
        return isolate::fork_server::serve();
    }
    let mut args = Arguments::from_args();
    let describe = std::env::var_os(vars::DESCRIBE).filter(|path| args.list && !path.is_empty());
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(err) => return answer_or_fail(describe.as_deref(), &err),
    };
    let cases = match registry::cases() {
        Ok(cases) => cases,
        Err(err) => return answer_or_fail(describe.as_deref(), &err),
    };
    if let Some(path) = describe {
        return write_listing(Path::new(&path), &Listing::of(&cases));
    }
    if cases.is_empty() {
        return setup_failed(&NO_CASES);
    }
    let cases = match selection::apply(cases) {
        Ok(cases) => cases,
        Err(err) => return setup_failed(&err),
    };
    if cases.iter().all(|case| case.def.in_process()) {
        // In-process cases run one at a time whatever the threads: more of them would only
        // take turns, and hand each case over between threads.
        args.test_threads = Some(1);
    }
    if !args.list {
        if let Err(err) = interrupt::install() {
            return setup_failed(&format!("failed to install the interrupt handler: {err}"));
        }
        in_process::arm_exit_guard();
    }
    let context = Arc::new(LazyContext {
        tee: args.nocapture,
        settings,
        failed: AtomicBool::new(false),
        cell: OnceLock::new(),
    });
    let trials = cases
        .into_iter()
        .map(|case| trial(case, Arc::clone(&context)))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    in_process::disarm_exit_guard();
    let mut lost = Vec::new();
    if let Some(Ok(ctx)) = context.cell.get() {
        lost = ctx.finish_records();
        eprintln!("fault records: {}", ctx.records_dir.display());
    }
    // Stops the supervisors; anything still a child of this process then is an orphan a dead
    // supervisor left to it, and is killed.
    drop(context);
    interrupt::with_supervisors(crate::sys::process_tree::kill_children_except);
    if !lost.is_empty() {
        for error in &lost {
            eprintln!("error: {error}");
        }
        return ExitCode::from(RECORDS_LOST);
    }
    conclusion.exit_code()
}

/// Exit status when a record could not be written: a failed run, as libtest's.
const RECORDS_LOST: u8 = 101;

/// Why a harness with no case fails: it proves nothing, and a green `cargo test` would say
/// otherwise.
const NO_CASES: &str = "this fault harness has no registered fault cases, so it would prove nothing\n(hint: cases in a library are linked only when the harness uses the crate: add `use my_crate as _;` to the harness, and turn on the feature that compiles them, if there is one)";

/// Whether this process was started by a harness to run one case, to supervise cases or to
/// fork them.
///
/// Programs that embed fault cases in a larger binary (as `cargo faults selftest` does) route
/// such a process to [`run`] before doing anything else.
pub fn is_case_process() -> bool {
    std::env::var_os(CASE_VAR).is_some()
        || std::env::var_os(isolate::SUPERVISOR_VAR).is_some()
        || std::env::var_os(isolate::FORK_SERVER_VAR).is_some()
}

fn setup_failed(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(SETUP_FAILED)
}

/// A harness that cannot run still answers the handshake, with the reason, when asked.
fn answer_or_fail(describe: Option<&std::ffi::OsStr>, err: &dyn std::fmt::Display) -> ExitCode {
    if let Some(path) = describe {
        let _ = write_listing(Path::new(path), &Listing::failed(err.to_string()));
    }
    setup_failed(err)
}

/// Answers the `FAULTS_DESCRIBE` handshake: the listing as one JSON document in the named file,
/// written atomically, so a harness that printed to stdout first still answers it.
fn write_listing(path: &Path, listing: &Listing) -> ExitCode {
    let written = serde_json::to_vec(listing)
        .map_err(std::io::Error::other)
        .and_then(|json| atomic_write::write(path, &json));
    match written {
        Ok(()) if listing.error.is_none() => ExitCode::SUCCESS,
        Ok(()) => ExitCode::from(SETUP_FAILED),
        Err(err) => setup_failed(&format!(
            "failed to write the case listing to {} ({}): {err}",
            path.display(),
            vars::DESCRIBE
        )),
    }
}

fn trial(case: Registered, context: Arc<LazyContext>) -> Trial {
    let ignored = case.def.ignored;
    Trial::ignorable_test(case.id.clone(), move || {
        if context.settings.fail_fast && context.failed.load(Ordering::Relaxed) {
            return Ok(Completion::ignored_with(
                "not run: an earlier case failed (fail-fast)",
            ));
        }
        let result = match context.get() {
            Ok(ctx) => case_run::run_case(ctx, &case),
            Err(err) => Err(Failed::from(err)),
        };
        if result.is_err() {
            context.failed.store(true, Ordering::Relaxed);
        }
        result.map(|()| Completion::Completed)
    })
    .with_ignored_flag(ignored)
}

/// The run's shared state, created only once a case actually runs, so `--list` and fully
/// filtered runs touch nothing on disk.
struct LazyContext {
    tee: bool,
    settings: Settings,
    failed: AtomicBool,
    cell: OnceLock<Result<Arc<RunContext>, String>>,
}

impl LazyContext {
    fn get(&self) -> Result<&Arc<RunContext>, String> {
        self.cell
            .get_or_init(|| {
                RunContext::new(self.tee, self.settings)
                    .map(Arc::new)
                    .map_err(|err| err.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}
