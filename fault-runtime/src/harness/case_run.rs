//! Runs one case in isolation and turns what happened into a verdict and a record.

use std::path::PathBuf;
use std::time::SystemTime;

use libtest_mimic::Failed;

use crate::api::outcome::Outcome;
use crate::api::outcome::RefusalReport;
use crate::child::report::{BodyEnd, CASE_VAR, ChildReport};
use crate::declare::CaseDef;
use crate::declare::registry::Registered;
use crate::harness::context::RunContext;
use crate::harness::recording;
use crate::isolate::in_process;
use crate::isolate::interrupt;
use crate::isolate::requirements;
use crate::isolate::sandbox::Sandbox;
use crate::isolate::{Exit, ReportEnd, Spawn, Worker};
use crate::judge::repeat::CONCURRENT_COPIES;
use crate::judge::{self, Decision, Evidence};
use crate::record::RepeatReport;
use crate::record::SideEffect;
use crate::record::Status;
use crate::record::Verdict;
use crate::record::{Containment, RunRecord};

/// Runs `case` in its own process (or processes, or in this one) and reports the verdict to
/// libtest: `Ok` only for a pass.
pub(crate) fn run_case(ctx: &RunContext, case: &Registered) -> Result<(), Failed> {
    let redactor = ctx.redactor_for(case.def);
    let record = execute(ctx, case);
    if interrupt::is_interrupted() {
        return Err("interrupted: the run is being stopped".into());
    }
    let record = match record.redacted(&redactor) {
        Ok(clean) => clean,
        Err(err) => return Err(format!("failed to redact the record of {}: {err}", case.id).into()),
    };
    let path = record.path_in(&ctx.records_dir);
    let bytes = match serde_json::to_vec_pretty(&record) {
        Ok(mut bytes) => {
            bytes.push(b'\n');
            bytes
        }
        Err(err) => {
            return Err(format!("failed to serialize the record of {}: {err}", case.id).into());
        }
    };
    let status = record.status;
    let explanation = (status == Status::Failed).then(|| record.explain(Some(&path)));
    ctx.submit_record(path, bytes);
    match explanation {
        None => Ok(()),
        Some(explanation) => Err(explanation.into()),
    }
}

