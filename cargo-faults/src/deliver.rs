//! Delivering a summary: failure explanations, the report on stdout, JUnit, the HTML report,
//! the CI step summary, and `summary.json` next to the records.

use std::io::Write;
use std::path::{Path, PathBuf};

use fault_runtime::record::write_atomic;

use crate::errors::Error;
use crate::exit_codes;
use crate::render::format::{Format, render};
use crate::render::html::html;
use crate::render::json;
use crate::render::junit::junit;
use crate::render::markdown::markdown;
use crate::render::paint::paint;
use crate::render::screen::Verbosity;
use crate::render::screen::screen;
use crate::render::table::{case_tables, closing_lines};
use crate::summary::{Outcome, SUMMARY_FILE, Summary};

/// Where GitHub Actions collects Markdown for the job's summary page.
const STEP_SUMMARY_VAR: &str = "GITHUB_STEP_SUMMARY";

/// Where a report goes, as asked for.
#[derive(Debug)]
pub(crate) struct Delivery {
    /// The format of the report on stdout.
    pub(crate) format: Format,
    /// A JUnit XML report to write as well.
    pub(crate) junit: Option<PathBuf>,
    /// A self-contained HTML report to write as well.
    pub(crate) html: Option<PathBuf>,
    /// How much to show.
    pub(crate) verbosity: Verbosity,
}

/// Prints and writes everything the delivery asks for and returns the exit code the results
/// deserve; `records` is where the run's records went, when it ran.
pub(crate) fn deliver(
    summary: &Summary,
    delivery: &Delivery,
    records: Option<&Path>,
) -> Result<u8, Error> {
    match delivery.format {
        Format::Table => show(summary, delivery.verbosity, records),
        Format::Document(document) => {
            explain_failures(summary, screen().color_stderr);
            if let Some(dir) = records {
                eprintln!("fault records: {}", dir.display());
            }
            print!("{}", render(summary, document)?);
        }
    }
    if let Some(path) = &delivery.junit {
        write_file(path, junit(summary)?.as_bytes())?;
    }
    if let Some(path) = &delivery.html {
        write_file(path, html(summary).as_bytes())?;
    }
    if let Some(path) = std::env::var_os(STEP_SUMMARY_VAR).filter(|p| !p.is_empty()) {
        append(Path::new(&path), markdown(summary).as_bytes())?;
    }
    Ok(if summary.passed() {
        exit_codes::OK
    } else {
        exit_codes::FAILED
    })
}

/// The report for people, in the order they read it: the tables (unless quiet), each failure's
/// explanation, where the records are, and last the line that names what failed and how to
/// run it again.
fn show(summary: &Summary, verbosity: Verbosity, records: Option<&Path>) {
    let screen = screen();
    if verbosity != Verbosity::Quiet {
        print!("{}", case_tables(summary, screen));
        let _ = std::io::stdout().flush();
    }
    explain_failures(summary, screen.color_stderr);
    if let Some(dir) = records.filter(|_| verbosity != Verbosity::Quiet) {
        eprintln!("fault records: {}", dir.display());
    }
    print!(
        "{}",
        closing_lines(summary, screen.color_stdout, records.is_some())
    );
}

/// Each failure's explanation on stderr, under a `--- FAIL id ---` heading, one blank line
/// before each and after the last.
fn explain_failures(summary: &Summary, color: bool) {
    let mut any = false;
    for failure in summary.failures() {
        let heading = paint(
            &format!("--- FAIL {} ---", failure.case_id),
            Outcome::Failed,
            color,
        );
        eprintln!("\n{heading}\n{}", failure.explain().trim_end());
        any = true;
    }
    if any {
        eprintln!();
    }
}

/// Writes `summary.json` into a records directory.
pub(crate) fn write_summary(summary: &Summary, dir: &Path) -> Result<(), Error> {
    write_file(&dir.join(SUMMARY_FILE), json::pretty(summary)?.as_bytes())
}

/// Writes a whole report file, atomically: a reader never sees half of one.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic(path, bytes).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Appends to a file others write too (the step summary of a CI job).
fn append(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}
