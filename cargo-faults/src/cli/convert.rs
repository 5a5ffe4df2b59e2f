//! From parsed arguments to the plain requests the commands take.
//!
//! Only values are converted here; reading `FAULTS_*` variables, checking paths and validating
//! filters stay with the commands, which do them in the order the user sees their errors.

use clap::Parser;
use fault_runtime::record::Isolation;

use super::args::{
    Cargo, CargoCommand, CargoOptions, ColorArg, Command, CoverageArgs, CoverageFormatArg,
    FaultsArgs, FilterOptions, FormatArg, ListArgs, ListFormatArg, MatrixArgs, ReportArgs,
    ReportOptions, RunArgs, SelftestArgs,
};
use crate::command::{
    CoveragePlan, GivenSwitches, InitPlan, ListPlan, MatrixPlan, ReportPlan, Request, RunPlan,
    SelftestPlan,
};
use crate::deliver::Delivery;
use crate::discover::select::Filters;
use crate::discover::workspace::CargoArgs;
use crate::render::coverage::CoverageFormat;
use crate::render::format::{Document, Format};
use crate::render::listing::ListFormat;
use crate::render::screen::{ColorChoice, Verbosity};

/// Parses the process's arguments (clap exits with a usage error on bad ones) into a request,
/// with the `--color` choice when one was given.
pub(crate) fn parse() -> (Request, Option<ColorChoice>) {
    let CargoCommand::Faults(args) = Cargo::parse().command;
    let color = args.color.map(|color| match color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    });
    (request(args), color)
}

/// The request the arguments make: a bare `cargo faults` runs the cases.
fn request(args: FaultsArgs) -> Request {
    match args.command {
        None => Request::Run(run(args.run)),
        Some(Command::Run(args)) => Request::Run(run(args)),
        Some(Command::Rerun(args)) => Request::Run(RunPlan {
            rerun: true,
            ..run(args)
        }),
        Some(Command::List(args)) => Request::List(list(args)),
        Some(Command::Matrix(args)) => Request::Matrix(matrix(args)),
        Some(Command::Report(args)) => Request::Report(report(args)),
        Some(Command::Selftest(args)) => Request::Selftest(selftest(args)),
        Some(Command::Coverage(args)) => Request::Coverage(coverage(args)),
        Some(Command::Init(args)) => Request::Init(InitPlan {
            manifest_path: args.manifest_path,
            package: args.package,
            runtime_path: args.runtime_path,
        }),
    }
}

/// `cargo faults run`.
fn run(args: RunArgs) -> RunPlan {
    let mut cargo = cargo(args.cargo);
    // `-q` shows only the failures and the last line: cargo's build says nothing either.
    if args.report.quiet {
        cargo.passthrough.push("--quiet".to_owned());
    }
    RunPlan {
        cargo,
        filters: filters(args.filter),
        delivery: delivery(args.report),
        records_dir: args.records_dir,
        jobs: args.jobs,
        switches: GivenSwitches {
            // The two flags override each other: the last one given is the one set.
            fail_fast: if args.no_fail_fast {
                Some(false)
            } else {
                given(args.fail_fast)
            },
            strict: given(args.strict),
            strict_gates: given(args.strict_gates),
            drift_as_failure: given(args.drift_as_failure),
            control: given(args.control),
            containers: args
                .isolation
                .map(|isolation| isolation == Isolation::Container.as_str()),
        },
        allow_production: args.allow_production,
        rerun: false,
        subcommands: subcommands(),
    }
}

/// The names of `cargo faults`'s subcommands, as the command line defines them.
fn subcommands() -> Vec<String> {
    let cargo = <Cargo as clap::CommandFactory>::command();
    cargo
        .get_subcommands()
        .flat_map(|faults| faults.get_subcommands())
        .map(|command| command.get_name().to_owned())
        .collect()
}

/// `cargo faults list`.
fn list(args: ListArgs) -> ListPlan {
    ListPlan {
        cargo: cargo(args.cargo),
        filters: filters(args.filter),
        format: match args.format {
            ListFormatArg::Table => ListFormat::Table,
            ListFormatArg::Json => ListFormat::Json,
        },
    }
}

/// `cargo faults matrix`.
fn matrix(args: MatrixArgs) -> MatrixPlan {
    MatrixPlan {
        cargo: cargo(args.cargo),
        filters: filters(args.filter),
        check: args.check,
    }
}

/// `cargo faults report`.
fn report(args: ReportArgs) -> ReportPlan {
    ReportPlan {
        dirs: args.dirs,
        delivery: delivery(args.report),
    }
}

/// `cargo faults coverage`.
fn coverage(args: CoverageArgs) -> CoveragePlan {
    CoveragePlan {
        cargo: cargo(args.cargo),
        filters: filters(args.filter),
        records_dir: args.records_dir,
        format: match args.format {
            CoverageFormatArg::Table => CoverageFormat::Table,
            CoverageFormatArg::Json => CoverageFormat::Json,
        },
    }
}

/// `cargo faults selftest`.
fn selftest(args: SelftestArgs) -> SelftestPlan {
    SelftestPlan {
        allow_production: args.allow_production,
    }
}

