//! Process outcomes: a case that runs a program of the system under test and judges its exit.
//!
//! A non-zero exit is the refusal, and its code is found in the program's output. stderr comes
//! first: the expected code counts when it appears there as a whole word, and any other
//! code-like word there (capitals, digits and `_`, starting with a capital and containing a
//! `_`) is the observed code. stdout counts only when stderr holds no code-like word at all.
//! Without any code the observed code is `exit:<n>`. A Rust program that panicked (status 101
//! with a `panicked at` line) is `panicked`, whatever it printed; exit 0 means the fault was
//! accepted; death by a signal is a crash. The record keeps the line the code was found in.
//!
//! ```no_run
//! use fault_runtime::{fault_case, process};
//!
//! /// Startup without its token
//! #[fault_case(expect = "ENV_VAR_MISSING", env_remove = ["APP_TOKEN"])]
//! fn missing_token() -> process::Run {
//!     process::run(&mut process::bin("app"))
//! }
//! # fn main() {}
//! ```

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::api::outcome::{Acceptance, FoundIn, IntoOutcome, Outcome, RefusalReport, Stream};

/// Characters of output quoted in a refusal's message.
const MESSAGE_CHARS: usize = 500;

/// A program run by a case: what was run, and how it ended or why it could not start.
#[derive(Debug)]
pub struct Run {
    /// The program, for messages.
    pub program: String,
    /// Its output, or the error that kept it from starting.
    pub result: io::Result<Output>,
}

impl Run {
    /// The output, when the program ran.
    pub fn output(&self) -> Option<&Output> {
        self.result.as_ref().ok()
    }
}

/// Runs `command` to completion with stdin closed and its output captured, then copies that
/// output to the case's own stdout and stderr, so a failure's explanation shows it.
///
/// It inherits the case's isolation: the hermetic environment, the sandbox as working
/// directory, the PATH without hidden programs, and the case's resource limits.
pub fn run(command: &mut Command) -> Run {
    let program = command.get_program().to_string_lossy().into_owned();
    let result = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output();
    if let Ok(output) = &result {
        // Mirroring is best effort: the outcome is judged from the captured output.
        let _ = std::io::stdout().write_all(&output.stdout);
        let _ = std::io::stderr().write_all(&output.stderr);
    }
    Run { program, result }
}

/// A [`Command`] for one of the package's own binaries (`[[bin]]` targets), which cargo builds
/// before it runs a package's integration tests.
///
/// Looks at `CARGO_BIN_EXE_<name>` first (set it, or pass `env!("CARGO_BIN_EXE_<name>")` to
/// [`Command::new`] yourself in an integration test), then next to the harness: cargo puts
/// test binaries in `target/<profile>/deps/` and the package's binaries in `target/<profile>/`.
pub fn bin(name: &str) -> Command {
    Command::new(bin_path(name))
}

