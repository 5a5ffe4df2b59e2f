//! The formats of the report on stdout: the table, shown to people, and the documents, each
//! with its renderer.

use super::json;
use super::junit::junit;
use super::markdown::markdown;
use crate::errors::Error;
use crate::summary::Summary;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// The summary table, for people: shown around the failures' explanations.
    Table,
    /// A document, for tools and other pages.
    Document(Document),
}

/// The formats of a report written whole, as one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Document {
    /// `summary.json`, for tools.
    Json,
    /// A Markdown table, for pull requests and step summaries.
    Markdown,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// The report as `document`, as written to stdout.
pub(crate) fn render(summary: &Summary, document: Document) -> Result<String, Error> {
    match document {
        Document::Markdown => Ok(markdown(summary)),
        Document::Junit => junit(summary),
        Document::Json => json::document(summary),
    }
}
