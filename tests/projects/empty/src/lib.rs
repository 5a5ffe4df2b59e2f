//! No cases.
