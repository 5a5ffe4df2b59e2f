//! One container case, as its supervisor runs it: a container started for it (or the pristine
//! one the previous case left), the case watched to its end, then what is still alive inside
//! listed and the namespace killed — unless the case left nothing anywhere, in which case the
//! container waits for the next case — and what the case changed read from its view's layers.

use std::time::{Duration, Instant};

use crate::isolate::container::availability;
use crate::isolate::container::changes::{self, Planted};
use crate::isolate::container::layout::Layout;
use crate::isolate::container::start::{self, NotStarted};
use crate::isolate::container::warm::{ViewKey, Warm};
use crate::isolate::container::watch::{Learned, Watched, watch};
use crate::isolate::supervise::case_process::{Stop, Supervision};
use crate::isolate::supervise::report_channel::Report;
use crate::isolate::supervise::syscall_faults::SyscallFaults;
use crate::isolate::supervise::wire::{ContainerRequest, Ended, RunCase};
use crate::sys::process_tree;

/// What a supervisor keeps between container cases.
#[derive(Debug, Default)]
pub(crate) struct Containers {
    /// The view of this machine, planned for the first container case.
    layout: Option<Layout>,
    /// The pristine container the last case left.
    warm: Option<Warm>,
}

impl Containers {
    /// Ends the kept container: before a case that runs outside containers (whose supervisor
    /// must have no other child), and when the supervisor stops.
    pub(crate) fn end_warm(&mut self) {
        if let Some(warm) = self.warm.take() {
            warm.end();
        }
    }
}

impl Drop for Containers {
    fn drop(&mut self) {
        self.end_warm();
    }
}

/// Runs a container case to its end.
pub(crate) fn run(
    request: &RunCase,
    container: &ContainerRequest,
    containers: &mut Containers,
    with: &Supervision<'_>,
) -> (Ended, Option<Stop>) {
    let started = Instant::now();
    let layout = match &mut containers.layout {
        Some(layout) => layout,
        empty => match Layout::plan(&container.scratch) {
            Ok(planned) => empty.insert(planned),
            Err(err) => {
                let why = format!("planning the container's view of this machine: {err}");
                return (Ended::trouble(why), None);
            }
        },
    };
    let shared = start::shared_dirs(request);
    let key = ViewKey::of(&shared, container);
    let reused = match containers.warm.take() {
        Some(warm) if Some(&warm.key) == key.as_ref() => warm.take(request).map_err(Warm::end).ok(),
        Some(other) => {
            other.end();
            None
        }
        None => None,
    };
    let (init, socket, hidden, mut learned) = match reused {
        Some(warm) => {
            let learned = Learned {
                case: None,
                changes: Some(warm.changes),
            };
            (warm.init, warm.socket, Default::default(), learned)
        }
        None => match start::start(request, container, &shared, layout, with) {
            Ok(new) => (new.init, new.socket, new.hidden, Learned::default()),
            Err(NotStarted::Unavailable(why)) => return (Ended::unavailable(why), None),
            Err(NotStarted::Failed(why)) => return (Ended::trouble(why), None),
        },
    };
    let deadline = started + Duration::from_millis(request.timeout_ms);
    let mut report = Report::default();
    let mut faults = match SyscallFaults::new(&request.syscalls) {
        Ok(faults) => faults,
        Err(why) => return (Ended::trouble(why), None),
    };
    let watched = watch(
        init,
        &socket,
        deadline,
        with,
        (&mut report, &mut faults),
        &mut learned,
    );
    let elapsed = started.elapsed();
    // Alive when the case's process ended: everything inside but the first process.
    let leaked: Vec<(u32, String)> = match watched {
        Watched::Exited(..) => {
            process_tree::descendants_except(&[], process_tree::Threads::Calling)
                .into_iter()
                .filter(|(pid, _)| *pid != init)
                .collect()
        }
        _ => Vec::new(),
    };
    let planted = Planted {
        hidden: &hidden,
        shared: &shared,
    };
    let outside = learned
        .changes
        .as_ref()
        .map(|dir| changes::read(dir, layout, planted))
        .unwrap_or_default();
    let keep = matches!(watched, Watched::Exited(..))
        && leaked.is_empty()
        && outside.is_empty()
        && learned
            .changes
            .as_ref()
            .is_some_and(|dir| changes::pristine(dir, layout, planted));
    let kill_trouble = match (keep, key, learned.changes.take()) {
        (true, Some(key), Some(changes)) => {
            containers.warm = Some(Warm {
                init,
                socket,
                changes,
                key,
                pidfd: crate::sys::pidfd(init),
            });
            None
        }
        _ => process_tree::kill_child(init),
    };
    let (exit_code, signal, trouble) = match &watched {
        Watched::Exited(code, signal) => (*code, *signal, kill_trouble),
        Watched::TimedOut => (None, Some(libc::SIGKILL), kill_trouble),
        Watched::Failed(why) => (None, None, Some(why.clone())),
        Watched::Stopped(_) | Watched::Unavailable(_) => (None, None, kill_trouble),
    };
    let unavailable = match &watched {
        Watched::Unavailable(why) => Some(match why.split_once(": ") {
            Some((step, error)) => availability::unavailable(step, error),
            None => availability::unavailable("building the view", why),
        }),
        _ => None,
    };
    let (syscalls, serve_trouble) = faults.finish();
    let ended = Ended {
        exit_code,
        signal,
        timed_out: matches!(watched, Watched::TimedOut),
        elapsed_us: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        report: learned
            .case
            .map_or_else(Default::default, |pid| report.finish(with.channel, pid)),
        leaked,
        trouble: trouble.or(serve_trouble),
        outside,
        unavailable,
        syscalls,
        // A container's case processes are exec'd in its view.
        forked: false,
    };
    let stop = match watched {
        Watched::Stopped(stop) => Some(stop),
        _ => None,
    };
    (ended, stop)
}
