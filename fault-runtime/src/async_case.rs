//! Running an `async fn` case: a current-thread tokio runtime per case, on a paused clock for
//! `time = "paused"`, with the virtual time it took reported in the record.

use std::future::Future;
use std::sync::{Mutex, PoisonError};

use crate::CaseDef;

static VIRTUAL_MS: Mutex<Option<f64>> = Mutex::new(None);

/// Runs `future` to completion on a fresh runtime; used by the code `#[fault_case]` generates.
///
/// With a paused clock tokio advances time whenever every task waits on a timer, so a 2 s
/// delay against a 1 s timeout takes microseconds of wall time; the virtual time elapsed is
/// recorded as `performance.virtual_ms`.
pub fn block_on<F: Future>(case: &CaseDef, future: F) -> F::Output {
    let mut builder = tokio::runtime::Builder::new_current_thread();
    builder.enable_all().start_paused(case.paused_time);
    let runtime = match builder.build() {
        Ok(runtime) => runtime,
        Err(err) => panic!("failed to start the tokio runtime of an async fault case: {err}"),
    };
    runtime.block_on(async {
        let started = tokio::time::Instant::now();
        let output = future.await;
        if case.paused_time {
            *VIRTUAL_MS.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(started.elapsed().as_secs_f64() * 1000.0);
        }
        output
    })
}

/// The virtual time of the last paused-clock case, taking it.
pub(crate) fn take_virtual_ms() -> Option<f64> {
    VIRTUAL_MS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
}
