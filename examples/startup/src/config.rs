//! The config file: where it is, and its `key = value` format.
//!
//! ```text
//! # comments and blank lines are ignored
//! name = demo
//! cache_mb = 16
//! # optional: the git to run, by absolute path (default: `git` on PATH)
//! git = /usr/bin/git
//! # optional: the update service `ping` checks (default: updates.startup.example:443)
//! service = updates.startup.example:443
//! ```
//!
//! `name` and `cache_mb` are required; every key may appear at most once, and any other key
//! is refused, so a typo fails at startup instead of silently leaving a setting out. Values run
//! to the end of the line (there are no inline comments) and are trimmed.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::StartupError;
use crate::interface::CONFIG_VAR;
use crate::service::Service;

const MIB: u64 = 1 << 20;

/// A valid configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    name: String,
    cache_mb: u64,
    git: Option<PathBuf>,
    service: Service,
}

impl Config {
    /// The instance's name, printed when it is ready.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cache size in MiB.
    pub fn cache_mb(&self) -> u64 {
        self.cache_mb
    }

    /// The cache size in bytes; parsing guarantees it fits in a `usize`.
    pub fn cache_bytes(&self) -> usize {
        usize::try_from(self.cache_mb * MIB).expect("checked by parse")
    }

    /// The absolute path of the git to run, or `None` to look git up on PATH.
    pub fn git(&self) -> Option<&Path> {
        self.git.as_deref()
    }

    /// The update service `ping` checks.
    pub fn service(&self) -> &Service {
        &self.service
    }
}

/// What is wrong with a config text, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based line, when one line is at fault (not for a missing key).
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: String,
}

/// The config file's path: `--config` if given, else `STARTUP_CONFIG` read through `var`.
pub fn locate(
    flag: Option<&Path>,
    var: impl Fn(&str) -> Option<OsString>,
) -> Result<PathBuf, StartupError> {
    match flag {
        Some(path) => Ok(path.to_owned()),
        None => var(CONFIG_VAR)
            .filter(|path| !path.is_empty())
            .map(PathBuf::from)
            .ok_or(StartupError::ConfigNotGiven),
    }
}

/// Reads and parses the config file at `path`.
///
/// Missing, unreadable and not-a-file (a directory) are `CONFIG_UNREADABLE`; a file that was
/// read but is not valid UTF-8 or not valid config is `CONFIG_INVALID`.
pub fn load(path: &Path) -> Result<Config, StartupError> {
    let bytes = std::fs::read(path).map_err(|source| StartupError::ConfigUnreadable {
        path: path.to_owned(),
        source,
    })?;
    let invalid = |line, problem| StartupError::ConfigInvalid {
        path: path.to_owned(),
        line,
        problem,
    };
    let text = String::from_utf8(bytes).map_err(|_| invalid(None, "not valid UTF-8".into()))?;
    parse(&text).map_err(|err| invalid(err.line, err.problem))
}

/// Parses a config text.
pub fn parse(text: &str) -> Result<Config, ParseError> {
    let mut name: Option<(String, usize)> = None;
    let mut cache_mb: Option<(u64, usize)> = None;
    let mut git: Option<(PathBuf, usize)> = None;
    let mut service: Option<(Service, usize)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let at = |problem: String| ParseError {
            line: Some(line),
            problem,
        };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(at(format!("expected `key = value`, found `{trimmed}`")));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "name" => {
                once(&name, key).map_err(at)?;
                if value.is_empty() {
                    return Err(at("`name` is empty".into()));
                }
                name = Some((value.to_owned(), line));
            }
            "cache_mb" => {
                once(&cache_mb, key).map_err(at)?;
                cache_mb = Some((cache_size(value).map_err(at)?, line));
            }
            "git" => {
                once(&git, key).map_err(at)?;
                git = Some((absolute_path(key, value).map_err(at)?, line));
            }
            "service" => {
                once(&service, key).map_err(at)?;
                service = Some((Service::parse(value).map_err(at)?, line));
            }
            "" => return Err(at(format!("missing key before `=` in `{trimmed}`"))),
            _ => {
                return Err(at(format!(
                    "unknown key `{key}`: expected `name`, `cache_mb`, `git` or `service`"
                )));
            }
        }
    }
    let missing = |key: &str| ParseError {
        line: None,
        problem: format!("missing required key `{key}`"),
    };
    Ok(Config {
        name: name.ok_or_else(|| missing("name"))?.0,
        cache_mb: cache_mb.ok_or_else(|| missing("cache_mb"))?.0,
        git: git.map(|(path, _)| path),
        service: service.map(|(service, _)| service).unwrap_or_default(),
    })
}

