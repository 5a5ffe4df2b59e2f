//! The command line, parsed with the standard library: three commands and two options do not
//! need a parser crate.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::StartupError;
pub use crate::interface::USAGE;

/// The text of `startup --help`.
pub const HELP: &str = "\
startup: a CLI that starts only when its API token, git and its config file are all there

usage: startup [--config PATH] [--lazy-deps] <check|sync|ping>

commands:
  check          start up, print `ready: <name>` and exit
  sync           start up, then run git
  ping           start up, then check that the update service (config `service`) is
                 reachable, and print `reachable: <host:port>`

options:
  --config PATH  the config file (default: $STARTUP_CONFIG)
  --lazy-deps    look for git only when a command runs it, not at startup
  -h, --help     print this help

environment:
  STARTUP_API_TOKEN  the API token (required, not empty)
  STARTUP_CONFIG     the config file, when --config is not given

exit status:
  0 ready, 2 USAGE_ERROR, 3 ENV_VAR_MISSING, 4 DEPENDENCY_MISSING,
  5 CONFIG_UNREADABLE, 6 CONFIG_INVALID, 7 OUT_OF_MEMORY,
  8 TRUST_STORE_MISSING, 9 SERVICE_UNREACHABLE
";

/// The commands, as usage errors list them.
const COMMANDS: &str = "`check`, `sync` or `ping`";

/// What to do once started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Start up, report ready, exit.
    Check,
    /// Start up, then run git.
    Sync,
    /// Start up, then check that the update service is reachable.
    Ping,
}

/// A parsed command line that runs a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// `--config PATH`, which takes precedence over `STARTUP_CONFIG`.
    pub config: Option<PathBuf>,
    /// `--lazy-deps`: defer the git check to the command that needs git.
    pub lazy_deps: bool,
}

/// The outcome of parsing: run a command, or print the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Run [`Args::command`].
    Run(Args),
    /// `-h` or `--help`.
    Help,
}

/// Parses the arguments after the program name. Options may come before or after the command.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, StartupError> {
    let mut args = args.into_iter();
    let mut command = None;
    let mut config = None;
    let mut lazy_deps = false;
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            return Err(usage(format!(
                "unexpected argument `{}`",
                arg.to_string_lossy()
            )));
        };
        match text {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--lazy-deps" => lazy_deps = true,
            "--config" => set_config(&mut config, args.next())?,
            _ if text.starts_with("--config=") => {
                set_config(&mut config, Some(text["--config=".len()..].into()))?;
            }
            _ if text.starts_with('-') => return Err(usage(format!("unknown option `{text}`"))),
            "check" | "sync" | "ping" if command.is_some() => {
                return Err(usage(format!(
                    "unexpected argument `{text}`: give one command"
                )));
            }
            "check" => command = Some(Command::Check),
            "sync" => command = Some(Command::Sync),
            "ping" => command = Some(Command::Ping),
            _ => {
                return Err(usage(format!(
                    "unknown command `{text}`: expected {COMMANDS}"
                )));
            }
        }
    }
    let command = command.ok_or_else(|| usage(format!("no command given: expected {COMMANDS}")))?;
    Ok(Parsed::Run(Args {
        command,
        config,
        lazy_deps,
    }))
}

/// Takes the value of `--config`. A value that looks like an option is refused rather than
/// read as a path, so `--config --lazy-deps` is a usage error and not a missing file.
fn set_config(config: &mut Option<PathBuf>, value: Option<OsString>) -> Result<(), StartupError> {
    if config.is_some() {
        return Err(usage("`--config` given more than once".into()));
    }
    match value {
        Some(path) if !path.is_empty() && !path.to_string_lossy().starts_with('-') => {
            *config = Some(path.into());
            Ok(())
        }
        _ => Err(usage("`--config` needs a path".into())),
    }
}

fn usage(message: String) -> StartupError {
    StartupError::Usage(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Parsed, StartupError> {
        parse(args.iter().map(OsString::from))
    }

    fn run(args: &[&str]) -> Args {
        match parse_strs(args) {
            Ok(Parsed::Run(args)) => args,
            other => panic!("{args:?} should parse to a command, got {other:?}"),
        }
    }

    fn usage_error(args: &[&str]) -> String {
        match parse_strs(args) {
            Err(err @ StartupError::Usage(_)) => {
                assert_eq!((err.code(), err.exit_status()), ("USAGE_ERROR", 2));
                err.to_string()
            }
            other => panic!("{args:?} should be a usage error, got {other:?}"),
        }
    }

    #[test]
    fn commands_and_options_in_any_order() {
        assert_eq!(
            run(&["check"]),
            Args {
                command: Command::Check,
                config: None,
                lazy_deps: false
            }
        );
        let expected = Args {
            command: Command::Sync,
            config: Some("app.conf".into()),
            lazy_deps: true,
        };
        assert_eq!(
            run(&["--lazy-deps", "--config", "app.conf", "sync"]),
            expected
        );
        assert_eq!(run(&["sync", "--config=app.conf", "--lazy-deps"]), expected);
        assert_eq!(run(&["ping"]).command, Command::Ping);
    }

    #[test]
    fn help_wins_wherever_it_appears() {
        assert_eq!(parse_strs(&["-h"]).unwrap(), Parsed::Help);
        assert_eq!(parse_strs(&["check", "--help"]).unwrap(), Parsed::Help);
    }

    #[test]
    fn mistakes_are_usage_errors_that_say_what_is_wrong() {
        assert_eq!(
            usage_error(&[]),
            "no command given: expected `check`, `sync` or `ping`"
        );
        assert_eq!(
            usage_error(&["--verbose", "check"]),
            "unknown option `--verbose`"
        );
        assert_eq!(
            usage_error(&["start"]),
            "unknown command `start`: expected `check`, `sync` or `ping`"
        );
        assert_eq!(
            usage_error(&["check", "sync"]),
            "unexpected argument `sync`: give one command"
        );
        assert_eq!(
            usage_error(&["ping", "check"]),
            "unexpected argument `check`: give one command"
        );
        assert_eq!(
            usage_error(&["check", "--config"]),
            "`--config` needs a path"
        );
        assert_eq!(
            usage_error(&["--config=", "check"]),
            "`--config` needs a path"
        );
        assert_eq!(
            usage_error(&["--config", "--lazy-deps", "check"]),
            "`--config` needs a path"
        );
        assert_eq!(
            usage_error(&["--config", "a", "--config", "b", "check"]),
            "`--config` given more than once"
        );
    }

    #[test]
    fn a_config_path_need_not_be_utf8() {
        use std::os::unix::ffi::OsStringExt;

        let path = OsString::from_vec(b"conf-\xff".to_vec());
        let parsed = parse(["--config".into(), path.clone(), "check".into()]).unwrap();
        assert_eq!(
            parsed,
            Parsed::Run(Args {
                command: Command::Check,
                config: Some(path.into()),
                lazy_deps: false,
            })
        );
    }

    #[test]
    fn the_usage_line_is_in_the_help() {
        assert!(HELP.contains(USAGE));
    }
}
