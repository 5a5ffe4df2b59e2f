//! Reading records and validating them against the shipped JSON Schema.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

/// Every record in `dir` (besides the `summary.json` of `cargo faults`), each validated against
/// the published JSON Schema, by case id.
pub fn load_records(dir: &Path) -> BTreeMap<String, Value> {
    let mut records = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("records dir is readable") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().and_then(OsStr::to_str).unwrap_or_default();
        if name == "summary.json" {
            continue;
        }
        assert!(
            name.ends_with(".json") && !name.starts_with('.'),
            "unexpected file in the records dir (a partial write?): {}",
            path.display()
        );
        let text = std::fs::read_to_string(&path).expect("record is readable");
        let record: Value = serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("{} is not JSON: {err}", path.display()));
        if let Err(errors) = validate(&record) {
            panic!("{} does not match the schema:\n{errors}", path.display());
        }
        let case_id = record["case_id"].as_str().expect("case_id").to_owned();
        records.insert(case_id, record);
    }
    records
}

/// Validates one record against `fault-runtime/schema/run-record.v1.json`.
pub fn validate(record: &Value) -> Result<(), String> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(fault_runtime::record::JSON_SCHEMA)
            .expect("the shipped schema is JSON");
        jsonschema::validator_for(&schema).expect("the shipped schema is a valid JSON Schema")
    });
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|err| format!("  {} at {}", err, err.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}
