//! `cargo faults rerun`: the cases the latest run did not pass, found through
//! `<target dir>/faults/latest`. Every test here holds the `mixed` project for its whole length,
//! so no other run of this binary moves the pointer between a run and its rerun.

use faults_tests::{assert_contains, project, summary_ids};

#[test]
fn rerun_runs_only_what_the_latest_run_did_not_pass() {
    let mixed = project("mixed");
    let first = mixed.run(&["--no-fail-fast"]);
    assert_eq!(first.code(), 1, "{}", first.stderr());
    let latest = mixed.target_dir().join("faults").join("latest");
    assert_eq!(
        std::fs::canonicalize(&latest).unwrap(),
        std::fs::canonicalize(first.records_dir()).unwrap(),
        "latest points at the run's records"
    );
    let again = mixed.run(&["rerun"]);
    assert_eq!(again.code(), 1, "{}", again.stderr());
    assert_eq!(summary_ids(&again.summary()), ["mixed-4", "mixed-5"]);
    assert_contains(
        &again.stdout(),
        "2 cases: 0 passed, 2 failed; failed: mixed-4, mixed-5",
    );

    // The rerun is the latest run now; a filter narrows what it reruns.
    let narrowed = mixed.run(&["rerun", "mixed-5"]);
    assert_eq!(summary_ids(&narrowed.summary()), ["mixed-5"]);
}

#[test]
fn rerun_after_a_green_run_says_there_is_nothing_to_rerun() {
    let mixed = project("mixed");
    let green = mixed.run(&["mixed-1"]);
    assert_eq!(green.code(), 0, "{}", green.stderr());
    let again = mixed.run(&["rerun"]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
    assert_contains(
        &again.stdout(),
        "nothing to rerun: all 1 case(s) of the latest run",
    );
}

#[test]
fn run_ids_sort_by_time_so_the_newest_run_sorts_last() {
    let mixed = project("mixed");
    let runs = mixed.target_dir().join("faults");
    let ids = || -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&runs)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("20") && name.contains('T'))
            .collect();
        ids.sort();
        ids
    };
    let before = ids();
    let output = mixed.cargo_faults(&["mixed-1"]);
    assert_eq!(faults_tests::exit_code(&output), 0);
    let after = ids();
    let new: Vec<&String> = after.iter().filter(|id| !before.contains(id)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(
        after.last(),
        Some(new[0]),
        "the newest run id sorts last: {after:?}"
    );
}
