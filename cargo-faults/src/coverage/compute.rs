//! Coverage from what the harnesses declare (their listings) and what the run's records say
//! fired.
//!
//! A failpoint site is fired by a case when the case's record says an armed failpoint of that
//! name fired (`failpoints[].fired` > 0), or, for a `sweep = "failpoints"` case, when a run of
//! the sweep that failed that failpoint fired. A syscall fault spec is fired when the record
//! reports it (`environment.syscalls[]`, the spec as declared) with a failed call; a sweep when
//! one of its runs fired. Only the selected cases count, and only their records of this run.

use std::collections::BTreeSet;
use std::path::Path;

use fault_runtime::listing::{ListedCase, ListedSite, SWEEP_FAILPOINTS};

use super::evidence::{Evidence, RunEvidence};
use super::report::{CaseRef, Coverage, SiteCoverage, SpecCoverage, SweepCoverage};
use crate::discover::select::Selection;

/// The coverage of the selection in the run whose records are in `records_dir`.
pub(crate) fn coverage(selection: &Selection, run: &RunEvidence, records_dir: &Path) -> Coverage {
    let mut coverage = Coverage {
        run_id: run.run_id.clone(),
        records_dir: records_dir.display().to_string(),
        failpoint_sites: Vec::new(),
        syscall_specs: Vec::new(),
        sweeps: Vec::new(),
        cases_without_record: Vec::new(),
    };
    for (harness, cases) in &selection.harnesses {
        let label = harness.label();
        let recorded: Vec<(&ListedCase, Option<&Evidence>)> = cases
            .iter()
            .map(|case| {
                let key = (label.clone(), case.case_id.clone());
                (case, run.records.get(&key))
            })
            .collect();
        let fired: Vec<(&str, BTreeSet<&str>)> = recorded
            .iter()
            .filter_map(|(case, evidence)| {
                evidence.map(|evidence| (case.case_id.as_str(), fired_sites(case, evidence)))
            })
            .collect();
        for (name, sites) in by_name(&harness.sites) {
            coverage.failpoint_sites.push(SiteCoverage {
                harness: label.clone(),
                name: name.to_owned(),
                locations: sites
                    .iter()
                    .map(|site| format!("{}:{}", site.file, site.line))
                    .collect(),
                fired_by: fired
                    .iter()
                    .filter(|(_, names)| names.contains(name))
                    .map(|(case_id, _)| (*case_id).to_owned())
                    .collect(),
            });
        }
        for (case, evidence) in recorded {
            if evidence.is_none() {
                coverage.cases_without_record.push(CaseRef {
                    harness: label.clone(),
                    case_id: case.case_id.clone(),
                });
            }
            for spec in &case.syscalls {
                coverage
                    .syscall_specs
                    .push(spec_coverage(&label, case, spec, evidence));
            }
            if let Some(sweep) = &case.sweep {
                coverage
                    .sweeps
                    .push(sweep_coverage(&label, case, sweep, evidence));
            }
        }
    }
    coverage
}

/// The failpoint names the case's record says fired.
fn fired_sites<'a>(case: &ListedCase, evidence: &'a Evidence) -> BTreeSet<&'a str> {
    let mut names: BTreeSet<&str> = evidence
        .fired_failpoints
        .iter()
        .map(String::as_str)
        .collect();
    if case.sweep.as_deref() == Some(SWEEP_FAILPOINTS) {
        names.extend(evidence.fired_runs().map(failpoint_name));
    }
    names
}

/// The name of a failpoint as armed in fail-rs syntax: `ledger.write=return` → `ledger.write`.
fn failpoint_name(armed: &str) -> &str {
    armed.split_once('=').map_or(armed, |(name, _)| name).trim()
}

/// The sites grouped by name (the listing sorts them by name).
fn by_name(sites: &[ListedSite]) -> Vec<(&str, Vec<&ListedSite>)> {
    let mut groups: Vec<(&str, Vec<&ListedSite>)> = Vec::new();
    for site in sites {
        match groups.last_mut() {
            Some((name, group)) if *name == site.name => group.push(site),
            _ => groups.push((site.name.as_str(), vec![site])),
        }
    }
    groups
}

