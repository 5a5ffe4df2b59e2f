//! `Attempt`: one failed try of a retried append, as it is logged and as a refusal lists it.

use std::fmt;
use std::time::Duration;

/// One failed attempt, as logged and as returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Which attempt, from 1.
    pub number: u32,
    /// Out of how many the policy allows.
    pub of: u32,
    /// The refusal's code, e.g. `WRITE_FAILED`.
    pub code: &'static str,
    /// The refusal's message.
    pub message: String,
    /// The wait before the next attempt; `None` after the last one.
    pub backoff: Option<Duration>,
}

/// The log line for the attempt, exactly as written.
impl fmt::Display for Attempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ledger: append attempt {}/{} failed: {}: {}; ",
            self.number, self.of, self.code, self.message
        )?;
        match self.backoff {
            Some(backoff) => write!(f, "retrying in {backoff:?}"),
            None => f.write_str("giving up"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_renders_as_its_log_line() {
        let mut attempt = Attempt {
            number: 1,
            of: 3,
            code: "WRITE_FAILED",
            message: "write of entry `tx-1` failed, nothing was appended: disk full".into(),
            backoff: Some(Duration::from_millis(5)),
        };
        assert_eq!(
            attempt.to_string(),
            "ledger: append attempt 1/3 failed: WRITE_FAILED: write of entry `tx-1` failed, nothing was appended: disk full; retrying in 5ms"
        );
        attempt.backoff = None;
        assert!(attempt.to_string().ends_with("; giving up"));
    }
}
