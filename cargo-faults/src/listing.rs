//! `cargo faults list`: the selected cases without running them.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use fault_runtime::listing::ListedCase;
use serde::Serialize;

use crate::errors::Error;
use crate::select::Selection;

/// One row per case: what it expects, where it lives.
pub(crate) fn table(selection: &Selection) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "Fault ID", "Name", "Category", "Gate", "Severity", "Halt?", "Expect", "Harness",
        ]);
    for (harness, case) in selection.cases() {
        let mut row = declaration(case).to_vec();
        if case.ignored {
            row[0].push_str(" (ignored)");
        }
        row.extend([case.expect.clone(), harness.label()]);
        table.add_row(row);
    }
    format!("{table}\n{} case(s)\n", selection.len())
}

/// What every view of a declared case starts with: ID, name, category, gate, severity, halt.
pub(crate) fn declaration(case: &ListedCase) -> [String; 6] {
    [
        case.case_id.clone(),
        case.name.clone(),
        case.category.clone().unwrap_or_else(|| "-".to_owned()),
        case.gate
            .as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string),
        case.severity.to_string(),
        if case.halt { "yes" } else { "no" }.to_owned(),
    ]
}

#[derive(Serialize)]
struct HarnessCases<'a> {
    harness: String,
    binary: String,
    cases: Vec<&'a ListedCase>,
}

/// Every harness with its selected cases, as JSON.
pub(crate) fn json(selection: &Selection) -> Result<String, Error> {
    let harnesses: Vec<HarnessCases<'_>> = selection
        .harnesses
        .iter()
        .map(|(harness, cases)| HarnessCases {
            harness: harness.label(),
            binary: harness.binary.path.display().to_string(),
            cases: cases.iter().collect(),
        })
        .collect();
    serde_json::to_string_pretty(&harnesses)
        .map(|json| json + "\n")
        .map_err(|err| Error::Render {
            format: "json",
            reason: err.to_string(),
        })
}
