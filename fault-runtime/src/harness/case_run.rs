//! Runs one case: observes it (in processes of its own, or in this one), judges the
//! observation, and hands its record to the writer.

use std::sync::Arc;

use libtest_mimic::Failed;

use crate::declare::registry::Registered;
use crate::harness::context::RunContext;
use crate::harness::{recording, sweep};
use crate::isolate::{Observation, RunFaults, in_process, interrupt, observe};
use crate::judge::{self, Copy, Judgement, control};
use crate::record::redact::Redactor;
use crate::record::{Containment, RunRecord, Status, Verdict};

/// Runs `case` in its own process (or processes, or in this one) and reports the verdict to
/// libtest: `Ok` only for a pass.
///
/// A passing case's record is redacted, serialized and written by the writer thread; a record
/// shown on the screen (a failure's explanation, a drift's note) is redacted first, here.
pub(crate) fn run_case(ctx: &Arc<RunContext>, case: &Registered) -> Result<(), Failed> {
    let redactor = ctx.resources.redactor_for(case.def);
    let record = execute(ctx, case);
    if interrupt::is_interrupted() {
        return Err("interrupted: the run is being stopped".into());
    }
    let status = record.status;
    ctx.note_progress(
        &record.case_id,
        record.verdict,
        record.performance.duration_ms,
    );
    let drifted = (record.verdict, status) == (Verdict::Drift, Status::Passed);
    if status == Status::Passed && !drifted {
        let dir = ctx.records_dir.clone();
        ctx.submit_made_record(Box::new(move || {
            let (record, bytes) = record_file(record, &redactor)?;
            Ok((record.path_in(&dir), bytes))
        }));
        return Ok(());
    }
    let (record, bytes) = record_file(record, &redactor)?;
    let path = record.path_in(&ctx.records_dir);
    let explanation = (status == Status::Failed).then(|| record.explain(Some(&path)));
    if drifted {
        // libtest can only say `ok`: the line says what that `ok` stands for.
        eprintln!("{}", drift_note(&record));
    }
    ctx.submit_record(path, bytes);
    match explanation {
        None => Ok(()),
        Some(explanation) => Err(explanation.into()),
    }
}

/// What a passing `drift` case says under `cargo test`, where libtest prints only `ok`.
fn drift_note(record: &RunRecord) -> String {
    let absorbed = record
        .drift_absorbed
        .map(|verdict| format!(" ({verdict})"))
        .unwrap_or_default();
    format!(
        "drift: {} failed as predicted{absorbed}, which passes, counted apart: {}",
        record.case_id,
        record.drift.as_deref().unwrap_or_default()
    )
}

/// Observes every copy of the case, judges them, and builds the record.
fn execute(ctx: &Arc<RunContext>, case: &Registered) -> RunRecord {
    let def = case.def;
    if let Some(swept) = def.sweep {
        let (judgement, mut seen, wall) = sweep::execute(ctx, case, swept);
        let status = ctx.status(judgement.verdict);
        if status == Status::Failed && ctx.settings.keep_sandbox {
            seen.keep_sandbox();
        }
        return recording::record(ctx, case, &judgement, status, Some(wall), &seen);
    }
    let started = std::time::Instant::now();
    let mut observations = if def.in_process() {
        let crashed = {
            let (ctx, case) = (Arc::clone(ctx), case.clone());
            Box::new(move || exit_record(&ctx, &case))
        };
        let containment = if ctx.resources.subreaper {
            Containment::Subreaper
        } else {
            Containment::None
        };
        vec![in_process::observe(def, &case.id, crashed, containment)]
    } else {
        observe::copies(&ctx.resources, case, &RunFaults::Declared)
    };
    let copies = observations
        .iter()
        .map(|observation| Copy {
            evidence: observation.evidence(),
            code: observation.code(),
            gate: observation.gate(),
        })
        .collect();
    let judgement = judge::judge(def, copies, ctx.strictness());
    let judgement = controlled(ctx, case, judgement);
    let status = ctx.status(judgement.verdict);
    let mut first = observations.swap_remove(0);
    if status == Status::Failed && ctx.settings.keep_sandbox {
        first.keep_sandbox();
    }
    let wall = (def.copies() > 1).then(|| started.elapsed());
    recording::record(ctx, case, &judgement, status, wall, &first)
}

/// Runs the case's control when it has one (`control`, `control = healthy_fn`) or
/// `FAULTS_CONTROL` asks for it, and judges the case with it. A case asked for one that has
/// nothing to remove and no healthy fn records why none ran.
fn controlled(ctx: &RunContext, case: &Registered, judgement: Judgement) -> Judgement {
    let def = case.def;
    if def.control.is_none() && !ctx.settings.control {
        return judgement;
    }
    if def.in_process() {
        let why = "it runs inside the harness process (`isolation = \"none\"`), where no fault is injected by attribute";
        return control::recorded(judgement, Some(control::not_derivable(why)));
    }
    if def.control.is_none() && def.removable_faults().is_empty() {
        let why = "it injects no fault by attribute keys, so none can be removed: give it `control = healthy_fn`, a fn running the same operation on good input";
        return control::recorded(judgement, Some(control::not_derivable(why)));
    }
    let observation = observe::once(&ctx.resources, case, &RunFaults::Control);
    let report = control::report(def, &observation.evidence());
    let judgement = control::apply(def, judgement, &report);
    control::recorded(judgement, Some(report))
}

/// The record an in-process case gets should its body call `exit()`, with where it goes.
fn exit_record(ctx: &RunContext, case: &Registered) -> Option<(std::path::PathBuf, Vec<u8>)> {
    let observation = Observation {
        trouble: Some(
            "the body called exit() inside the harness process, ending the whole run".to_owned(),
        ),
        in_process: true,
        ..Observation::new()
    };
    let judgement = Judgement {
        verdict: crate::record::Verdict::Crashed,
        decision: judge::decide(case.def, &observation.evidence(), ctx.strictness()),
        absorbed: None,
        repeat: None,
        sweep: Vec::new(),
        sweep_sites: None,
        control: None,
    };
    let record = recording::record(ctx, case, &judgement, Status::Failed, None, &observation);
    let (record, bytes) = record_file(record, &ctx.resources.redactor_for(case.def)).ok()?;
    Some((record.path_in(&ctx.records_dir), bytes))
}

/// The record redacted, and its file's bytes; what went wrong, naming the case.
fn record_file(record: RunRecord, redactor: &Redactor) -> Result<(RunRecord, Vec<u8>), String> {
    let id = record.case_id.clone();
    let record = record
        .redacted(redactor)
        .map_err(|err| format!("failed to redact the record of {id}: {err}"))?;
    let bytes = record
        .to_json()
        .map_err(|err| format!("failed to serialize the record of {id}: {err}"))?;
    Ok((record, bytes))
}
