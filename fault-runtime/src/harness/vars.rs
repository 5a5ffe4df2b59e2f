//! The environment variables through which tools talk to a fault harness.
//!
//! These names are a public contract: `cargo faults` drives harnesses only through them, and
//! any other runner may do the same. Boolean variables accept `1`, `true`, `yes`, `on` and `0`,
//! `false`, `no`, `off` or empty, in any case; any other value stops the harness with an error
//! naming the variable, so a typo never silently means "off".

use std::ffi::OsString;

use thiserror::Error;

/// Names the run; every record carries it. `cargo faults` sets one per invocation; otherwise
/// nextest's run id is used, else one is generated.
pub const RUN_ID: &str = "FAULTS_RUN_ID";

/// Where records are written; default `<target dir>/faults/<run id>/`. A relative path is taken
/// from the harness's working directory when it starts.
pub const RECORDS_DIR: &str = "FAULTS_RECORDS_DIR";

/// Boolean: keep the sandbox of every failed case and name it in the record.
pub const KEEP_SANDBOX: &str = "FAULTS_KEEP_SANDBOX";

/// A file path, together with `--list`: the harness writes its
/// [`Listing`](crate::harness::listing::Listing) there as one JSON document instead of running anything.
/// This is the handshake `cargo faults` uses; it travels in a file, not on stdout, so a harness
/// that prints before handing over to [`run`](crate::run) still answers it.
pub const DESCRIBE: &str = "FAULTS_DESCRIBE";

/// A file of case ids, one per line: only those cases exist for this run. An id the harness
/// does not know is an error, so a stale selection cannot silently run nothing.
pub const SELECT: &str = "FAULTS_SELECT";

/// Boolean: after the first failed case, start no further case (they are reported as ignored).
pub const FAIL_FAST: &str = "FAULTS_FAIL_FAST";

/// Boolean: every claim the harness could not verify fails its case as `unverified` (a declared
/// gate the refusal did not report, a failpoint with no registered site).
pub const STRICT: &str = "FAULTS_STRICT";

/// Boolean: a declared gate the refusal did not report fails its case as `unverified`.
pub const STRICT_GATES: &str = "FAULTS_STRICT_GATES";

/// Boolean: a `drift` case that fails as predicted fails the run instead of passing.
pub const DRIFT_AS_FAILURE: &str = "FAULTS_DRIFT_AS_FAILURE";

/// Boolean: every case whose attribute injects a removable fault (`env_remove`, `hide`,
/// `failpoints`, `syscalls`, `network = "none"`, `memory_limit`, `open_files`) also runs its
/// automatic control: the body without those faults, which must complete, else the case is
/// `vacuous`. A case no control can be derived for says why in its record's `control`.
pub const CONTROL: &str = "FAULTS_CONTROL";

/// Names the harness in records and record file names (`package::target`), so two harnesses
/// writing into one records directory never share a file. `cargo faults` sets it; otherwise
/// nextest's binary id is used, else the package and the binary's crate name.
pub const HARNESS: &str = "FAULTS_HARNESS";

/// A file the harness appends one line of JSON to for each case it finishes,
/// `{"case_id", "verdict", "duration_ms"}`, before libtest reports the case: how `cargo faults`
/// shows each case's time and verdict as it ends (libtest's events carry neither).
pub const PROGRESS: &str = "FAULTS_PROGRESS";

/// Names the invocation that writes the records, so a reader can tell this invocation's records
/// from those an earlier one left in the same directory under the same run id. `cargo faults`
/// sets a fresh one per invocation; otherwise every harness process generates its own.
pub const INVOCATION_ID: &str = "FAULTS_INVOCATION_ID";

/// Set by nextest; the run id when [`RUN_ID`] is not set.
pub(crate) const NEXTEST_RUN_ID: &str = "NEXTEST_RUN_ID";

/// Set by nextest; names the test binary (`package::target`).
pub(crate) const NEXTEST_BINARY_ID: &str = "NEXTEST_BINARY_ID";

/// Spellings of a true boolean, lowercase.
const TRUE: [&str; 4] = ["1", "true", "yes", "on"];

/// Spellings of a false boolean, lowercase; an empty value is false too.
const FALSE: [&str; 5] = ["", "0", "false", "no", "off"];

/// A `FAULTS_*` variable holds a value its name does not accept.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{name}={value:?} is not {expected}\n(hint: {hint})")]
pub struct InvalidValue {
    /// The variable.
    pub name: String,
    /// The value it holds, lossily decoded.
    pub value: String,
    /// What the variable holds: "a boolean", or the choices.
    pub expected: String,
    /// The values it accepts.
    pub hint: String,
}

/// `FAULTS_ISOLATION=container`: every process-isolated case runs in a container.
pub const ISOLATION: &str = "FAULTS_ISOLATION";

/// `FAULTS_SPAWN=exec`: every case process is exec'd from the harness binary, none forked from
/// a fork server (`fork`, the default).
pub const SPAWN: &str = "FAULTS_SPAWN";

/// Reads a boolean variable of this process: unset is `false`.
pub fn flag(name: &str) -> Result<bool, InvalidValue> {
    parse_flag(name, std::env::var_os(name))
}

/// Parses the value of boolean variable `name`; `None` (unset) is `false`.
pub fn parse_flag(name: &str, value: Option<OsString>) -> Result<bool, InvalidValue> {
    let Some(value) = value else {
        return Ok(false);
    };
    let text = value.to_string_lossy();
    let lower = text.trim().to_ascii_lowercase();
    if TRUE.contains(&lower.as_str()) {
        Ok(true)
    } else if FALSE.contains(&lower.as_str()) {
        Ok(false)
    } else {
        Err(InvalidValue {
            name: name.to_owned(),
            value: text.into_owned(),
            expected: "a boolean".to_owned(),
            hint: "use 1, true, yes or on to turn it on; 0, false, no, off or empty to turn it off"
                .to_owned(),
        })
    }
}

/// Reads a variable that holds one of `choices`: unset or empty is `None`.
pub fn choice(name: &str, choices: &[&'static str]) -> Result<Option<&'static str>, InvalidValue> {
    let Some(value) = std::env::var_os(name) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    choices
        .iter()
        .find(|choice| choice.eq_ignore_ascii_case(trimmed))
        .map(|choice| Some(*choice))
        .ok_or_else(|| InvalidValue {
            name: name.to_owned(),
            value: text.into_owned(),
            expected: format!("one of {}", choices.join(", ")),
            hint: format!("set {name} to {}, or leave it unset", choices.join(" or ")),
        })
}

/// The value `cargo faults` and other runners give a boolean variable.
pub fn flag_value(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_accept_every_documented_spelling_in_any_case() {
        for on in ["1", "true", "TRUE", "Yes", "on", " On "] {
            assert_eq!(parse_flag(STRICT, Some(on.into())), Ok(true), "{on:?}");
        }
        for off in ["", "0", "false", "False", "NO", "off"] {
            assert_eq!(parse_flag(STRICT, Some(off.into())), Ok(false), "{off:?}");
        }
        assert_eq!(parse_flag(STRICT, None), Ok(false));
    }

    #[test]
    fn any_other_value_is_an_error_naming_the_variable() {
        let err = parse_flag(STRICT_GATES, Some("enabled".into())).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("FAULTS_STRICT_GATES=\"enabled\""),
            "{text}"
        );
        assert!(text.contains("1, true, yes or on"), "{text}");
    }
}
