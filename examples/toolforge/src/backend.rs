//! Adapter backends: what an adapter call reaches at run time.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The service behind an adapter, as the runtime calls it.
pub trait Backend {
    /// Performs `operation`; an `Err` is a failure the service reported, with its code.
    fn call(&self, operation: &str) -> impl Future<Output = Result<String, &'static str>>;
}

/// An in-memory service with scripted latency and failures: the stand-in for a real service in
/// the examples and tests, so timeouts and retries can be exercised without a network.
#[derive(Debug, Default)]
pub struct Simulated {
    latency: Duration,
    failing_calls: u32,
    calls: AtomicU32,
}

impl Simulated {
    /// A service that answers every call after `latency`.
    pub fn answering_after(latency: Duration) -> Self {
        Simulated {
            latency,
            ..Simulated::default()
        }
    }

    /// A service whose first `calls` calls fail with `UNAVAILABLE` (`u32::MAX`: every call).
    pub fn failing_first(calls: u32) -> Self {
        Simulated {
            failing_calls: calls,
            ..Simulated::default()
        }
    }

    /// How many calls reached the service.
    pub fn calls(&self) -> u32 {
        self.calls.load(Ordering::Relaxed)
    }
}

impl Backend for Simulated {
    async fn call(&self, operation: &str) -> Result<String, &'static str> {
        let call = self.calls.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(self.latency).await;
        if call < self.failing_calls {
            Err("UNAVAILABLE")
        } else {
            Ok(format!("{operation}: ok"))
        }
    }
}
