//! Records and results written by hand, for the unit tests of what reads them.

use std::path::Path;

use fault_runtime::record::RunRecord;
use serde_json::{Value, json};

use crate::summary::{CaseResult, Summary};

/// The verdicts whose status is `passed`.
const PASSING: [&str; 3] = ["refused", "degraded", "drift"];

/// A record of `case_id` in harness `h::faults` of run `run-1`, with `verdict`: a refusal of
/// `CODE` in 8 ms, changed by every top-level field of `fields` (`control`, `unverified`, …).
/// Its status follows the verdict unless `fields` gives one.
pub(crate) fn record(case_id: &str, verdict: &str, fields: Value) -> RunRecord {
    let status = if PASSING.contains(&verdict) {
        "passed"
    } else {
        "failed"
    };
    let mut record = json!({
        "schema": "fault-runtime/run-record/v1",
        "run_id": "run-1",
        "invocation_id": "invocation-1",
        "harness": "h::faults",
        "case_id": case_id,
        "name": format!("the {case_id} case"),
        "category": "validation",
        "gate": 2,
        "severity": "error",
        "fault_injected": null,
        "expected": {"code": "CODE", "halt": false, "rollback": false},
        "status": status,
        "verdict": verdict,
        "observed": {
            "code": "CODE", "message": "refused", "gate": 2, "gate_verified": true,
            "exit_code": 0, "signal": null
        },
        "errors": [],
        "rollback_executed": false,
        "rollback_details": null,
        "retry_history": [],
        "side_effects": [],
        "environment": {"removed": [], "set": [], "passed": [], "hidden": [], "failpoints": []},
        "performance": {"duration_ms": 8.0, "virtual_ms": null, "timed_out": false},
        "started_at": "2026-01-01T00:00:00.000Z",
        "finished_at": "2026-01-01T00:00:00.008Z",
        "source": null,
        "timeout_ms": 60000,
        "output": null,
        "sandbox_kept": null,
    });
    let Value::Object(fields) = fields else {
        panic!("fields are a JSON object");
    };
    for (name, value) in fields {
        record[name] = value;
    }
    serde_json::from_value(record).expect("a valid record")
}

/// A control that ran and ended with `outcome` (`completed`, `refused`, …).
pub(crate) fn control_ran(outcome: &str) -> Value {
    json!({"control": {
        "ran": true, "outcome": outcome, "code": null, "message": null, "duration_ms": 5.0
    }})
}

/// A control that could not be derived, saying `why`.
pub(crate) fn control_not_derived(why: &str) -> Value {
    json!({"control": {
        "ran": false, "outcome": null, "code": null, "message": why, "duration_ms": null
    }})
}

/// The result a record describes, as `cargo faults` reads it.
pub(crate) fn result(record: RunRecord) -> CaseResult {
    let path = Path::new("/records").join(format!("{}.json", record.case_id));
    CaseResult::from_record(record, &path, Some("h::faults".to_owned()))
}

/// The summary of one run made of `records`.
pub(crate) fn summary(records: Vec<RunRecord>) -> Summary {
    Summary::new(
        vec!["run-1".to_owned()],
        records.into_iter().map(result).collect(),
    )
}
