//! The harness: a libtest-compatible `main` that runs every registered case in isolation.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::listing::Listing;
use crate::protocol::CASE_VAR;
use crate::registry::{self, Registered};
use crate::run::RunContext;
use crate::{child, runner, selection, vars};

/// Exit status when the harness cannot start (duplicate case ids, a stale selection).
const SETUP_FAILED: u8 = 2;

/// Runs the harness: the body of `fault_runtime::main!()`.
///
/// In a child started for one case, runs that case and reports. Otherwise parses libtest's
/// command line (`--list`, `--exact`, filters, `--ignored`, `--test-threads`, …) and runs each
/// matching case in its own process, so `cargo test` and `cargo nextest run` drive it unchanged.
pub fn run() -> ExitCode {
    if let Some(code) = child::run_if_child() {
        return code;
    }
    let args = Arguments::from_args();
    let describing = args.list && vars::flag(vars::DESCRIBE);
    let cases = match registry::cases() {
        Ok(cases) => cases,
        Err(err) if describing => {
            print_listing(&Listing::failed(err.to_string()));
            return ExitCode::from(SETUP_FAILED);
        }
        Err(err) => return setup_failed(&err),
    };
    if describing {
        return print_listing(&Listing::of(&cases));
    }
    let cases = match selection::apply(cases) {
        Ok(cases) => cases,
        Err(err) => return setup_failed(&err),
    };
    let context = Arc::new(LazyContext {
        tee: args.nocapture,
        fail_fast: vars::flag(vars::FAIL_FAST),
        failed: AtomicBool::new(false),
        cell: OnceLock::new(),
    });
    let trials = cases
        .into_iter()
        .map(|case| trial(case, Arc::clone(&context)))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if let Some(Ok(ctx)) = context.cell.get() {
        eprintln!("fault records: {}", ctx.records_dir.display());
    }
    conclusion.exit_code()
}

/// Whether this process was started by a harness to run one case.
///
/// Programs that embed fault cases in a larger binary (as `cargo faults selftest` does) route
/// such a process to [`run`] before doing anything else.
pub fn is_case_process() -> bool {
    std::env::var_os(CASE_VAR).is_some()
}

fn setup_failed(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(SETUP_FAILED)
}

/// Answers the `FAULTS_DESCRIBE` handshake: the listing as one JSON document on stdout.
fn print_listing(listing: &Listing) -> ExitCode {
    match serde_json::to_string(listing) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(err) => setup_failed(&err),
    }
}

fn trial(case: Registered, context: Arc<LazyContext>) -> Trial {
    let ignored = case.def.ignored;
    Trial::ignorable_test(case.id.clone(), move || {
        if context.fail_fast && context.failed.load(Ordering::Relaxed) {
            return Ok(Completion::ignored_with(
                "not run: an earlier case failed (fail-fast)",
            ));
        }
        let result = match context.get() {
            Ok(ctx) => runner::run_case(ctx, &case),
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
    fail_fast: bool,
    failed: AtomicBool,
    cell: OnceLock<Result<RunContext, String>>,
}

impl LazyContext {
    fn get(&self) -> Result<&RunContext, String> {
        self.cell
            .get_or_init(|| RunContext::new(self.tee).map_err(|err| err.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }
}
