//! An in-process case that calls `exit()` ends the harness process, and with it the run: it
//! must never end it green. An `atexit` handler, armed while cases run, turns such an exit into
//! a failure naming the case (status 101, as a failed libtest run), after writing the case's
//! `crashed` record. `_exit()` and `abort()` bypass it: the first is documented as a hole, the
//! second ends the run with a signal anyway.

use std::path::PathBuf;
use std::sync::{Mutex, Once, PoisonError};

/// The status of a libtest run in which a test failed.
const RUN_FAILED: i32 = 101;

/// What the handler needs to know when `exit()` is called.
struct Guarded {
    /// The harness is running cases: an exit now is not the harness's own.
    armed: bool,
    /// The in-process case running now, with the record that says it crashed.
    running: Option<Running>,
    /// In-process cases the watchdog gave up on, whose bodies may still run.
    abandoned: Vec<String>,
}

struct Running {
    case_id: String,
    record: CrashedRecord,
}

/// Makes the record of the running case as `crashed`, with where it goes: made only should the
/// case call `exit()`, never for the cases that do not.
pub(crate) type CrashedRecord = Box<dyn FnOnce() -> Option<(PathBuf, Vec<u8>)> + Send>;

static GUARD: Mutex<Guarded> = Mutex::new(Guarded {
    armed: false,
    running: None,
    abandoned: Vec::new(),
});

fn guard() -> std::sync::MutexGuard<'static, Guarded> {
    GUARD.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Arms the handler for the duration of the run.
pub(crate) fn arm() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: `on_exit` is an `extern "C" fn()` that lives for the whole program.
        unsafe {
            libc::atexit(on_exit);
        }
    });
    guard().armed = true;
}

/// The run is over: exits from now on are the harness's own.
pub(crate) fn disarm() {
    guard().armed = false;
}

/// An in-process case starts; `record` makes what to write should it call `exit()`.
pub(crate) fn enter(case_id: &str, record: CrashedRecord) {
    guard().running = Some(Running {
        case_id: case_id.to_owned(),
        record,
    });
}

/// The running in-process case's body returned.
pub(crate) fn leave() {
    guard().running = None;
}

/// The running in-process case's body was abandoned by the watchdog and may still run.
pub(crate) fn abandon() {
    let mut guard = guard();
    if let Some(running) = guard.running.take() {
        guard.abandoned.push(running.case_id);
    }
}

/// Whether an abandoned body may still be running in this process.
pub(crate) fn any_abandoned() -> bool {
    !guard().abandoned.is_empty()
}

extern "C" fn on_exit() {
    let mut guard = guard();
    if !guard.armed {
        return;
    }
    match (guard.running.take(), guard.abandoned.as_slice()) {
        (Some(running), _) => {
            crate::record::writer::drain_active();
            if let Some((path, bytes)) = (running.record)() {
                let _ = crate::record::atomic_write::write(&path, &bytes);
            }
            eprintln!(
                "error: in-process fault case `{}` called exit() inside the harness process, ending the run: it is `crashed`, and the run fails\n(hint: give the case its own process: drop `isolation = \"none\"`)",
                running.case_id
            );
        }
        (None, []) => {
            crate::record::writer::drain_active();
            eprintln!(
                "error: exit() was called inside the harness process while it ran fault cases; the run fails"
            )
        }
        (None, abandoned) => {
            crate::record::writer::drain_active();
            eprintln!(
                "error: exit() was called inside the harness process, likely by the abandoned body of {}; the run fails",
                abandoned.join(", ")
            )
        }
    }
    crate::isolate::interrupt::remove_paths();
    // SAFETY: _exit ends the process at once; no Rust state is used after it.
    unsafe { libc::_exit(RUN_FAILED) }
}
