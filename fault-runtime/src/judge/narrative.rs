//! What happened to a case, in words: the `observed.message` of its record.

use crate::api::outcome::Outcome;
use crate::child::report::BodyEnd;
use crate::declare::CaseDef;
use crate::harness::case_run::{Judgement, Observation};
use crate::isolate::Exit;
use crate::record::RepeatReport;
use crate::record::Verdict;

/// The message for the judged case: the refusal's own message where the refusal is the story,
/// else what was missing, leaked, unreached, unverified, disagreed, or how the process ended
/// without a verdict.
pub(crate) fn message(def: &CaseDef, judgement: &Judgement, seen: &Observation) -> Option<String> {
    let verdict = match (judgement.verdict, judgement.absorbed) {
        (Verdict::Drift, Some(absorbed)) => absorbed,
        (verdict, _) => verdict,
    };
    let plain = plain(def, verdict, judgement, seen);
    match (judgement.verdict, def.drift) {
        (Verdict::Drift, Some(why)) => Some(format!(
            "known drift ({why}); still failing as {verdict}: {}",
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
    judgement: &Judgement,
    seen: &Observation,
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
    if let Some(report) = judgement.repeat.as_ref().filter(|r| !r.agreed) {
        return Some(disagreement(report));
    }
    let exit = seen.exit.as_ref()?;
    if exit.timed_out {
        return Some(format!(
            "no verdict within {:.1}s; every process of the case was killed",
            exit.elapsed.as_secs_f64()
        ));
    }
    if let Some(problem) = &seen.report_problem {
        return Some(problem.clone());
    }
    match verdict {
        Verdict::LeakedProcess => return Some(leaked(exit)),
        Verdict::NotExercised => return Some(not_exercised(seen)),
        Verdict::Unverified => {
            let claims: Vec<String> = judgement
                .decision
                .unverified
                .iter()
                .map(ToString::to_string)
                .collect();
            return Some(format!("strict mode: {}", claims.join("; ")));
        }
        Verdict::SideEffects if seen.in_process => {
            let changed: Vec<&str> = seen.side_effects.iter().map(|e| e.path.as_str()).collect();
            return Some(format!(
                "the in-process case changed process-wide state ({}); it was restored",
                changed.join(", ")
            ));
        }
        _ => {}
    }
    let report = seen.report.as_ref();
    let clean = exit.code == Some(0);
    match report.map(|r| &r.body) {
        Some(BodyEnd::Panicked { message }) => Some(format!("panicked: {message}")),
        Some(BodyEnd::SetupFailed { message }) => {
            Some(format!("the case could not be set up: {message}"))
        }
        Some(BodyEnd::Returned {
            outcome:
                Outcome::Crashed { message }
                | Outcome::Unavailable { message }
                | Outcome::Panicked { message },
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

/// Which processes were left running.
fn leaked(exit: &Exit) -> String {
    const SHOWN: usize = 5;
    let listed: Vec<String> = exit
        .leaked
        .iter()
        .take(SHOWN)
        .map(|p| format!("pid {} `{}`", p.pid, p.command))
        .collect();
    let more = exit.leaked.len().saturating_sub(SHOWN);
    format!(
        "{} process(es) the case started were still alive after its body ended: {}{}; all were killed",
        exit.leaked.len(),
        listed.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// Why each armed failpoint proved nothing.
fn not_exercised(seen: &Observation) -> String {
    let reasons: Vec<String> = seen
        .report
        .iter()
        .flat_map(|report| &report.failpoints)
        .filter_map(|fp| match (&fp.near_miss, fp.hits, fp.fired) {
            (Some(site), _, _) => Some(format!(
                "`{}` matches no `fault_runtime::fail_point!` site; did you mean `{site}`?",
                fp.name
            )),
            (None, Some(0), _) => Some(format!("`{}` was never reached", fp.name)),
            (None, Some(hits), Some(0)) => Some(format!(
                "`{}` was reached {hits} time(s) but its actions `{}` never fired",
                fp.name, fp.actions
            )),
            _ => None,
        })
        .collect();
    format!(
        "armed failpoint {}: the fault was not exercised",
        reasons.join("; ")
    )
}

/// The refusal's message, prefixed by what about it failed the case.
fn refused(
    def: &CaseDef,
    verdict: Verdict,
    refusal: &crate::api::outcome::RefusalReport,
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
        (_, Some(signal)) => format!("was killed by {}", crate::sys::signal_name(signal)),
        (Some(code), None) => format!("exited with code {code}"),
        (None, None) => "ended".to_owned(),
    }
}
