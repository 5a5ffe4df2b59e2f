//! Process-wide state an in-process case must leave as it found it: the environment and the
//! working directory. What a body changed is restored, and reported as side effects
//! (`env:NAME` for a variable, `cwd` for the working directory).
//!
//! The state is taken once, before the first in-process case, and every case is held to it:
//! each one starts from it, as the one before was put back to it. Copying the environment to
//! compare it costs more than a trivial case's body, so while no body can still be running the
//! environment is first compared by the addresses of its entries, which every change moves.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::record::{Change, SideEffect};
use crate::sys::environ;

/// The environment and working directory at one moment.
#[derive(Debug)]
pub(crate) struct ProcessState {
    /// In the environment's own order, which only a change alters.
    vars: Vec<(OsString, OsString)>,
    /// Where the environment's entries were when `vars` was taken; empty when unknown.
    addresses: Vec<usize>,
    cwd: Option<PathBuf>,
}

impl ProcessState {
    /// This process's state now, before any in-process body ran.
    pub(crate) fn capture() -> Self {
        let mut state = ProcessState {
            vars: Vec::new(),
            addresses: Vec::new(),
            cwd: std::env::current_dir().ok(),
        };
        state.take_vars(true);
        state
    }

    /// Takes the environment, and where its entries are when `alone`: when no body can be
    /// running on another thread.
    fn take_vars(&mut self, alone: bool) {
        self.vars = std::env::vars_os().collect();
        self.addresses.clear();
        if alone {
            // SAFETY: no body is running, and the harness's own threads never change the
            // environment.
            unsafe { environ::addresses(&mut self.addresses) };
        }
    }

    /// The environment variables.
    pub(crate) fn vars(&self) -> &[(OsString, OsString)] {
        &self.vars
    }

    /// Puts back what changed since this snapshot and says what it was. `alone`: no body can
    /// still be running on another thread (none was abandoned).
    pub(crate) fn restore(&mut self, alone: bool) -> Vec<SideEffect> {
        // SAFETY: with no body running, only this thread could change the environment, and it
        // does not meanwhile.
        let untouched = alone && unsafe { environ::unchanged(&self.addresses) };
        let mut effects = if untouched {
            Vec::new()
        } else {
            self.restore_vars(alone)
        };
        let cwd = std::env::current_dir().ok();
        if cwd != self.cwd {
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

    /// Puts back the variables that differ from this snapshot, and says which.
    fn restore_vars(&mut self, alone: bool) -> Vec<SideEffect> {
        let now: Vec<_> = std::env::vars_os().collect();
        let mut effects = Vec::new();
        if now != self.vars {
            let before: BTreeMap<_, _> = self.vars.iter().cloned().collect();
            let after: BTreeMap<_, _> = now.iter().cloned().collect();
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
        }
        // The same variables, perhaps in another order or at other addresses now: the next
        // case is compared with them.
        self.take_vars(alone);
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
