//! Retry history: every attempt of a retried operation, so no retry goes unseen.

#[cfg(feature = "harness")]
use serde::{Deserialize, Serialize};

/// One attempt of a retried operation, as the system reports it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "harness", derive(Serialize, Deserialize))]
pub struct Attempt {
    /// 1-based attempt number.
    pub attempt: u32,
    /// The error code of the attempt.
    pub code: String,
    /// The error message of the attempt.
    pub message: Option<String>,
    /// The wait before the next attempt, in milliseconds; `None` after the last one.
    pub backoff_ms: Option<f64>,
}

impl Attempt {
    /// Attempt `attempt` failing with `code`, followed by a wait of `backoff`.
    pub fn new(
        attempt: u32,
        code: impl Into<String>,
        backoff: Option<std::time::Duration>,
    ) -> Self {
        Attempt {
            attempt,
            code: code.into(),
            message: None,
            backoff_ms: backoff.map(|wait| wait.as_secs_f64() * 1000.0),
        }
    }
}
