//! `isolation = "none"`: a case run inside the harness process, for speed, when it needs none
//! of the isolation keys.
//!
//! In-process cases run one at a time. The body runs on a thread of its own so the watchdog can
//! still give up on it: a hung body is reported `hung` and abandoned, and what it reports later
//! (warnings, virtual time) is gathered on its own thread and never reaches another case. What
//! a body changes process-wide (environment variables, the working directory) is restored
//! afterwards and fails the case as `side_effects`. What it starts and leaves running is killed
//! and fails it as `leaked_process` (the harness adopts orphans where it can be a subreaper).
//! A body that calls `exit()` fails the run, naming the case.

mod exit_guard;
mod process_state;

use std::sync::{Mutex, PoisonError, mpsc};
use std::time::Instant;

use crate::child::report::ChildReport;
use crate::child::warnings as warning;
use crate::declare::CaseDef;
use crate::isolate::Exit;
use crate::isolate::Observation;
use crate::isolate::interrupt;
use crate::isolate::requirements;
use crate::record::{Containment, LeakedProcess};
use crate::sys::process_tree;

pub(crate) use exit_guard::{arm as arm_exit_guard, disarm as disarm_exit_guard};

use process_state::ProcessState;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs the case's body in this process and observes how it ended. `crashed_record` is written
/// should the body call `exit()`.
pub(crate) fn observe(
    def: &'static CaseDef,
    case_id: &str,
    crashed_record: Option<(std::path::PathBuf, Vec<u8>)>,
    containment: Containment,
) -> Observation {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let mut observation = Observation::new();
    observation.in_process = true;
    observation.containment = containment;
    let vars: Vec<_> = std::env::vars_os().collect();
    observation.missing = requirements::missing(def, &vars);
    if !observation.missing.is_empty() {
        return observation;
    }
    // A body in this process could take it down: earlier records must be on disk first.
    crate::record::writer::drain_active();
    let before = ProcessState::capture();
    // Warnings of helper threads of earlier cases are not this case's.
    warning::take_unscoped();
    exit_guard::enter(case_id, crashed_record);
    let started = Instant::now();
    let (done, ended) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("faults-case {case_id}"))
        .spawn(move || {
            let _ = done.send(crate::child::entry::run_body(def, def.body));
        });
    let run = match spawned {
        Ok(_) => ended.recv_timeout(def.effective_timeout()).ok(),
        Err(err) => {
            exit_guard::leave();
            observation.trouble = Some(format!("failed to start the case's thread: {err}"));
            return observation;
        }
    };
    let elapsed = started.elapsed();
    match run {
        Some(_) => exit_guard::leave(),
        None => exit_guard::abandon(),
    }
    observation.side_effects = before.restore();
    let leaked = leftovers();
    let timed_out = run.is_none();
    observation.report = run.map(|run| {
        let mut warnings = run.warnings;
        // Other threads' warnings belong to this case only when no abandoned body could have
        // reported them.
        let unscoped = warning::take_unscoped();
        if !exit_guard::any_abandoned() {
            warnings.extend(unscoped);
        }
        ChildReport::after(def.failpoints, run.end, warnings, run.virtual_ms)
    });
    observation.exit = Some(Exit {
        code: (!timed_out).then_some(0),
        timed_out,
        elapsed,
        leaked,
        ..Exit::default()
    });
    observation
}

/// What the body left running: this process's children other than supervisors, and their
/// descendants, all killed before they are reported.
fn leftovers() -> Vec<LeakedProcess> {
    interrupt::with_supervisors(|supervisors| {
        let leaked = process_tree::descendants_except(supervisors, process_tree::Threads::All);
        if !leaked.is_empty() {
            process_tree::kill_children_except(supervisors);
        }
        leaked
            .into_iter()
            .map(|(pid, command)| LeakedProcess { pid, command })
            .collect()
    })
}
