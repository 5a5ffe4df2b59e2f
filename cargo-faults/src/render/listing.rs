//! `cargo faults list`: the selected cases as a table or as JSON.

use fault_runtime::listing::ListedCase;
use serde::Serialize;

use super::cells::{LIST_HEADERS, list_row};
use super::fit::Fitting;
use super::json;
use super::screen::screen;
use super::table::fitted;
use crate::discover::select::Selection;
use crate::errors::Error;

/// Formats of `cargo faults list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListFormat {
    /// A table, for people.
    Table,
    /// The harness listings as JSON, for tools.
    Json,
}

/// The selection in `format`, as printed.
pub(crate) fn render(selection: &Selection, format: ListFormat) -> Result<String, Error> {
    match format {
        ListFormat::Table => Ok(table(selection)),
        ListFormat::Json => json::document(&harness_cases(selection)),
    }
}

/// How the list gives way on a narrow screen: the flags, severity, category and harness go,
/// then names and codes are cut.
const LIST_FITTING: Fitting<'static> = Fitting {
    optional: &["Halt?", "Severity", "Category", "Harness"],
    cut: &[("Name", 12), ("Expect", 12), ("Gate", 8), ("Fault ID", 8)],
};

/// One row per case: what it expects, where it lives; fitted to the screen.
fn table(selection: &Selection) -> String {
    let rows = selection
        .cases()
        .map(|(harness, case)| (list_row(case, harness.label()), None))
        .collect();
    let table = fitted(&LIST_FITTING, &LIST_HEADERS, rows, screen());
    format!("{table}\n{} case(s)\n", selection.len())
}

/// A harness with its selected cases, as the JSON listing shows it.
#[derive(Serialize)]
struct HarnessCases<'a> {
    /// `package::target`.
    harness: String,
    /// The executable's path.
    binary: String,
    /// Its selected cases, as it listed them.
    cases: Vec<&'a ListedCase>,
}

/// Every harness with its selected cases.
fn harness_cases(selection: &Selection) -> Vec<HarnessCases<'_>> {
    selection
        .harnesses
        .iter()
        .map(|(harness, cases)| HarnessCases {
            harness: harness.label(),
            binary: harness.binary.path.display().to_string(),
            cases: cases.iter().collect(),
        })
        .collect()
}
