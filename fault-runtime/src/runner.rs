//! Runs one case in isolation and turns what happened into a verdict and a record.

use std::path::PathBuf;
use std::time::SystemTime;

use libtest_mimic::Failed;

use crate::isolate::{self, Exit, Spawn};
use crate::outcome::RefusalReport;
use crate::protocol::{BodyEnd, CASE_VAR, ChildReport, REPORT_VAR};
use crate::record::RunRecord;
use crate::registry::Registered;
use crate::repeat::{CONCURRENT_COPIES, RepeatReport};
use crate::run::RunContext;
use crate::sandbox::{Sandbox, SideEffect};
use crate::verdict::{self, Evidence};
use crate::worker::Worker;
use crate::{CaseDef, Outcome, Status, Verdict, in_process, recording, requirements};

/// Runs `case` in its own process (or processes, or in this one) and reports the verdict to libtest: `Ok` only for a pass.
pub(crate) fn run_case(ctx: &RunContext, case: &Registered) -> Result<(), Failed> {
    let record = execute(ctx, case);
    let path = record.write_to(&ctx.records_dir);
    let explanation = || record.explain(path.as_ref().ok().map(PathBuf::as_path));
    match (&path, record.status) {
        (Ok(_), Status::Passed) => Ok(()),
        (Ok(_), Status::Failed) => Err(explanation().into()),
        (Err(err), _) => Err(format!(
            "{}failed to write the record into {}: {err}",
            explanation(),
            ctx.records_dir.display()
        )
        .into()),
    }
}

/// Everything the parent learned about one run of the child.
pub(crate) struct Observation {
    pub(crate) started_at: SystemTime,
    pub(crate) exit: Option<Exit>,
    pub(crate) report: Option<ChildReport>,
    pub(crate) side_effects: Vec<SideEffect>,
    /// What of `requires` was absent; the case was not started then.
    pub(crate) missing: Vec<String>,
    /// Why the parent could not observe the case fully, if it could not.
    pub(crate) trouble: Option<String>,
    /// The sandbox, once the case is over: recycled, kept or removed after the verdict.
    sandbox: Option<Sandbox>,
    pub(crate) sandbox_kept: Option<PathBuf>,
}

/// Observes every copy of the case, judges each, and records the verdict they agree on (or
/// `nondeterministic`), with `drift` applied last.
fn execute(ctx: &RunContext, case: &Registered) -> RunRecord {
    let def = case.def;
    let started = std::time::Instant::now();
    let mut observations = if def.in_process {
        vec![in_process::observe(def)]
    } else {
        observe_copies(ctx, case)
    };
    let verdicts: Vec<Verdict> = observations
        .iter()
        .map(|observation| verdict::decide(def, &observation.evidence(ctx.strict_gates)))
        .collect();
    let repeat = (def.copies() > 1).then(|| {
        RepeatReport::tally(
            observations
                .iter()
                .zip(&verdicts)
                .map(|(observation, verdict)| (*verdict, observation.code(), observation.gate())),
        )
    });
    let verdict = match &repeat {
        Some(report) if !report.agreed => Verdict::Nondeterministic,
        _ => verdicts[0],
    };
    let verdict = verdict::with_drift(def, verdict);
    let status = ctx.status(verdict);
    let mut first = observations.swap_remove(0);
    if status == Status::Failed && ctx.keep_failed_sandboxes {
        first.sandbox_kept = first.sandbox.take().map(Sandbox::keep);
    }
    let wall = (def.copies() > 1).then(|| started.elapsed());
    recording::record(
        &ctx.run_id,
        case,
        Judgement {
            verdict,
            status,
            repeat,
            wall,
        },
        &first,
    )
}

/// The verdict of a case and what it rests on beyond the first copy's observation.
pub(crate) struct Judgement {
    pub(crate) verdict: Verdict,
    pub(crate) status: Status,
    pub(crate) repeat: Option<RepeatReport>,
    /// Wall time of all copies together, for a repeated case.
    pub(crate) wall: Option<std::time::Duration>,
}

