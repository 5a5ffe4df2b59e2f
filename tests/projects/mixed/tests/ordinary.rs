//! An ordinary libtest test: if `cargo faults` ran it, the marker would exist.

#[test]
fn would_leave_a_marker() {
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/ordinary-test-ran"), "").unwrap();
}
