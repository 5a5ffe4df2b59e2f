//! Compile errors of `#[fault_case]`: one file per theme under `tests/ui/`, with the expected
//! compiler output pinned next to it. Regenerate with `TRYBUILD=overwrite` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
