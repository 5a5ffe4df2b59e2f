//! The binary's entry point: parse, start up, run the command, report.

use std::ffi::OsString;
use std::process::ExitCode;

use crate::StartupError;
use crate::app;
use crate::args::{self, Command, HELP, Parsed};

/// Runs `startup` as a process: prints the result on stdout and exits 0, or prints the
/// report on stderr and exits with the error's status.
pub fn main() -> ExitCode {
    match run(std::env::args_os().skip(1), |name| std::env::var_os(name)) {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{}", err.report());
            ExitCode::from(err.exit_status())
        }
    }
}

/// Runs one command line (without the program name) and returns what to print.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    var: impl Fn(&str) -> Option<OsString>,
) -> Result<String, StartupError> {
    let args = match args::parse(args)? {
        Parsed::Help => return Ok(HELP.trim_end().to_owned()),
        Parsed::Run(args) => args,
    };
    let app = app::start(&args, var)?;
    match args.command {
        Command::Check => Ok(app.check()),
        Command::Sync => app.sync(),
        Command::Ping => app.ping(),
    }
}
