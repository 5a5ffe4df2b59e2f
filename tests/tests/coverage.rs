//! `cargo faults coverage` on the `covered` project: before any run it says to run
//! `cargo faults` first (exit 2); after one it shows which failpoint sites the cases fired and
//! which none did, as a table and as JSON (exit 0 whatever never fired); and with
//! `--records-dir` it reads that run's records, syscall fault reports included.
//!
//! One test, because its steps share the project's runs under the shared target directory:
//! the first step needs there to be none of this project's.

use std::path::Path;

use faults_tests::{Project, assert_contains, exit_code, json, project, read_json, stderr, stdout};
use serde_json::{Value, json};

/// The project's harness, as runs and reports name it.
const HARNESS: &str = "covered::faults";

#[test]
fn coverage_reads_the_latest_run_or_the_one_given() {
    let covered = project("covered");
    forget_runs(&covered);

    let none = covered.cargo_faults(&["coverage"]);
    assert_eq!(exit_code(&none), 2, "{}", stderr(&none));
    assert_contains(
        &stderr(&none),
        "no `cargo faults` run to measure coverage against",
    );
    assert_contains(&stderr(&none), "run `cargo faults` first");

    let run = covered.cargo_faults(&[]);
    assert_eq!(exit_code(&run), 0, "{}", stderr(&run));

    let table = covered.cargo_faults(&["coverage"]);
    assert_eq!(exit_code(&table), 0, "{}", stderr(&table));
    let text = stdout(&table);
    assert_contains(&text, "never fired: 1 of 3 failpoint sites");
    assert_contains(&text, "  covered::faults store.open (src/lib.rs:22)");

    let report = covered.cargo_faults(&["coverage", "--format", "json"]);
    assert_eq!(exit_code(&report), 0, "{}", stderr(&report));
    let report = json(&report);
    assert_eq!(report["schema"], "cargo-faults/coverage/v1");
    assert_eq!(
        sites(&report["failpoint_sites"]),
        [
            ("store.open", vec![]),
            ("store.sync", vec!["covered::sync_fails"]),
            ("store.write", vec!["covered::write_fails"]),
        ]
    );
    assert_eq!(
        sites(&report["unfired"]["failpoint_sites"]),
        [("store.open", vec![])]
    );
    assert_eq!(report["syscall_specs"][0]["case_id"], "covered::sync_eio");
    assert_eq!(report["syscall_specs"][0]["spec"], "fsync:EIO");
    assert_eq!(report["syscall_specs"][0]["recorded"], true);
    assert_eq!(report["syscall_specs"][0]["fired"], true);
    assert_eq!(report["syscall_specs"][0]["injected"], 1);
    assert_eq!(report["sweeps"][0]["case_id"], "covered::every_write_fails");
    assert_eq!(report["sweeps"][0]["runs"], 2, "{:#}", report["sweeps"]);
    assert_eq!(
        report["sweeps"][0]["fired_runs"], 1,
        "{:#}",
        report["sweeps"]
    );
    let run_dir = Path::new(report["records_dir"].as_str().unwrap()).to_path_buf();
    assert_eq!(
        read_json(&run_dir.join("summary.json"))["run_ids"][0],
        report["run_id"]
    );

    // The same run with its records changed: what they say is what coverage shows.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&run_dir, copy.path());
    edit_record(copy.path(), "covered::sync_eio", |record| {
        record["environment"]["syscalls"] =
            json!([{"spec": "fsync:EIO", "calls": 1, "injected": 1}]);
    });
    edit_record(copy.path(), "covered::write_fails", |record| {
        record["failpoints"][0]["fired"] = json!(0);
    });
    let records_dir = copy.path().to_str().unwrap();
    let given = covered.cargo_faults(&["coverage", "--records-dir", records_dir]);
    assert_eq!(exit_code(&given), 0, "{}", stderr(&given));
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(records_dir), "[records]");
    settings.add_filter(r"run \S+ \(records", "run [run id] (records");
    settings.bind(|| insta::assert_snapshot!("coverage_table", stdout(&given)));
    let given =
        covered.cargo_faults(&["coverage", "--records-dir", records_dir, "--format", "json"]);
    let given = json(&given);
    assert_eq!(given["syscall_specs"][0]["fired"], true);
    assert_eq!(given["syscall_specs"][0]["injected"], 1);
    assert_eq!(
        sites(&given["unfired"]["failpoint_sites"]),
        [("store.open", vec![]), ("store.write", vec![])]
    );

    let missing = copy.path().join("missing");
    let output = covered.cargo_faults(&["coverage", "--records-dir", missing.to_str().unwrap()]);
    assert_eq!(exit_code(&output), 2);
    assert_contains(&stderr(&output), "does not exist");
}

/// Each site's name with the cases that fired it.
fn sites(sites: &Value) -> Vec<(&str, Vec<&str>)> {
    sites
        .as_array()
        .unwrap_or_else(|| panic!("sites are a list: {sites}"))
        .iter()
        .map(|site| {
            let fired_by = site["fired_by"].as_array().unwrap();
            (
                site["name"].as_str().unwrap(),
                fired_by.iter().map(|case| case.as_str().unwrap()).collect(),
            )
        })
        .collect()
}

/// Removes the runs of this project's harness an earlier test process left in the shared
/// target directory, and only those.
fn forget_runs(project: &Project) {
    let Ok(runs) = std::fs::read_dir(project.target_dir().join("faults")) else {
        return;
    };
    for run in runs {
        let dir = run.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("summary.json")) else {
            continue;
        };
        let summary: Value = serde_json::from_str(&text).unwrap_or_default();
        let ours = summary["cases"]
            .as_array()
            .is_some_and(|cases| cases.iter().any(|case| case["harness"] == HARNESS));
        if ours {
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}

/// Copies the files of the directory `from` into `to`.
fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// Changes the record of `case_id` in `dir`.
fn edit_record(dir: &Path, case_id: &str, edit: impl FnOnce(&mut Value)) {
    let path = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| read_json(path)["case_id"] == case_id)
        .unwrap_or_else(|| panic!("no record of {case_id} in {}", dir.display()));
    let mut record = read_json(&path);
    edit(&mut record);
    std::fs::write(&path, record.to_string()).unwrap();
}

/// `text` as a regex that matches it literally.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = !c.is_alphanumeric() && !matches!(c, '/' | '_' | '-' | ' ');
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}
