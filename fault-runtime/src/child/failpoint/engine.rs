//! The engine behind `fault_runtime::fail_point!`: fail-rs's semantics, with every pass and every
//! firing counted.
//!
//! A case's process arms its failpoints once, before the body runs; the armed set never changes
//! afterwards, so evaluation reads it without a lock. Names the case did not arm fall through
//! to fail-rs, so code that arms failpoints with `fail::cfg` itself keeps working.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::declare::failpoint_site as site;
use crate::declare::{Action, ArmedFailpoint, Task};

/// The failpoints this process armed, set once.
static ARMED: OnceLock<Vec<Armed>> = OnceLock::new();

/// In a failpoint sweep's run: how often each registered site was reached, by name.
static REACHED: OnceLock<Vec<(&'static str, AtomicU64)>> = OnceLock::new();

/// One armed failpoint's live state.
#[derive(Debug)]
struct Armed {
    name: &'static str,
    steps: Vec<Step>,
    hits: AtomicU64,
    fired: AtomicU64,
}

/// One action with what is left of its count.
#[derive(Debug)]
struct Step {
    action: Action,
    remaining: Option<AtomicUsize>,
}

/// Arms the case's failpoints in this process: registered sites in this engine, every name in
/// fail-rs too, so a plain `fail::fail_point!` of the same name fires as well.
pub(crate) fn arm(failpoints: &'static [ArmedFailpoint]) -> Result<(), String> {
    let mut armed = Vec::new();
    for failpoint in failpoints {
        fail::cfg(failpoint.name, failpoint.actions).map_err(|why| {
            format!(
                "fail-rs rejected failpoint `{}={}`: {why}",
                failpoint.name, failpoint.actions
            )
        })?;
        if site::registered(failpoint.name) {
            armed.push(Armed {
                name: failpoint.name,
                steps: failpoint
                    .steps
                    .iter()
                    .map(|action| Step {
                        action: *action,
                        remaining: action.count.map(AtomicUsize::new),
                    })
                    .collect(),
                hits: AtomicU64::new(0),
                fired: AtomicU64::new(0),
            });
        }
    }
    ARMED
        .set(armed)
        .map_err(|_| "failpoints were armed twice in one case process".to_owned())
}

/// Counts every pass through every registered site from now on, for a failpoint sweep.
pub(crate) fn track_reached() {
    let sites = site::names()
        .into_iter()
        .map(|name| (name, AtomicU64::new(0)))
        .collect();
    // Set once, before the body: a second call changes nothing.
    let _ = REACHED.set(sites);
}

/// The registered sites reached since [`track_reached`], sorted; empty when not tracking.
pub(crate) fn reached() -> Vec<String> {
    REACHED.get().map_or_else(Vec::new, |sites| {
        sites
            .iter()
            .filter(|(_, hits)| hits.load(Ordering::Relaxed) > 0)
            .map(|(name, _)| (*name).to_owned())
            .collect()
    })
}

/// How often the armed failpoint `name` was reached and how often it fired.
pub(crate) fn counts(name: &str) -> (u64, u64) {
    ARMED
        .get()
        .and_then(|armed| armed.iter().find(|a| a.name == name))
        .map_or((0, 0), |a| {
            (
                a.hits.load(Ordering::Relaxed),
                a.fired.load(Ordering::Relaxed),
            )
        })
}

/// Evaluates the failpoint `name` at a `fault_runtime::fail_point!` site, as fail-rs would:
/// `Some(arg)` when a `return` action fired (the site returns through its closure), `None`
/// otherwise, after sleeping, panicking, printing or whatever else the action does.
///
/// Used by the code `fail_point!` expands to; not meant to be called directly.
pub fn eval(name: &'static str) -> Option<Option<String>> {
    if let Some(sites) = REACHED.get() {
        if let Some((_, hits)) = sites.iter().find(|(site, _)| *site == name) {
            hits.fetch_add(1, Ordering::Relaxed);
        }
    }
    let Some(armed) = ARMED
        .get()
        .and_then(|all| all.iter().find(|a| a.name == name))
    else {
        return fail::eval(name, |arg| arg);
    };
    armed.hits.fetch_add(1, Ordering::Relaxed);
    let task = armed.steps.iter().find_map(Step::take)?;
    if task != Task::Off {
        armed.fired.fetch_add(1, Ordering::Relaxed);
    }
    perform(name, task)
}

impl Step {
    /// The task when this action is taken now: its count is not used up and its probability
    /// hits. Taking it uses one count.
    fn take(&self) -> Option<Task> {
        if self
            .remaining
            .as_ref()
            .is_some_and(|left| left.load(Ordering::Acquire) == 0)
        {
            return None;
        }
        if self.action.frequency < 1.0 && !chance(self.action.frequency) {
            return None;
        }
        if let Some(left) = &self.remaining {
            left.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                .ok()?;
        }
        Some(self.action.task)
    }
}

fn perform(name: &str, task: Task) -> Option<Option<String>> {
    match task {
        Task::Off => {}
        Task::Return(arg) => return Some(arg.map(str::to_owned)),
        Task::Sleep(ms) => std::thread::sleep(Duration::from_millis(ms)),
        Task::Panic(Some(message)) => panic!("{message}"),
        Task::Panic(None) => panic!("failpoint {name} panic"),
        Task::Print(Some(message)) => eprintln!("{message}"),
        Task::Print(None) => eprintln!("failpoint {name} executed."),
        Task::Pause => loop {
            std::thread::park();
        },
        Task::Yield => std::thread::yield_now(),
        Task::Delay(ms) => {
            let until = Instant::now() + Duration::from_millis(ms);
            while Instant::now() < until {
                std::hint::spin_loop();
            }
        }
    }
    None
}

/// Whether an event of probability `p` happens: a xorshift generator seeded per process,
/// enough for `p%` actions (fail-rs uses a thread-local RNG for the same purpose).
fn chance(p: f32) -> bool {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = || {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        (nanos ^ (u64::from(std::process::id()) << 32)) | 1
    };
    let next = |mut x: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut current = STATE.load(Ordering::Relaxed);
    let value = loop {
        let new = next(if current == 0 { seed() } else { current });
        match STATE.compare_exchange_weak(current, new, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break new,
            Err(seen) => current = seen,
        }
    };
    ((value >> 11) as f64 / (1u64 << 53) as f64) < f64::from(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(count: Option<usize>, frequency: f32, task: Task) -> Step {
        Step {
            action: Action {
                frequency,
                count,
                task,
            },
            remaining: count.map(AtomicUsize::new),
        }
    }

    #[test]
    fn a_counted_action_is_taken_that_many_times() {
        let twice = step(Some(2), 1.0, Task::Return(None));
        assert_eq!(twice.take(), Some(Task::Return(None)));
        assert_eq!(twice.take(), Some(Task::Return(None)));
        assert_eq!(twice.take(), None);
    }

    #[test]
    fn probabilities_of_zero_and_one_are_exact() {
        let never = step(None, 0.0, Task::Return(None));
        let always = step(None, 1.0, Task::Yield);
        for _ in 0..1000 {
            assert_eq!(never.take(), None);
            assert_eq!(always.take(), Some(Task::Yield));
        }
        let half = step(None, 0.5, Task::Yield);
        let taken = (0..10_000).filter(|_| half.take().is_some()).count();
        assert!((4000..6000).contains(&taken), "{taken}");
    }

    #[test]
    fn off_then_return_falls_through_once_the_count_is_spent() {
        let steps = [
            step(Some(1), 1.0, Task::Off),
            step(None, 1.0, Task::Return(Some("EIO"))),
        ];
        let first = steps.iter().find_map(Step::take);
        let second = steps.iter().find_map(Step::take);
        assert_eq!(first, Some(Task::Off));
        assert_eq!(second, Some(Task::Return(Some("EIO"))));
        assert_eq!(
            perform("x", Task::Return(Some("EIO"))),
            Some(Some("EIO".into()))
        );
        assert_eq!(perform("x", Task::Off), None);
    }
}
