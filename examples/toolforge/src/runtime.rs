//! The `RUNTIME` gate: calling a validated tool's adapter operation, bounded in time and in
//! retries.
//!
//! A call that outlives its timeout is refused at once (`ADAPTER_TIMEOUT`): a slow service is
//! not hammered with more calls. A transient failure is retried with exponential backoff, each
//! attempt recorded; when the attempts run out the call is refused (`RETRY_EXHAUSTED`) with the
//! whole history, so no retry happens silently.

use std::time::Duration;

use crate::backend::Backend;
use crate::{FailedAttempt, ToolSpecError, ValidatedTool};

/// How an adapter call is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallPolicy {
    /// The longest one call may take.
    pub timeout: Duration,
    /// How many calls in all, the first included.
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles after each further one.
    pub initial_backoff: Duration,
}

impl Default for CallPolicy {
    fn default() -> Self {
        CallPolicy {
            timeout: Duration::from_millis(1000),
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
        }
    }
}

/// Calls the tool's adapter operation through `backend` under `policy`.
pub async fn invoke(
    tool: &ValidatedTool,
    backend: &impl Backend,
    policy: &CallPolicy,
) -> Result<String, ToolSpecError> {
    let adapter_id = tool.adapter().map_or("none", |a| a.id).to_owned();
    let operation = tool.operation().map_or("none", |op| op.name).to_owned();
    let mut history = Vec::new();
    let mut backoff = policy.initial_backoff;
    for number in 1..=policy.max_attempts.max(1) {
        let code = match tokio::time::timeout(policy.timeout, backend.call(&operation)).await {
            Err(_) => {
                return Err(ToolSpecError::AdapterTimeout {
                    adapter_id,
                    operation,
                    timeout_ms: policy.timeout.as_millis(),
                });
            }
            Ok(Ok(response)) => return Ok(response),
            Ok(Err(code)) => code,
        };
        let last = number == policy.max_attempts.max(1);
        let wait = (!last).then_some(backoff);
        eprintln!(
            "toolforge: {adapter_id}.{operation} attempt {number}/{} failed with {code}{}",
            policy.max_attempts,
            wait.map(|w| format!("; retrying in {} ms", w.as_millis()))
                .unwrap_or_default()
        );
        history.push(FailedAttempt {
            number,
            code,
            backoff: wait,
        });
        if let Some(wait) = wait {
            tokio::time::sleep(wait).await;
            backoff *= 2;
        }
    }
    Err(ToolSpecError::RetryExhausted {
        adapter_id,
        operation,
        attempts: history,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Simulated;
    use crate::samples::{artifact_upload, vector_search};
    use crate::validate;

    fn run<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_fast_service_answers() {
        let tool = validate(&artifact_upload()).unwrap();
        let backend = Simulated::answering_after(Duration::from_millis(20));
        let response = run(invoke(&tool, &backend, &CallPolicy::default())).unwrap();
        assert_eq!(response, "put_object: ok");
        assert_eq!(backend.calls(), 1);
    }

    #[test]
    fn transient_failures_within_the_attempts_are_retried() {
        let tool = validate(&vector_search()).unwrap();
        let backend = Simulated::failing_first(2);
        assert!(run(invoke(&tool, &backend, &CallPolicy::default())).is_ok());
        assert_eq!(backend.calls(), 3);
    }

    #[test]
    fn a_slow_service_is_refused_at_the_timeout_without_retries() {
        let tool = validate(&artifact_upload()).unwrap();
        let backend = Simulated::answering_after(Duration::from_millis(2000));
        let err = run(invoke(&tool, &backend, &CallPolicy::default())).unwrap_err();
        assert_eq!(err.code(), "ADAPTER_TIMEOUT");
        assert_eq!(backend.calls(), 1);
    }

    #[test]
    fn exhaustion_reports_every_attempt_with_its_backoff() {
        let tool = validate(&vector_search()).unwrap();
        let backend = Simulated::failing_first(u32::MAX);
        let err = run(invoke(&tool, &backend, &CallPolicy::default())).unwrap_err();
        let ToolSpecError::RetryExhausted { attempts, .. } = &err else {
            panic!("expected exhaustion, got {err}");
        };
        let backoffs: Vec<_> = attempts.iter().map(|a| a.backoff).collect();
        assert_eq!(
            backoffs,
            [
                Some(Duration::from_millis(100)),
                Some(Duration::from_millis(200)),
                None
            ]
        );
        assert_eq!(backend.calls(), 3);
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use std::time::Duration;

    use fault_runtime::fault_case;

    use super::{CallPolicy, invoke};
    use crate::backend::Simulated;
    use crate::samples::{artifact_upload, vector_search};
    use crate::{ToolSpecError, validate};

    /// Timeout
    ///
    /// R2's `put_object` answers after 2000 ms against a 1000 ms timeout, on tokio's paused
    /// clock: the refusal comes at the timeout, in microseconds of wall time.
    #[fault_case(
        id = "fault-6",
        gate = "RUNTIME",
        expect = "ADAPTER_TIMEOUT",
        halt,
        severity = "error",
        category = "execution",
        fault = "adapter_latency",
        recovery = "Check the service's health and latency; raise the timeout only if the service's SLO allows it",
        time = "paused",
        control = upload_answered_in_time,
        tags = ["runtime", "adapters"],
    )]
    async fn adapter_timeout() -> Result<String, ToolSpecError> {
        upload_answered_after(Duration::from_millis(2000)).await
    }

    /// The control of fault-6: the same upload, answered after 20 ms, well inside the
    /// timeout. It must go through, so the refusal comes from the latency alone.
    async fn upload_answered_in_time() -> Result<String, ToolSpecError> {
        upload_answered_after(Duration::from_millis(20)).await
    }

    /// Calls R2's `put_object` under a 1000 ms timeout, against a service answering after
    /// `latency`.
    async fn upload_answered_after(latency: Duration) -> Result<String, ToolSpecError> {
        let tool = validate(&artifact_upload())?;
        let backend = Simulated::answering_after(latency);
        let policy = CallPolicy {
            timeout: Duration::from_millis(1000),
            ..CallPolicy::default()
        };
        invoke(&tool, &backend, &policy).await
    }

    /// Retry exhaustion
    ///
    /// Qdrant `search` fails on every call: three attempts with exponential backoff (100 ms,
    /// 200 ms), each logged and reported in the retry history, then a refusal.
    #[fault_case(
        id = "fault-7",
        gate = "RUNTIME",
        expect = "RETRY_EXHAUSTED",
        halt,
        severity = "error",
        category = "execution",
        fault = "adapter_unavailable",
        recovery = "Restore the service; the retry history in the record shows every attempt and its backoff",
        attempts = 3,
        time = "paused",
        control = search_answered,
        tags = ["runtime", "adapters", "retries"],
    )]
    async fn retry_exhaustion() -> Result<String, ToolSpecError> {
        search_failing_first(u32::MAX).await
    }

    /// The control of fault-7: the same search against a service that fails no call. It must
    /// answer, so the refusal comes from the failures alone.
    async fn search_answered() -> Result<String, ToolSpecError> {
        search_failing_first(0).await
    }

    /// Calls Qdrant's `search` under the default policy, against a service whose first `calls`
    /// calls fail.
    async fn search_failing_first(calls: u32) -> Result<String, ToolSpecError> {
        let tool = validate(&vector_search())?;
        let backend = Simulated::failing_first(calls);
        invoke(&tool, &backend, &CallPolicy::default()).await
    }
}