/// Refuses a key given a second time, naming the line of the first.
fn once<T>(seen: &Option<(T, usize)>, key: &str) -> Result<(), String> {
    match seen {
        Some((_, first)) => Err(format!("`{key}` is set twice (first on line {first})")),
        None => Ok(()),
    }
}

/// A path that does not depend on the working directory `startup` was started in.
fn absolute_path(key: &str, value: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(format!("`{key}` must be an absolute path, found `{value}`"))
    }
}

/// A whole number of MiB whose size in bytes this machine can address.
fn cache_size(value: &str) -> Result<u64, String> {
    let mib: u64 = value
        .parse()
        .map_err(|_| format!("`cache_mb` must be a whole number of MiB, found `{value}`"))?;
    mib.checked_mul(MIB)
        .and_then(|bytes| usize::try_from(bytes).ok())
        .map(|_| mib)
        .ok_or_else(|| format!("`cache_mb = {mib}` is more than this machine can address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (Option<usize>, String) {
        let err = parse(text).unwrap_err();
        (err.line, err.problem)
    }

    #[test]
    fn parses_keys_comments_and_blank_lines() {
        let config = parse("# app\n\n  name =  demo app \r\ncache_mb=16\n").unwrap();
        assert_eq!(config.name(), "demo app");
        assert_eq!(config.cache_mb(), 16);
        assert_eq!(config.cache_bytes(), 16 << 20);
    }

    #[test]
    fn a_value_may_contain_equals_signs() {
        assert_eq!(parse("name = a=b\ncache_mb = 0").unwrap().name(), "a=b");
    }

    #[test]
    fn a_line_without_equals_is_refused_with_its_number() {
        assert_eq!(
            problem("name = demo\ncache_mb 16\n"),
            (
                Some(2),
                "expected `key = value`, found `cache_mb 16`".into()
            )
        );
    }

    #[test]
    fn unknown_empty_and_repeated_keys_are_refused() {
        assert_eq!(
            problem("name = demo\ncache_mbs = 16\n"),
            (
                Some(2),
                "unknown key `cache_mbs`: expected `name`, `cache_mb`, `git` or `service`".into()
            )
        );
        assert_eq!(
            problem("= demo\n"),
            (Some(1), "missing key before `=` in `= demo`".into())
        );
        assert_eq!(
            problem("name = a\ncache_mb = 1\nname = b\n"),
            (Some(3), "`name` is set twice (first on line 1)".into())
        );
    }

    #[test]
    fn both_keys_are_required_and_name_is_not_empty() {
        assert_eq!(
            problem("cache_mb = 16\n"),
            (None, "missing required key `name`".into())
        );
        assert_eq!(
            problem("name = demo\n"),
            (None, "missing required key `cache_mb`".into())
        );
        assert_eq!(
            problem("name =\ncache_mb = 16\n"),
            (Some(1), "`name` is empty".into())
        );
    }

    #[test]
    fn git_and_service_are_optional_with_defaults() {
        let config = parse("name = x\ncache_mb = 1\n").unwrap();
        assert_eq!(config.git(), None);
        assert_eq!(config.service(), &Service::default());
        let config =
            parse("name = x\ncache_mb = 1\ngit = /usr/bin/git\nservice = 127.0.0.1:8080\n")
                .unwrap();
        assert_eq!(config.git(), Some(Path::new("/usr/bin/git")));
        assert_eq!(config.service().as_str(), "127.0.0.1:8080");
    }

    #[test]
    fn git_is_an_absolute_path_given_once() {
        for relative in ["git", "bin/git", ""] {
            assert_eq!(
                problem(&format!("name = x\ncache_mb = 1\ngit = {relative}\n")),
                (
                    Some(3),
                    format!("`git` must be an absolute path, found `{relative}`")
                )
            );
        }
        assert_eq!(
            problem("git = /a/git\nname = x\ncache_mb = 1\ngit = /b/git\n"),
            (Some(4), "`git` is set twice (first on line 1)".into())
        );
    }

    #[test]
    fn service_is_host_and_port_given_once() {
        assert_eq!(
            problem("name = x\ncache_mb = 1\nservice = updates.example\n"),
            (
                Some(3),
                "`service` must be `host:port`, found `updates.example`".into()
            )
        );
        assert_eq!(
            problem("name = x\nservice = h:0\ncache_mb = 1\n"),
            (
                Some(2),
                "`service` port must be 1 to 65535, found `0`".into()
            )
        );
        assert_eq!(
            problem("service = h:1\nservice = h:2\nname = x\ncache_mb = 1\n"),
            (Some(2), "`service` is set twice (first on line 1)".into())
        );
    }

    #[test]
    fn cache_mb_is_a_whole_addressable_number() {
        for bad in ["-1", "1.5", "16MiB", ""] {
            assert_eq!(
                problem(&format!("name = x\ncache_mb = {bad}\n")).1,
                format!("`cache_mb` must be a whole number of MiB, found `{bad}`")
            );
        }
        assert_eq!(
            problem(&format!("name = x\ncache_mb = {}\n", u64::MAX >> 19)).1,
            format!(
                "`cache_mb = {}` is more than this machine can address",
                u64::MAX >> 19
            )
        );
    }

    #[test]
    fn the_flag_wins_over_the_variable_and_one_of_them_is_needed() {
        let var = |value: Option<&'static str>| move |_: &str| value.map(OsString::from);
        assert_eq!(
            locate(Some(Path::new("flag.conf")), var(Some("var.conf"))).unwrap(),
            Path::new("flag.conf")
        );
        assert_eq!(
            locate(None, var(Some("var.conf"))).unwrap(),
            Path::new("var.conf")
        );
        for unset in [None, Some("")] {
            let err = locate(None, var(unset)).unwrap_err();
            assert!(matches!(err, StartupError::ConfigNotGiven), "{err:?}");
            assert_eq!(err.code(), "CONFIG_UNREADABLE");
        }
    }

    #[test]
    fn load_tells_unreadable_from_invalid() {
        let dir = tempfile::tempdir().unwrap();
        let missing = load(&dir.path().join("missing.conf")).unwrap_err();
        assert_eq!(missing.code(), "CONFIG_UNREADABLE");
        let directory = load(dir.path()).unwrap_err();
        assert_eq!(directory.code(), "CONFIG_UNREADABLE");

        let binary = dir.path().join("binary.conf");
        std::fs::write(&binary, b"name = \xff\n").unwrap();
        let err = load(&binary).unwrap_err();
        assert_eq!(err.code(), "CONFIG_INVALID");
        assert!(err.to_string().ends_with(": not valid UTF-8"), "{err}");

        let good = dir.path().join("good.conf");
        std::fs::write(&good, "name = demo\ncache_mb = 1\n").unwrap();
        assert_eq!(load(&good).unwrap().name(), "demo");
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::{fault_case, process};

    use crate::fault_support::{APP_CONF, FIXTURES, INVALID_CONF, MISSING_CONF, startup};

    /// Config file does not exist
    ///
    /// Token and git are present; `--config` names a file that is not there.
    #[fault_case(
        id = "startup-5",
        gate = "STARTUP",
        expect = "CONFIG_UNREADABLE",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "missing_config_file",
        recovery = "Pass the path of an existing config file with --config or STARTUP_CONFIG",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        control = valid_config,
        requires = ["git"],
        tags = ["startup", "config"],
    )]
    fn missing_config_file() -> process::Run {
        startup(&["--config", MISSING_CONF, "check"])
    }

    /// Config path is a directory
    ///
    /// The path exists but cannot be read as a file.
    #[fault_case(
        id = "startup-6",
        gate = "STARTUP",
        expect = "CONFIG_UNREADABLE",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "config_is_a_directory",
        recovery = "Point --config or STARTUP_CONFIG at the config file, not its directory",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        control = valid_config,
        requires = ["git"],
        tags = ["startup", "config"],
    )]
    fn config_is_a_directory() -> process::Run {
        startup(&["--config", FIXTURES, "check"])
    }

    /// Malformed config file
    ///
    /// A line without `=`: the file is read, then refused with the line's number.
    #[fault_case(
        id = "startup-7",
        gate = "STARTUP",
        expect = "CONFIG_INVALID",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "malformed_config",
        recovery = "Fix the line named in the message: each line is `key = value`",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        control = valid_config,
        requires = ["git"],
        tags = ["startup", "config"],
    )]
    fn malformed_config() -> process::Run {
        startup(&["--config", INVALID_CONF, "check"])
    }

    /// The control of the three cases above: the same `check`, in the same environment (the
    /// token the case sets), with `--config` naming the valid `app.conf`. It must report ready,
    /// so each refusal comes from the config path its case gives.
    fn valid_config() -> process::Run {
        startup(&["--config", APP_CONF, "check"])
    }
}
