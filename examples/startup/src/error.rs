//! `StartupError`: every reason `startup` refuses to run, with a stable code and exit status.
//!
//! The code is for machines (scripts, alerts, fault cases match on it) and never changes; the
//! message and the `help:` line are for the person who has to fix it. Neither ever contains the
//! API token.

use std::collections::TryReserveError;
use std::io;
use std::path::PathBuf;

use crate::interface::{CONFIG_VAR, DEFAULT_SERVICE, TOKEN_VAR, USAGE};

/// Why `startup` refused to run.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The command line could not be parsed.
    #[error("{0}")]
    Usage(String),

    /// The API token is unset, empty or not UTF-8.
    #[error("environment variable {var} {problem}")]
    EnvVarMissing {
        /// The variable's name.
        var: &'static str,
        /// What is wrong with it, e.g. `is not set`.
        problem: &'static str,
    },

    /// A program `startup` needs cannot be run.
    #[error("required program `{program}` {problem}")]
    DependencyMissing {
        /// The program's name.
        program: &'static str,
        /// Why it cannot be used, e.g. `was not found on PATH`.
        problem: String,
        /// How to install it.
        install: &'static str,
    },

    /// No config file was given at all.
    #[error("no config file given")]
    ConfigNotGiven,

    /// The config file could not be read.
    #[error("cannot read config file `{}`: {source}", .path.display())]
    ConfigUnreadable {
        /// The path that was tried.
        path: PathBuf,
        /// Why reading failed.
        source: io::Error,
    },

    /// The config file was read but is malformed.
    #[error("config file `{}`{}: {problem}", .path.display(), line_suffix(*.line))]
    ConfigInvalid {
        /// The config file.
        path: PathBuf,
        /// The 1-based line at fault, when one line is.
        line: Option<usize>,
        /// What is wrong.
        problem: String,
    },

    /// The cache could not be preallocated.
    #[error("cannot preallocate the {mib} MiB cache: {source}")]
    OutOfMemory {
        /// The cache size the config asked for.
        mib: u64,
        /// The allocator's answer.
        source: TryReserveError,
    },

    /// The CA certificates that TLS to the update service is verified against are not there.
    #[error("TLS trust store `{}` {problem}", .path.display())]
    TrustStoreMissing {
        /// The trust store's directory.
        path: PathBuf,
        /// What is wrong with it, e.g. `does not exist`.
        problem: String,
    },

    /// No connection to the update service could be made.
    #[error("update service `{service}` is unreachable: {problem}")]
    ServiceUnreachable {
        /// The service's `host:port`.
        service: String,
        /// The last failure: the name's resolution, or a connection to one of its addresses.
        problem: String,
    },
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|line| format!(", line {line}"))
        .unwrap_or_default()
}