/// Runs every copy of the case, each with a worker of its own, at most
/// [`CONCURRENT_COPIES`] at a time.
fn observe_copies(ctx: &RunContext, case: &Registered) -> Vec<Observation> {
    let copies = case.def.copies() as usize;
    let once = || match ctx.take_worker() {
        Ok(mut worker) => {
            let observation = observe(ctx, &mut worker, case.def, &case.id);
            ctx.put_worker(worker);
            observation
        }
        Err(err) => Observation::failed(format!("failed to prepare a worker for the case: {err}")),
    };
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

impl Observation {
    /// What the verdict is decided from.
    fn evidence(&self, strict_gates: bool) -> Evidence<'_> {
        let exit = self.exit.as_ref();
        Evidence {
            timed_out: exit.is_some_and(|e| e.timed_out),
            exited_cleanly: exit.is_some_and(|e| e.code == Some(0)) && self.trouble.is_none(),
            report: self.report.as_ref(),
            side_effects: &self.side_effects,
            strict_gates,
            missing: &self.missing,
        }
    }

    /// The refusal this observation saw, if any.
    pub(crate) fn refusal(&self) -> Option<&RefusalReport> {
        match self.report.as_ref().map(|r| &r.body) {
            Some(BodyEnd::Returned {
                outcome: Outcome::Refused(refusal),
            }) => Some(refusal),
            _ => None,
        }
    }

    fn code(&self) -> Option<String> {
        self.refusal().map(|r| r.code.clone())
    }

    fn gate(&self) -> Option<crate::Gate> {
        self.refusal().and_then(|r| r.gate.clone())
    }

    pub(crate) fn new() -> Self {
        Observation {
            started_at: SystemTime::now(),
            exit: None,
            report: None,
            side_effects: Vec::new(),
            missing: Vec::new(),
            trouble: None,
            sandbox: None,
            sandbox_kept: None,
        }
    }

    fn failed(trouble: String) -> Self {
        Observation {
            trouble: Some(trouble),
            ..Observation::new()
        }
    }
}

/// Prepares an empty sandbox, runs the child, and snapshots what it left behind. An untouched
/// sandbox goes back to the worker for the next case.
fn observe(
    ctx: &RunContext,
    worker: &mut Worker,
    def: &'static CaseDef,
    case_id: &str,
) -> Observation {
    let (sandbox, before) = match worker.sandbox() {
        Ok(fresh) => fresh,
        Err(err) => {
            return Observation::failed(format!("failed to create the case's sandbox: {err}"));
        }
    };
    let mut observation = Observation::new();
    let mut vars = ctx.base_env.for_case(def, sandbox.path());
    if !def.hide.is_empty() {
        if let Err(err) = hide(ctx, def, &mut vars) {
            worker.recycle(sandbox);
            return Observation::failed(format!("failed to hide {:?} from PATH: {err}", def.hide));
        }
    }
    observation.missing = requirements::missing(def, &vars);
    if !observation.missing.is_empty() {
        worker.recycle(sandbox);
        return observation;
    }
    vars.push((CASE_VAR.into(), case_id.into()));
    vars.push((REPORT_VAR.into(), worker.report_path().into()));
    let spawn = Spawn {
        exe: &ctx.exe,
        vars,
        cwd: sandbox.path(),
        timeout: def.effective_timeout(),
        tee: ctx.tee,
    };
    match worker.runtime.block_on(isolate::run(spawn)) {
        Ok(exit) => observation.exit = Some(exit),
        Err(err) => {
            observation.trouble = Some(format!(
                "failed to start the case's process {}: {err}",
                ctx.exe.display()
            ));
        }
    }
    match worker.take_report() {
        Ok(report) => observation.report = report,
        Err(err) => {
            observation.trouble = Some(format!("the case's report is unreadable: {err}"));
        }
    }
    match sandbox.snapshot() {
        Ok(after) => observation.side_effects = before.diff(&after),
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

/// Replaces the case's PATH by the run's view of it without the hidden programs.
fn hide(
    ctx: &RunContext,
    def: &CaseDef,
    vars: &mut [(std::ffi::OsString, std::ffi::OsString)],
) -> std::io::Result<()> {
    if let Some((_, path)) = vars.iter_mut().find(|(name, _)| name == "PATH") {
        *path = ctx.path_without(path, def.hide)?;
    }
    Ok(())
}
