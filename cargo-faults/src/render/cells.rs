//! The text of every cell `cargo faults` shows, in one place: a column reads the same in the
//! summary table, Markdown, JUnit, the list, the matrix, the selftest table and the progress
//! lines. Each view's headers sit next to the row that fills them.

use fault_runtime::listing::ListedCase;
use fault_runtime::record::{Category, ClaimKind};
use fault_runtime::{Gate, Severity};

use crate::canary::judge::{Judged, Observed};
use crate::coverage::report::{SiteCoverage, SpecCoverage, SweepCoverage};
use crate::summary::{CaseResult, Outcome, Summary};

/// The summary's columns (table and Markdown), in [`summary_row`] order.
pub(crate) const SUMMARY_HEADERS: [&str; 9] = [
    "Fault ID",
    "Name",
    "Category",
    "Gate",
    "Severity",
    "Halt?",
    "Rollback?",
    "Verdict",
    "Time",
];

/// One case of the summary: Fault ID · Name · Category · Gate · Severity · Halt? · Rollback? ·
/// Verdict · Time.
pub(crate) fn summary_row(case: &CaseResult) -> [String; 9] {
    [
        case.case_id.clone(),
        case.name.clone(),
        category(case.category.as_ref()),
        checked_gate(case),
        severity(case.severity).to_owned(),
        yes_no(case.halt),
        yes_no(case.rollback),
        marked_verdict(case),
        time(case),
    ]
}

/// How long the case ran; a sweep says over how many runs.
fn time(case: &CaseResult) -> String {
    let took = case.duration_ms.map_or_else(|| "-".to_owned(), duration);
    match case.runs {
        Some(1) => format!("{took} (1 run)"),
        Some(runs) => format!("{took} ({runs} runs)"),
        None => took,
    }
}

/// The columns of the totals by verdict, in [`totals_row`] order.
pub(crate) const TOTALS_HEADERS: [&str; 2] = ["Verdict", "Cases"];

/// One verdict of the totals, with how many cases got it.
pub(crate) fn totals_row(verdict: &str, count: usize) -> [String; 2] {
    [verdict.to_owned(), count.to_string()]
}

/// One line of totals: `5 cases: 5 passed, 0 failed`.
pub(crate) fn totals_line(summary: &Summary) -> String {
    let totals = &summary.totals;
    let mut line = format!(
        "{} case{}: {} passed, {} failed",
        totals.cases,
        if totals.cases == 1 { "" } else { "s" },
        totals.passed,
        totals.failed
    );
    if totals.drift > 0 {
        line.push_str(&format!(", {} drift", totals.drift));
    }
    if totals.not_run > 0 {
        line.push_str(&format!(", {} not run", totals.not_run));
    }
    line
}

/// The columns of `cargo faults list`, in [`list_row`] order.
pub(crate) const LIST_HEADERS: [&str; 8] = [
    "Fault ID", "Name", "Category", "Gate", "Severity", "Halt?", "Expect", "Harness",
];

/// One declared case of the list, with the label of its harness.
pub(crate) fn list_row(case: &ListedCase, harness: String) -> Vec<String> {
    let mut row = declaration(case).to_vec();
    if case.ignored {
        row[0].push_str(" (ignored)");
    }
    row.extend([expected_codes(case, ", "), harness]);
    row
}

/// Every code the case accepts, `expect` first.
fn expected_codes(case: &ListedCase, between: &str) -> String {
    std::iter::once(&case.expect)
        .chain(&case.expect_also)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(between)
}

/// The columns of the fault matrix, in [`matrix_row`] order.
pub(crate) const MATRIX_HEADERS: [&str; 10] = [
    "ID",
    "Name",
    "Category",
    "Gate",
    "Severity",
    "Halt",
    "Rollback",
    "Expected code",
    "Recovery",
    "Status",
];

