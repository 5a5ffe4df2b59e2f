//! Rendering a [`Summary`] in every report format.

mod junit;
pub(crate) mod markdown;
mod table;

use crate::cli::Format;
use crate::errors::Error;
use crate::summary::{CaseResult, Summary};

pub(crate) use junit::junit;
pub(crate) use markdown::markdown;

/// The report in `format`, as written to stdout.
pub(crate) fn render(summary: &Summary, format: Format) -> Result<String, Error> {
    match format {
        Format::Table => Ok(table::table(summary)),
        Format::Markdown => Ok(markdown(summary)),
        Format::Junit => junit(summary),
        Format::Json => serde_json::to_string_pretty(summary)
            .map(|json| json + "\n")
            .map_err(|err| Error::Render {
                format: "json",
                reason: err.to_string(),
            }),
    }
}

/// The cells of one row: Fault ID · Name · Category · Gate · Severity · Halt? · Rollback? ·
/// Verdict · Time.
fn cells(case: &CaseResult) -> [String; 9] {
    [
        case.case_id.clone(),
        case.name.clone(),
        case.category.clone().unwrap_or_else(|| "-".to_owned()),
        gate(case),
        case.severity.to_string(),
        yes_no(case.halt),
        yes_no(case.rollback),
        verdict(case),
        case.duration_ms.map_or_else(|| "-".to_owned(), duration),
    ]
}

/// The column headers, in [`cells`] order.
const HEADERS: [&str; 9] = [
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

/// The verdict, marked when a claim other than the gate (shown in its own column) could not be
/// verified.
fn verdict(case: &CaseResult) -> String {
    let unverified = case
        .unverified
        .iter()
        .any(|claim| claim.claim != fault_runtime::record::ClaimKind::Gate);
    if unverified {
        format!("{} (unverified)", case.verdict_label())
    } else {
        case.verdict_label().to_owned()
    }
}

/// The declared gate, marked when the refusal did not report it.
fn gate(case: &CaseResult) -> String {
    match &case.gate {
        None => "-".to_owned(),
        Some(gate) if case.gate_verified || case.verdict.is_none() => gate.to_string(),
        Some(gate) => format!("{gate} (unverified)"),
    }
}

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

/// One line of totals: `5 cases: 5 passed, 0 failed`.
fn totals_line(summary: &Summary) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(7.6), "8 ms");
        assert_eq!(duration(1250.0), "1.25 s");
    }
}
