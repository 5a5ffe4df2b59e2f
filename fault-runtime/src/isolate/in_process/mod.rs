//! `isolation = "none"`: a case run inside the harness process, for speed, when it needs none
//! of the isolation keys.
//!
//! In-process cases run one at a time, on one body thread reused case after case, so the
//! watchdog can still give up on a body: a hung body is reported `hung` and its thread
//! abandoned, and what it reports later (warnings, virtual time) stays on that thread and never
//! reaches another case; the next case gets a new thread. What a body changes process-wide
//! (environment variables, the working directory) is restored afterwards and fails the case as
//! `side_effects`. What it starts and leaves running is killed and fails it as
//! `leaked_process` (the harness adopts orphans where it can be a subreaper). A body that calls
//! `exit()` fails the run, naming the case.

mod body_thread;
mod exit_guard;
mod process_state;

use std::sync::{Mutex, PoisonError};
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

pub(crate) use exit_guard::{CrashedRecord, arm as arm_exit_guard, disarm as disarm_exit_guard};

use body_thread::BodyThread;
use process_state::ProcessState;

/// What in-process cases share, held for the whole of a case: they run one at a time.
struct Turn {
    /// The thread bodies run on, until one is abandoned.
    body: Option<BodyThread>,
    /// The process-wide state every case must leave as it found it, taken before the first.
    state: Option<ProcessState>,
}

static TURN: Mutex<Turn> = Mutex::new(Turn {
    body: None,
    state: None,
});

/// Runs the case's body in this process and observes how it ended. `crashed` makes the record
/// written should the body call `exit()`.
pub(crate) fn observe(
    def: &'static CaseDef,
    case_id: &str,
    crashed: CrashedRecord,
    containment: Containment,
) -> Observation {
    let mut turn = TURN.lock().unwrap_or_else(PoisonError::into_inner);
    let mut observation = Observation::new();
    observation.in_process = true;
    observation.containment = containment;
    let state = turn.state.get_or_insert_with(ProcessState::capture);
    observation.missing = requirements::missing(def, state.vars());
    if !observation.missing.is_empty() {
        return observation;
    }
    let body = match turn.body.take().map_or_else(BodyThread::start, Ok) {
        Ok(body) => body,
        Err(err) => {
            observation.trouble = Some(format!("failed to start the case's thread: {err}"));
            return observation;
        }
    };
    // A body in this process could take it down: earlier records must be on disk first. Here,
    // between two in-process cases, this thread writes them sooner than a woken writer would.
    crate::record::writer::drain_active();
    // Warnings of helper threads of earlier cases are not this case's.
    warning::take_unscoped();
    exit_guard::enter(case_id, crashed);
    let started = Instant::now();
    let run = body.run(def, def.body, started + def.effective_timeout());
    let elapsed = started.elapsed();
    match run {
        Some(_) => {
            exit_guard::leave();
            turn.body = Some(body);
        }
        None => exit_guard::abandon(),
    }
    if let Some(state) = &mut turn.state {
        observation.side_effects = state.restore(!exit_guard::any_abandoned());
    }
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
    if !process_tree::has_children() {
        return Vec::new();
    }
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
