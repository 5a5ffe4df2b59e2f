//! The startup sequence: the checks that run before any command.
//!
//! The order is token, config, git, cache: the config comes before git because it may say
//! which git to run (`git = /usr/bin/git`). With `--lazy-deps` the git check moves out of
//! startup into the command that runs git, which is exactly what lets a missing git through a
//! `check`: the fault cases in `deps.rs` show both sides.

use std::ffi::OsString;
use std::path::Path;

use crate::StartupError;
use crate::args::Args;
use crate::cache::Cache;
use crate::config::{self, Config};
use crate::deps::{self, GIT};
use crate::env::{self, ApiToken};
use crate::ping::{self, TRUST_STORE};

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
        let version = deps::require(&GIT, self.config.git())?;
        Ok(format!("synced: {} with {version}", self.config.name()))
    }

    /// `ping`: checks that the update service is reachable, see [`ping`].
    pub fn ping(&self) -> Result<String, StartupError> {
        ping::run(self.config.service(), Path::new(TRUST_STORE))
    }
}

/// Starts up with the environment read through `var` (`std::env::var_os` in the binary):
/// the API token, the config file, git (the config's `git`, else from PATH) unless
/// `args.lazy_deps`, then the cache.
pub fn start(args: &Args, var: impl Fn(&str) -> Option<OsString>) -> Result<App, StartupError> {
    let token = env::api_token(&var)?;
    let path = config::locate(args.config.as_deref(), &var)?;
    let config = config::load(&path)?;
    if !args.lazy_deps {
        deps::require(&GIT, config.git())?;
    }
    let cache = Cache::reserve(&config)?;
    Ok(App {
        token,
        config,
        cache,
    })
}
