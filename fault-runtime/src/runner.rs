//! Runs one case in isolation and turns what happened into a verdict and a record.

use std::path::PathBuf;
use std::time::SystemTime;

use libtest_mimic::Failed;

use crate::capture::Tail;
use crate::clock;
use crate::isolate::{self, Exit, Spawn};
use crate::protocol::{BodyEnd, CASE_VAR, ChildReport, REPORT_VAR};
use crate::record::{
    Environment, ErrorEntry, Expected, Observed, Output, Performance, RunRecord, SCHEMA, Source,
};
use crate::registry::Registered;
use crate::run::RunContext;
use crate::sandbox::{Sandbox, SideEffect};
use crate::verdict::{self, Evidence};
use crate::worker::Worker;
use crate::{CaseDef, Outcome, Status, Verdict};

/// Bytes of each output stream written into a record.
const RECORD_TAIL_BYTES: usize = 4096;

/// Runs `case` in its own process and reports the verdict to libtest: `Ok` only for a pass.
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
struct Observation {
    started_at: SystemTime,
    exit: Option<Exit>,
    report: Option<ChildReport>,
    side_effects: Vec<SideEffect>,
    /// Why the parent could not observe the case fully, if it could not.
    trouble: Option<String>,
    /// The sandbox, once the case is over: recycled, kept or removed after the verdict.
    sandbox: Option<Sandbox>,
    sandbox_kept: Option<PathBuf>,
}

fn execute(ctx: &RunContext, case: &Registered) -> RunRecord {
    let mut observation = match ctx.take_worker() {
        Ok(mut worker) => {
            let observation = observe(ctx, &mut worker, case.def, &case.id);
            ctx.put_worker(worker);
            observation
        }
        Err(err) => Observation::failed(format!("failed to prepare a worker for the case: {err}")),
    };
    let body = observation.report.as_ref().map(|report| &report.body);
    let exit = observation.exit.as_ref();
    let verdict = verdict::decide(
        case.def,
        &Evidence {
            timed_out: exit.is_some_and(|e| e.timed_out),
            exited_cleanly: exit.is_some_and(|e| e.code == Some(0))
                && observation.trouble.is_none(),
            body,
            side_effects: &observation.side_effects,
            strict_gates: ctx.strict_gates,
        },
    );
    if verdict.status() == Status::Failed && ctx.keep_failed_sandboxes {
        observation.sandbox_kept = observation.sandbox.take().map(Sandbox::keep);
    }
    build_record(ctx, case, verdict, &observation)
}

impl Observation {
    fn new() -> Self {
        Observation {
            started_at: SystemTime::now(),
            exit: None,
            report: None,
            side_effects: Vec::new(),
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

fn build_record(
    ctx: &RunContext,
    case: &Registered,
    verdict: Verdict,
    seen: &Observation,
) -> RunRecord {
    let def = case.def;
    let refusal = match seen.report.as_ref().map(|r| &r.body) {
        Some(BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        }) => Some(refusal),
        _ => None,
    };
    let exit = seen.exit.as_ref();
    let observed_gate = refusal.and_then(|r| r.gate.clone());
    let gate_verified = matches!((&def.gate, &observed_gate), (Some(d), Some(o)) if d.matches(o));
    let errors = refusal
        .zip(seen.report.as_ref())
        .map(|(refusal, report)| ErrorEntry {
            timestamp: report.at.clone(),
            severity: refusal.severity.unwrap_or(def.severity),
            code: refusal.code.clone(),
            message: refusal.message.clone(),
            fault_injected: def.fault.map(str::to_owned),
        })
        .into_iter()
        .collect();
    let (stdout, stderr) = match exit {
        Some(exit) => (&exit.stdout, &exit.stderr),
        None => (&EMPTY_TAIL, &EMPTY_TAIL),
    };
    RunRecord {
        schema: SCHEMA.to_owned(),
        run_id: ctx.run_id.clone(),
        case_id: case.id.clone(),
        name: def.display_name().to_owned(),
        category: def.category.map(|c| c.name()),
        gate: def.gate.clone(),
        severity: def.severity,
        fault_injected: def.fault.map(str::to_owned),
        expected: Expected {
            code: def.expect.to_owned(),
            halt: def.halt,
            rollback: false,
        },
        status: verdict.status(),
        verdict,
        observed: Observed {
            code: refusal.map(|r| r.code.clone()),
            message: observed_message(seen),
            gate: observed_gate,
            gate_verified,
            exit_code: exit.and_then(|e| e.code),
            signal: exit.and_then(|e| e.signal),
        },
        errors,
        rollback_executed: false,
        rollback_details: None,
        retry_history: Vec::new(),
        side_effects: seen.side_effects.clone(),
        environment: Environment {
            removed: names(def.env_remove),
            set: def.env.iter().map(|(name, _)| (*name).to_owned()).collect(),
            passed: names(def.env_pass),
            hidden: Vec::new(),
            failpoints: Vec::new(),
        },
        performance: Performance {
            duration_ms: exit.map_or(0.0, |e| millis(e.elapsed.as_secs_f64())),
            virtual_ms: None,
            timed_out: exit.is_some_and(|e| e.timed_out),
        },
        started_at: clock::rfc3339(seen.started_at),
        finished_at: clock::rfc3339(SystemTime::now()),
        tags: names(def.tags),
        source: Some(Source {
            file: def.file.to_owned(),
            line: def.line,
        }),
        timeout_ms: Some(u64::try_from(def.effective_timeout().as_millis()).unwrap_or(u64::MAX)),
        output: Some(Output {
            stdout_tail: stdout.text(RECORD_TAIL_BYTES),
            stderr_tail: stderr.text(RECORD_TAIL_BYTES),
            stdout_bytes: stdout.total(),
            stderr_bytes: stderr.total(),
        }),
        sandbox_kept: seen
            .sandbox_kept
            .as_ref()
            .map(|path| path.display().to_string()),
    }
}

static EMPTY_TAIL: Tail = Tail::EMPTY;

/// What the record says happened, in words: the refusal's own message, a panic message, or how
/// the process ended without a verdict.
fn observed_message(seen: &Observation) -> Option<String> {
    if let Some(trouble) = &seen.trouble {
        return Some(trouble.clone());
    }
    let exit = seen.exit.as_ref()?;
    if exit.timed_out {
        let mut text = format!(
            "no verdict within {:.1}s; the case's process group was killed",
            exit.elapsed.as_secs_f64()
        );
        if exit.escaped {
            text.push_str("; its output stayed open, so a process escaped the group");
        }
        return Some(text);
    }
    match seen.report.as_ref().map(|r| &r.body) {
        Some(BodyEnd::Panicked { message }) => Some(format!("panicked: {message}")),
        Some(BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        }) if exit.code == Some(0) => refusal.message.clone(),
        Some(BodyEnd::Returned {
            outcome: Outcome::Accepted,
        }) if exit.code == Some(0) => Some("no refusal: the body returned Ok".to_owned()),
        Some(_) => Some(format!(
            "the case reported its outcome, then its process {}",
            ended(exit)
        )),
        None => Some(format!(
            "the case's process {} before reporting a verdict",
            ended(exit)
        )),
    }
}

fn ended(exit: &Exit) -> String {
    match (exit.code, exit.signal) {
        (_, Some(signal)) => format!("was killed by {}", isolate::signal_name(signal)),
        (Some(code), None) => format!("exited with code {code}"),
        (None, None) => "ended".to_owned(),
    }
}

fn names(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn millis(seconds: f64) -> f64 {
    (seconds * 1_000_000.0).round() / 1000.0
}
