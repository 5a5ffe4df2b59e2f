//! Running a `sweep` case: once per injection point, each run in a process and sandbox of its
//! own, until the sweep is over.
//!
//! A syscall sweep (`sweep = "write:ENOSPC"`) runs N = 1, 2, … with the Nth call failing, until
//! a run in which the Nth call never came: the baseline. A failpoint sweep first runs the body
//! with nothing armed, which is its baseline and finds the registered sites it reaches; then
//! each site fails (`return`) in a run of its own, and sites first reached in those runs (error
//! paths) get runs of their own too. The first run that does not end as it must ends the sweep.

use std::time::{Duration, Instant};

use crate::declare::registry::Registered;
use crate::declare::{Sweep, failpoint_site};
use crate::harness::context::RunContext;
use crate::isolate::{Observation, RunFaults, interrupt, observe};
use crate::judge::sweep::{self, End, Step};
use crate::judge::{Judgement, decide};
use crate::record::SweepSites;

/// Every run of the sweep, judged; the observation the record is built from; the wall time of
/// every run together.
pub(crate) fn execute(
    ctx: &RunContext,
    case: &Registered,
    sweep: Sweep,
) -> (Judgement, Observation, Duration) {
    let started = Instant::now();
    let mut runs = Runs {
        ctx,
        case,
        steps: Vec::new(),
        deciding: None,
    };
    let (end, sites) = match sweep {
        Sweep::Failpoints => {
            let (end, sites) = runs.failpoints();
            (end, Some(sites))
        }
        Sweep::Syscall(fault) => (runs.syscall(fault), None),
    };
    let judgement = sweep::conclude(case.def, runs.steps, end, sites);
    let seen = runs.deciding.unwrap_or_else(Observation::new);
    (judgement, seen, started.elapsed())
}

/// Queues a run for every registered site `seen` reached for the first time, failing it after
/// the sites `armed` in that run.
fn discover(
    seen: &Observation,
    armed: &[&'static str],
    registered: &[&'static str],
    reached: &mut Vec<&'static str>,
    queue: &mut Vec<Vec<&'static str>>,
) {
    let found = seen.report.iter().flat_map(|report| &report.reached);
    for name in found {
        let Some(site) = registered.iter().copied().find(|site| site == name) else {
            continue;
        };
        if !reached.contains(&site) {
            reached.push(site);
            let mut run = armed.to_vec();
            run.push(site);
            queue.push(run);
        }
    }
}

/// The runs so far.
struct Runs<'a> {
    ctx: &'a RunContext,
    case: &'a Registered,
    steps: Vec<Step>,
    /// The observation of the run the verdict rests on, so far.
    deciding: Option<Observation>,
}

impl Runs<'_> {
    /// Runs `sweep = "SYSCALL:ERRNO"` for N = 1, 2, … up to `sweep_max`.
    fn syscall(&mut self, fault: &str) -> End {
        let max = self.case.def.effective_sweep_max();
        for n in 1..=max {
            let spec = format!("{fault}@{n}");
            let observation = self.observe(RunFaults::SyscallSweep(spec.clone()));
            let seen = observation.syscalls.last();
            let (calls, fired) = seen.map_or((0, false), |s| (s.calls, s.injected > 0));
            let finished = observation.exit.is_some() && observation.report.is_some();
            if n == 1 && !fired && finished {
                self.step(n, Some(spec.clone()), (false, false), observation);
                return End::NothingInjected(sweep::nothing_injected(&spec, calls));
            }
            let failed = self.step(n, Some(spec), (fired, !fired), observation);
            if failed {
                return End::Failed;
            }
            if !fired || interrupt::is_interrupted() {
                return End::Complete;
            }
        }
        End::Bounded(max)
    }

    /// Runs `sweep = "failpoints"`: the baseline, then one run per site reached. A site first
    /// reached while other sites failed (an error path) fails together with them.
    fn failpoints(&mut self) -> (End, SweepSites) {
        let max = self.case.def.effective_sweep_max();
        let registered = failpoint_site::names();
        let baseline = self.observe(RunFaults::FailpointSweep(Vec::new()));
        let mut queue: Vec<Vec<&'static str>> = Vec::new();
        let mut reached: Vec<&'static str> = Vec::new();
        discover(&baseline, &[], &registered, &mut reached, &mut queue);
        let finished = baseline.report.is_some();
        let failed = self.step(1, None, (false, true), baseline);
        let mut end = if failed {
            End::Failed
        } else if reached.is_empty() && finished {
            End::NothingInjected(sweep::no_site_reached())
        } else {
            End::Complete
        };
        let mut next = 0;
        while matches!(end, End::Complete) && next < queue.len() {
            if self.steps.len() as u32 >= max {
                end = End::Bounded(max);
                break;
            }
            if interrupt::is_interrupted() {
                break;
            }
            let armed = queue[next].clone();
            next += 1;
            let observation = self.observe(RunFaults::FailpointSweep(armed.clone()));
            // The site this run is for is the last one armed; the others led the body to it.
            let fired = observation
                .report
                .as_ref()
                .and_then(|report| report.failpoints.last())
                .and_then(|site| site.fired)
                .is_some_and(|fired| fired > 0);
            discover(&observation, &armed, &registered, &mut reached, &mut queue);
            let injected = armed
                .iter()
                .map(|site| format!("{site}=return"))
                .collect::<Vec<_>>()
                .join(";");
            let run = self.steps.len() as u32 + 1;
            // A site that does not fire when armed is judged as any armed failpoint that did
            // not fire: `not_exercised`, through the run's own decision.
            if self.step(run, Some(injected), (fired, false), observation) {
                end = End::Failed;
            }
        }
        let unreached = registered
            .into_iter()
            .filter(|name| !reached.contains(name))
            .map(str::to_owned)
            .collect();
        let reached = reached.into_iter().map(str::to_owned).collect();
        (end, SweepSites { reached, unreached })
    }

    /// One run of the case with `faults`.
    fn observe(&self, faults: RunFaults) -> Observation {
        observe::once(&self.ctx.resources, self.case, &faults)
    }

    /// Judges a run and keeps it; true when it failed the sweep. `(fired, baseline)`: whether
    /// its fault fired, and whether it is the baseline, held to a baseline's rules.
    fn step(
        &mut self,
        run: u32,
        injected: Option<String>,
        (fired, baseline): (bool, bool),
        observation: Observation,
    ) -> bool {
        let decision = decide(
            self.case.def,
            &observation.evidence(),
            self.ctx.strictness(),
        );
        let duration_ms = observation
            .exit
            .as_ref()
            .map_or(0.0, |exit| exit.elapsed.as_secs_f64() * 1000.0);
        let step = Step::new(
            (run, injected),
            (fired, baseline),
            (decision, observation.code()),
            duration_ms,
        );
        let failed = step.failed();
        // The record rests on the failing run, else on the last run whose fault fired.
        if failed || fired || self.deciding.is_none() {
            self.deciding = Some(observation);
        }
        self.steps.push(step);
        failed
    }
}
