//! Turning an observation and its verdict into a RunRecord.

use std::time::Duration;

use crate::Severity;
use crate::child::limits;
use crate::declare::CaseDef;
use crate::declare::registry::Registered;
use crate::harness::context::RunContext;
use crate::isolate::Observation;
use crate::isolate::capture::{TAIL_BYTES, Tail};
use crate::judge::{self, Judgement};
use crate::record::{
    Dependencies, Environment, ErrorEntry, Expected, Observed, Output, Performance, RunRecord,
    SCHEMA, Source, Status, SyscallReport, Timestamp,
};

/// Bytes of each output stream written into a record.
const RECORD_TAIL_BYTES: usize = 4096;

static EMPTY_TAIL: Tail = Tail::EMPTY;

/// The record of one case, from its judgement and the first copy's observation.
pub(crate) fn record(
    ctx: &RunContext,
    case: &Registered,
    judgement: &Judgement,
    status: Status,
    wall: Option<Duration>,
    seen: &Observation,
) -> RunRecord {
    let def = case.def;
    let verdict = judgement.verdict;
    let refusal = seen.refusal();
    let report = seen.report.as_ref();
    let exit = seen.exit.as_ref();
    let errors = errors(def, seen);
    let (stdout, stderr) = match exit {
        Some(exit) => (&exit.stdout, &exit.stderr),
        None => (&EMPTY_TAIL, &EMPTY_TAIL),
    };
    let stderr_tail = stderr.text(RECORD_TAIL_BYTES);
    let mut message = judge::message(def, judgement);
    // The allocator's message precedes any backtrace, which can be longer than the record's
    // tail: the whole kept tail is the evidence.
    let kept = stderr.text(TAIL_BYTES);
    let exceeded = limits::exceeded(def, &[&kept, message.as_deref().unwrap_or("")]);
    if let (Some(limit), Some(text)) = (exceeded, message.as_mut()) {
        text.push_str(&format!(" (the case's process ran into its {limit} limit)"));
    }
    RunRecord {
        schema: SCHEMA.to_owned(),
        run_id: ctx.run_id.clone(),
        case_id: case.id.clone(),
        name: def.display_name().to_owned(),
        category: def.category.clone(),
        gate: def.gate.clone(),
        severity: def.severity,
        fault_injected: def.fault.map(str::to_owned),
        expected: expected(def),
        status,
        verdict,
        observed: observed(def, seen, message),
        errors,
        rollback_executed: refusal.is_some_and(|r| r.rollback.is_some()),
        rollback_details: refusal.and_then(|r| r.rollback.clone()),
        retry_history: refusal.map(|r| r.attempts.clone()).unwrap_or_default(),
        side_effects: seen.side_effects.clone(),
        environment: environment(def, seen),
        performance: performance(seen, wall),
        started_at: Timestamp::at(seen.started_at),
        finished_at: Timestamp::now(),
        tags: names(def.tags),
        source: Some(Source {
            file: def.file.to_owned(),
            line: def.line,
        }),
        timeout_ms: Some(u64::try_from(def.effective_timeout().as_millis()).unwrap_or(u64::MAX)),
        output: Some(Output {
            stdout_tail: stdout.text(RECORD_TAIL_BYTES),
            stderr_tail,
            stdout_bytes: stdout.total(),
            stderr_bytes: stderr.total(),
        }),
        sandbox_kept: seen
            .sandbox_kept
            .as_ref()
            .map(|path| path.display().to_string()),
        limits: limits::record(def, exceeded),
        failpoints: report.map(|r| r.failpoints.clone()).unwrap_or_default(),
        dependencies: (!def.requires.is_empty()).then(|| Dependencies {
            required: names(def.requires),
            missing: seen.missing.clone(),
        }),
        repeat: judgement.repeat.clone(),
        drift: def.drift.map(str::to_owned),
        drift_verdict: def.drift_verdict.map(crate::record::Verdict::predicted),
        drift_until: def.drift_until.map(str::to_owned),
        drift_issue: def.drift_issue.map(str::to_owned),
        isolation: ctx.resources.isolation_of(def),
        warnings: report.map(|r| r.warnings.clone()).unwrap_or_default(),
        harness: Some(ctx.harness.clone()),
        invocation_id: Some(ctx.invocation_id.clone()),
        leaked_processes: exit.map(|e| e.leaked.clone()).unwrap_or_default(),
        containment: Some(seen.containment),
        spawn: exit.and_then(|e| e.spawn),
        unverified: judgement
            .decision
            .unverified
            .iter()
            .map(crate::judge::Claim::to_record)
            .collect(),
        drift_absorbed: judgement.absorbed,
        control: judgement.control.clone(),
        sweep: judgement.sweep.clone(),
        sweep_sites: judgement.sweep_sites.clone(),
    }
}

