//! The warnings a case reports through [`warning()`](crate::warning), collected per case: on
//! the body's own thread while it runs, and from every other thread apart.

use std::cell::RefCell;
use std::sync::{Mutex, PoisonError};

use crate::record::Warning;

/// Warnings reported from threads that run no case body.
static WARNINGS: Mutex<Vec<Warning>> = Mutex::new(Vec::new());

thread_local! {
    /// The warnings of the case body running on this thread, while one runs.
    static SCOPE: RefCell<Option<Vec<Warning>>> = const { RefCell::new(None) };
}

/// Keeps `warning` for the case whose body runs on this thread, or apart when none does.
pub(crate) fn report(warning: Warning) {
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
