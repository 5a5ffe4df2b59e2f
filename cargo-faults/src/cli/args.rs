//! The command line of `cargo faults`, modelled as cargo sees it: `cargo faults [COMMAND]`.
//!
//! These types only describe the command line for clap; the `convert` module turns them into the
//! requests the rest of the crate takes.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::discover::partition::Partition;

/// Exit codes, shown in `--help` and the README.
const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  every case passed
  1  a case failed (or `matrix --check` found the matrix stale)
  2  usage, configuration or build error; or the production guard refused to run
  4  no fault cases matched: zero cases is never a green run";

/// Exit codes of `cargo faults coverage`, shown in its `--help`.
const COVERAGE_EXIT_CODES_HELP: &str = "\
Exit codes:
  0  the report was printed: coverage is information, not a verdict
  2  usage, configuration or build error, or no run to read (run `cargo faults` first)
  4  no fault cases matched

The latest run is the newest records directory under <target dir>/faults/ whose summary.json
`cargo faults` wrote (by its modification time; equal times by the greater run id) and in which
one of the selected harnesses ran.";

/// `cargo`, as far as `cargo faults` is concerned.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap::builder::Styles::styled())]
pub(crate) struct Cargo {
    #[command(subcommand)]
    pub(crate) command: CargoCommand,
}

/// The one cargo subcommand this binary implements.
#[derive(Debug, Subcommand)]
pub(crate) enum CargoCommand {
    /// Build and run fault cases: tests that pass only when the system refuses loudly.
    #[command(
        version,
        args_conflicts_with_subcommands = true,
        after_help = EXIT_CODES_HELP,
        long_about = "Build and run every fault harness of the workspace (or the selected \
packages), print the summary table, and write one RunRecord per case plus summary.json.\n\n\
Without a subcommand, `cargo faults` runs the cases (`cargo faults run`)."
    )]
    Faults(FaultsArgs),
}

/// `cargo faults [COMMAND] [OPTIONS]`.
#[derive(Debug, Args)]
pub(crate) struct FaultsArgs {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    #[command(flatten)]
    pub(crate) run: RunArgs,
    /// Coloring: auto, always, never [default: CARGO_TERM_COLOR, else auto, which honours
    /// NO_COLOR]
    #[arg(long, value_name = "WHEN", value_enum, global = true)]
    pub(crate) color: Option<ColorArg>,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    /// Colour a stream that is a terminal, unless NO_COLOR is set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// What `cargo faults` does.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build and run the cases (the default)
    #[command(after_help = EXIT_CODES_HELP)]
    Run(RunArgs),
    /// Run again the cases the latest run failed or did not run (its records: <target
    /// dir>/faults/latest); filters narrow them further
    #[command(after_help = EXIT_CODES_HELP)]
    Rerun(RunArgs),
    /// List the cases without running them
    #[command(after_help = EXIT_CODES_HELP)]
    List(ListArgs),
    /// Print the fault matrix as Markdown, or check a committed one
    #[command(after_help = EXIT_CODES_HELP)]
    Matrix(MatrixArgs),
    /// Merge the records of earlier runs or CI shards and render them
    #[command(after_help = EXIT_CODES_HELP)]
    Report(ReportArgs),
    /// Prove the isolation works on this machine: built-in canary cases must all be caught
    #[command(after_help = EXIT_CODES_HELP)]
    Selftest(SelftestArgs),
    /// Which failpoint sites and syscall faults the latest run fired, and which no case fired
    #[command(
        after_help = COVERAGE_EXIT_CODES_HELP,
        long_about = "Every failpoint site (`fault_runtime::fail_point!`) registered in the \
selected harnesses, with the cases that fired it in the latest run (from its records), and every \
syscall fault and sweep the cases declare, with what they injected; then the ones no case fired: \
the error paths nothing tests."
    )]
    Coverage(CoverageArgs),
    /// Set a package up for fault cases: the harness target, tests/faults.rs with one working
    /// case, and fault-runtime; a second run changes nothing
    #[command(after_help = EXIT_CODES_HELP)]
    Init(InitArgs),
}

/// Which packages to build, and how: passed through to cargo.
#[derive(Debug, Args)]
#[command(next_help_heading = "Package selection and build")]
pub(crate) struct CargoOptions {
    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    pub(crate) manifest_path: Option<PathBuf>,
    /// Only the fault harnesses of these packages
    #[arg(short, long = "package", value_name = "SPEC")]
    pub(crate) packages: Vec<String>,
    /// Every package of the workspace (the default in a virtual workspace)
    #[arg(long)]
    pub(crate) workspace: bool,
    /// Features to activate, space- or comma-separated
    #[arg(short = 'F', long, value_name = "FEATURES")]
    pub(crate) features: Vec<String>,
    /// Activate all features
    #[arg(long)]
    pub(crate) all_features: bool,
    /// Do not activate the `default` feature
    #[arg(long)]
    pub(crate) no_default_features: bool,
    /// Build in release mode
    #[arg(short, long)]
    pub(crate) release: bool,
    /// Directory for all generated artifacts
    #[arg(long, value_name = "DIR")]
    pub(crate) target_dir: Option<PathBuf>,
    /// Require Cargo.lock to be up to date
    #[arg(long)]
    pub(crate) locked: bool,
    /// Run without accessing the network
    #[arg(long)]
    pub(crate) offline: bool,
}