/// Everything the harness learned about one run of the case.
#[derive(Debug)]
pub(crate) struct Observation {
    pub(crate) started_at: SystemTime,
    pub(crate) exit: Option<Exit>,
    /// The report, when the case's own process wrote a readable one.
    pub(crate) report: Option<ChildReport>,
    /// Why there is no usable report although something arrived, or the channel failed.
    pub(crate) report_problem: Option<String>,
    pub(crate) side_effects: Vec<SideEffect>,
    /// What of `requires` was absent; the case was not started then.
    pub(crate) missing: Vec<String>,
    /// Why the harness could not observe the case fully, if it could not.
    pub(crate) trouble: Option<String>,
    /// How the case's processes were followed.
    pub(crate) containment: Containment,
    /// The case ran inside the harness process.
    pub(crate) in_process: bool,
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
        let crashed = exit_record(ctx, case);
        let containment = if ctx.subreaper {
            Containment::Subreaper
        } else {
            Containment::None
        };
        vec![in_process::observe(def, &case.id, crashed, containment)]
    } else {
        observe_copies(ctx, case)
    };
    let decisions: Vec<Decision> = observations
        .iter()
        .map(|observation| judge::decide(def, &observation.evidence(), ctx.strictness()))
        .collect();
    let repeat =
        (def.copies() > 1).then(|| {
            RepeatReport::tally(observations.iter().zip(&decisions).map(
                |(observation, decision)| {
                    (decision.verdict, observation.code(), observation.gate())
                },
            ))
        });
    let mut decision = decisions.into_iter().next().expect("at least one copy ran");
    if repeat.as_ref().is_some_and(|report| !report.agreed) {
        decision.verdict = Verdict::Nondeterministic;
        decision.applicable.insert(0, Verdict::Nondeterministic);
    }
    let drifted = judge::drift(def, decision.verdict, &decision.applicable);
    let status = ctx.status(drifted.verdict);
    let mut first = observations.swap_remove(0);
    if status == Status::Failed && ctx.settings.keep_sandbox {
        first.sandbox_kept = first.sandbox.take().map(Sandbox::keep);
    }
    let wall = (def.copies() > 1).then(|| started.elapsed());
    recording::record(
        ctx,
        case,
        Judgement {
            verdict: drifted.verdict,
            status,
            decision,
            absorbed: drifted.absorbed,
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
    /// The first copy's decision, before `repeat` and `drift`.
    pub(crate) decision: Decision,
    /// What `drift` absorbed.
    pub(crate) absorbed: Option<Verdict>,
    pub(crate) repeat: Option<RepeatReport>,
    /// Wall time of all copies together, for a repeated case.
    pub(crate) wall: Option<std::time::Duration>,
}

/// The record an in-process case gets should its body call `exit()`, prepared before it runs.
fn exit_record(ctx: &RunContext, case: &Registered) -> Option<(PathBuf, Vec<u8>)> {
    let observation = Observation {
        trouble: Some(
            "the body called exit() inside the harness process, ending the whole run".to_owned(),
        ),
        in_process: true,
        ..Observation::new()
    };
    let decision = judge::decide(case.def, &observation.evidence(), ctx.strictness());
    let record = recording::record(
        ctx,
        case,
        Judgement {
            verdict: Verdict::Crashed,
            status: Status::Failed,
            decision,
            absorbed: None,
            repeat: None,
            wall: None,
        },
        &observation,
    );
    let record = record.redacted(&ctx.redactor_for(case.def)).ok()?;
    let mut bytes = serde_json::to_vec_pretty(&record).ok()?;
    bytes.push(b'\n');
    Some((record.path_in(&ctx.records_dir), bytes))
}

/// Runs every copy of the case, each with a worker of its own, at most
/// [`CONCURRENT_COPIES`] at a time.
fn observe_copies(ctx: &RunContext, case: &Registered) -> Vec<Observation> {
    let copies = case.def.copies() as usize;
    let once = || {
        let mut worker = ctx.take_worker();
        let observation = observe(ctx, &mut worker, case);
        ctx.put_worker(worker);
        observation
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
    pub(crate) fn evidence(&self) -> Evidence<'_> {
        let exit = self.exit.as_ref();
        Evidence {
            timed_out: exit.is_some_and(|e| e.timed_out),
            exited_cleanly: exit.is_some_and(|e| e.code == Some(0))
                && self.trouble.is_none()
                && self.report_problem.is_none(),
            report: self.report.as_ref(),
            side_effects: &self.side_effects,
            leaked: exit.map_or(&[], |e| e.leaked.as_slice()),
            missing: &self.missing,
            in_process: self.in_process,
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
            report_problem: None,
            side_effects: Vec::new(),
            missing: Vec::new(),
            trouble: None,
            containment: Containment::ProcessGroup,
            in_process: false,
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

/// Prepares an empty sandbox, runs the case's process, and snapshots what it left behind once
/// every process of the case is gone. An untouched sandbox goes back to the worker.
fn observe(ctx: &RunContext, worker: &mut Worker, case: &Registered) -> Observation {
    let def = case.def;
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
    if !observation.missing.is_empty() || interrupt::is_interrupted() {
        worker.recycle(sandbox);
        return observation;
    }
    vars.push((CASE_VAR.into(), case.id.clone().into()));
    observation.containment = worker.containment();
    let spawn = Spawn {
        vars,
        cwd: sandbox.path(),
        timeout: def.effective_timeout(),
        tee: ctx.tee.then(|| ctx.redactor_for(def)),
    };
    match worker.run(spawn) {
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
            observation.exit = Some(exit);
        }
        Err(err) => {
            observation.trouble = Some(format!("the case's supervisor failed: {err}"));
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
