//! The text of every cell `cargo faults` shows, in one place: a column reads the same in the
//! summary table, Markdown, JUnit, the list, the matrix, the selftest table and the progress
//! lines. Each view's headers sit next to the row that fills them.

use fault_runtime::listing::{ListedCase, ListedControl};
use fault_runtime::record::{Category, ClaimKind};
use fault_runtime::{Gate, Severity};

use super::paint::paint;
use crate::canary::judge::{Judged, Observed};
use crate::coverage::report::{SiteCoverage, SpecCoverage, SweepCoverage};
use crate::summary::{CaseResult, ControlState, Outcome, Summary};

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

/// One line of totals: `5 cases: 5 passed, 0 failed`; with the cases no control could be
/// derived for when the run asked for controls (`, 2 without a control`).
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
    if totals.without_control > 0 {
        line.push_str(&format!(", {} without a control", totals.without_control));
    }
    line
}

/// How many failing ids the last line names before it says how many more failed.
const FAILED_IDS_SHOWN: usize = 10;

/// `failed: a, b` (and `not run: c` after a fail-fast): the ids of the cases to run again, for
/// the last line; past [`FAILED_IDS_SHOWN`] of a kind, the rest counted (`and 4 more`). `None`
/// when every case passed.
pub(crate) fn failed_ids(summary: &Summary) -> Option<String> {
    let ids = |outcome: Outcome| -> Option<String> {
        let ids: Vec<&str> = summary
            .cases
            .iter()
            .filter(|case| case.outcome == outcome)
            .map(|case| case.case_id.as_str())
            .collect();
        let (shown, rest) = ids.split_at(ids.len().min(FAILED_IDS_SHOWN));
        match rest.len() {
            _ if shown.is_empty() => None,
            0 => Some(shown.join(", ")),
            more => Some(format!("{} and {more} more", shown.join(", "))),
        }
    };
    let parts: Vec<String> = [("failed", Outcome::Failed), ("not run", Outcome::NotRun)]
        .into_iter()
        .filter_map(|(label, outcome)| ids(outcome).map(|ids| format!("{label}: {ids}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Why not derived, when a record does not say.
const NO_REASON: &str = "its record does not say why";

/// The lines shown before the [`totals_line`] when the run asked for controls and some cases
/// have none: `no control could be derived for: a, b (why)`, one line per reason, in the order
/// the cases come.
pub(crate) fn control_lines(summary: &Summary) -> Vec<String> {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (case, reason) in summary.without_control() {
        let reason = reason.unwrap_or(NO_REASON);
        match reasons.iter_mut().find(|(known, _)| *known == reason) {
            Some((_, ids)) => ids.push(&case.case_id),
            None => reasons.push((reason, vec![&case.case_id])),
        }
    }
    reasons
        .into_iter()
        .map(|(reason, ids)| {
            format!(
                "no control could be derived for: {} ({reason})",
                ids.join(", ")
            )
        })
        .collect()
}

/// How the case's control ended (`completed`, `refused`, …), or why there was none
/// (`not derived: why`); `None` for a case without a control. JUnit's `control` property.
pub(crate) fn control(case: &CaseResult) -> Option<String> {
    let control = case.control.as_ref()?;
    Some(match (control.ran, control.outcome) {
        (true, Some(outcome)) => outcome.as_str().to_owned(),
        (true, None) => "ran, without an outcome".to_owned(),
        (false, _) => format!(
            "not derived: {}",
            control.reason.as_deref().unwrap_or(NO_REASON)
        ),
    })
}

/// The Verdict cell's mark of a control: `controlled` when it completed, `control refused`
/// (and so on) when it did not, `no control` when none could be derived.
fn control_mark(control: &ControlState) -> String {
    match (control.ran, control.outcome) {
        _ if control.completed() => "controlled".to_owned(),
        (true, Some(outcome)) => format!("control {}", outcome.as_str()),
        (true, None) => "control without an outcome".to_owned(),
        (false, _) => "no control".to_owned(),
    }
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
pub(crate) const MATRIX_HEADERS: [&str; 11] = [
    "ID",
    "Name",
    "Category",
    "Gate",
    "Severity",
    "Halt",
    "Rollback",
    "Expected code",
    "Control",
    "Recovery",
    "Status",
];

/// One declared case of the fault matrix (Markdown).
pub(crate) fn matrix_row(case: &ListedCase) -> [String; 11] {
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
        declared_control(case),
        case.recovery.clone().unwrap_or_else(|| "-".to_owned()),
        ci_status(case),
    ]
}

/// What shows the case refuses only because of its fault: its healthy fn, its body without
/// the faults, or a sweep's baseline run.
fn declared_control(case: &ListedCase) -> String {
    match (&case.control, &case.sweep) {
        (
            Some(ListedControl {
                healthy_fn: Some(name),
            }),
            _,
        ) => format!("`{name}`"),
        (Some(ListedControl { healthy_fn: None }), _) => "without its faults".to_owned(),
        (None, Some(_)) => "the sweep's baseline".to_owned(),
        (None, None) => "-".to_owned(),
    }
}

/// The columns of the matrix's drift ledger, in [`drift_row`] order.
pub(crate) const DRIFT_HEADERS: [&str; 5] =
    ["ID", "Why it fails today", "Absorbs", "Issue", "Until"];

/// One `drift` case of the matrix's ledger: why, the failure it absorbs (its `drift_verdict`,
/// or any behaviour verdict), where the hardening is tracked, and until when; `None` for a
/// case without the mark.
pub(crate) fn drift_row(case: &ListedCase) -> Option<[String; 5]> {
    let why = case.drift.clone()?;
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
    Some([
        case.case_id.clone(),
        why,
        case.drift_verdict
            .as_ref()
            .map_or_else(|| "any behaviour verdict".to_owned(), |v| format!("`{v}`")),
        or_dash(&case.drift_issue),
        or_dash(&case.drift_until),
    ])
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

/// `    PASS [   0.008s] toolforge::faults fault-1 (refused)`: a case with its result, its
/// status in colour when `color` is on.
pub(crate) fn progress_line(case: &CaseResult, color: bool) -> String {
    let seconds = case.duration_ms.map_or(0.0, |ms| ms / 1000.0);
    format!(
        "{} [{seconds:>8.3}s] {} {} ({})",
        paint(&format!("{:>8}", status(case.outcome)), case.outcome, color),
        case.harness.as_deref().unwrap_or("-"),
        case.case_id,
        verdict(case)
    )
}

/// `    PASS [   0.008s] toolforge::faults fault-1`: a case its harness reported done, before
/// its record is read, its status in colour when `color` is on.
pub(crate) fn reported_line(
    outcome: Outcome,
    seconds: Option<f64>,
    harness: &str,
    case_id: &str,
    color: bool,
) -> String {
    format!(
        "{} [{:>8.3}s] {harness} {case_id}",
        paint(&format!("{:>8}", status(outcome)), outcome, color),
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

/// The verdict, marked with the failure a drift absorbed (`drift (side_effects)`), when a claim
/// other than the gate (shown in its own column) could not be verified, and with how its
/// control ended when it had one: `refused (controlled)`, `vacuous (control refused)`,
/// `refused (unverified, no control)`.
fn marked_verdict(case: &CaseResult) -> String {
    let unverified = case
        .unverified
        .iter()
        .any(|claim| claim.claim != ClaimKind::Gate);
    let marks: Vec<String> = case
        .drift_absorbed
        .map(|absorbed| absorbed.as_str().to_owned())
        .into_iter()
        .chain(unverified.then(|| "unverified".to_owned()))
        .chain(case.control.as_ref().map(control_mark))
        .collect();
    if marks.is_empty() {
        verdict(case).to_owned()
    } else {
        format!("{} ({})", verdict(case), marks.join(", "))
    }
}

/// A declared gate: its number or label.
pub(crate) fn gate(gate: &Gate) -> String {
    gate.to_string()
}

/// The declared gate, or `-` for none, without the mark of [`checked_gate`]: what the HTML
/// report's gate filter offers.
pub(crate) fn declared_gate(case: &CaseResult) -> String {
    case.gate.as_ref().map_or_else(|| "-".to_owned(), gate)
}

/// The declared gate, marked when the refusal did not report it.
fn checked_gate(case: &CaseResult) -> String {
    match &case.gate {
        Some(declared) if !case.gate_verified && case.verdict.is_some() => {
            format!("{} (unverified)", gate(declared))
        }
        _ => declared_gate(case),
    }
}

/// A severity's name.
pub(crate) fn severity(severity: Severity) -> &'static str {
    severity.as_str()
}

/// A category, or `-` for none.
pub(crate) fn category(category: Option<&Category>) -> String {
    category.map_or_else(|| "-".to_owned(), Category::name)
}

/// A declared flag (halt, rollback).
fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}

/// `8 ms`, `1.25 s`.
pub(crate) fn duration(ms: f64) -> String {
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
    use serde_json::json;

    use super::*;
    use crate::testing::{control_not_derived, control_ran, record, result, summary};

    /// The Verdict cell of a case with `verdict` and the record fields `fields`.
    fn verdict_cell(verdict: &str, fields: serde_json::Value) -> String {
        summary_row(&result(record("a", verdict, fields)))[7].clone()
    }

    #[test]
    fn the_verdict_cell_marks_how_the_control_ended() {
        assert_eq!(
            verdict_cell("refused", control_ran("completed")),
            "refused (controlled)"
        );
        assert_eq!(
            verdict_cell("vacuous", control_ran("refused")),
            "vacuous (control refused)"
        );
        assert_eq!(
            verdict_cell("vacuous", control_ran("leaked_process")),
            "vacuous (control leaked_process)"
        );
        assert_eq!(
            verdict_cell("refused", control_not_derived("a sweep")),
            "refused (no control)"
        );
        assert_eq!(verdict_cell("refused", json!({})), "refused");
        assert_eq!(verdict_cell("vacuous", json!({})), "vacuous");
    }

    /// The Control cell of the matrix for a case declared with `fields`.
    fn control_cell(fields: serde_json::Value) -> String {
        let mut case = json!({
            "case_id": "a", "name": "a", "expect": "CODE", "gate": null, "halt": false,
            "rollback": false, "severity": "error", "category": null, "fault": null,
            "recovery": null, "tags": [], "ignored": false, "file": "src/lib.rs", "line": 1,
            "timeout_ms": 1000
        });
        case.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        matrix_row(&serde_json::from_value(case).unwrap())[8].clone()
    }

    #[test]
    fn the_matrix_names_what_shows_each_refusal_comes_from_its_fault() {
        assert_eq!(
            control_cell(json!({"control": {"healthy_fn": "fixtures::valid_spec"}})),
            "`fixtures::valid_spec`"
        );
        assert_eq!(
            control_cell(json!({"control": {"healthy_fn": null}})),
            "without its faults"
        );
        assert_eq!(
            control_cell(json!({"sweep": "write:ENOSPC"})),
            "the sweep's baseline"
        );
        assert_eq!(control_cell(json!({})), "-");
    }

    #[test]
    fn the_verdict_cell_names_what_a_drift_absorbed() {
        let drifted = json!({"drift": "not hardened", "drift_absorbed": "side_effects"});
        assert_eq!(verdict_cell("drift", drifted), "drift (side_effects)");
        let expired = json!({"drift": "not hardened", "drift_absorbed": "wrong_code"});
        assert_eq!(
            verdict_cell("drift_expired", expired),
            "drift_expired (wrong_code)"
        );
        let mut controlled = control_ran("completed");
        controlled["drift_absorbed"] = json!("silent_acceptance");
        assert_eq!(
            verdict_cell("drift", controlled),
            "drift (silent_acceptance, controlled)"
        );
    }

    #[test]
    fn a_control_mark_joins_the_unverified_mark() {
        let mut fields = control_ran("completed");
        fields["unverified"] = json!([
            {"claim": "failpoint", "subject": "x", "reason": "no registered site"}
        ]);
        assert_eq!(
            verdict_cell("refused", fields),
            "refused (unverified, controlled)"
        );
        // An unverified gate is marked in the Gate column, not here.
        let mut fields = control_ran("completed");
        fields["unverified"] = json!([{"claim": "gate", "subject": "2", "reason": "not reported"}]);
        fields["observed"] = json!({
            "code": "CODE", "message": null, "gate": null, "gate_verified": false,
            "exit_code": 0, "signal": null
        });
        let row = summary_row(&result(record("a", "refused", fields)));
        assert_eq!(
            (row[3].as_str(), row[7].as_str()),
            ("2 (unverified)", "refused (controlled)")
        );
    }

    #[test]
    fn the_totals_line_counts_the_cases_without_a_control_listed_before_it() {
        let run = summary(vec![
            record(
                "c",
                "refused",
                control_not_derived("no fault injected by attribute"),
            ),
            record("a", "refused", control_ran("completed")),
            record("b", "wrong_code", control_not_derived("a sweep")),
            record(
                "d",
                "refused",
                control_not_derived("no fault injected by attribute"),
            ),
            record("e", "vacuous", control_ran("panicked")),
            record("f", "refused", json!({"control": {"ran": false}})),
        ]);
        assert_eq!(
            totals_line(&run),
            "6 cases: 4 passed, 2 failed, 4 without a control"
        );
        assert_eq!(
            control_lines(&run),
            [
                "no control could be derived for: b (a sweep)",
                "no control could be derived for: c, d (no fault injected by attribute)",
                "no control could be derived for: f (its record does not say why)",
            ]
        );
        let controlled = summary(vec![
            record("a", "refused", control_ran("completed")),
            record("b", "refused", json!({})),
        ]);
        assert_eq!(totals_line(&controlled), "2 cases: 2 passed, 0 failed");
        assert!(control_lines(&controlled).is_empty());
    }

    #[test]
    fn the_control_cell_says_how_it_ended_or_why_there_was_none() {
        let cell = |fields| control(&result(record("a", "refused", fields)));
        assert_eq!(cell(control_ran("completed")).as_deref(), Some("completed"));
        assert_eq!(cell(control_ran("refused")).as_deref(), Some("refused"));
        assert_eq!(
            cell(control_not_derived("a sweep")).as_deref(),
            Some("not derived: a sweep")
        );
        assert_eq!(cell(json!({})), None);
    }

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
                "fault-1",
                false
            ),
            "    PASS [   0.008s] toolforge::faults fault-1"
        );
        assert_eq!(
            reported_line(Outcome::Failed, None, "h", "c", false),
            "    FAIL [   0.000s] h c"
        );
        assert_eq!(
            reported_line(Outcome::Failed, None, "h", "c", true),
            "\u{1b}[1m\u{1b}[31m    FAIL\u{1b}[0m [   0.000s] h c"
        );
    }
}