/// One declared case of the fault matrix (Markdown).
pub(crate) fn matrix_row(case: &ListedCase) -> [String; 10] {
    let [id, name, category, gate, severity, halt] = declaration(case);
    [
        id,
        name,
        category,
        gate,
        severity,
        halt,
        case.rollback_kind
            .map_or_else(|| "no".to_owned(), |kind| kind.to_string()),
        format!("`{}`", expected_codes(case, "`, `")),
        case.recovery.clone().unwrap_or_else(|| "-".to_owned()),
        ci_status(case),
    ]
}

/// The columns of the selftest table, in [`canary_row`] order.
pub(crate) const CANARY_HEADERS: [&str; 5] =
    ["Canary", "Misbehaviour", "Expected", "Observed", "Result"];

/// One canary of the selftest: what it does, what it must get, what it got, whether caught.
pub(crate) fn canary_row(canary: &Judged) -> [String; 5] {
    [
        canary.id.to_owned(),
        canary.misbehaviour.to_owned(),
        canary.expected.to_string(),
        match canary.observed {
            Observed::NoRecord => "no record".to_owned(),
            Observed::SecretLeaked => "the secret reached the record".to_owned(),
            Observed::ReachedTheMachine => "its write reached the machine".to_owned(),
            Observed::Unavailable => "no container".to_owned(),
            Observed::Verdict(verdict) => verdict.to_string(),
        },
        if canary.caught() {
            "caught"
        } else if canary.skipped() {
            "unavailable"
        } else {
            "MISSED"
        }
        .to_owned(),
    ]
}

/// What coverage shows where nothing fired.
pub(crate) const NOT_FIRED: &str = "—";

/// The columns of coverage's failpoint sites, in [`site_row`] order.
pub(crate) const SITE_HEADERS: [&str; 4] = ["Harness", "Failpoint site", "Location", "Fired by"];

/// One failpoint name of a harness: where it is, and the cases that fired it, or
/// [`NOT_FIRED`].
pub(crate) fn site_row(site: &SiteCoverage) -> [String; 4] {
    [
        site.harness.clone(),
        site.name.clone(),
        site.locations.join("\n"),
        if site.fired_by.is_empty() {
            NOT_FIRED.to_owned()
        } else {
            site.fired_by.join("\n")
        },
    ]
}

/// The columns of coverage's syscall faults and sweeps, in [`spec_row`] and [`sweep_row`]
/// order.
pub(crate) const INJECTION_HEADERS: [&str; 4] =
    ["Harness", "Case", "Syscall fault or sweep", "Fired"];

/// One syscall fault spec of a case: the calls its record reports, or why nothing fired.
pub(crate) fn spec_row(spec: &SpecCoverage) -> [String; 4] {
    let calls = spec
        .calls
        .map(|calls| format!("{calls} call{}, ", if calls == 1 { "" } else { "s" }));
    let fired = match (spec.recorded, spec.injected) {
        (false, _) => format!("{NOT_FIRED} (no record in this run)"),
        (true, None) => format!("{NOT_FIRED} (its record does not report this spec)"),
        (true, Some(0)) => format!("{NOT_FIRED} ({}0 injected)", calls.unwrap_or_default()),
        (true, Some(injected)) => format!("{}{injected} injected", calls.unwrap_or_default()),
    };
    [
        spec.harness.clone(),
        spec.case_id.clone(),
        spec.spec.clone(),
        fired,
    ]
}

/// One sweeping case: its runs and how many fired, or why nothing fired.
pub(crate) fn sweep_row(sweep: &SweepCoverage) -> [String; 4] {
    let runs = format!(
        "{} run{}, {} fired",
        sweep.runs,
        if sweep.runs == 1 { "" } else { "s" },
        sweep.fired_runs
    );
    let mut fired = match (sweep.recorded, sweep.fired) {
        (false, _) => format!("{NOT_FIRED} (no record in this run)"),
        (true, false) => format!("{NOT_FIRED} ({runs})"),
        (true, true) => runs,
    };
    if let Some(unreached) = sweep.unreached_sites.as_ref().filter(|u| !u.is_empty()) {
        fired.push_str(&format!("; unreached: {}", unreached.join(", ")));
    }
    [
        sweep.harness.clone(),
        sweep.case_id.clone(),
        format!("sweep {}", sweep.sweep),
        fired,
    ]
}