impl StartupError {
    /// The stable UPPER_SNAKE code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Usage(_) => "USAGE_ERROR",
            Self::EnvVarMissing { .. } => "ENV_VAR_MISSING",
            Self::DependencyMissing { .. } => "DEPENDENCY_MISSING",
            Self::ConfigNotGiven | Self::ConfigUnreadable { .. } => "CONFIG_UNREADABLE",
            Self::ConfigInvalid { .. } => "CONFIG_INVALID",
            Self::OutOfMemory { .. } => "OUT_OF_MEMORY",
            Self::TrustStoreMissing { .. } => "TRUST_STORE_MISSING",
            Self::ServiceUnreachable { .. } => "SERVICE_UNREACHABLE",
        }
    }

    /// The process exit status: one per code, so a script can branch without parsing stderr.
    /// 1 is left to panics and 2 is the usual status of a usage error.
    pub fn exit_status(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::EnvVarMissing { .. } => 3,
            Self::DependencyMissing { .. } => 4,
            Self::ConfigNotGiven | Self::ConfigUnreadable { .. } => 5,
            Self::ConfigInvalid { .. } => 6,
            Self::OutOfMemory { .. } => 7,
            Self::TrustStoreMissing { .. } => 8,
            Self::ServiceUnreachable { .. } => 9,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Self::Usage(_) => format!("usage: {USAGE}"),
            Self::EnvVarMissing { .. } => {
                format!("export {TOKEN_VAR}=<your API token> and start again")
            }
            Self::DependencyMissing { install, .. } => (*install).to_owned(),
            Self::ConfigNotGiven => format!("pass --config PATH or set {CONFIG_VAR}"),
            Self::ConfigUnreadable { .. } => {
                "check that the path names a readable file, or pass another with --config PATH"
                    .to_owned()
            }
            Self::ConfigInvalid { .. } => "each line is `key = value`, a `# comment` or blank; \
                 keys: name, cache_mb, git, service"
                .to_owned(),
            Self::OutOfMemory { .. } => {
                "lower cache_mb in the config file, or raise the memory limit (`ulimit -v`)"
                    .to_owned()
            }
            Self::TrustStoreMissing { path, .. } => format!(
                "install the CA certificates (Debian/Ubuntu: `apt-get install ca-certificates`, \
                 Fedora: `dnf install ca-certificates`) so that `{}` holds them",
                path.display()
            ),
            Self::ServiceUnreachable { .. } => format!(
                "check the network, and the `service = host:port` line of the config file \
                 (default: {DEFAULT_SERVICE})"
            ),
        }
    }

    /// The report printed on stderr: `error[CODE]: message`, then a `help:` line.
    pub fn report(&self) -> String {
        format!("error[{}]: {self}\nhelp: {}\n", self.code(), self.help())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    fn one_of_each() -> Vec<StartupError> {
        vec![
            StartupError::Usage("unknown option `--x`".into()),
            StartupError::EnvVarMissing {
                var: TOKEN_VAR,
                problem: "is not set",
            },
            StartupError::DependencyMissing {
                program: "git",
                problem: "was not found on PATH".into(),
                install: "install git",
            },
            StartupError::ConfigNotGiven,
            StartupError::ConfigUnreadable {
                path: "app.conf".into(),
                source: io::Error::from(io::ErrorKind::NotFound),
            },
            StartupError::ConfigInvalid {
                path: "app.conf".into(),
                line: Some(3),
                problem: "expected `key = value`".into(),
            },
            StartupError::OutOfMemory {
                mib: 1024,
                source: Vec::<u8>::new().try_reserve_exact(usize::MAX).unwrap_err(),
            },
            StartupError::TrustStoreMissing {
                path: "/etc/ssl/certs".into(),
                problem: "does not exist".into(),
            },
            StartupError::ServiceUnreachable {
                service: "updates.startup.example:443".into(),
                problem: "connecting to 192.0.2.1:443 failed: connection timed out".into(),
            },
        ]
    }

    #[test]
    fn each_code_has_its_own_exit_status() {
        let mut by_code = BTreeMap::new();
        for err in one_of_each() {
            let earlier = by_code.insert(err.code(), err.exit_status());
            assert!(
                earlier.is_none_or(|status| status == err.exit_status()),
                "{}",
                err.code()
            );
        }
        let statuses: BTreeSet<_> = by_code.values().copied().collect();
        assert_eq!(statuses.len(), by_code.len(), "{by_code:?}");
        assert!(
            statuses.iter().all(|&status| status >= 2),
            "0 and 1 are taken"
        );
    }

    #[test]
    fn codes_are_upper_snake_case() {
        for err in one_of_each() {
            let code = err.code();
            assert!(
                code.contains('_') && code.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{code}"
            );
        }
    }

    #[test]
    fn the_report_is_the_code_the_message_and_a_help_line() {
        let err = StartupError::EnvVarMissing {
            var: TOKEN_VAR,
            problem: "is not set",
        };
        assert_eq!(
            err.report(),
            "error[ENV_VAR_MISSING]: environment variable STARTUP_API_TOKEN is not set\n\
             help: export STARTUP_API_TOKEN=<your API token> and start again\n"
        );
        let err = StartupError::DependencyMissing {
            program: "git",
            problem: "was not found on PATH".into(),
            install: "install git and put it on PATH",
        };
        assert_eq!(
            err.report(),
            "error[DEPENDENCY_MISSING]: required program `git` was not found on PATH\n\
             help: install git and put it on PATH\n"
        );
    }

    #[test]
    fn config_messages_name_the_file_and_the_line() {
        let err = StartupError::ConfigInvalid {
            path: "/etc/app.conf".into(),
            line: Some(3),
            problem: "expected `key = value`, found `cache_mb 16`".into(),
        };
        assert_eq!(
            err.to_string(),
            "config file `/etc/app.conf`, line 3: expected `key = value`, found `cache_mb 16`"
        );
        let err = StartupError::ConfigInvalid {
            path: "/etc/app.conf".into(),
            line: None,
            problem: "missing required key `name`".into(),
        };
        assert_eq!(
            err.to_string(),
            "config file `/etc/app.conf`: missing required key `name`"
        );
    }

    #[test]
    fn ping_reports_name_the_trust_store_and_the_service() {
        let err = StartupError::TrustStoreMissing {
            path: "/etc/ssl/certs".into(),
            problem: "does not exist".into(),
        };
        assert_eq!(
            err.report(),
            "error[TRUST_STORE_MISSING]: TLS trust store `/etc/ssl/certs` does not exist\n\
             help: install the CA certificates (Debian/Ubuntu: `apt-get install ca-certificates`, \
             Fedora: `dnf install ca-certificates`) so that `/etc/ssl/certs` holds them\n"
        );
        let err = StartupError::ServiceUnreachable {
            service: "127.0.0.1:9".into(),
            problem: "connecting to 127.0.0.1:9 failed: Connection refused (os error 111)".into(),
        };
        assert_eq!(
            err.report(),
            "error[SERVICE_UNREACHABLE]: update service `127.0.0.1:9` is unreachable: \
             connecting to 127.0.0.1:9 failed: Connection refused (os error 111)\n\
             help: check the network, and the `service = host:port` line of the config file \
             (default: updates.startup.example:443)\n"
        );
    }

    #[test]
    fn out_of_memory_names_the_size_it_asked_for() {
        let err = one_of_each()
            .into_iter()
            .find(|err| matches!(err, StartupError::OutOfMemory { .. }))
            .unwrap();
        assert!(
            err.to_string()
                .starts_with("cannot preallocate the 1024 MiB cache: memory allocation failed"),
            "{err}"
        );
    }
}