fn bin_path(name: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(format!("CARGO_BIN_EXE_{name}")) {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    let dir = exe.parent().map(PathBuf::from).unwrap_or_default();
    let profile_dir = if dir.file_name().is_some_and(|n| n == "deps") {
        dir.parent().map(PathBuf::from).unwrap_or(dir)
    } else {
        dir
    };
    profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

impl IntoOutcome for Run {
    fn into_outcome(self, expect: &str) -> Outcome {
        match self.result {
            // `run` copied the output to the case's already.
            Ok(output) => judge(output, expect),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Outcome::Unavailable {
                message: format!(
                    "`{}` could not be started: {err}{}",
                    self.program,
                    programs_beside(&self.program)
                ),
            },
            Err(err) => Outcome::Crashed {
                message: format!("`{}` could not be started: {err}", self.program),
            },
        }
    }
}

/// A body that returns the `Output` of a command it ran itself: the output is copied to the
/// case's stdout and stderr, as [`run`] does, so a failure's explanation shows it.
impl IntoOutcome for Output {
    fn into_outcome(self, expect: &str) -> Outcome {
        let _ = std::io::stdout().write_all(&self.stdout);
        let _ = std::io::stderr().write_all(&self.stderr);
        judge(self, expect)
    }
}

/// The executables in the directory of `program`, a path that does not exist: what a
/// misspelt [`bin`] name was probably meant to be. Empty when there is nothing to list.
fn programs_beside(program: &str) -> String {
    use std::os::unix::fs::PermissionsExt;

    let Some(dir) = std::path::Path::new(program)
        .parent()
        .filter(|d| d.is_dir())
    else {
        return String::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return String::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|entry| {
            entry
                .metadata()
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        // A program has no extension on Unix: `startup`, not `startup.d` or `.hidden`.
        .filter(|name| !name.contains('.'))
        .collect();
    names.sort();
    match names.is_empty() {
        true => format!("; {} holds no program", dir.display()),
        false => format!("; the programs in {}: {}", dir.display(), names.join(", ")),
    }
}

/// The outcome of a program's exit: 0 accepted the fault, a signal is a crash, a Rust panic
/// is `panicked`, any other exit a refusal with the code its output names.
fn judge(output: Output, expect: &str) -> Outcome {
    use std::os::unix::process::ExitStatusExt;

    if output.status.success() {
        return Outcome::Accepted(Acceptance {
            shown: None,
            exit_code: Some(0),
        });
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    if let Some(signal) = output.status.signal() {
        return Outcome::Crashed {
            message: format!(
                "the system's process was killed by {}{}",
                crate::sys::signal_name(signal),
                last_line(&stderr)
                    .map(|l| format!(": {l}"))
                    .unwrap_or_default()
            ),
        };
    }
    let exit = output.status.code().unwrap_or(-1);
    if exit == RUST_PANIC_STATUS {
        if let Some(panic) = panic_lines(&stderr) {
            return Outcome::Panicked {
                message: format!("the program panicked (exit {exit}): {panic}"),
            };
        }
    }
    let (code, found_in) = observed_code(expect, &stderr, &stdout, exit);
    let message = found_in
        .as_ref()
        .map(|found| found.line.clone())
        .or_else(|| last_line(&stderr))
        .or_else(|| last_line(&stdout))
        .map(|line| format!("exited with {exit}: {line}"))
        .unwrap_or_else(|| format!("exited with {exit} and printed nothing"));
    Outcome::Refused(RefusalReport {
        message: Some(message),
        exit_code: Some(exit),
        found_in,
        ..RefusalReport::new(code)
    })
}

/// The exit status of a Rust program whose main thread panicked.
const RUST_PANIC_STATUS: i32 = 101;

/// The code a failed program refused with, and the line it was found in.
///
/// stderr is where programs report errors, so it is read first: the expected code there counts;
/// any other code-like word there is the observed code. stdout only counts when stderr holds no
/// code-like word at all, so a log line on stdout that happens to mention the expected code
/// never stands in for a failure stderr describes differently.
fn observed_code(expect: &str, stderr: &str, stdout: &str, exit: i32) -> (String, Option<FoundIn>) {
    let found = |stream: Stream, text: &str, code: &str| {
        line_with(text, code).map(|line| (code.to_owned(), Some(FoundIn { stream, line })))
    };
    if let Some(hit) = found(Stream::Stderr, stderr, expect) {
        return hit;
    }
    if let Some(code) = first_code(stderr) {
        return found(Stream::Stderr, stderr, &code).unwrap_or((code, None));
    }
    if let Some(hit) = found(Stream::Stdout, stdout, expect) {
        return hit;
    }
    if let Some(code) = first_code(stdout) {
        return found(Stream::Stdout, stdout, &code).unwrap_or((code, None));
    }
    (format!("exit:{exit}"), None)
}

/// The `panicked at` line of a Rust panic and the message line after it.
fn panic_lines(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines().map(str::trim);
    let at = lines.find(|line| line.contains("panicked at"))?;
    let text = match lines
        .next()
        .filter(|l| !l.is_empty() && !l.starts_with("note:"))
    {
        Some(message) => format!("{at} {message}"),
        None => at.to_owned(),
    };
    Some(text.chars().take(MESSAGE_CHARS).collect())
}

/// Whether `word` appears in `text` delimited by characters that cannot be part of a code.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_code_char) && !after.is_some_and(is_code_char)
    })
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first code-like word: a whole word of capitals, digits and `_`, starting with a
/// capital and containing a `_` (`UPPER_SNAKE_CASE`).
fn first_code(text: &str) -> Option<String> {
    text.split(|c: char| !is_code_char(c))
        .find(|word| {
            word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.contains('_')
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
}

/// The first line where `code` appears as a whole word: the line that says what went wrong.
fn line_with(text: &str, code: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|line| has_word(line, code))
        .map(|line| line.chars().take(MESSAGE_CHARS).collect())
}

fn last_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty())
        .map(|line| line.chars().take(MESSAGE_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    use super::*;

    /// The code the cases below expect.
    const CASE: &str = "ENV_VAR_MISSING";

    fn output(raw_status: i32, stdout: &str, stderr: &str) -> Output {
        Output {
            status: ExitStatus::from_raw(raw_status),
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    fn code_of(outcome: Outcome) -> String {
        match outcome {
            Outcome::Refused(report) => report.code,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn found(outcome: &Outcome) -> Option<(Stream, String)> {
        match outcome {
            Outcome::Refused(report) => {
                report.found_in.as_ref().map(|f| (f.stream, f.line.clone()))
            }
            _ => None,
        }
    }

    #[test]
    fn the_expected_code_counts_as_a_whole_word_in_stderr() {
        let refused = output(
            2 << 8,
            "",
            "starting\nerror[ENV_VAR_MISSING]: STARTUP_TOKEN is not set\n",
        );
        let outcome = refused.into_outcome(CASE);
        assert_eq!(
            found(&outcome),
            Some((
                Stream::Stderr,
                "error[ENV_VAR_MISSING]: STARTUP_TOKEN is not set".to_owned()
            ))
        );
        assert_eq!(code_of(outcome), "ENV_VAR_MISSING");
        let inside_a_word = output(1 << 8, "", "XENV_VAR_MISSING_2 happened\n");
        assert_eq!(
            code_of(inside_a_word.into_outcome(CASE)),
            "XENV_VAR_MISSING_2"
        );
    }

    #[test]
    fn stdout_counts_only_when_stderr_holds_no_code() {
        let on_stdout = output(1 << 8, "fatal: ENV_VAR_MISSING\n", "something failed\n");
        let outcome = on_stdout.into_outcome(CASE);
        assert_eq!(
            found(&outcome),
            Some((Stream::Stdout, "fatal: ENV_VAR_MISSING".to_owned()))
        );
        assert_eq!(code_of(outcome), "ENV_VAR_MISSING");
        let logged = output(
            1 << 8,
            "checking ENV_VAR_MISSING: fine\n",
            "error: CONFIG_UNREADABLE (app.toml)\n",
        );
        assert_eq!(code_of(logged.into_outcome(CASE)), "CONFIG_UNREADABLE");
    }

    #[test]
    fn otherwise_the_first_code_or_the_exit_status() {
        let other = output(
            3 << 8,
            "",
            "ERROR: CONFIG_UNREADABLE (app.toml)\nDEPENDENCY_MISSING\n",
        );
        assert_eq!(code_of(other.into_outcome(CASE)), "CONFIG_UNREADABLE");
        let from_stdout = output(3 << 8, "PORT_IN_USE: 8080\n", "failed\n");
        assert_eq!(code_of(from_stdout.into_outcome(CASE)), "PORT_IN_USE");
        let silent = output(3 << 8, "", "something went wrong\n");
        let Outcome::Refused(report) = silent.into_outcome(CASE) else {
            panic!("a non-zero exit is a refusal");
        };
        assert_eq!(report.code, "exit:3");
        assert_eq!(report.found_in, None);
        assert_eq!(
            report.message.as_deref(),
            Some("exited with 3: something went wrong")
        );
    }

    #[test]
    fn a_rust_panic_is_panicked_whatever_it_printed() {
        let panicked = output(
            101 << 8,
            "",
            "thread 'main' panicked at src/main.rs:4:5:\nENV_VAR_MISSING: no token\nnote: run with `RUST_BACKTRACE=1`\n",
        );
        let Outcome::Panicked { message } = panicked.into_outcome(CASE) else {
            panic!("a Rust panic is not a refusal");
        };
        assert!(message.contains("panicked at src/main.rs:4:5"), "{message}");
        assert!(message.contains("ENV_VAR_MISSING: no token"), "{message}");
        let plain_101 = output(101 << 8, "", "error: ENV_VAR_MISSING\n");
        assert_eq!(code_of(plain_101.into_outcome(CASE)), "ENV_VAR_MISSING");
    }

    #[test]
    fn a_program_that_cannot_be_found_lists_the_programs_beside_it() {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().unwrap();
        for (name, mode) in [("startup", 0o755), ("startup.d", 0o755), ("notes", 0o644)] {
            let path = dir.path().join(name);
            std::fs::write(&path, b"").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let typo = dir.path().join("strtup");
        let Outcome::Unavailable { message } = run(&mut Command::new(&typo)).into_outcome(CASE)
        else {
            panic!("a program that is not there is unavailable");
        };
        assert!(
            message.ends_with(&format!(
                "; the programs in {}: startup",
                dir.path().display()
            )),
            "{message}"
        );
    }

    #[test]
    fn success_is_acceptance_and_a_signal_is_a_crash() {
        assert_eq!(
            output(0, "ok", "").into_outcome(CASE),
            Outcome::Accepted(Acceptance {
                shown: None,
                exit_code: Some(0)
            })
        );
        let Outcome::Crashed { message } = output(libc::SIGSEGV, "", "").into_outcome(CASE) else {
            panic!("a signal is a crash");
        };
        assert!(message.contains("SIGSEGV"), "{message}");
    }

    #[test]
    fn a_program_that_cannot_start_is_missing_or_crashed() {
        let missing = run(&mut Command::new("/nonexistent/startup"));
        assert!(matches!(
            missing.into_outcome(CASE),
            Outcome::Unavailable { .. }
        ));
    }
}
