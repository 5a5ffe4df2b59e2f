//! Where a body panicked. The panic's payload holds only its message; the `panicked at
//! file:line` line goes to stderr, where a backtrace (`RUST_BACKTRACE=1`) can push it out of
//! the output tail a record keeps. A panic hook notes the location on the panicking thread, and
//! then hands the panic to the hook that was there before, so stderr shows it as always.

use std::cell::RefCell;
use std::sync::Once;

thread_local! {
    /// The location of this thread's last panic.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the hook, once per process; the hook before it still runs for every panic.
pub(crate) fn watch() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Some(location) = info.location() {
                let at = format!(
                    "{}:{}:{}",
                    location.file(),
                    location.line(),
                    location.column()
                );
                LAST.with(|last| *last.borrow_mut() = Some(at));
            }
            previous(info);
        }));
    });
}

/// `message` with where this thread last panicked: `boom (at src/lib.rs:4:5)`; the location
/// is taken, so a later panic without one is not given this one's.
pub(crate) fn located(message: String) -> String {
    match LAST.with(|last| last.borrow_mut().take()) {
        Some(at) => format!("{message} (at {at})"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_located_at_its_line() {
        watch();
        let line = line!() + 1;
        let caught = std::panic::catch_unwind(|| panic!("boom"));
        assert!(caught.is_err());
        let message = located("boom".to_owned());
        let at = format!("boom (at {}:{line}:", file!());
        assert!(
            message.starts_with(&at) && message.ends_with(')'),
            "{message}"
        );
        assert_eq!(
            located("again".to_owned()),
            "again",
            "the location is taken once"
        );
    }
}
