//! Process-wide state an in-process case must leave as it found it: the environment and the
//! working directory. What a body changed is restored, and reported as side effects
//! (`env:NAME` for a variable, `cwd` for the working directory).
//!
//! The state is taken once, before the first in-process case, and every case is held to it:
//! each one starts from it, as the one before was put back to it.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::record::{Change, SideEffect};

/// The environment and working directory at one moment.
#[derive(Debug)]
pub(crate) struct ProcessState {
    /// In the environment's own order, which only a change alters.
    vars: Vec<(OsString, OsString)>,
    cwd: Option<PathBuf>,
}

impl ProcessState {
    /// This process's state now.
    pub(crate) fn capture() -> Self {
        ProcessState {
            vars: std::env::vars_os().collect(),
            cwd: std::env::current_dir().ok(),
        }
    }

    /// The environment variables.
    pub(crate) fn vars(&self) -> &[(OsString, OsString)] {
        &self.vars
    }

    /// Puts back what changed since this snapshot and says what it was.
    pub(crate) fn restore(&mut self) -> Vec<SideEffect> {
        let now = ProcessState::capture();
        let mut effects = Vec::new();
        if now.vars != self.vars {
            let before: BTreeMap<_, _> = self.vars.iter().cloned().collect();
            let after: BTreeMap<_, _> = now.vars.iter().cloned().collect();
            for (name, value) in &after {
                let change = match before.get(name) {
                    None => Change::Created,
                    Some(was) if was != value => Change::Modified,
                    Some(_) => continue,
                };
                effects.push(variable(name, change));
            }
            for name in before.keys().filter(|name| !after.contains_key(*name)) {
                effects.push(variable(name, Change::Deleted));
            }
            for effect in &effects {
                let name = effect.path.trim_start_matches(ENV_PREFIX);
                // SAFETY: in-process cases run one at a time, and the harness's other threads
                // read the environment only through std, which serialises its own access with
                // these calls; the body that changed the environment has returned.
                unsafe {
                    match before.get(std::ffi::OsStr::new(name)) {
                        Some(value) => std::env::set_var(name, value),
                        None => std::env::remove_var(name),
                    }
                }
            }
            // The same variables, perhaps in another order now: the next case is compared in it.
            self.vars = std::env::vars_os().collect();
        }
        if now.cwd != self.cwd {
            if let Some(cwd) = &self.cwd {
                let _ = std::env::set_current_dir(cwd);
            }
            effects.push(SideEffect {
                path: CWD.to_owned(),
                change: Change::Modified,
            });
        }
        effects.sort_by(|a, b| a.path.cmp(&b.path));
        effects
    }
}

/// How a changed environment variable is named among side effects.
const ENV_PREFIX: &str = "env:";

/// How the working directory is named among side effects.
const CWD: &str = "cwd";

fn variable(name: &OsString, change: Change) -> SideEffect {
    SideEffect {
        path: format!("{ENV_PREFIX}{}", name.to_string_lossy()),
        change,
    }
}
