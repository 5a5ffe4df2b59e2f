//! The formats of the report on stdout, and the renderer of each.

use super::json;
use super::junit::junit;
use super::markdown::markdown;
use super::table::summary_table;
use crate::errors::Error;
use crate::summary::Summary;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// The summary table, for people.
    Table,
    /// `summary.json`, for tools.
    Json,
    /// A Markdown table, for pull requests and step summaries.
    Markdown,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// The report in `format`, as written to stdout.
pub(crate) fn render(summary: &Summary, format: Format) -> Result<String, Error> {
    match format {
        Format::Table => Ok(summary_table(summary)),
        Format::Markdown => Ok(markdown(summary)),
        Format::Junit => junit(summary),
        Format::Json => json::document(summary),
    }
}
