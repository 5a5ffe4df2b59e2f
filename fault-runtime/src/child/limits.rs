//! Resource limits of a case's process, and telling a death by them from any other.

use crate::declare::CaseDef;
use crate::record::{Limit, Limits};

/// Applies the case's limits to this process (the case's own), soft and hard, so the body cannot
/// raise them again.
pub(crate) fn apply(def: &CaseDef) -> Result<(), String> {
    let limits = [
        (def.memory_limit, libc::RLIMIT_AS, "memory_limit"),
        (def.open_files, libc::RLIMIT_NOFILE, "open_files"),
    ];
    for (value, resource, option) in limits {
        let Some(value) = value else { continue };
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit reads one valid, initialized struct.
        if unsafe { libc::setrlimit(resource, &limit) } != 0 {
            return Err(format!(
                "failed to apply {option} = {value}: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    Ok(())
}

/// Which limit the evidence points to: the allocator's abort message under `memory_limit`, or
/// `EMFILE` ("os error 24") under `open_files`.
pub(crate) fn exceeded(def: &CaseDef, evidence: &[&str]) -> Option<Limit> {
    let said = |needle: &str| evidence.iter().any(|text| text.contains(needle));
    if def.memory_limit.is_some()
        && (said("memory allocation of") || said("out of memory") || said("OutOfMemory"))
    {
        return Some(Limit::Memory);
    }
    if def.open_files.is_some() && (said("os error 24") || said("Too many open files")) {
        return Some(Limit::OpenFiles);
    }
    None
}

/// The record's view of the limits.
pub(crate) fn record(def: &CaseDef, exceeded: Option<Limit>) -> Option<Limits> {
    if def.memory_limit.is_none() && def.open_files.is_none() {
        return None;
    }
    Some(Limits {
        memory_bytes: def.memory_limit,
        open_files: def.open_files,
        exceeded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_limit_a_process_ran_into() {
        let limited = CaseDef {
            memory_limit: Some(64 << 20),
            open_files: Some(16),
            ..crate::declare::TEST_CASE
        };
        let abort = ["memory allocation of 1073741824 bytes failed\n"];
        assert_eq!(exceeded(&limited, &abort), Some(Limit::Memory));
        let emfile = ["panicked: Too many open files (os error 24)"];
        assert_eq!(exceeded(&limited, &emfile), Some(Limit::OpenFiles));
        assert_eq!(exceeded(&limited, &["ordinary failure"]), None);
        let unlimited = crate::declare::TEST_CASE;
        assert_eq!(
            exceeded(&unlimited, &abort),
            None,
            "no limit, nothing to blame"
        );
    }
}
