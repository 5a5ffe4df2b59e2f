//! Narrowing a harness to the cases a runner selected (`FAULTS_SELECT`).

use std::collections::BTreeSet;
use std::path::Path;

use thiserror::Error;

use crate::declare::registry::Registered;
use crate::harness::vars;

/// The selection could not be applied.
#[derive(Debug, Error)]
pub(crate) enum SelectionError {
    #[error("failed to read the case selection {}: {source}", path.display())]
    Read {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the case selection names cases this harness does not have: {}\n(hint: the selection is stale; list the cases again)",
        .0.join(", ")
    )]
    Unknown(Vec<String>),
}

/// Keeps only the selected cases when a selection is given; every selected id must exist.
pub(crate) fn apply(cases: Vec<Registered>) -> Result<Vec<Registered>, SelectionError> {
    let Some(path) = std::env::var_os(vars::SELECT) else {
        return Ok(cases);
    };
    let path = Path::new(&path);
    let text = std::fs::read_to_string(path).map_err(|source| SelectionError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let wanted: BTreeSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let unknown: Vec<String> = wanted
        .iter()
        .filter(|id| !cases.iter().any(|case| case.id == **id))
        .map(|id| (*id).to_owned())
        .collect();
    if !unknown.is_empty() {
        return Err(SelectionError::Unknown(unknown));
    }
    Ok(cases
        .into_iter()
        .filter(|case| wanted.contains(case.id.as_str()))
        .collect())
}
