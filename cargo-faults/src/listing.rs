//! `cargo faults list`: the selected cases without running them.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
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
        let mut id = case.case_id.clone();
        if case.ignored {
            id.push_str(" (ignored)");
        }
        table.add_row([
            id,
            case.name.clone(),
            case.category.clone().unwrap_or_else(|| "-".to_owned()),
            case.gate
                .as_ref()
                .map_or_else(|| "-".to_owned(), ToString::to_string),
            case.severity.to_string(),
            if case.halt { "yes" } else { "no" }.to_owned(),
            case.expect.clone(),
            harness.label(),
        ]);
    }
    format!("{table}\n{} case(s)\n", selection.len())
}

#[derive(Serialize)]
struct HarnessCases<'a> {
    harness: String,
    binary: String,
    cases: Vec<&'a fault_runtime::listing::ListedCase>,
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
