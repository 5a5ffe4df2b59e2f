//! The exit codes of `cargo faults`, in one place (documented in `--help` and the README).

/// Every case passed.
pub(crate) const OK: u8 = 0;
/// A case failed, or `matrix --check` found the committed matrix stale.
pub(crate) const FAILED: u8 = 1;
/// Usage, configuration or build error; or the production guard refused to run.
pub(crate) const ERROR: u8 = 2;
/// No fault case matched: zero cases is never green.
pub(crate) const NO_CASES: u8 = 4;
