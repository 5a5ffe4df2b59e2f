//! What each subcommand does, from parsed arguments to an exit code.

use std::path::PathBuf;

use fault_runtime::vars;

use crate::cli::{CargoOptions, Command, FaultsArgs, FilterOptions, ListArgs, ListFormat, RunArgs};
use crate::errors::Error;
use crate::execute::{self, Settings};
use crate::select::{self, Selection};
use crate::workspace::{self, Workspace};
use crate::{deliver, discover, exit_codes, guard, listing, matrix, merge, selftest};

/// Runs the subcommand and returns the exit code.
pub(crate) fn dispatch(args: FaultsArgs) -> Result<u8, Error> {
    match args.command {
        None => run(args.run),
        Some(Command::Run(run_args)) => run(run_args),
        Some(Command::List(list_args)) => list(list_args),
        Some(Command::Matrix(matrix_args)) => matrix::matrix(&matrix_args),
        Some(Command::Report(report_args)) => merge::report(&report_args),
        Some(Command::Selftest(selftest_args)) => selftest::selftest(&selftest_args),
    }
}

/// Builds the workspace's test targets, finds the fault harnesses and applies the filters.
pub(crate) fn find_cases(
    cargo: &CargoOptions,
    filter: &FilterOptions,
) -> Result<(Workspace, Selection), Error> {
    let (workspace, binaries) = workspace::metadata_and_build(cargo)?;
    let harnesses = discover::harnesses(binaries)?;
    let selection = select::select(harnesses, filter)?;
    Ok((workspace, selection))
}

fn run(args: RunArgs) -> Result<u8, Error> {
    guard::check(args.allow_production)?;
    let flags = Flags::read(&args)?;
    // Relative to where `cargo faults` was started, whatever directory a harness runs in.
    let records_dir = match &args.records_dir {
        Some(dir) => Some(std::path::absolute(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?),
        None => None,
    };
    let (workspace, selection) = find_cases(&args.cargo, &args.filter)?;
    let run_id = std::env::var(vars::RUN_ID)
        .ok()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(fault_runtime::record::new_run_id);
    let records_dir =
        records_dir.unwrap_or_else(|| workspace.target_dir.join("faults").join(&run_id));
    create_dir(&records_dir)?;
    let settings = Settings {
        run_id,
        invocation_id: fault_runtime::record::new_invocation_id(),
        records_dir,
        jobs: args.jobs.unwrap_or_else(default_jobs),
        fail_fast: flags.fail_fast,
        strict: flags.strict,
        strict_gates: flags.strict_gates,
        drift_as_failure: flags.drift_as_failure,
    };
    let summary = execute::run(&selection, &settings)?;
    deliver::write_summary(&summary, &settings.records_dir)?;
    eprintln!("fault records: {}", settings.records_dir.display());
    deliver::deliver(&summary, &args.report)
}

/// The run's boolean switches: each set by its flag or by its `FAULTS_*` variable.
struct Flags {
    fail_fast: bool,
    strict: bool,
    strict_gates: bool,
    drift_as_failure: bool,
}

impl Flags {
    fn read(args: &RunArgs) -> Result<Self, Error> {
        let either =
            |flag: bool, name: &str| -> Result<bool, Error> { Ok(flag || vars::flag(name)?) };
        Ok(Flags {
            fail_fast: !args.no_fail_fast && either(args.fail_fast, vars::FAIL_FAST)?,
            strict: either(args.strict, vars::STRICT)?,
            strict_gates: either(args.strict_gates, vars::STRICT_GATES)?,
            drift_as_failure: either(args.drift_as_failure, vars::DRIFT_AS_FAILURE)?,
        })
    }
}

fn list(args: ListArgs) -> Result<u8, Error> {
    let (_, selection) = find_cases(&args.cargo, &args.filter)?;
    let text = match args.format {
        ListFormat::Table => listing::table(&selection),
        ListFormat::Json => listing::json(&selection)?,
    };
    print!("{text}");
    Ok(exit_codes::OK)
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn create_dir(dir: &PathBuf) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })
}