/// What the case declared it expects.
fn expected(def: &CaseDef) -> Expected {
    Expected {
        code: def.expect.to_owned(),
        codes: def.expected_codes().map(str::to_owned).collect(),
        halt: def.halt,
        rollback: def.rollback.is_some(),
        rollback_kind: def.rollback,
        attempts: def.attempts,
    }
}

/// What the harness saw the system answer, and the message telling why the verdict was reached.
fn observed(def: &CaseDef, seen: &Observation, message: Option<String>) -> Observed {
    let refusal = seen.refusal();
    let exit = seen.exit.as_ref();
    let gate = refusal.and_then(|r| r.gate.clone());
    let found_in = refusal.and_then(|r| r.found_in.as_ref());
    Observed {
        code: refusal.map(|r| r.code.clone()),
        message,
        gate_verified: matches!((&def.gate, &gate), (Some(d), Some(o)) if d.matches(o)),
        gate,
        exit_code: exit.and_then(|e| e.code),
        signal: exit.and_then(|e| e.signal),
        program_exit_code: refusal
            .and_then(|r| r.exit_code)
            .or_else(|| seen.acceptance().and_then(|a| a.exit_code)),
        code_line: found_in.map(|f| f.line.clone()),
        code_stream: found_in.map(|f| f.stream),
    }
}

/// The environment the case declared, by names only: values may be secrets. The failpoints
/// are those the case's process armed (a failpoint sweep's run arms its site), the syscall
/// faults come with what they saw.
fn environment(def: &CaseDef, seen: &Observation) -> Environment {
    let armed = seen.report.as_ref().map(|report| &report.failpoints);
    Environment {
        removed: names(def.env_remove),
        set: def.env.iter().map(|(name, _)| (*name).to_owned()).collect(),
        passed: names(def.env_pass),
        hidden: names(def.hide),
        network: def.network,
        failpoints: match armed {
            Some(armed) => armed
                .iter()
                .map(|fp| format!("{}={}", fp.name, fp.actions))
                .collect(),
            None => def
                .failpoints
                .iter()
                .map(|fp| format!("{}={}", fp.name, fp.actions))
                .collect(),
        },
        syscalls: if seen.syscalls.is_empty() {
            def.syscalls
                .iter()
                .map(|&spec| SyscallReport {
                    spec: spec.to_owned(),
                    calls: 0,
                    injected: 0,
                })
                .collect()
        } else {
            seen.syscalls.clone()
        },
    }
}

/// How long the case took (all copies together for a repeated case), in wall and virtual time.
fn performance(seen: &Observation, wall: Option<Duration>) -> Performance {
    let exit = seen.exit.as_ref();
    Performance {
        duration_ms: wall
            .or(exit.map(|e| e.elapsed))
            .map_or(0.0, |wall| millis(wall.as_secs_f64())),
        virtual_ms: seen.report.as_ref().and_then(|r| r.virtual_ms),
        timed_out: exit.is_some_and(|e| e.timed_out),
    }
}

/// The refusal and every warning, as error entries.
fn errors(def: &CaseDef, seen: &Observation) -> Vec<ErrorEntry> {
    let Some(report) = seen.report.as_ref() else {
        return Vec::new();
    };
    let fault = def.fault.map(str::to_owned);
    let warnings = report.warnings.iter().map(|warning| ErrorEntry {
        timestamp: report.at.clone(),
        severity: Severity::Warning,
        code: warning.code.clone(),
        message: Some(warning.message.clone()),
        fault_injected: fault.clone(),
    });
    let refusal = seen.refusal().map(|refusal| ErrorEntry {
        timestamp: report.at.clone(),
        severity: refusal.severity.unwrap_or(def.severity),
        code: refusal.code.clone(),
        message: refusal.message.clone(),
        fault_injected: fault.clone(),
    });
    warnings.chain(refusal).collect()
}

fn names(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn millis(seconds: f64) -> f64 {
    (seconds * 1_000_000.0).round() / 1000.0
}
