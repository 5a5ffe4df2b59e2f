//! The hermetic environment a case's process starts with.
//!
//! The harness's environment is cleared except an allowlist; `env_pass` lets named variables
//! through, `env` sets variables, `env_remove` removes them last. A secret exported in the shell
//! that runs the tests never reaches a case unless the case asks for it by name.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::declare::CaseDef;

/// Variables every case keeps: what locates programs, renders text and configures Rust's own
/// diagnostics.
const ALLOWED: &[&str] = &["PATH", "LANG", "TERM", "RUST_BACKTRACE", "RUST_LOG"];

/// Variables the case's process needs to start or to be measured at all: the dynamic loader's
/// search path (cargo sets it for test binaries with dylib dependencies) and coverage output.
const STARTUP: &[&str] = &[
    "LD_LIBRARY_PATH",
    "DYLD_LIBRARY_PATH",
    "DYLD_FALLBACK_LIBRARY_PATH",
    "LLVM_PROFILE_FILE",
];

/// Prefix of the locale variables that are kept (`LC_ALL`, `LC_CTYPE`, …).
const LOCALE_PREFIX: &str = "LC_";

/// The harness's environment, captured once per run: the allowlisted part every case starts
/// with, and the whole of it for `env_pass`, so a case that changes this process's environment
/// (an in-process case) cannot change what later cases get.
#[derive(Debug, Clone, Default)]
pub(crate) struct BaseEnv {
    vars: Vec<(OsString, OsString)>,
    harness: Vec<(OsString, OsString)>,
}

impl BaseEnv {
    /// Captures the environment of this process.
    pub(crate) fn capture() -> Self {
        Self::from_vars(std::env::vars_os())
    }

    fn from_vars(vars: impl Iterator<Item = (OsString, OsString)>) -> Self {
        let harness: Vec<(OsString, OsString)> = vars.collect();
        let vars = harness
            .iter()
            .filter(|(name, _)| is_allowed(name))
            .cloned()
            .collect();
        BaseEnv { vars, harness }
    }

    /// The allowlisted variables alone: what a supervisor starts with.
    pub(crate) fn vars(&self) -> &[(OsString, OsString)] {
        &self.vars
    }

    /// The value of `name` in the harness's environment when the run started.
    pub(crate) fn harness_value(&self, name: &str) -> Option<&OsStr> {
        self.harness
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_os_str())
    }

    /// The variables a case's process starts with, in the order they must be applied.
    pub(crate) fn for_case(&self, def: &CaseDef, sandbox: &Path) -> Vec<(OsString, OsString)> {
        let mut vars = self.for_control(def, sandbox);
        vars.retain(|(name, _)| !def.env_remove.iter().any(|removed| name == removed));
        vars
    }

    /// The environment of the case's control run: the case's, with nothing removed
    /// (`env_remove` is a fault the control leaves out; `env` and `env_pass` stay).
    pub(crate) fn for_control(&self, def: &CaseDef, sandbox: &Path) -> Vec<(OsString, OsString)> {
        let mut vars = self.vars.clone();
        for home in ["HOME", "TMPDIR", "TMP", "TEMP"] {
            set(&mut vars, home.into(), sandbox.into());
        }
        for name in def.env_pass {
            if let Some(value) = self.harness_value(name) {
                set(&mut vars, name.into(), value.to_os_string());
            }
        }
        for (name, value) in def.env {
            set(&mut vars, name.into(), value.into());
        }
        vars
    }
}

fn is_allowed(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    ALLOWED.contains(&name) || STARTUP.contains(&name) || name.starts_with(LOCALE_PREFIX)
}

fn set(vars: &mut Vec<(OsString, OsString)>, name: OsString, value: OsString) {
    match vars.iter_mut().find(|(existing, _)| *existing == name) {
        Some(slot) => slot.1 = value,
        None => vars.push((name, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: CaseDef = CaseDef {
        env: &[("SUPABASE_URL", "https://db"), ("SUPABASE_PASSWORD", "pw")],
        env_remove: &["SUPABASE_PASSWORD", "LANG"],
        ..crate::declare::TEST_CASE
    };

    fn names(vars: &[(OsString, OsString)]) -> Vec<String> {
        vars.iter()
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn keeps_only_the_allowlist_and_applies_the_case() {
        let parent = [
            ("PATH", "/bin"),
            ("LANG", "C.UTF-8"),
            ("LC_ALL", "C"),
            ("AWS_SECRET_ACCESS_KEY", "hunter2"),
            ("HOME", "/root"),
        ]
        .map(|(k, v)| (OsString::from(k), OsString::from(v)));
        let base = BaseEnv::from_vars(parent.into_iter());
        let vars = base.for_case(&CASE, Path::new("/sandbox"));
        assert_eq!(
            names(&vars),
            [
                "PATH",
                "LC_ALL",
                "HOME",
                "TMPDIR",
                "TMP",
                "TEMP",
                "SUPABASE_URL"
            ]
        );
        let home = vars.iter().find(|(k, _)| k == "HOME").unwrap();
        assert_eq!(home.1, "/sandbox");
    }
}