/// `    PASS [   0.008s] toolforge::faults fault-1 (refused)`: a case with its result.
pub(crate) fn progress_line(case: &CaseResult) -> String {
    let seconds = case.duration_ms.map_or(0.0, |ms| ms / 1000.0);
    format!(
        "{:>8} [{seconds:>8.3}s] {} {} ({})",
        status(case.outcome),
        case.harness.as_deref().unwrap_or("-"),
        case.case_id,
        verdict(case)
    )
}

/// `    PASS [   0.008s] toolforge::faults fault-1`: a case its harness reported done, before
/// its record is read.
pub(crate) fn reported_line(
    outcome: Outcome,
    seconds: Option<f64>,
    harness: &str,
    case_id: &str,
) -> String {
    format!(
        "{:>8} [{:>8.3}s] {harness} {case_id}",
        status(outcome),
        seconds.unwrap_or(0.0)
    )
}

/// What every view of a declared case starts with: ID, name, category, gate, severity, halt.
fn declaration(case: &ListedCase) -> [String; 6] {
    [
        case.case_id.clone(),
        case.name.clone(),
        category(case.category.as_ref()),
        case.gate.as_ref().map_or_else(|| "-".to_owned(), gate),
        severity(case.severity).to_owned(),
        yes_no(case.halt),
    ]
}

/// The verdict's name, or why there is none (`not run`, `no record`).
pub(crate) fn verdict(case: &CaseResult) -> &'static str {
    case.verdict_label()
}

/// The verdict, marked when a claim other than the gate (shown in its own column) could not be
/// verified.
fn marked_verdict(case: &CaseResult) -> String {
    let unverified = case
        .unverified
        .iter()
        .any(|claim| claim.claim != ClaimKind::Gate);
    if unverified {
        format!("{} (unverified)", verdict(case))
    } else {
        verdict(case).to_owned()
    }
}

/// A declared gate: its number or label.
pub(crate) fn gate(gate: &Gate) -> String {
    gate.to_string()
}

/// The declared gate, marked when the refusal did not report it.
fn checked_gate(case: &CaseResult) -> String {
    match &case.gate {
        None => "-".to_owned(),
        Some(declared) if case.gate_verified || case.verdict.is_none() => gate(declared),
        Some(declared) => format!("{} (unverified)", gate(declared)),
    }
}

/// A severity's name.
pub(crate) fn severity(severity: Severity) -> &'static str {
    severity.as_str()
}

/// A category, or `-` for none.
fn category(category: Option<&Category>) -> String {
    category.map_or_else(|| "-".to_owned(), Category::name)
}

/// A declared flag (halt, rollback).
fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}

/// `8 ms`, `1.25 s`.
fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// Whether a declared case runs in CI: `runs`, `ignored`, or `drift: why`.
fn ci_status(case: &ListedCase) -> String {
    match (&case.drift, case.ignored) {
        (Some(why), _) => format!("drift: {why}"),
        (None, true) => "ignored".to_owned(),
        (None, false) => "runs".to_owned(),
    }
}

/// The word of a progress line for a case's outcome.
fn status(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "PASS",
        Outcome::Failed => "FAIL",
        Outcome::NotRun => "SKIP",
        Outcome::Drift => "DRIFT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(7.6), "8 ms");
        assert_eq!(duration(1250.0), "1.25 s");
    }

    #[test]
    fn progress_lines_align_their_status_and_time() {
        assert_eq!(
            reported_line(
                Outcome::Passed,
                Some(0.0081),
                "toolforge::faults",
                "fault-1"
            ),
            "    PASS [   0.008s] toolforge::faults fault-1"
        );
        assert_eq!(
            reported_line(Outcome::Failed, None, "h", "c"),
            "    FAIL [   0.000s] h c"
        );
    }
}
