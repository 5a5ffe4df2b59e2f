//! Warnings: how a system reports degraded-but-continuing behaviour to a `warning` or `info`
//! case.

use std::cell::RefCell;
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

/// Warnings reported from threads that run no case body.
static WARNINGS: Mutex<Vec<Warning>> = Mutex::new(Vec::new());

thread_local! {
    /// The warnings of the case body running on this thread, while one runs.
    static SCOPE: RefCell<Option<Vec<Warning>>> = const { RefCell::new(None) };
}

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
    let warning = Warning {
        code: code.into(),
        message: message.into(),
    };
    let unscoped = SCOPE.with(|scope| match scope.borrow_mut().as_mut() {
        Some(scoped) => {
            scoped.push(warning);
            None
        }
        None => Some(warning),
    });
    if let Some(warning) = unscoped {
        WARNINGS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(warning);
    }
}

/// Runs `body` collecting the warnings this thread reports while it runs, so a body abandoned
/// by the watchdog cannot put its warnings into a later case's report.
pub(crate) fn scoped<R>(body: impl FnOnce() -> R) -> (R, Vec<Warning>) {
    SCOPE.with(|scope| *scope.borrow_mut() = Some(Vec::new()));
    let result = body();
    let warnings = SCOPE.with(|scope| scope.borrow_mut().take().unwrap_or_default());
    (result, warnings)
}

/// Takes every warning reported so far from threads running no body, leaving none.
pub(crate) fn take_unscoped() -> Vec<Warning> {
    std::mem::take(&mut *WARNINGS.lock().unwrap_or_else(PoisonError::into_inner))
}