/// Which cases to take.
#[derive(Debug, Args)]
#[command(next_help_heading = "Case selection")]
pub(crate) struct FilterOptions {
    /// Only cases whose id or name contains one of these strings
    #[arg(value_name = "FILTER")]
    pub(crate) names: Vec<String>,
    /// Only cases declared at this gate (repeatable)
    #[arg(long, value_name = "GATE")]
    pub(crate) gate: Vec<String>,
    /// Only cases of this category (repeatable)
    #[arg(long, value_name = "CATEGORY")]
    pub(crate) category: Vec<String>,
    /// Only cases of this severity (repeatable)
    #[arg(long, value_name = "SEVERITY")]
    pub(crate) severity: Vec<fault_runtime::Severity>,
    /// Only cases carrying this tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub(crate) tag: Vec<String>,
    /// Also take cases marked #[ignore]
    #[arg(long)]
    pub(crate) include_ignored: bool,
    /// Only shard K of N, for splitting a run across CI jobs: `hash:K/N` (stable per case id)
    /// or `count:K/N` (every Nth case); `K/N` means `count:K/N`
    #[arg(long, value_name = "hash:K/N|count:K/N")]
    pub(crate) partition: Option<Partition>,
}

/// How results are rendered.
#[derive(Debug, Args)]
#[command(next_help_heading = "Reporting")]
pub(crate) struct ReportOptions {
    /// Format of the report on stdout
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub(crate) format: FormatArg,
    /// Also write a JUnit XML report to this path
    #[arg(long, value_name = "PATH")]
    pub(crate) junit: Option<PathBuf>,
    /// Also write a self-contained HTML report to this path
    #[arg(long, value_name = "PATH")]
    pub(crate) html: Option<PathBuf>,
    /// Show only the failures and the last line
    #[arg(short, long, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Show every case's line with its record's path
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// The summary table, for people
    Table,
    /// summary.json, for tools
    Json,
    /// A Markdown table, for pull requests and step summaries
    Markdown,
    /// JUnit XML, for CI test reports
    Junit,
}

/// `cargo faults run`.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    pub(crate) cargo: CargoOptions,
    #[command(flatten)]
    pub(crate) filter: FilterOptions,
    #[command(flatten)]
    pub(crate) report: ReportOptions,
    /// Where records and summary.json go [default: <target dir>/faults/<run id>/]
    #[arg(
        long,
        value_name = "DIR",
        env = "FAULTS_RECORDS_DIR",
        help_heading = "Running"
    )]
    pub(crate) records_dir: Option<PathBuf>,
    /// How many cases run at once [default: the number of CPUs]
    #[arg(short, long, value_name = "N", value_parser = parse_jobs, help_heading = "Running")]
    pub(crate) jobs: Option<usize>,
    /// Stop after the first failed case; what was not run is shown and counted
    #[arg(long, overrides_with = "no_fail_fast", help_heading = "Running")]
    pub(crate) fail_fast: bool,
    /// Run every selected case, even after one failed (the default)
    #[arg(long, overrides_with = "fail_fast", help_heading = "Running")]
    pub(crate) no_fail_fast: bool,
    /// Fail every case with a claim the harness could not verify (`unverified`): a gate the
    /// refusal did not report, a failpoint with no registered site [env: FAULTS_STRICT]
    #[arg(long, help_heading = "Running")]
    pub(crate) strict: bool,
    /// Fail a case whose refusal does not report the gate it declares (`unverified`)
    /// [env: FAULTS_STRICT_GATES]
    #[arg(long, help_heading = "Running")]
    pub(crate) strict_gates: bool,
    /// Also run every case without the faults its attribute injects (the control): a case whose
    /// control does not complete proves nothing and fails as `vacuous`; cases no control can be
    /// derived for are named [env: FAULTS_CONTROL]
    #[arg(long, help_heading = "Running")]
    pub(crate) control: bool,
    /// Fail the run when a `drift` case fails as predicted (by default drift passes, counted
    /// apart) [env: FAULTS_DRIFT_AS_FAILURE]
    #[arg(long, help_heading = "Running")]
    pub(crate) drift_as_failure: bool,
    /// `container` runs every process-isolated case in a Linux container (user, mount, PID,
    /// IPC and UTS namespaces over a copy-on-write view of the machine) [env: FAULTS_ISOLATION]
    #[arg(long, value_name = "ISOLATION", value_parser = clap::builder::PossibleValuesParser::new(crate::command::ISOLATIONS), help_heading = "Running")]
    pub(crate) isolation: Option<String>,
    /// Run even when ENVIRONMENT, APP_ENV or RUST_ENV says production
    #[arg(long, help_heading = "Running")]
    pub(crate) allow_production: bool,
}

