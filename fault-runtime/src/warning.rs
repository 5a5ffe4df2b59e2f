//! Warnings: how a system reports degraded-but-continuing behaviour to a `warning` or `info`
//! case.

use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

/// A warning the system reported while continuing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The warning's stable code.
    pub code: String,
    /// What degraded.
    pub message: String,
}

static WARNINGS: Mutex<Vec<Warning>> = Mutex::new(Vec::new());

/// Reports that the system continued in a degraded way, with a stable code.
///
/// A `severity = "warning"` or `"info"` case passes (`degraded`) when its body completes and its
/// expected code was reported here; completing without the warning is `silent_acceptance`.
/// Call it from the system under test (where it already logs the degradation) or from the case
/// body after reading the system's own warning channel.
///
/// ```
/// fn load_cache() -> Vec<u8> {
///     fault_runtime::warning("CACHE_COLD", "cache unreadable; starting empty");
///     Vec::new()
/// }
/// # load_cache();
/// ```
pub fn warning(code: impl Into<String>, message: impl Into<String>) {
    WARNINGS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Warning {
            code: code.into(),
            message: message.into(),
        });
}

/// Takes every warning reported so far, leaving none.
pub(crate) fn take() -> Vec<Warning> {
    std::mem::take(&mut *WARNINGS.lock().unwrap_or_else(PoisonError::into_inner))
}
