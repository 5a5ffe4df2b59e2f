//! `cargo faults` (`cargo faults run`): build, find and run the selected cases, write the
//! records and `summary.json`, and report.

use std::path::{Path, PathBuf};

use fault_runtime::record;
use fault_runtime::record::Isolation;
use fault_runtime::vars;

use crate::deliver::{self, Delivery};
use crate::discover::find::find_cases;
use crate::discover::rerun::{self, Again};
use crate::discover::select::Filters;
use crate::discover::workspace::CargoArgs;
use crate::errors::Error;
use crate::execute::runner;
use crate::execute::settings::{Settings, Switches};
use crate::{guard, latest};

/// A run, as asked for.
#[derive(Debug)]
pub(crate) struct RunPlan {
    /// What to build.
    pub(crate) cargo: CargoArgs,
    /// Which cases to run.
    pub(crate) filters: Filters,
    /// Where the report goes.
    pub(crate) delivery: Delivery,
    /// Where records go, as given; made absolute before anything runs.
    pub(crate) records_dir: Option<PathBuf>,
    /// How many cases run at once; `None` for one per CPU.
    pub(crate) jobs: Option<usize>,
    /// The switches the command line set.
    pub(crate) switches: GivenSwitches,
    /// Run even where the environment says production.
    pub(crate) allow_production: bool,
    /// `cargo faults rerun`: only the selected cases the latest run did not pass.
    pub(crate) rerun: bool,
    /// The names of the subcommands: a lone filter that matches no case and is close to one
    /// was most likely meant as that subcommand.
    pub(crate) subcommands: Vec<String>,
}

/// The run's switches as the command line gave them: `None` leaves one to its `FAULTS_*`
/// variable, so a flag always wins over the environment.
#[derive(Debug)]
pub(crate) struct GivenSwitches {
    /// `--fail-fast` (`Some(true)`) or `--no-fail-fast` (`Some(false)`).
    pub(crate) fail_fast: Option<bool>,
    /// `--strict`.
    pub(crate) strict: Option<bool>,
    /// `--strict-gates`.
    pub(crate) strict_gates: Option<bool>,
    /// `--drift-as-failure`.
    pub(crate) drift_as_failure: Option<bool>,
    /// `--control`.
    pub(crate) control: Option<bool>,
    /// `--isolation container`.
    pub(crate) containers: Option<bool>,
}

impl GivenSwitches {
    /// Each switch from its flag, else from its variable (an unreadable value is an error).
    fn resolve(&self) -> Result<Switches, Error> {
        let either = |given: Option<bool>, name: &str| -> Result<bool, Error> {
            match given {
                Some(on) => Ok(on),
                None => Ok(vars::flag(name)?),
            }
        };
        Ok(Switches {
            fail_fast: either(self.fail_fast, vars::FAIL_FAST)?,
            strict: either(self.strict, vars::STRICT)?,
            strict_gates: either(self.strict_gates, vars::STRICT_GATES)?,
            drift_as_failure: either(self.drift_as_failure, vars::DRIFT_AS_FAILURE)?,
            control: either(self.control, vars::CONTROL)?,
            containers: match self.containers {
                Some(on) => on,
                None => vars::choice(vars::ISOLATION, &ISOLATIONS)? == Some(CONTAINER),
            },
        })
    }
}

/// The isolations `--isolation` and `FAULTS_ISOLATION` choose between.
pub(crate) const ISOLATIONS: [&str; 2] = [Isolation::Process.as_str(), CONTAINER];

/// `--isolation container`.
const CONTAINER: &str = Isolation::Container.as_str();

/// Runs the plan and returns the exit code its results deserve.
pub(crate) fn run(plan: RunPlan) -> Result<u8, Error> {
    guard::check(plan.allow_production)?;
    let switches = plan.switches.resolve()?;
    // Relative to where `cargo faults` was started, whatever directory a harness runs in.
    let records_dir = plan.records_dir.as_deref().map(absolute).transpose()?;
    let (workspace, selection) =
        find_cases(&plan.cargo, &plan.filters).map_err(|err| mistyped(err, &plan))?;
    let runs = record::runs_dir(&workspace.target_dir);
    let selection = match plan.rerun {
        false => selection,
        true => match rerun::again(selection, &runs)? {
            Again::Cases(selection) => selection,
            Again::Nothing(why) => {
                println!("{why}");
                return Ok(crate::exit_codes::OK);
            }
        },
    };
    let run_id = run_id();
    let records_dir =
        records_dir.unwrap_or_else(|| record::default_dir(&workspace.target_dir, &run_id));
    std::fs::create_dir_all(&records_dir).map_err(|source| Error::Write {
        path: records_dir.clone(),
        source,
    })?;
    let settings = Settings {
        run_id,
        invocation_id: record::new_invocation_id(),
        records_dir,
        jobs: plan.jobs.unwrap_or_else(default_jobs),
        switches,
    };
    let summary = runner::run(&selection, &settings, plan.delivery.verbosity)?;
    deliver::write_summary(&summary, &settings.records_dir)?;
    // The pointer is a convenience for `rerun`: the run's records are written either way.
    if let Err(err) = latest::point_at(&runs, &settings.records_dir) {
        eprintln!("warning: {err}; `cargo faults rerun` will not find this run");
    }
    deliver::deliver(&summary, &plan.delivery, Some(&settings.records_dir))
}

/// How far (in edits, a swap of two letters counting as one) a filter may be from a
/// subcommand's name to be taken for a typo of it.
const TYPO_DISTANCE: usize = 2;

/// `err` with a suggestion when it says no case matched and the only filter is close to a
/// subcommand's name: `cargo faults lsit` meant `cargo faults list`.
fn mistyped(err: Error, plan: &RunPlan) -> Error {
    let Error::NoCases { detail } = err else {
        return err;
    };
    let filters = &plan.filters;
    let lone = match filters.names.as_slice() {
        [name]
            if filters.gates.is_empty()
                && filters.categories.is_empty()
                && filters.severities.is_empty()
                && filters.tags.is_empty() =>
        {
            name
        }
        _ => return Error::NoCases { detail },
    };
    let closest = plan
        .subcommands
        .iter()
        .map(|command| (strsim::osa_distance(lone, command), command))
        .filter(|(distance, _)| *distance <= TYPO_DISTANCE && *distance < lone.len())
        .min();
    match closest {
        Some((_, command)) => Error::NoCases {
            detail: format!(
                "{detail}\n(hint: did you mean `cargo faults {command}`? `{lone}` was taken as a filter on case ids and names)"
            ),
        },
        None => Error::NoCases { detail },
    }
}

/// The run id `FAULTS_RUN_ID` names (shards of one CI run share it), else a new one.
fn run_id() -> String {
    std::env::var(vars::RUN_ID)
        .ok()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(record::new_run_id)
}

/// `dir` made absolute against the current directory.
fn absolute(dir: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// One case per CPU.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
