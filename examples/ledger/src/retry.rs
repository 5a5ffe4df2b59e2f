//! Bounded retries of appends that failed transiently, each failed attempt logged: a retry
//! that hides a failing disk is as bad as no refusal at all.

use std::io::{self, Write};
use std::thread;
use std::time::Duration;

use crate::{Attempt, Entry, Ledger, LedgerError, Receipt};

/// How often to try an append, and how long to wait between tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; at least 1.
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles after each further one.
    pub backoff: Duration,
}

impl RetryPolicy {
    /// The wait after failed attempt `number` (from 1): exponential, so a struggling disk gets
    /// time to recover, and capped at 2^16 times `backoff`.
    pub fn backoff_after(&self, number: u32) -> Duration {
        let doublings = number.saturating_sub(1).min(16);
        self.backoff.saturating_mul(1 << doublings)
    }
}

/// An append that succeeded, perhaps after failed attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The durable append's receipt.
    pub receipt: Receipt,
    /// The attempts that failed before it, in order.
    pub failed_attempts: Vec<Attempt>,
}

impl Ledger {
    /// Appends `entry`, retrying a failed write or fsync (each rolled back, so every attempt
    /// starts from the same file) up to `policy.max_attempts` times, and logs each failed
    /// attempt to stderr.
    ///
    /// Refuses `RETRY_EXHAUSTED` with every attempt once the policy is spent, and
    /// `INVALID_RETRY_POLICY` for a policy with no attempt. Any other refusal is not retried
    /// and is returned as it is.
    pub fn append_with_retry(
        &mut self,
        entry: Entry,
        policy: &RetryPolicy,
    ) -> Result<Appended, LedgerError> {
        self.append_with_retry_logged(entry, policy, io::stderr())
    }

    /// [`append_with_retry`](Ledger::append_with_retry), logging to `log` instead of stderr. A
    /// log that cannot be written does not change the outcome.
    pub fn append_with_retry_logged(
        &mut self,
        entry: Entry,
        policy: &RetryPolicy,
        mut log: impl Write,
    ) -> Result<Appended, LedgerError> {
        if policy.max_attempts == 0 {
            return Err(LedgerError::InvalidRetryPolicy);
        }
        let mut failed_attempts = Vec::new();
        for number in 1..=policy.max_attempts {
            let error = match self.append(entry.clone()) {
                Ok(receipt) => {
                    return Ok(Appended {
                        receipt,
                        failed_attempts,
                    });
                }
                Err(error) if error.is_transient() => error,
                Err(error) => return Err(error),
            };
            let attempt = Attempt {
                number,
                of: policy.max_attempts,
                code: error.code(),
                message: error.to_string(),
                backoff: (number < policy.max_attempts).then(|| policy.backoff_after(number)),
            };
            let _ = writeln!(log, "{attempt}");
            if let Some(backoff) = attempt.backoff {
                thread::sleep(backoff);
            }
            failed_attempts.push(attempt);
        }
        Err(LedgerError::RetryExhausted {
            id: entry.id,
            attempts: failed_attempts,
        })
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use std::time::Duration;

    use fault_runtime::fault_case;

    use super::{Appended, RetryPolicy};
    use crate::claims::{CaseError, LEDGER_FILE, entry, expect_entries};
    use crate::{Ledger, LedgerError};

    /// Retries exhausted
    ///
    /// Every write fails; three attempts are made, each logged, and the refusal lists all
    /// three. A history with other attempts, or an entry found after a reopen, is another code.
    #[fault_case(
        id = "ledger-5",
        gate = "WRITE",
        expect = "RETRY_EXHAUSTED",
        severity = "error",
        category = "execution",
        fault = "write_fails_every_attempt",
        recovery = "Fix the storage (space, permissions, device errors), then append the entry again",
        failpoints = "ledger.write=return",
        control,
        attempts = 3,
        tags = ["write", "retry"],
    )]
    fn retries_exhausted() -> Result<Appended, CaseError> {
        let policy = RetryPolicy {
            max_attempts: 3,
            backoff: Duration::from_millis(1),
        };
        let mut ledger = Ledger::create(LEDGER_FILE)?;
        let refusal = match ledger.append_with_retry(entry("tx-1"), &policy) {
            Ok(appended) => return Ok(appended),
            Err(refusal) => refusal,
        };
        if let LedgerError::RetryExhausted { attempts, .. } = &refusal {
            let history: Vec<_> = attempts
                .iter()
                .map(|a| (a.number, a.of, a.code, a.backoff))
                .collect();
            let expected = [
                (1, 3, "WRITE_FAILED", Some(Duration::from_millis(1))),
                (2, 3, "WRITE_FAILED", Some(Duration::from_millis(2))),
                (3, 3, "WRITE_FAILED", None),
            ];
            if history != expected {
                return Err(CaseError::RetryHistoryMismatch(format!(
                    "expected {expected:?}, recorded {history:?}"
                )));
            }
        }
        drop(ledger);
        expect_entries(&Ledger::open(LEDGER_FILE)?, &[])?;
        Err(refusal.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_after_each_failure_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 5,
            backoff: Duration::from_millis(10),
        };
        let waits: Vec<_> = (1..=4).map(|n| policy.backoff_after(n)).collect();
        assert_eq!(
            waits,
            [10, 20, 40, 80].map(Duration::from_millis),
            "exponential from `backoff`"
        );
        assert_eq!(
            policy.backoff_after(u32::MAX),
            Duration::from_millis(10 << 16)
        );
    }

    #[test]
    fn a_first_try_success_logs_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::create(dir.path().join("ledger.bin")).unwrap();
        let mut log = Vec::new();
        let policy = RetryPolicy {
            max_attempts: 3,
            backoff: Duration::from_millis(1),
        };
        let appended = ledger
            .append_with_retry_logged(Entry::new("tx-1", 1, ""), &policy, &mut log)
            .unwrap();
        assert_eq!(appended.failed_attempts, []);
        assert_eq!(appended.receipt.sequence, 0);
        assert!(log.is_empty());
    }

    #[test]
    fn refusals_that_a_retry_cannot_fix_are_returned_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::create(dir.path().join("ledger.bin")).unwrap();
        ledger.append(Entry::new("tx-1", 1, "")).unwrap();
        let mut log = Vec::new();
        let policy = RetryPolicy {
            max_attempts: 3,
            backoff: Duration::from_secs(60),
        };
        let err = ledger
            .append_with_retry_logged(Entry::new("tx-1", 2, ""), &policy, &mut log)
            .unwrap_err();
        assert_eq!(err.code(), "DUPLICATE_ID");
        assert!(log.is_empty());
    }

    #[test]
    fn a_policy_without_attempts_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::create(dir.path().join("ledger.bin")).unwrap();
        let policy = RetryPolicy {
            max_attempts: 0,
            backoff: Duration::ZERO,
        };
        let err = ledger
            .append_with_retry(Entry::new("tx-1", 1, ""), &policy)
            .unwrap_err();
        assert_eq!(err.code(), "INVALID_RETRY_POLICY");
        assert!(ledger.is_empty());
    }
}
