//! startup: a CLI that refuses to start, loudly, when something it needs is missing.
//!
//! Before it runs a command, `startup` needs, in this order, an API token
//! (`STARTUP_API_TOKEN`), a readable and valid config file, a working `git` (the one the config
//! names with `git = /abs/path`, else the one on PATH), and the memory for its cache. Its
//! `ping` command then needs the TLS trust store and a reachable update service. Each missing
//! piece is refused with a stable code, an `error[CODE]: message` line and a `help:` line on
//! stderr, and its own exit status (see [`StartupError`]):
//!
//! ```text
//! $ startup --config app.conf check
//! error[DEPENDENCY_MISSING]: required program `git` was not found on PATH
//! help: install git (Debian/Ubuntu: `apt-get install git`, ...) and make sure it is on PATH
//! ```
//!
//! `--lazy-deps` defers the git check to the command that runs git. That is the lesson of
//! this example: a lazy check lets `startup --lazy-deps check` report ready without git, and
//! the failure surfaces only on the first `sync`.
//!
//! With the `fault-cases` feature, each check's fault cases (`#[fault_case]` from
//! `fault-runtime`) are compiled next to it; they run the real binary, and the `faults` test
//! target collects them.
//!
//! ```
//! let config = startup::config::parse("name = demo\ncache_mb = 16\n").unwrap();
//! assert_eq!((config.name(), config.cache_mb()), ("demo", 16));
//! ```

#![warn(missing_docs)]

pub mod app;
pub mod args;
pub mod cache;
pub mod cli;
pub mod config;
pub mod deps;
pub mod env;
mod error;
mod interface;
pub mod ping;
pub mod service;

#[cfg(feature = "fault-cases")]
mod fault_support;

pub use error::StartupError;
