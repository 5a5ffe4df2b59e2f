//! Turning an observation and its verdict into a RunRecord.

use std::time::SystemTime;

use crate::capture::Tail;
use crate::isolate::{self, Exit};
use crate::protocol::BodyEnd;
use crate::record::{
    Dependencies, Environment, ErrorEntry, Expected, Observed, Output, Performance, RunRecord,
    SCHEMA, Source,
};
use crate::registry::Registered;
use crate::runner::Observation;
use crate::{Outcome, Verdict, clock, limits};

/// Bytes of each output stream written into a record.
const RECORD_TAIL_BYTES: usize = 4096;

static EMPTY_TAIL: Tail = Tail::EMPTY;

/// The record of one case.
pub(crate) fn record(
    run_id: &str,
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
    let stderr_tail = stderr.text(RECORD_TAIL_BYTES);
    let mut message = observed_message(verdict, seen);
    let exceeded = limits::exceeded(def, &[&stderr_tail, message.as_deref().unwrap_or("")]);
    if let (Some(limit), Some(text)) = (exceeded, message.as_mut()) {
        text.push_str(&format!(" (the case's process ran into its {limit} limit)"));
    }
    RunRecord {
        schema: SCHEMA.to_owned(),
        run_id: run_id.to_owned(),
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
            message,
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
            hidden: names(def.hide),
            failpoints: def
                .failpoints
                .iter()
                .map(|(name, actions)| format!("{name}={actions}"))
                .collect(),
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
            stderr_tail,
            stdout_bytes: stdout.total(),
            stderr_bytes: stderr.total(),
        }),
        sandbox_kept: seen
            .sandbox_kept
            .as_ref()
            .map(|path| path.display().to_string()),
        limits: limits::record(def, exceeded),
        failpoints: seen
            .report
            .as_ref()
            .map(|report| report.failpoints.clone())
            .unwrap_or_default(),
        dependencies: (!def.requires.is_empty()).then(|| Dependencies {
            required: names(def.requires),
            missing: seen.missing.clone(),
        }),
    }
}

/// What the record says happened, in words: the refusal's own message, a panic message, what
/// was missing or never reached, or how the process ended without a verdict.
fn observed_message(verdict: Verdict, seen: &Observation) -> Option<String> {
    if let Some(trouble) = &seen.trouble {
        return Some(trouble.clone());
    }
    if !seen.missing.is_empty() {
        return Some(format!(
            "missing on this machine: {}; the case did not run",
            seen.missing.join(", ")
        ));
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
    if verdict == Verdict::NotExercised {
        let unreached: Vec<String> = seen
            .report
            .iter()
            .flat_map(|report| &report.failpoints)
            .filter(|fp| fp.hits == Some(0))
            .map(|fp| format!("`{}`", fp.name))
            .collect();
        return Some(format!(
            "armed failpoint {} was never reached: the fault was not exercised",
            unreached.join(", ")
        ));
    }
    match seen.report.as_ref().map(|r| &r.body) {
        Some(BodyEnd::Panicked { message }) => Some(format!("panicked: {message}")),
        Some(BodyEnd::SetupFailed { message }) => {
            Some(format!("the case could not be set up: {message}"))
        }
        Some(BodyEnd::Returned {
            outcome: Outcome::Crashed { message } | Outcome::Unavailable { message },
        }) if exit.code == Some(0) => Some(message.clone()),
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