/// A switch flag: `Some(true)` when given, `None` to leave the choice to its variable.
fn given(flag: bool) -> Option<bool> {
    flag.then_some(true)
}

/// The case filters, as given.
fn filters(args: FilterOptions) -> Filters {
    Filters {
        names: args.names,
        gates: args.gate,
        categories: args.category,
        severities: args.severity,
        tags: args.tag,
        include_ignored: args.include_ignored,
        partition: args.partition,
    }
}

/// Where the report goes.
fn delivery(args: ReportOptions) -> Delivery {
    Delivery {
        format: match args.format {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Document(Document::Json),
            FormatArg::Markdown => Format::Document(Document::Markdown),
            FormatArg::Junit => Format::Document(Document::Junit),
        },
        junit: args.junit,
        html: args.html,
        verbosity: match (args.quiet, args.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        },
    }
}

/// The cargo options, with the arguments that forward them to `cargo test`.
fn cargo(args: CargoOptions) -> CargoArgs {
    CargoArgs {
        passthrough: passthrough(&args),
        manifest_path: args.manifest_path,
        target_dir: args.target_dir,
        locked: args.locked,
        offline: args.offline,
    }
}

/// The cargo options `cargo faults` forwards to `cargo test`.
fn passthrough(options: &CargoOptions) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(path) = &options.manifest_path {
        args.push("--manifest-path".to_owned());
        args.push(path.display().to_string());
    }
    for package in &options.packages {
        args.push("--package".to_owned());
        args.push(package.clone());
    }
    if options.workspace {
        args.push("--workspace".to_owned());
    }
    for features in &options.features {
        args.push("--features".to_owned());
        args.push(features.clone());
    }
    let flags = [
        (options.all_features, "--all-features"),
        (options.no_default_features, "--no-default-features"),
        (options.release, "--release"),
        (options.locked, "--locked"),
        (options.offline, "--offline"),
    ];
    args.extend(
        flags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, flag)| (*flag).to_owned()),
    );
    if let Some(dir) = &options.target_dir {
        args.push("--target-dir".to_owned());
        args.push(dir.display().to_string());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_for(args: &[&str]) -> Request {
        let CargoCommand::Faults(args) = Cargo::try_parse_from(args).unwrap().command;
        request(args)
    }

    #[test]
    fn forwards_every_build_option_to_cargo() {
        let options = CargoOptions {
            manifest_path: Some("ws/Cargo.toml".into()),
            packages: vec!["toolforge".into(), "ledger".into()],
            workspace: true,
            features: vec!["fault-cases,extra".into()],
            all_features: false,
            no_default_features: true,
            release: true,
            target_dir: Some("/tmp/t".into()),
            locked: true,
            offline: false,
        };
        assert_eq!(
            passthrough(&options),
            [
                "--manifest-path",
                "ws/Cargo.toml",
                "--package",
                "toolforge",
                "--package",
                "ledger",
                "--workspace",
                "--features",
                "fault-cases,extra",
                "--no-default-features",
                "--release",
                "--locked",
                "--target-dir",
                "/tmp/t",
            ]
        );
    }

    #[test]
    fn the_last_fail_fast_flag_wins_and_none_asks_the_variable() {
        let fail_fast = |args: &[&str]| {
            let Request::Run(plan) = request_for(args) else {
                panic!("expected a run");
            };
            plan.switches.fail_fast
        };
        assert_eq!(fail_fast(&["cargo", "faults"]), None);
        assert_eq!(fail_fast(&["cargo", "faults", "--fail-fast"]), Some(true));
        assert_eq!(
            fail_fast(&["cargo", "faults", "--fail-fast", "--no-fail-fast"]),
            Some(false)
        );
        assert_eq!(
            fail_fast(&["cargo", "faults", "run", "--no-fail-fast", "--fail-fast"]),
            Some(true)
        );
    }

    #[test]
    fn control_is_a_switch_of_the_run_left_to_its_variable_when_not_given() {
        let control = |args: &[&str]| {
            let Request::Run(plan) = request_for(args) else {
                panic!("expected a run");
            };
            plan.switches.control
        };
        assert_eq!(control(&["cargo", "faults"]), None);
        assert_eq!(control(&["cargo", "faults", "--control"]), Some(true));
        assert_eq!(
            control(&["cargo", "faults", "run", "--control", "-p", "x"]),
            Some(true)
        );
        assert!(Cargo::try_parse_from(["cargo", "faults", "list", "--control"]).is_err());
    }

    #[test]
    fn a_bare_cargo_faults_is_a_run_and_subcommands_map_to_their_plans() {
        assert!(matches!(request_for(&["cargo", "faults"]), Request::Run(_)));
        let Request::List(list) = request_for(&["cargo", "faults", "list", "--format", "json"])
        else {
            panic!("expected a list");
        };
        assert_eq!(list.format, ListFormat::Json);
        let Request::Report(report) =
            request_for(&["cargo", "faults", "report", "dir", "--format", "markdown"])
        else {
            panic!("expected a report");
        };
        assert_eq!(report.delivery.format, Format::Document(Document::Markdown));
    }
}
