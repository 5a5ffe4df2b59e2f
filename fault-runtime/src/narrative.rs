//! What happened to a case, in words: the `observed.message` of its record.

use crate::isolate::{self, Exit};
use crate::protocol::BodyEnd;
use crate::repeat::RepeatReport;
use crate::runner::Observation;
use crate::{CaseDef, Outcome, Verdict};

/// The message for `verdict`: the refusal's own message where the refusal is the story, else
/// what was missing, unreached, disagreed, or how the process ended without a verdict.
pub(crate) fn message(
    def: &CaseDef,
    verdict: Verdict,
    seen: &Observation,
    repeat: Option<&RepeatReport>,
) -> Option<String> {
    let plain = plain(def, verdict, seen, repeat);
    match (verdict, def.drift) {
        (Verdict::Drift, Some(why)) => Some(format!(
            "known drift ({why}); still failing: {}",
            plain.as_deref().unwrap_or("as predicted")
        )),
        (Verdict::DriftResolved, Some(why)) => Some(format!(
            "the case passes although marked `drift = \"{why}\"`: remove the mark{}",
            plain
                .filter(|p| !p.is_empty())
                .map(|p| format!(" ({p})"))
                .unwrap_or_default()
        )),
        _ => plain,
    }
}

fn plain(
    def: &CaseDef,
    verdict: Verdict,
    seen: &Observation,
    repeat: Option<&RepeatReport>,
) -> Option<String> {
    if let Some(trouble) = &seen.trouble {
        return Some(trouble.clone());
    }
    if !seen.missing.is_empty() {
        return Some(format!(
            "missing on this machine: {}; the case did not run",
            seen.missing.join(", ")
        ));
    }
    if let Some(report) = repeat.filter(|r| !r.agreed) {
        return Some(disagreement(report));
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
    let report = seen.report.as_ref();
    let body = report.map(|r| &r.body);
    let clean = exit.code == Some(0);
    match body {
        Some(BodyEnd::Panicked { message }) => Some(format!("panicked: {message}")),
        Some(BodyEnd::SetupFailed { message }) => {
            Some(format!("the case could not be set up: {message}"))
        }
        Some(BodyEnd::Returned {
            outcome: Outcome::Crashed { message } | Outcome::Unavailable { message },
        }) if clean => Some(message.clone()),
        Some(BodyEnd::Returned {
            outcome: Outcome::Refused(refusal),
        }) if clean => Some(refused(def, verdict, refusal, seen)),
        Some(BodyEnd::Returned {
            outcome: Outcome::Accepted,
        }) if clean => {
            let warning = report
                .into_iter()
                .flat_map(|r| &r.warnings)
                .find(|w| w.code == def.expect);
            Some(match (verdict, warning) {
                (Verdict::Degraded, Some(w)) => {
                    format!("continued with warning {}: {}", w.code, w.message)
                }
                (_, Some(w)) => format!(
                    "continued with warning {} where `severity = \"{}\"` requires a refusal",
                    w.code, def.severity
                ),
                (_, None) => "no refusal: the body returned Ok".to_owned(),
            })
        }
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

/// The refusal's message, prefixed by what about it failed the case.
fn refused(
    def: &CaseDef,
    verdict: Verdict,
    refusal: &crate::RefusalReport,
    seen: &Observation,
) -> String {
    let own = refusal.message.clone().unwrap_or_default();
    let why = match verdict {
        Verdict::WrongSeverity => match refusal.severity {
            Some(reported) if reported != def.severity => format!(
                "refused with severity {reported} where `severity = \"{}\"` is declared",
                def.severity
            ),
            _ => format!(
                "refused where a case of severity `{}` expects the operation to continue with a warning",
                def.severity
            ),
        },
        Verdict::ExcessRetries => match (refusal.attempts.len(), def.attempts) {
            (0, Some(max)) => {
                format!("the refusal reported no attempts although `attempts = {max}` is declared")
            }
            (reported, Some(max)) => {
                format!("the refusal reported {reported} attempts; `attempts = {max}` allows {max}")
            }
            _ => String::new(),
        },
        Verdict::NoRollback => match (&refusal.rollback, def.rollback) {
            (None, _) => "refused, but reported no rollback".to_owned(),
            (Some(done), Some(expected)) if !expected.accepts(done.kind) => format!(
                "refused with a {} rollback where `rollback = \"{}\"` is declared",
                done.kind,
                expected.as_str()
            ),
            _ => format!(
                "refused and reported a rollback, but the sandbox still differs in {} path(s)",
                seen.side_effects.len()
            ),
        },
        _ => return own,
    };
    if own.is_empty() {
        why
    } else {
        format!("{why}: {own}")
    }
}

fn disagreement(report: &RepeatReport) -> String {
    let parts: Vec<String> = report
        .distribution
        .iter()
        .map(|outcome| {
            let code = outcome.code.as_deref().unwrap_or("no code");
            let gate = outcome
                .gate
                .as_ref()
                .map(|g| format!(" at gate {g}"))
                .unwrap_or_default();
            format!("{} × {} ({code}{gate})", outcome.count, outcome.verdict)
        })
        .collect();
    format!(
        "the {} copies disagreed: {}",
        report.copies,
        parts.join(", ")
    )
}

fn ended(exit: &Exit) -> String {
    match (exit.code, exit.signal) {
        (_, Some(signal)) => format!("was killed by {}", isolate::signal_name(signal)),
        (Some(code), None) => format!("exited with code {code}"),
        (None, None) => "ended".to_owned(),
    }
}
