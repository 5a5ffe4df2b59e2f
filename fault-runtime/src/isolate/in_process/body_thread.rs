//! The thread in-process bodies run on: one, reused case after case, so that a case costs no
//! thread start and no blocking hand-over, yet the watchdog can still give up on a body.
//!
//! Handing a body over and its end back by a blocking channel costs two wake-ups of a sleeping
//! thread, tens of microseconds on a loaded machine: more than a trivial case's whole work. So
//! each side first waits briefly, spinning, then yielding (the other side is usually at work on
//! the other core), and only then sleeps. A body the watchdog gives up on keeps its thread: that thread is
//! abandoned, never handed another body, and exits once the body returns, and the next case gets
//! a new thread. Nothing the abandoned body's thread gathers reaches another case.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::Thread;
use std::time::{Duration, Instant};

use crate::child::entry::{BodyRun, run_body};
use crate::declare::CaseDef;

/// What a case asks of the body thread.
type Body = fn(&CaseDef) -> crate::api::outcome::Outcome;

/// How long each side waits spinning: longer than the harness's own work between two
/// in-process cases.
const SPIN_FOR: Duration = Duration::from_micros(30);

/// How long each side waits, spinning and then yielding, before it sleeps: far shorter than a
/// thread's start.
const YIELD_FOR: Duration = Duration::from_micros(100);

/// The body thread has nothing to do.
const IDLE: u8 = 0;
/// A body was handed over and has not returned.
const RUNNING: u8 = 1;
/// The body returned; its run waits to be taken.
const RETURNED: u8 = 2;
/// The watchdog gave up on the body: the thread exits once it returns.
const ABANDONED: u8 = 3;

/// What the caller and the body thread share.
struct Shared {
    state: AtomicU8,
    /// The body to run, and the thread to wake when it returns.
    handed: Mutex<Option<(&'static CaseDef, Body, Thread)>>,
    /// How the body ended.
    run: Mutex<Option<BodyRun>>,
}

/// A started body thread.
pub(crate) struct BodyThread {
    shared: Arc<Shared>,
    thread: Thread,
}

impl BodyThread {
    /// Starts a body thread.
    pub(crate) fn start() -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            state: AtomicU8::new(IDLE),
            handed: Mutex::new(None),
            run: Mutex::new(None),
        });
        let serving = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name("faults-in-process".to_owned())
            .spawn(move || serve(&serving))?;
        Ok(BodyThread {
            thread: handle.thread().clone(),
            shared,
        })
    }

    /// Runs `body` of `def` on the body thread: how it ended, or `None` when it was still
    /// running at `deadline`, and this thread is abandoned (start another for the next case).
    pub(crate) fn run(
        &self,
        def: &'static CaseDef,
        body: Body,
        deadline: Instant,
    ) -> Option<BodyRun> {
        *lock(&self.shared.handed) = Some((def, body, std::thread::current()));
        self.shared.state.store(RUNNING, Ordering::Release);
        self.thread.unpark();
        let returned = || self.shared.state.load(Ordering::Acquire) == RETURNED;
        if !wait_until(returned, Some(deadline)) {
            let gave_up = self.shared.state.compare_exchange(
                RUNNING,
                ABANDONED,
                Ordering::AcqRel,
                Ordering::Acquire,
            );
            if gave_up.is_ok() {
                return None;
            }
        }
        let run = lock(&self.shared.run).take();
        self.shared.state.store(IDLE, Ordering::Release);
        run
    }
}

/// The body thread's loop: runs each body handed over, until one is abandoned.
fn serve(shared: &Shared) {
    loop {
        wait_until(|| shared.state.load(Ordering::Acquire) == RUNNING, None);
        let Some((def, body, caller)) = lock(&shared.handed).take() else {
            continue;
        };
        let run = run_body(def, body);
        *lock(&shared.run) = Some(run);
        let returned =
            shared
                .state
                .compare_exchange(RUNNING, RETURNED, Ordering::AcqRel, Ordering::Acquire);
        if returned.is_err() {
            // Abandoned: its caller went on without it.
            return;
        }
        caller.unpark();
    }
}

/// Waits until `done` holds, first spinning, then yielding, then asleep, until `deadline` if
/// there is one: whether it holds. Whoever makes it hold unparks this thread.
fn wait_until(done: impl Fn() -> bool, deadline: Option<Instant>) -> bool {
    let started = Instant::now();
    while started.elapsed() < SPIN_FOR {
        for _ in 0..64 {
            if done() {
                return true;
            }
            std::hint::spin_loop();
        }
    }
    while started.elapsed() < YIELD_FOR {
        if done() {
            return true;
        }
        std::thread::yield_now();
    }
    loop {
        if done() {
            return true;
        }
        match deadline {
            None => std::thread::park(),
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) => std::thread::park_timeout(left),
                None => return done(),
            },
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::api::outcome::Outcome;
    use crate::child::report::BodyEnd;
    use crate::declare::TEST_CASE;

    static CASE: CaseDef = TEST_CASE;

    static RELEASED: AtomicBool = AtomicBool::new(false);

    fn accepts(_: &CaseDef) -> Outcome {
        Outcome::accepted()
    }

    fn hangs_until_released(_: &CaseDef) -> Outcome {
        while !RELEASED.load(Ordering::Acquire) {
            std::thread::sleep(Duration::from_millis(1));
        }
        Outcome::accepted()
    }

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(600)
    }

    #[test]
    fn one_thread_runs_body_after_body() {
        let thread = BodyThread::start().unwrap();
        for _ in 0..100 {
            let run = thread.run(&CASE, accepts, far()).expect("it returned");
            assert!(matches!(
                run.end,
                BodyEnd::Returned {
                    outcome: Outcome::Accepted(_)
                }
            ));
        }
    }

    #[test]
    fn a_body_past_its_deadline_is_abandoned_and_its_end_reaches_no_one() {
        let thread = BodyThread::start().unwrap();
        let soon = Instant::now() + Duration::from_millis(20);
        assert!(thread.run(&CASE, hangs_until_released, soon).is_none());
        assert_eq!(thread.shared.state.load(Ordering::Acquire), ABANDONED);
        RELEASED.store(true, Ordering::Release);
        // The abandoned thread exits once its body returns; it never takes another body.
        while Arc::strong_count(&thread.shared) > 1 {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            lock(&thread.shared.run).is_some(),
            "kept where no case reads it"
        );
        let next = BodyThread::start().unwrap();
        assert!(next.run(&CASE, accepts, far()).is_some());
    }
}
