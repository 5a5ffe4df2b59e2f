//! The verdict table in `fault-runtime/src/record/verdict.rs` is the one source of truth: the
//! README's verdict table and the rustdoc's precedence list must name the same verdicts, with
//! the same status, in the same order.

use fault_runtime::record::{Status, Verdict};
use faults_tests::workspace_root;

/// Every backticked word of `text` that names a verdict, in order.
fn verdict_names(text: &str) -> Vec<&str> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| Verdict::from_name(word).is_some())
        .collect()
}

#[test]
fn the_readme_verdict_table_follows_the_verdict_table() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let rows: Vec<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let mut cells = line.split('|').map(str::trim).skip(1);
            let name = cells.next()?.strip_prefix('`')?.strip_suffix('`')?;
            let status = cells.next()?;
            Verdict::from_name(name).map(|_| (name.to_owned(), status.to_owned()))
        })
        .collect();
    let expected: Vec<(String, String)> = Verdict::ALL
        .iter()
        .map(|v| (v.as_str().to_owned(), v.status().as_str().to_owned()))
        .collect();
    assert_eq!(rows, expected, "README.md's verdict table");
}

#[test]
fn the_rustdoc_precedence_list_follows_the_verdict_table() {
    let lib = std::fs::read_to_string(workspace_root().join("fault-runtime/src/lib.rs")).unwrap();
    let sentence = lib
        .lines()
        .skip_while(|line| !line.contains("the first"))
        .take_while(|line| !line.trim_end().ends_with("/// ```no_run"))
        .collect::<Vec<_>>()
        .join(" ");
    let listed = verdict_names(&sentence);
    let failing: Vec<&str> = Verdict::ALL
        .iter()
        .filter(|v| v.status() == Status::Failed)
        .map(|v| v.as_str())
        .collect();
    assert_eq!(
        listed, failing,
        "the precedence list in the docs of `fault_case` (fault-runtime/src/lib.rs)"
    );
}
