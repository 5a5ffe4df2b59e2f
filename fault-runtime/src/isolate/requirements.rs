//! `requires`: what a case needs on this machine, checked before it runs.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::declare::CaseDef;
use crate::isolate::path_view;

/// What of `def.requires` is absent, given the environment the case would get. Programs are
/// looked up in the case's PATH (after hiding), `env:NAME` in its environment, `file:PATH`
/// relative to the harness's working directory (the package, under cargo).
pub(crate) fn missing(def: &CaseDef, vars: &[(OsString, OsString)]) -> Vec<String> {
    let var = |name: &str| {
        vars.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_os_str())
    };
    def.requires
        .iter()
        .filter(|requirement| {
            if let Some(name) = requirement.strip_prefix("env:") {
                var(name).is_none_or(OsStr::is_empty)
            } else if let Some(path) = requirement.strip_prefix("file:") {
                !Path::new(path).exists()
            } else {
                path_view::find(var("PATH").unwrap_or_default(), requirement).is_none()
            }
        })
        .map(|requirement| (*requirement).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_absent_program_variable_and_file() {
        let def = CaseDef {
            requires: &[
                "sh",
                "surely-not-a-program-here",
                "env:HOME",
                "env:DATABASE_URL",
                "file:Cargo.toml",
                "file:missing.toml",
            ],
            ..crate::declare::TEST_CASE
        };
        let vars = [
            (OsString::from("PATH"), OsString::from("/usr/bin:/bin")),
            (OsString::from("HOME"), OsString::from("/sandbox")),
        ];
        assert_eq!(
            missing(&def, &vars),
            [
                "surely-not-a-program-here",
                "env:DATABASE_URL",
                "file:missing.toml"
            ]
        );
    }
}
