//! The startup sequence: the checks that run before any command.
//!
//! The order is token, git, config, cache. With `--lazy-deps` the git check moves out of
//! startup into the command that runs git, which is exactly what lets a missing git through a
//! `check`: the fault cases in `deps.rs` show both sides.

use std::ffi::OsString;

use crate::StartupError;
use crate::args::Args;
use crate::cache::Cache;
use crate::config::{self, Config};
use crate::deps::{self, GIT};
use crate::env::{self, ApiToken};

/// A started instance: everything it needs was there.
#[derive(Debug)]
pub struct App {
    token: ApiToken,
    config: Config,
    cache: Cache,
}

impl App {
    /// The API token it authenticates with.
    pub fn token(&self) -> &ApiToken {
        &self.token
    }

    /// Its configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Its reserved cache.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// `check`: the line that says it is ready.
    pub fn check(&self) -> String {
        format!("ready: {}", self.config.name())
    }

    /// `sync`: runs git. Under `--lazy-deps` this is the first time git is looked for.
    pub fn sync(&self) -> Result<String, StartupError> {
        let version = deps::require(&GIT)?;
        Ok(format!("synced: {} with {version}", self.config.name()))
    }
}

/// Starts up with the environment read through `var` (`std::env::var_os` in the binary):
/// the API token, git unless `args.lazy_deps`, the config file, then the cache.
pub fn start(args: &Args, var: impl Fn(&str) -> Option<OsString>) -> Result<App, StartupError> {
    let token = env::api_token(&var)?;
    if !args.lazy_deps {
        deps::require(&GIT)?;
    }
    let path = config::locate(args.config.as_deref(), &var)?;
    let config = config::load(&path)?;
    let cache = Cache::reserve(&config)?;
    Ok(App {
        token,
        config,
        cache,
    })
}
