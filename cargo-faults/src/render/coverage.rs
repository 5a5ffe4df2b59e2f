//! `cargo faults coverage`: the report as tables for people, or as one JSON document
//! (schema [`SCHEMA`]) for tools.

use std::fmt::Write;

use serde::Serialize;

use super::cells::{INJECTION_HEADERS, NOT_FIRED, SITE_HEADERS, site_row, spec_row, sweep_row};
use super::json;
use super::table::grid;
use crate::coverage::report::{Coverage, SiteCoverage, SpecCoverage, SweepCoverage};
use crate::errors::Error;

/// The schema name of the JSON document.
pub(crate) const SCHEMA: &str = "cargo-faults/coverage/v1";

/// Formats of `cargo faults coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoverageFormat {
    /// Tables, for people.
    Table,
    /// One JSON document, for tools.
    Json,
}

/// The report in `format`, as printed.
pub(crate) fn render(coverage: &Coverage, format: CoverageFormat) -> Result<String, Error> {
    match format {
        CoverageFormat::Table => Ok(tables(coverage)),
        CoverageFormat::Json => json::document(&Document::of(coverage)),
    }
}

/// The JSON document: the report, then what never fired.
#[derive(Serialize)]
struct Document<'a> {
    /// Always [`SCHEMA`].
    schema: &'static str,
    /// The report.
    #[serde(flatten)]
    coverage: &'a Coverage,
    /// What no case fired, as listed in the report.
    unfired: Unfired<'a>,
}

/// What no case fired.
#[derive(Serialize)]
struct Unfired<'a> {
    /// Failpoint sites no case fired: the error paths nothing tests.
    failpoint_sites: Vec<&'a SiteCoverage>,
    /// Syscall fault specs that failed no call.
    syscall_specs: Vec<&'a SpecCoverage>,
    /// Sweeps no run of which fired.
    sweeps: Vec<&'a SweepCoverage>,
}

impl<'a> Document<'a> {
    fn of(coverage: &'a Coverage) -> Self {
        Document {
            schema: SCHEMA,
            coverage,
            unfired: Unfired {
                failpoint_sites: coverage.unfired_sites().collect(),
                syscall_specs: coverage.unfired_specs().collect(),
                sweeps: coverage.unfired_sweeps().collect(),
            },
        }
    }
}

/// The run, the sites, the syscall faults and sweeps, then what never fired.
fn tables(coverage: &Coverage) -> String {
    let mut text = format!(
        "coverage of run {} (records: {})\n\n",
        coverage.run_id.as_deref().unwrap_or("(no run id)"),
        coverage.records_dir
    );
    if coverage.failpoint_sites.is_empty() {
        text.push_str(
            "no `fault_runtime::fail_point!` site is linked into the selected harnesses\n",
        );
    } else {
        let mut sites = grid(&SITE_HEADERS, true);
        for site in &coverage.failpoint_sites {
            sites.add_row(site_row(site));
        }
        let _ = writeln!(text, "{sites}");
    }
    text.push('\n');
    if coverage.syscall_specs.is_empty() && coverage.sweeps.is_empty() {
        text.push_str("no selected case declares syscall faults or a sweep\n");
    } else {
        let mut injections = grid(&INJECTION_HEADERS, true);
        for spec in &coverage.syscall_specs {
            injections.add_row(spec_row(spec));
        }
        for sweep in &coverage.sweeps {
            injections.add_row(sweep_row(sweep));
        }
        let _ = writeln!(text, "{injections}");
    }
    text.push('\n');
    never_fired(&mut text, coverage);
    text
}

