//! What the harness process must undo when it is interrupted, and the child processes it owns.
//!
//! SIGINT, SIGTERM or SIGHUP stop every supervisor (each kills the case it runs with everything
//! that case started), kill what in-process cases left running, remove every sandbox and the
//! run's private directory, and end the harness with the signal's default action, so the run
//! exits non-zero. Records already written stay.
//!
//! Supervisors are spawned and reaped under one lock, so a pid this module signals is always a
//! live or unreaped child of the harness, never a reused one.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

/// How long stopped supervisors get to kill their cases before they are killed themselves.
const STOP_PATIENCE: Duration = Duration::from_secs(15);

/// The harness's live supervisors and the paths it must remove.
struct Live {
    supervisors: Vec<u32>,
    paths: Vec<PathBuf>,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    supervisors: Vec::new(),
    paths: Vec::new(),
});

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs the handler of SIGINT, SIGTERM and SIGHUP, once per harness run.
pub(crate) fn install() -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    std::thread::Builder::new()
        .name("faults-interrupt".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                clean_up_and_die(signal);
            }
        })?;
    Ok(())
}

/// Whether the harness is being interrupted: no case may start or be recorded any more.
pub(crate) fn is_interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Spawns a supervisor and registers it before anyone can look at the harness's children.
pub(crate) fn spawn_tracked(command: &mut Command) -> io::Result<Child> {
    let mut live = live();
    let child = command.spawn()?;
    live.supervisors.push(child.id());
    Ok(child)
}

/// Reaps a supervisor if it has exited, forgetting it in the same step.
pub(crate) fn try_reap(child: &mut Child) -> io::Result<Option<ExitStatus>> {
    let mut live = live();
    let status = child.try_wait()?;
    if status.is_some() {
        live.supervisors.retain(|pid| *pid != child.id());
    }
    Ok(status)
}

/// Waits for a supervisor that was killed, forgetting it in the same step.
pub(crate) fn reap(child: &mut Child) -> io::Result<ExitStatus> {
    let mut live = live();
    let status = child.wait();
    live.supervisors.retain(|pid| *pid != child.id());
    status
}

/// Runs `inspect` while no supervisor is spawned or reaped, with their pids: the harness's
/// other children are then exactly what in-process cases started.
pub(crate) fn with_supervisors<R>(inspect: impl FnOnce(&[u32]) -> R) -> R {
    let live = live();
    inspect(&live.supervisors)
}

/// Removes every sandbox and private directory of the run: the harness is ending early.
pub(crate) fn remove_paths() {
    let live = live();
    for path in &live.paths {
        crate::sys::remove_dir(path);
    }
}

/// Registers a path to remove when the harness is interrupted.
pub(crate) fn track_path(path: &Path) {
    live().paths.push(path.to_path_buf());
}

/// Forgets a path: it was removed, or is kept on purpose.
pub(crate) fn untrack_path(path: &Path) {
    live().paths.retain(|tracked| tracked != path);
}

fn clean_up_and_die(signal: i32) {
    INTERRUPTED.store(true, Ordering::Relaxed);
    let live = live();
    eprintln!(
        "faults: interrupted by {}: stopping {} running case(s) and removing their sandboxes",
        crate::sys::signal_name(signal),
        live.supervisors.len()
    );
    let pids: Vec<Pid> = live
        .supervisors
        .iter()
        .filter_map(|pid| Pid::from_raw(*pid as i32))
        .collect();
    for pid in &pids {
        // Unreaped children of this process: the pids are still theirs.
        let _ = rustix::process::kill_process(*pid, Signal::TERM);
    }
    let deadline = Instant::now() + STOP_PATIENCE;
    for pid in &pids {
        while !exited(*pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        if !exited(*pid) {
            let _ = rustix::process::kill_process(*pid, Signal::KILL);
        }
    }
    crate::sys::process_tree::kill_children_except(&live.supervisors);
    crate::record::writer::drain_active();
    for path in &live.paths {
        crate::sys::remove_dir(path);
    }
    drop(live);
    // Ends the process as the signal would have, had it not been caught; should that fail,
    // the conventional status of a death by `signal`.
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal);
}

/// Whether a child has exited, without reaping it.
fn exited(pid: Pid) -> bool {
    matches!(
        rustix::process::waitid(
            WaitId::Pid(pid),
            WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT,
        ),
        Ok(Some(_)) | Err(_)
    )
}
