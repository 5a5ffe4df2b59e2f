//! `FailedAttempt`: one failed adapter call, as the retry history of a refusal records it.

use std::time::Duration;

/// One failed call, as the retry history records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedAttempt {
    /// 1-based attempt number.
    pub number: u32,
    /// The code the service failed with.
    pub code: &'static str,
    /// The wait before the next attempt; `None` after the last one.
    pub backoff: Option<Duration>,
}
