//! Observing a case run in processes of its own: every copy with a worker of its own, each in
//! a fresh sandbox with the case's environment (in a container when it asks for one),
//! snapshotted once every process is gone.

use crate::child::report::{CASE_VAR, CONTROL_VAR, ChildReport, FAILPOINT_SWEEP_VAR, SYSCALLS_VAR};
use crate::declare::registry::Registered;
use crate::declare::{CaseDef, Network};
use crate::isolate::supervise::wire::ContainerRequest;
use crate::isolate::{
    Observation, ReportEnd, Resources, RunFaults, Spawn, Worker, interrupt, requirements,
};
use crate::record::SyscallReport;

/// How many copies of one case run at once; the rest wait for a free slot.
pub(crate) const CONCURRENT_COPIES: usize = 16;

/// Runs every copy of the case, each with a worker of its own, at most
/// [`CONCURRENT_COPIES`] at a time.
pub(crate) fn copies(
    resources: &Resources,
    case: &Registered,
    faults: &RunFaults,
) -> Vec<Observation> {
    let copies = case.def.copies() as usize;
    let once = || once(resources, case, faults);
    if copies == 1 {
        return vec![once()];
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(copies));
    std::thread::scope(|scope| {
        for _ in 0..copies.min(CONCURRENT_COPIES) {
            scope.spawn(|| {
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < copies {
                    let observation = once();
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(observation);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs the case once, whatever its `repeat`, with a worker of its own: a sweep's run, a control.
pub(crate) fn once(resources: &Resources, case: &Registered, faults: &RunFaults) -> Observation {
    let mut worker = resources.take_worker();
    let observation = observe(resources, &mut worker, case, faults);
    resources.put_worker(worker);
    observation
}

/// Prepares an empty sandbox, runs the case's process, and snapshots what it left behind once
/// every process of the case is gone. An untouched sandbox goes back to the worker.
fn observe(
    resources: &Resources,
    worker: &mut Worker,
    case: &Registered,
    faults: &RunFaults,
) -> Observation {
    let def = case.def;
    let (sandbox, before) = match worker.sandbox() {
        Ok(fresh) => fresh,
        Err(err) => {
            return Observation::failed(format!("failed to create the case's sandbox: {err}"));
        }
    };
    let mut observation = Observation::new();
    let control = faults.is_control();
    let mut vars = if control {
        resources.base_env.for_control(def, sandbox.path())
    } else {
        resources.base_env.for_case(def, sandbox.path())
    };
    let in_container = resources.isolation_of(def).is_container();
    // A container hides programs from its filesystem view; PATH stays as it is.
    if !def.hide.is_empty() && !in_container && !control {
        if let Err(err) = hide(resources, def, &mut vars) {
            worker.recycle(sandbox);
            return Observation::failed(format!("failed to hide {:?} from PATH: {err}", def.hide));
        }
    }
    observation.missing = requirements::missing(def, &vars);
    if !observation.missing.is_empty() || interrupt::is_interrupted() {
        worker.recycle(sandbox);
        return observation;
    }
    let container = match in_container.then(|| container_request(resources, def, control)) {
        None => None,
        Some(Ok(request)) => Some(request),
        Some(Err(err)) => {
            worker.recycle(sandbox);
            return Observation::failed(format!("failed to prepare the case's container: {err}"));
        }
    };
    vars.push((CASE_VAR.into(), case.id.clone().into()));
    let syscalls = syscall_faults(def, faults);
    if !syscalls.is_empty() {
        vars.push((SYSCALLS_VAR.into(), syscalls.join("\n").into()));
    }
    match faults {
        RunFaults::FailpointSweep(sites) => {
            vars.push((FAILPOINT_SWEEP_VAR.into(), sites.join("\n").into()));
        }
        RunFaults::Control => vars.push((CONTROL_VAR.into(), "1".into())),
        RunFaults::Declared | RunFaults::SyscallSweep(_) => {}
    }
    observation.own_syscalls = if control { 0 } else { def.syscalls.len() };
    observation.containment = worker.containment();
    let spawn = Spawn {
        vars,
        cwd: sandbox.path(),
        timeout: def.effective_timeout(),
        tee: resources.tee.then(|| resources.redactor_for(def)),
        container,
        syscalls: syscalls.clone(),
        fork: resources.fork,
    };
    match worker.run(spawn) {
        // The case never started: only the missing container is evidence.
        Ok(exit) if exit.unavailable.is_some() => {
            observation.missing.extend(exit.unavailable);
            worker.recycle(sandbox);
            return observation;
        }
        Ok(exit) => {
            match &exit.report {
                ReportEnd::Missing => {}
                ReportEnd::Received(bytes) => match ChildReport::parse(bytes) {
                    Ok(report) => observation.report = report,
                    Err(err) => {
                        observation.report_problem =
                            Some(format!("the case's report is unreadable: {err}"));
                    }
                },
                ReportEnd::Forged { pid, expected } => {
                    observation.report_problem = Some(format!(
                        "a report arrived from process {pid}, not from the case's own process {expected} (a process it forked?); it was rejected"
                    ));
                }
                ReportEnd::Unreadable(why) => {
                    observation.report_problem =
                        Some(format!("the case's report channel failed: {why}"));
                }
            }
            observation.trouble.clone_from(&exit.trouble);
            observation.syscalls = syscalls
                .into_iter()
                .zip(
                    exit.syscalls
                        .iter()
                        .copied()
                        .chain(std::iter::repeat(Default::default())),
                )
                .map(|(spec, count)| SyscallReport {
                    spec,
                    calls: count.calls,
                    injected: count.injected,
                })
                .collect();
            observation.exit = Some(exit);
        }
        Err(err) => {
            observation.trouble = Some(format!("the case's supervisor failed: {err}"));
        }
    }
    match sandbox.snapshot() {
        Ok(after) => {
            observation.side_effects = before.diff(&after);
            if let Some(exit) = &mut observation.exit {
                observation.side_effects.append(&mut exit.outside);
            }
        }
        Err(err) => {
            observation.trouble = Some(format!(
                "failed to snapshot the sandbox after the case: {err}"
            ));
            return observation;
        }
    }
    if observation.side_effects.is_empty() {
        worker.recycle(sandbox);
    } else {
        observation.sandbox = Some(sandbox);
    }
    observation
}

/// Every syscall fault of the run: the case's own, then the sweep's; none for the control.
fn syscall_faults(def: &CaseDef, faults: &RunFaults) -> Vec<String> {
    let mut specs: Vec<String> = match faults {
        RunFaults::Control => return Vec::new(),
        _ => def.syscalls.iter().map(|&spec| spec.to_owned()).collect(),
    };
    if let RunFaults::SyscallSweep(spec) = faults {
        specs.push(spec.clone());
    }
    specs
}

/// What the case's container is asked to be; a control's view hides nothing and has the
/// host's network.
fn container_request(
    resources: &Resources,
    def: &CaseDef,
    control: bool,
) -> std::io::Result<ContainerRequest> {
    Ok(ContainerRequest {
        hide: match control {
            true => Vec::new(),
            false => def.hide.iter().map(|entry| (*entry).to_owned()).collect(),
        },
        no_network: def.network == Network::None && !control,
        scratch: resources.scratch()?.to_path_buf(),
    })
}

/// Replaces the case's PATH by the run's view of it without the hidden programs.
fn hide(
    resources: &Resources,
    def: &CaseDef,
    vars: &mut [(std::ffi::OsString, std::ffi::OsString)],
) -> std::io::Result<()> {
    if let Some((_, path)) = vars.iter_mut().find(|(name, _)| name == "PATH") {
        *path = resources.path_without(path, def.hide)?;
    }
    Ok(())
}
