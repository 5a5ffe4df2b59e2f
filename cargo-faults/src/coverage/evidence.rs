//! What a run's records say fired: armed failpoints, syscall faults and sweep runs.
//!
//! Which records count is the merge's rule (the case and harness the run selected, its run id,
//! its invocation), so coverage never credits a case with what an earlier run left behind. The
//! fields read here are read leniently from each record's JSON: a field a record lacks, or holds
//! in a shape this version does not know, fired nothing. A runtime that predates a field then
//! shows its faults as never fired, never as an error.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::errors::Error;
use crate::merge;

/// A case as one harness has it: `(package::target, case id)`.
pub(crate) type CaseKey = (String, String);

/// What one record says fired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// Names of the armed failpoints whose actions fired (`failpoints[]` with `fired` > 0).
    pub(crate) fired_failpoints: Vec<String>,
    /// Each syscall fault spec the record reports (`environment.syscalls[]`), by spec.
    pub(crate) syscalls: BTreeMap<String, SyscallCount>,
    /// The runs of a sweep (`sweep[]`), in order; empty for a case that did not sweep.
    pub(crate) sweep: Vec<SweepRun>,
    /// `sweep_sites.unreached`: the harness's failpoint sites a `sweep = "failpoints"` case
    /// never reached, when the record says.
    pub(crate) unreached_sites: Option<Vec<String>>,
}

/// What a record says of one syscall fault spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyscallCount {
    /// Calls of the syscall the case's processes made, when reported.
    pub(crate) calls: Option<u64>,
    /// Calls that were failed.
    pub(crate) injected: u64,
}

/// One run of a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SweepRun {
    /// What the run injected: `write:ENOSPC@3`, or failpoints as armed, `ledger.write=return`
    /// (an error path's site after the sites that led to it: `a=return;b=return`); `None` for
    /// a failpoint sweep's first run, which arms nothing.
    pub(crate) injected: Option<String>,
    /// Whether the injected fault fired in that run.
    pub(crate) fired: bool,
}

/// The records of one run that count, with what each says fired.
#[derive(Debug)]
pub(crate) struct RunEvidence {
    /// The run's id, as its `summary.json` gives it.
    pub(crate) run_id: Option<String>,
    /// Every case of the run that has a record of that run.
    pub(crate) records: BTreeMap<CaseKey, Evidence>,
}

/// Reads the records the run in `dir` wrote for the cases it selected.
pub(crate) fn read_run(dir: &Path) -> Result<RunEvidence, Error> {
    let summary = merge::merge(&[dir.to_path_buf()])?;
    let mut records = BTreeMap::new();
    for case in summary.cases {
        let (Some(harness), Some(path)) = (case.harness, case.record) else {
            continue;
        };
        records.insert((harness, case.case_id), Evidence::read(&path)?);
    }
    Ok(RunEvidence {
        run_id: summary.run_ids.into_iter().next(),
        records,
    })
}

impl Evidence {
    /// The evidence in the record at `path`.
    fn read(path: &Path) -> Result<Evidence, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let record: Value = serde_json::from_str(&text).map_err(|err| Error::ForeignFile {
            path: path.to_path_buf(),
            reason: err.to_string(),
        })?;
        Ok(Evidence::of(&record))
    }

    /// The evidence in one record's JSON.
    pub(crate) fn of(record: &Value) -> Evidence {
        let fired_failpoints = objects(record.get("failpoints"))
            .filter(|entry| entry.get("fired").and_then(Value::as_u64).unwrap_or(0) > 0)
            .filter_map(|entry| text(entry.get("name")))
            .collect();
        let syscalls = objects(record.get("environment").and_then(|e| e.get("syscalls")))
            .filter_map(|entry| {
                let spec = text(entry.get("spec"))?;
                let count = SyscallCount {
                    calls: entry.get("calls").and_then(Value::as_u64),
                    injected: entry.get("injected").and_then(Value::as_u64).unwrap_or(0),
                };
                Some((spec, count))
            })
            .collect();
        let sweep = objects(record.get("sweep"))
            .map(|row| SweepRun {
                injected: text(row.get("injected")),
                fired: row.get("fired").and_then(Value::as_bool).unwrap_or(false),
            })
            .collect();
        let unreached_sites = record
            .get("sweep_sites")
            .and_then(|sites| sites.get("unreached"))
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(|n| text(Some(n))).collect());
        Evidence {
            fired_failpoints,
            syscalls,
            sweep,
            unreached_sites,
        }
    }

    /// What the runs of the sweep that fired injected, one fault at a time (a run that armed
    /// several failpoints fired each of them).
    pub(crate) fn fired_runs(&self) -> impl Iterator<Item = &str> {
        self.sweep
            .iter()
            .filter(|run| run.fired)
            .filter_map(|run| run.injected.as_deref())
            .flat_map(|injected| injected.split(';'))
    }
}

/// The objects of a JSON array; nothing when `value` is missing or no array.
fn objects(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|item| item.is_object())
}

/// A JSON string, owned; `None` when missing or not a string.
fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(json: &str) -> Evidence {
        Evidence::of(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn a_failpoint_fired_when_its_actions_fired_not_when_it_was_reached() {
        let found = evidence(
            r#"{"failpoints": [
                {"name": "store.write", "actions": "return", "observed": true, "hits": 2, "fired": 1},
                {"name": "store.fsync", "actions": "off", "observed": true, "hits": 4, "fired": 0},
                {"name": "plain.site", "actions": "return", "observed": false, "hits": null, "fired": null}
            ]}"#,
        );
        assert_eq!(found.fired_failpoints, ["store.write"]);
    }

    #[test]
    fn syscall_reports_and_sweep_rows_are_read_as_the_contract_says() {
        let found = evidence(
            r#"{
                "environment": {"syscalls": [
                    {"spec": "fsync:EIO", "calls": 3, "injected": 3},
                    {"spec": "write:ENOSPC@9", "calls": 4, "injected": 0}
                ]},
                "sweep": [
                    {"injected": null, "verdict": null, "fired": false},
                    {"injected": "store.write=return", "verdict": "refused", "code": "X", "fired": true},
                    {"injected": "store.write=return;store.undo=return", "verdict": "refused", "fired": true},
                    {"injected": "store.fsync=return", "verdict": "refused", "fired": false}
                ],
                "sweep_sites": {"reached": ["store.write"], "unreached": ["store.rename"]}
            }"#,
        );
        assert_eq!(
            found.syscalls["fsync:EIO"],
            SyscallCount {
                calls: Some(3),
                injected: 3
            }
        );
        assert_eq!(found.syscalls["write:ENOSPC@9"].injected, 0);
        assert_eq!(
            found.fired_runs().collect::<Vec<_>>(),
            [
                "store.write=return",
                "store.write=return",
                "store.undo=return"
            ]
        );
        assert_eq!(
            found.sweep.len(),
            4,
            "the first run, which armed nothing, counts too"
        );
        assert_eq!(found.unreached_sites, Some(vec!["store.rename".to_owned()]));
    }

    #[test]
    fn what_a_record_lacks_or_holds_in_another_shape_fired_nothing() {
        assert_eq!(evidence("{}"), Evidence::default());
        let odd = evidence(
            r#"{
                "failpoints": {"store.write": 1},
                "environment": {"syscalls": ["fsync:EIO"]},
                "sweep": ["write:ENOSPC@1"],
                "sweep_sites": {"unreached": "store.rename"}
            }"#,
        );
        assert_eq!(odd, Evidence::default());
    }
}
