//! `isolation = "none"`: a case run inside the harness process, for speed, when it needs none
//! of the isolation keys.
//!
//! In-process cases run one at a time, so the process-wide state a case reports through
//! (warnings, virtual time) belongs to exactly one case. The body runs on a thread of its own
//! so the watchdog can still give up on it: a hung body is reported `hung` and abandoned.

use std::sync::{Mutex, PoisonError, mpsc};
use std::time::Instant;

use crate::capture::Tail;
use crate::isolate::Exit;
use crate::protocol::ChildReport;
use crate::runner::Observation;
use crate::{CaseDef, async_case, child, requirements, warning};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs the case's body in this process and observes how it ended.
pub(crate) fn observe(def: &'static CaseDef) -> Observation {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let mut observation = Observation::new();
    let vars: Vec<_> = std::env::vars_os().collect();
    observation.missing = requirements::missing(def, &vars);
    if !observation.missing.is_empty() {
        return observation;
    }
    warning::take();
    async_case::take_virtual_ms();
    let started = Instant::now();
    let (done, ended) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child::run_body(def));
    });
    let body = ended.recv_timeout(def.effective_timeout()).ok();
    let timed_out = body.is_none();
    observation.exit = Some(Exit {
        code: (!timed_out).then_some(0),
        signal: None,
        timed_out,
        elapsed: started.elapsed(),
        stdout: Tail::default(),
        stderr: Tail::default(),
        escaped: false,
    });
    observation.report = body.map(|body| ChildReport::after(def, body));
    observation
}
