//! Delivering a summary: failure explanations, the report on stdout, JUnit, the CI step summary.

use std::io::Write;
use std::path::Path;

use crate::cli::ReportOptions;
use crate::errors::Error;
use crate::exit_codes;
use crate::render;
use crate::summary::Summary;

/// Where GitHub Actions collects Markdown for the job's summary page.
const STEP_SUMMARY_VAR: &str = "GITHUB_STEP_SUMMARY";

/// Prints and writes everything the options ask for and returns the exit code the results
/// deserve.
pub(crate) fn deliver(summary: &Summary, options: &ReportOptions) -> Result<u8, Error> {
    for failure in summary.failures() {
        eprintln!("\n--- FAIL {} ---\n{}", failure.case_id, failure.explain());
    }
    let report = render::render(summary, options.format)?;
    print!("{report}");
    if let Some(path) = &options.junit {
        write_file(path, render::junit(summary)?.as_bytes())?;
    }
    if let Some(path) = std::env::var_os(STEP_SUMMARY_VAR).filter(|p| !p.is_empty()) {
        append(Path::new(&path), render::markdown(summary).as_bytes())?;
    }
    Ok(if summary.passed() {
        exit_codes::OK
    } else {
        exit_codes::FAILED
    })
}

/// Writes `summary.json` into a records directory.
pub(crate) fn write_summary(summary: &Summary, dir: &Path) -> Result<(), Error> {
    let json = serde_json::to_vec_pretty(summary).map_err(|err| Error::Render {
        format: "json",
        reason: err.to_string(),
    })?;
    write_file(&dir.join(crate::summary::SUMMARY_FILE), &json)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let write = || -> std::io::Result<()> {
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(bytes)?;
        file.persist(path).map_err(|err| err.error)?;
        Ok(())
    };
    write().map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

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
