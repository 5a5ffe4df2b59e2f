//! No fault harness.