/// What the case's record says of one of its syscall fault specs.
fn spec_coverage(
    harness: &str,
    case: &ListedCase,
    spec: &str,
    evidence: Option<&Evidence>,
) -> SpecCoverage {
    let count = evidence.and_then(|evidence| evidence.syscalls.get(spec));
    SpecCoverage {
        harness: harness.to_owned(),
        case_id: case.case_id.clone(),
        spec: spec.to_owned(),
        recorded: evidence.is_some(),
        fired: count.is_some_and(|count| count.injected > 0),
        calls: count.and_then(|count| count.calls),
        injected: count.map(|count| count.injected),
    }
}

/// What the case's record says its sweep's runs injected.
fn sweep_coverage(
    harness: &str,
    case: &ListedCase,
    sweep: &str,
    evidence: Option<&Evidence>,
) -> SweepCoverage {
    let fired_runs = evidence.map_or(0, |evidence| evidence.fired_runs().count());
    SweepCoverage {
        harness: harness.to_owned(),
        case_id: case.case_id.clone(),
        sweep: sweep.to_owned(),
        recorded: evidence.is_some(),
        fired: fired_runs > 0,
        runs: evidence.map_or(0, |evidence| evidence.sweep.len()),
        fired_runs,
        unreached_sites: evidence
            .filter(|_| sweep == SWEEP_FAILPOINTS)
            .and_then(|evidence| evidence.unreached_sites.clone()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use fault_runtime::listing::Listing;

    use super::*;
    use crate::discover::harness::Harness;
    use crate::discover::workspace::{Package, TestBinary};

    /// A harness of package `package` from its listing, every case selected.
    fn harness(package: &str, listing: &str) -> (Harness, Vec<ListedCase>) {
        let listing: Listing = serde_json::from_str(listing).expect("a listing");
        let harness = Harness {
            binary: TestBinary {
                path: PathBuf::from(format!("/target/debug/deps/faults-{package}")),
                package: Package {
                    name: package.to_owned(),
                    dir: PathBuf::from(format!("/ws/{package}")),
                },
                target: "faults".to_owned(),
            },
            cases: listing.cases.clone(),
            sites: listing.failpoint_sites,
        };
        (harness, listing.cases)
    }

    /// A listed case with only what coverage reads.
    fn case(id: &str, failpoints: &[&str], syscalls: &[&str], sweep: Option<&str>) -> String {
        serde_json::json!({
            "case_id": id, "name": id, "expect": "CODE", "gate": null, "halt": false,
            "rollback": false, "severity": "error", "category": null, "fault": null,
            "recovery": null, "tags": [], "ignored": false, "file": "src/lib.rs", "line": 1,
            "timeout_ms": 60000, "failpoints": failpoints, "syscalls": syscalls, "sweep": sweep,
        })
        .to_string()
    }

    fn site(name: &str, line: u32) -> String {
        format!(r#"{{"name": "{name}", "file": "src/lib.rs", "line": {line}}}"#)
    }

    fn listing(sites: &[String], cases: &[String]) -> String {
        format!(
            r#"{{"schema": "fault-runtime/listing/v1", "failpoint_sites": [{}], "cases": [{}]}}"#,
            sites.join(","),
            cases.join(",")
        )
    }

    /// The run: each record's JSON by harness and case id.
    fn run(records: &[(&str, &str, &str)]) -> RunEvidence {
        let records: BTreeMap<_, _> = records
            .iter()
            .map(|(harness, case_id, json)| {
                let record = serde_json::from_str(json).expect("a record");
                (
                    ((*harness).to_owned(), (*case_id).to_owned()),
                    Evidence::of(&record),
                )
            })
            .collect();
        RunEvidence {
            run_id: Some("20260101T000000Z-1".to_owned()),
            records,
        }
    }

    fn store() -> (Harness, Vec<ListedCase>) {
        harness(
            "store",
            &listing(
                &[
                    site("store.fsync", 20),
                    site("store.rename", 30),
                    site("store.write", 10),
                    site("store.write", 40),
                ],
                &[
                    case(
                        "store::disk_full",
                        &[],
                        &["fsync:EIO", "write:ENOSPC@3"],
                        None,
                    ),
                    case("store::fsync_off", &["store.fsync=off"], &[], None),
                    case("store::lost", &[], &["fsync:EIO"], None),
                    case("store::sweep_all", &[], &[], Some("failpoints")),
                    case("store::write_fails", &["store.write=return"], &[], None),
                    case("store::write_sweep", &[], &[], Some("write:ENOSPC")),
                ],
            ),
        )
    }

    fn store_run() -> RunEvidence {
        run(&[
            (
                "store::faults",
                "store::disk_full",
                r#"{"environment": {"syscalls": [
                    {"spec": "fsync:EIO", "calls": 2, "injected": 2},
                    {"spec": "write:ENOSPC@3", "calls": 2, "injected": 0}
                ]}}"#,
            ),
            (
                "store::faults",
                "store::fsync_off",
                r#"{"failpoints": [{"name": "store.fsync", "actions": "off", "observed": true, "hits": 1, "fired": 0}]}"#,
            ),
            (
                "store::faults",
                "store::sweep_all",
                r#"{"sweep": [
                    {"injected": "store.fsync=return", "verdict": "refused", "code": "FSYNC_FAILED", "fired": true},
                    {"injected": "store.write=return", "verdict": "refused", "code": "WRITE_FAILED", "fired": false}
                ], "sweep_sites": {"reached": ["store.fsync", "store.write"], "unreached": ["store.rename"]}}"#,
            ),
            (
                "store::faults",
                "store::write_fails",
                r#"{"failpoints": [{"name": "store.write", "actions": "return", "observed": true, "hits": 1, "fired": 1}]}"#,
            ),
            (
                "store::faults",
                "store::write_sweep",
                r#"{"sweep": [
                    {"injected": "write:ENOSPC@1", "verdict": "refused", "fired": true},
                    {"injected": "write:ENOSPC@2", "verdict": "refused", "fired": true},
                    {"injected": "write:ENOSPC@3", "verdict": "refused", "fired": false}
                ]}"#,
            ),
        ])
    }

    fn of(selection: Vec<(Harness, Vec<ListedCase>)>, run: &RunEvidence) -> Coverage {
        coverage(
            &Selection {
                harnesses: selection,
            },
            run,
            Path::new("/ws/target/faults/run"),
        )
    }

    #[test]
    fn a_site_is_fired_by_the_cases_whose_failpoint_or_sweep_run_fired() {
        let coverage = of(vec![store()], &store_run());
        let sites: Vec<(&str, Vec<&str>, Vec<&str>)> = coverage
            .failpoint_sites
            .iter()
            .map(|site| {
                (
                    site.name.as_str(),
                    site.locations.iter().map(String::as_str).collect(),
                    site.fired_by.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            sites,
            [
                (
                    "store.fsync",
                    vec!["src/lib.rs:20"],
                    vec!["store::sweep_all"]
                ),
                ("store.rename", vec!["src/lib.rs:30"], vec![]),
                (
                    "store.write",
                    vec!["src/lib.rs:10", "src/lib.rs:40"],
                    vec!["store::write_fails"]
                ),
            ]
        );
        let unfired: Vec<&str> = coverage.unfired_sites().map(|s| s.name.as_str()).collect();
        assert_eq!(unfired, ["store.rename"]);
    }

    #[test]
    fn a_spec_is_fired_when_its_record_reports_a_failed_call() {
        let coverage = of(vec![store()], &store_run());
        let spec = |case_id: &str, spec: &str| {
            coverage
                .syscall_specs
                .iter()
                .find(|s| s.case_id == case_id && s.spec == spec)
                .unwrap_or_else(|| panic!("no {spec} of {case_id}"))
                .clone()
        };
        let fsync = spec("store::disk_full", "fsync:EIO");
        assert!(fsync.fired && fsync.recorded);
        assert_eq!((fsync.calls, fsync.injected), (Some(2), Some(2)));
        let third_write = spec("store::disk_full", "write:ENOSPC@3");
        assert!(!third_write.fired);
        assert_eq!(
            (third_write.calls, third_write.injected),
            (Some(2), Some(0))
        );
        let lost = spec("store::lost", "fsync:EIO");
        assert!(!lost.fired && !lost.recorded);
        assert_eq!((lost.calls, lost.injected), (None, None));
        assert_eq!(
            coverage.cases_without_record,
            [CaseRef {
                harness: "store::faults".to_owned(),
                case_id: "store::lost".to_owned()
            }]
        );
        let unfired: Vec<&str> = coverage.unfired_specs().map(|s| s.spec.as_str()).collect();
        assert_eq!(unfired, ["write:ENOSPC@3", "fsync:EIO"]);
    }

    #[test]
    fn a_sweep_is_fired_when_one_of_its_runs_fired() {
        let coverage = of(vec![store()], &store_run());
        assert_eq!(
            coverage.sweeps,
            [
                SweepCoverage {
                    harness: "store::faults".to_owned(),
                    case_id: "store::sweep_all".to_owned(),
                    sweep: "failpoints".to_owned(),
                    recorded: true,
                    fired: true,
                    runs: 2,
                    fired_runs: 1,
                    unreached_sites: Some(vec!["store.rename".to_owned()]),
                },
                SweepCoverage {
                    harness: "store::faults".to_owned(),
                    case_id: "store::write_sweep".to_owned(),
                    sweep: "write:ENOSPC".to_owned(),
                    recorded: true,
                    fired: true,
                    runs: 3,
                    fired_runs: 2,
                    unreached_sites: None,
                },
            ]
        );
        let silent = run(&[("store::faults", "store::write_sweep", r#"{"sweep": []}"#)]);
        let coverage = of(vec![store()], &silent);
        let unfired: Vec<&str> = coverage
            .unfired_sweeps()
            .map(|s| s.case_id.as_str())
            .collect();
        assert_eq!(unfired, ["store::sweep_all", "store::write_sweep"]);
    }

    #[test]
    fn a_case_fires_only_the_sites_of_its_own_harness() {
        let other = harness(
            "other",
            &listing(
                &[site("store.write", 5)],
                &[case(
                    "store::write_fails",
                    &["store.write=return"],
                    &[],
                    None,
                )],
            ),
        );
        // The same case id fired `store.write` in `store::faults` only.
        let coverage = of(vec![other, store()], &store_run());
        let write: Vec<(&str, &[String])> = coverage
            .failpoint_sites
            .iter()
            .filter(|site| site.name == "store.write")
            .map(|site| (site.harness.as_str(), site.fired_by.as_slice()))
            .collect();
        assert_eq!(
            write,
            [
                ("other::faults", &[][..]),
                ("store::faults", &["store::write_fails".to_owned()][..])
            ]
        );
        assert_eq!(coverage.cases_without_record[0].harness, "other::faults");
    }

    #[test]
    fn a_harness_without_sites_or_specs_covers_nothing_and_that_is_no_error() {
        let bare = harness("bare", &listing(&[], &[case("bare::a", &[], &[], None)]));
        let coverage = of(vec![bare], &run(&[("bare::faults", "bare::a", "{}")]));
        assert!(coverage.failpoint_sites.is_empty());
        assert!(coverage.syscall_specs.is_empty() && coverage.sweeps.is_empty());
        assert!(coverage.cases_without_record.is_empty());
        assert_eq!(coverage.run_id.as_deref(), Some("20260101T000000Z-1"));
    }
}
