//! External programs `startup` needs, and the check that they really run.
//!
//! Finding a file named `git` on PATH is not enough (it may be a broken link or the wrong
//! architecture), so the check runs a harmless probe, `git --version`, and requires it to
//! succeed. A program may also be run by its absolute path (the config's `git = /usr/bin/git`):
//! then PATH plays no part, and hiding the program from PATH does not hide it.

use std::ffi::OsStr;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::StartupError;

/// A program `startup` runs, and how to get it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program {
    /// The name looked up on PATH.
    pub name: &'static str,
    /// Arguments of a probe that succeeds and changes nothing.
    pub probe: &'static [&'static str],
    /// How to install it, for the `help:` line.
    pub install: &'static str,
    /// What to do when it is not at the path it was given, for the `help:` line.
    pub install_at: &'static str,
}

/// git, which `sync` runs.
pub const GIT: Program = Program {
    name: "git",
    probe: &["--version"],
    install: "install git (Debian/Ubuntu: `apt-get install git`, Fedora: `dnf install git`, \
              macOS: `xcode-select --install`) and make sure it is on PATH",
    install_at: "install git at that path, or fix the `git =` line of the config file \
                 (without it, git is looked up on PATH)",
};

/// Runs `program`'s probe and returns the first line it printed, e.g. `git version 2.47.3`.
/// The program is the file at `at` when given (an absolute path), else `program.name` looked up
/// on PATH.
pub fn require(program: &Program, at: Option<&Path>) -> Result<String, StartupError> {
    let missing = |problem: String| StartupError::DependencyMissing {
        program: program.name,
        problem,
        install: if at.is_some() {
            program.install_at
        } else {
            program.install
        },
    };
    let output = Command::new(at.map_or(OsStr::new(program.name), Path::as_os_str))
        .args(program.probe)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| {
            missing(match (at, err.kind()) {
                (None, io::ErrorKind::NotFound) => "was not found on PATH".to_owned(),
                (None, _) => format!("could not be run: {err}"),
                (Some(path), io::ErrorKind::NotFound) => {
                    format!("at `{}` does not exist", path.display())
                }
                (Some(path), _) => format!("at `{}` could not be run: {err}", path.display()),
            })
        })?;
    if !output.status.success() {
        let (place, command) = match at {
            None => ("on PATH".to_owned(), program.name.to_owned()),
            Some(path) => (
                format!("at `{}`", path.display()),
                path.display().to_string(),
            ),
        };
        return Err(missing(format!(
            "is {place} but `{}` failed ({})",
            probe_line(&command, program),
            output.status
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.lines().next().unwrap_or_default().trim().to_owned())
}

/// The probe as a command line, with the program written as `command`.
fn probe_line(command: &str, program: &Program) -> String {
    std::iter::once(command)
        .chain(program.probe.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn program(name: &'static str, probe: &'static [&'static str]) -> Program {
        Program {
            name,
            probe,
            install: "install it",
            install_at: "install it there",
        }
    }

    #[test]
    fn a_program_that_is_not_on_path_is_missing() {
        let err = require(&program("startup-no-such-program", &[]), None).unwrap_err();
        assert_eq!(err.code(), "DEPENDENCY_MISSING");
        assert_eq!(
            err.report(),
            "error[DEPENDENCY_MISSING]: required program `startup-no-such-program` was not found on PATH\n\
             help: install it\n"
        );
    }

    #[test]
    fn a_program_whose_probe_fails_is_missing_too() {
        let err = require(&program("sh", &["-c", "exit 3"]), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "required program `sh` is on PATH but `sh -c exit 3` failed (exit status: 3)"
        );
    }

    #[test]
    fn a_working_probe_returns_its_first_line() {
        let line = require(&program("sh", &["-c", "echo 'tool 1.2'; echo more"]), None).unwrap();
        assert_eq!(line, "tool 1.2");
    }

    #[test]
    fn a_program_given_by_path_runs_without_path() {
        let dir = tempfile::tempdir().unwrap();
        let tool = dir.path().join("tool");
        std::fs::write(&tool, "#!/bin/sh\necho 'tool 2.0'\n").unwrap();
        std::fs::set_permissions(&tool, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let line = require(&program("startup-no-such-program", &[]), Some(&tool)).unwrap();
        assert_eq!(line, "tool 2.0");
    }

    #[test]
    fn a_program_missing_at_its_path_is_missing_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("git");
        let err = require(&program("git", &["--version"]), Some(&path)).unwrap_err();
        assert_eq!(err.code(), "DEPENDENCY_MISSING");
        assert_eq!(
            err.report(),
            format!(
                "error[DEPENDENCY_MISSING]: required program `git` at `{}` does not exist\n\
                 help: install it there\n",
                path.display()
            )
        );
    }

    #[test]
    fn a_program_whose_probe_fails_at_its_path_names_the_path() {
        let err = require(
            &program("sh", &["-c", "exit 3"]),
            Some(Path::new("/bin/sh")),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "required program `sh` is at `/bin/sh` but `/bin/sh -c exit 3` failed (exit status: 3)"
        );
        let err = require(&program("sh", &[]), Some(Path::new("/"))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("required program `sh` at `/` could not be run: "),
            "{err}"
        );
    }

    #[test]
    fn the_git_hints_say_how_to_install_it() {
        assert!(GIT.install.contains("apt-get install git"));
        assert!(GIT.install_at.contains("`git =` line of the config file"));
        assert_eq!(probe_line(GIT.name, &GIT), "git --version");
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::{fault_case, process};

    use crate::fault_support::{APP_CONF, SYSTEM_GIT_CONF, startup};

    /// git missing, checked at startup
    ///
    /// The hardened (default, eager) startup: with git hidden from PATH it refuses before it
    /// reports ready, even though `check` itself never runs git.
    #[fault_case(
        id = "startup-2",
        gate = "STARTUP",
        expect = "DEPENDENCY_MISSING",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "missing_binary",
        recovery = "Install git and put it on PATH, then start again",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        hide = ["git"],
        control,
        tags = ["startup", "deps"],
    )]
    fn git_missing_eager() -> process::Run {
        startup(&["--config", APP_CONF, "check"])
    }

    /// git missing, checked lazily
    ///
    /// The masked-dependency lesson, a known failure kept on purpose: with `--lazy-deps`,
    /// startup does not look for git, so `check` reports ready without it. The instance would
    /// only fail later, on its first `sync`. Startup is where a missing dependency must be
    /// refused; `startup-2` is the hardened variant. Marked `drift`: it fails as predicted
    /// (`drift`, counted apart), and the day `--lazy-deps` checks git up front it becomes
    /// `drift_resolved`, a failure that asks for the mark to go.
    #[fault_case(
        id = "startup-3",
        gate = "STARTUP",
        expect = "DEPENDENCY_MISSING",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "missing_binary",
        recovery = "Drop --lazy-deps so startup checks git up front; install git and put it on PATH",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        hide = ["git"],
        control,
        drift = "--lazy-deps defers the git check until sync, so startup passes without git",
        drift_verdict = "silent_acceptance",
        drift_until = "2027-06-30",
        drift_issue = "examples/startup/README.md#the-lazy-mode-a-drift-with-a-date",
        tags = ["startup", "deps", "lazy"],
    )]
    fn git_missing_lazy_check() -> process::Run {
        startup(&["--lazy-deps", "--config", APP_CONF, "check"])
    }

    /// git missing, found by the lazy sync
    ///
    /// With `--lazy-deps` the missing git is still refused, but only once a command runs it:
    /// too late for a deploy that only ran `check`.
    #[fault_case(
        id = "startup-4",
        gate = "SYNC",
        expect = "DEPENDENCY_MISSING",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "missing_binary",
        recovery = "Install git and put it on PATH, then run sync again",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        hide = ["git"],
        control,
        tags = ["deps", "lazy"],
    )]
    fn git_missing_lazy_sync() -> process::Run {
        startup(&["--lazy-deps", "--config", APP_CONF, "sync"])
    }

    /// git hidden, called by its absolute path
    ///
    /// The config says `git = /usr/bin/git`, so startup runs that file and never looks at
    /// PATH: rewriting PATH would hide nothing. Only a container removes the file itself, and
    /// startup must then refuse, naming the path.
    #[fault_case(
        id = "startup-9",
        gate = "STARTUP",
        expect = "DEPENDENCY_MISSING",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "missing_binary",
        recovery = "Install git at the path the config's `git =` line names, or fix or remove that line",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        isolation = "container",
        hide = ["git"],
        control,
        requires = ["file:/usr/bin/git"],
        tags = ["startup", "deps", "container"],
    )]
    fn git_hidden_by_absolute_path() -> process::Run {
        startup(&["--config", SYSTEM_GIT_CONF, "check"])
    }
}