/// `--jobs`: a number of cases at once, so at least 1.
fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) | Err(_) => Err(format!("`{text}` is not a number of jobs; give 1 or more")),
        Ok(jobs) => Ok(jobs),
    }
}

/// `cargo faults list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) cargo: CargoOptions,
    #[command(flatten)]
    pub(crate) filter: FilterOptions,
    /// Format of the list
    #[arg(long, value_enum, default_value_t = ListFormatArg::Table)]
    pub(crate) format: ListFormatArg,
}

/// Formats of `cargo faults list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormatArg {
    /// A table, for people
    Table,
    /// The harness listings as JSON, for tools
    Json,
}

/// `cargo faults coverage`.
#[derive(Debug, Args)]
pub(crate) struct CoverageArgs {
    #[command(flatten)]
    pub(crate) cargo: CargoOptions,
    #[command(flatten)]
    pub(crate) filter: FilterOptions,
    /// Read the records of the run in this directory instead of the latest run's
    #[arg(long, value_name = "DIR", env = "FAULTS_RECORDS_DIR")]
    pub(crate) records_dir: Option<PathBuf>,
    /// Format of the report
    #[arg(long, value_enum, default_value_t = CoverageFormatArg::Table)]
    pub(crate) format: CoverageFormatArg,
}

/// Formats of `cargo faults coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CoverageFormatArg {
    /// Tables, for people
    Table,
    /// One JSON document (cargo-faults/coverage/v1), for tools
    Json,
}

/// `cargo faults matrix`.
#[derive(Debug, Args)]
pub(crate) struct MatrixArgs {
    #[command(flatten)]
    pub(crate) cargo: CargoOptions,
    #[command(flatten)]
    pub(crate) filter: FilterOptions,
    /// Compare with this committed matrix instead of printing; exit 1 with a diff when stale
    #[arg(long, value_name = "FILE")]
    pub(crate) check: Option<PathBuf>,
}

/// `cargo faults report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Records directories of runs or CI shards to merge
    #[arg(required = true, value_name = "DIR")]
    pub(crate) dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) report: ReportOptions,
}

/// `cargo faults init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    pub(crate) manifest_path: Option<PathBuf>,
    /// The package to set up [default: the one in the current directory]
    #[arg(short, long = "package", value_name = "SPEC")]
    pub(crate) package: Option<String>,
    /// fault-runtime's source directory, for the dependency's path [default: the source this
    /// cargo-faults was built from, else its version]
    #[arg(long, value_name = "DIR")]
    pub(crate) runtime_path: Option<PathBuf>,
}

/// `cargo faults selftest`.
#[derive(Debug, Args)]
pub(crate) struct SelftestArgs {
    /// Run even when ENVIRONMENT, APP_ENV or RUST_ENV says production
    #[arg(long)]
    pub(crate) allow_production: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_definition_is_valid() {
        Cargo::command().debug_assert();
    }

    fn parse(args: &[&str]) -> FaultsArgs {
        let CargoCommand::Faults(args) = Cargo::try_parse_from(args).unwrap().command;
        args
    }

    #[test]
    fn no_subcommand_means_run_with_filters() {
        let args = parse(&[
            "cargo",
            "faults",
            "-p",
            "toolforge",
            "fault-1",
            "--jobs",
            "3",
        ]);
        assert!(args.command.is_none());
        assert_eq!(args.run.cargo.packages, ["toolforge"]);
        assert_eq!(args.run.filter.names, ["fault-1"]);
        assert_eq!(args.run.jobs, Some(3));
    }

    #[test]
    fn subcommands_take_their_own_options() {
        let args = parse(&["cargo", "faults", "matrix", "--check", "FAULT_MATRIX.md"]);
        let Some(Command::Matrix(matrix)) = args.command else {
            panic!("expected matrix");
        };
        assert_eq!(matrix.check, Some(PathBuf::from("FAULT_MATRIX.md")));
        let args = parse(&["cargo", "faults", "report", "a", "b", "--format", "junit"]);
        let Some(Command::Report(report)) = args.command else {
            panic!("expected report");
        };
        assert_eq!(report.dirs.len(), 2);
        assert_eq!(report.report.format, FormatArg::Junit);
    }

    #[test]
    fn coverage_takes_a_records_dir_and_a_format() {
        let args = parse(&[
            "cargo",
            "faults",
            "coverage",
            "-p",
            "ledger",
            "--records-dir",
            "run",
            "--format",
            "json",
        ]);
        let Some(Command::Coverage(coverage)) = args.command else {
            panic!("expected coverage");
        };
        assert_eq!(coverage.cargo.packages, ["ledger"]);
        assert_eq!(coverage.records_dir, Some(PathBuf::from("run")));
        assert_eq!(coverage.format, CoverageFormatArg::Json);
        assert!(
            Cargo::try_parse_from(["cargo", "faults", "coverage", "--format", "junit"]).is_err()
        );
    }

    #[test]
    fn report_needs_a_directory() {
        assert!(Cargo::try_parse_from(["cargo", "faults", "report"]).is_err());
    }
}
