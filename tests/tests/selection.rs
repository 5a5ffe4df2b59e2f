//! Which cases `cargo faults` runs: name substrings, `--gate`, `--category`, `--severity`,
//! `--tag` and `--partition`, on the `mixed` project. A misspelt filter is an error, a filter
//! that selects nothing is never green, and the shards of a partition add up to the whole run.

use faults_tests::{MIXED_CASES, assert_contains, exit_code, json, project, stderr, summary_ids};

/// The exit code and the case ids of `cargo faults --format json <args>` on `mixed`.
fn selected(args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["--no-fail-fast", "--format", "json"];
    all.extend(args);
    let run = project("mixed").run(&all);
    (run.code(), summary_ids(&run.json()))
}

fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| (*id).to_owned()).collect()
}

#[test]
fn filters_select_by_gate_category_severity_tag_and_name() {
    assert_eq!(
        selected(&["--gate", "4"]),
        (0, ids(&["mixed-1", "mixed-3"]))
    );
    assert_eq!(selected(&["--gate", "STARTUP"]), (0, ids(&["mixed-2"])));
    assert_eq!(
        selected(&["--category", "execution"]).1,
        ["mixed-4", "mixed-5"]
    );
    assert_eq!(selected(&["--severity", "critical"]).1, ["mixed-2"]);
    assert_eq!(
        selected(&["--tag", "adapters", "--tag", "startup"]).1,
        ["mixed-1", "mixed-2"]
    );
    assert_eq!(selected(&["password"]).1, ["mixed-2"]);
    assert_eq!(
        selected(&["mixed-1", "mixed-3"]),
        (0, ids(&["mixed-1", "mixed-3"]))
    );
}

#[test]
fn a_misspelt_category_or_severity_is_a_usage_error() {
    let mixed = project("mixed");
    let typo = mixed.run(&["--category", "validaton"]);
    assert_eq!(typo.code(), 2);
    assert_contains(&typo.stderr(), "unknown category `validaton`");
    assert_eq!(mixed.run(&["--severity", "fatal"]).code(), 2);
}

#[test]
fn a_filter_that_matches_nothing_is_never_green() {
    let nothing = project("mixed").run(&["no-such-case"]);
    assert_eq!(nothing.code(), 4, "{}", nothing.stderr());
    assert_contains(&nothing.stderr(), "no fault cases matched");
    assert!(!nothing.records_dir().join("summary.json").exists());
}

#[test]
fn a_lone_filter_close_to_a_subcommand_suggests_it() {
    let mixed = project("mixed");
    let typo = mixed.cargo_faults(&["lsit"]);
    assert_eq!(exit_code(&typo), 4, "{}", stderr(&typo));
    assert_contains(
        &stderr(&typo),
        "(hint: did you mean `cargo faults list`? `lsit` was taken as a filter on case ids and names)",
    );
    let rerun = mixed.cargo_faults(&["rerum"]);
    assert_contains(&stderr(&rerun), "did you mean `cargo faults rerun`?");
    for unrelated in [&["nothing-like-it"][..], &["lsit", "--tag", "limits"]] {
        let output = mixed.cargo_faults(unrelated);
        assert_eq!(exit_code(&output), 4, "{}", stderr(&output));
        assert!(
            !stderr(&output).contains("did you mean"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn every_case_lands_in_exactly_one_shard_and_the_shards_merge_back() {
    let mixed = project("mixed");
    for strategy in ["hash", "count"] {
        let shards = [1, 2].map(|k| {
            let run = mixed.run(&[
                "--no-fail-fast",
                "--partition",
                &format!("{strategy}:{k}/2"),
            ]);
            assert!(
                [0, 1, 4].contains(&run.code()),
                "{strategy} shard {k}: {}",
                run.stderr()
            );
            run
        });
        let mut ran: Vec<String> = shards
            .iter()
            .flat_map(|s| s.records().into_keys())
            .collect();
        ran.sort();
        assert_eq!(
            ran, MIXED_CASES,
            "{strategy}: every case in exactly one shard"
        );

        let merged = mixed.cargo_faults(&[
            "report",
            shards[0].records_arg(),
            shards[1].records_arg(),
            "--format",
            "json",
        ]);
        assert_eq!(exit_code(&merged), 1, "{}", stderr(&merged));
        let summary = json(&merged);
        assert_eq!(summary_ids(&summary), MIXED_CASES);
        assert_eq!(summary["totals"]["passed"], 3);
        assert_eq!(summary["run_ids"].as_array().unwrap().len(), 2);
    }
}
