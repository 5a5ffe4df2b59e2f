//! What `cargo faults` says about the declared cases without running them: `list` as a table
//! or JSON, and `matrix`, the fault matrix as Markdown, whose `--check` catches a stale copy.

use faults_tests::{MIXED_CASES, assert_contains, exit_code, json, project, stderr, stdout};

#[test]
fn list_shows_the_cases_without_running_them() {
    let mixed = project("mixed");
    let output = mixed.cargo_faults(&["list", "--format", "json"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let harnesses = json(&output);
    assert_eq!(harnesses[0]["harness"], "mixed::faults");
    let ids: Vec<&str> = harnesses[0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, MIXED_CASES);
    let table = mixed.cargo_faults(&["list", "--tag", "limits"]);
    assert_contains(&stdout(&table), "2 case(s)");
}

#[test]
fn the_matrix_is_generated_and_a_stale_copy_is_caught() {
    let mixed = project("mixed");
    let generated = mixed.cargo_faults(&["matrix"]);
    assert_eq!(exit_code(&generated), 0, "{}", stderr(&generated));
    let matrix = stdout(&generated);
    assert!(matrix.starts_with("# Fault matrix: `mixed`"), "{matrix}");
    assert_contains(
        &matrix,
        "| mixed-1 | Missing adapter | validation | 4 | error | yes | no | `MISSING_ADAPTER` | `adapter_set` | Set the adapter | runs |",
    );
    assert_contains(
        &matrix,
        "| mixed-3 | Boundary crossing | boundary | 4 | error | no | no | `BOUNDARY_VIOLATION` | - | - | runs |",
    );
    let dir = tempfile::tempdir().unwrap();
    let committed = dir.path().join("FAULT_MATRIX.md");
    let check = || mixed.cargo_faults(&["matrix", "--check", committed.to_str().unwrap()]);
    std::fs::write(&committed, &matrix).unwrap();
    let fresh = check();
    assert_eq!(exit_code(&fresh), 0, "{}", stderr(&fresh));
    std::fs::write(&committed, matrix.replace("Missing adapter", "Old name")).unwrap();
    let stale = check();
    assert_eq!(exit_code(&stale), 1);
    let diff = stderr(&stale);
    assert_contains(&diff, "is stale");
    assert_contains(&diff, "-| mixed-1 | Old name |");
    assert_contains(&diff, "+| mixed-1 | Missing adapter |");
}