/// `never fired: N of M failpoint sites`, each listed, and the same for syscall faults and
/// sweeps; then the cases the run has no record of.
fn never_fired(text: &mut String, coverage: &Coverage) {
    let sites: Vec<&SiteCoverage> = coverage.unfired_sites().collect();
    let _ = writeln!(
        text,
        "never fired: {} of {} failpoint sites",
        sites.len(),
        coverage.failpoint_sites.len()
    );
    for site in sites {
        let _ = writeln!(
            text,
            "  {} {} ({})",
            site.harness,
            site.name,
            site.locations.join(", ")
        );
    }
    let specs: Vec<&SpecCoverage> = coverage.unfired_specs().collect();
    let sweeps: Vec<&SweepCoverage> = coverage.unfired_sweeps().collect();
    let declared = coverage.syscall_specs.len() + coverage.sweeps.len();
    let _ = writeln!(
        text,
        "never fired: {} of {declared} syscall faults and sweeps",
        specs.len() + sweeps.len()
    );
    for spec in specs {
        let _ = writeln!(text, "  {} {} {}", spec.harness, spec.case_id, spec.spec);
    }
    for sweep in sweeps {
        let _ = writeln!(
            text,
            "  {} {} sweep {}",
            sweep.harness, sweep.case_id, sweep.sweep
        );
    }
    let missing = &coverage.cases_without_record;
    if !missing.is_empty() {
        let _ = writeln!(
            text,
            "note: {} selected case{} no record in this run, so what {} would fire shows as {NOT_FIRED}:",
            missing.len(),
            if missing.len() == 1 { " has" } else { "s have" },
            if missing.len() == 1 { "it" } else { "they" },
        );
        for case in missing {
            let _ = writeln!(text, "  {} {}", case.harness, case.case_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::report::CaseRef;

    fn coverage() -> Coverage {
        Coverage {
            run_id: Some("run-1".to_owned()),
            records_dir: "/t/faults/run-1".to_owned(),
            failpoint_sites: Vec::new(),
            syscall_specs: vec![SpecCoverage {
                harness: "h::faults".to_owned(),
                case_id: "h::lost".to_owned(),
                spec: "fsync:EIO".to_owned(),
                recorded: false,
                fired: false,
                calls: None,
                injected: None,
            }],
            sweeps: vec![SweepCoverage {
                harness: "h::faults".to_owned(),
                case_id: "h::sweep".to_owned(),
                sweep: "failpoints".to_owned(),
                recorded: true,
                fired: true,
                runs: 3,
                fired_runs: 2,
                unreached_sites: Some(vec!["h.rename".to_owned()]),
            }],
            cases_without_record: vec![CaseRef {
                harness: "h::faults".to_owned(),
                case_id: "h::lost".to_owned(),
            }],
        }
    }

    #[test]
    fn the_tables_say_what_never_fired_and_which_cases_have_no_record() {
        let text = render(&coverage(), CoverageFormat::Table).unwrap();
        assert!(text.starts_with("coverage of run run-1 (records: /t/faults/run-1)\n"));
        for line in [
            "no `fault_runtime::fail_point!` site is linked into the selected harnesses",
            "— (no record in this run)",
            "3 runs, 2 fired; unreached: h.rename",
            "never fired: 0 of 0 failpoint sites",
            "never fired: 1 of 2 syscall faults and sweeps\n  h::faults h::lost fsync:EIO\n",
            "note: 1 selected case has no record in this run, so what it would fire shows as —:\n  h::faults h::lost\n",
        ] {
            assert!(text.contains(line), "expected {line:?} in:\n{text}");
        }
    }

    #[test]
    fn the_json_document_lists_what_never_fired() {
        let text = render(&coverage(), CoverageFormat::Json).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(document["schema"], SCHEMA);
        assert_eq!(document["run_id"], "run-1");
        assert_eq!(document["unfired"]["syscall_specs"][0]["spec"], "fsync:EIO");
        assert_eq!(document["unfired"]["sweeps"], serde_json::json!([]));
        assert_eq!(document["cases_without_record"][0]["case_id"], "h::lost");
        assert_eq!(
            document["syscall_specs"][0]["injected"],
            serde_json::Value::Null
        );
    }
}
