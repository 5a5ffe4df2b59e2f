//! Running an `async fn` case: a current-thread tokio runtime per case, on a paused clock for
//! `time = "paused"`, with the virtual time it took reported in the record.

use std::cell::Cell;
use std::future::Future;

use crate::declare::CaseDef;

thread_local! {
    /// The virtual time of the paused-clock body that last ran on this thread.
    static VIRTUAL_MS: Cell<Option<f64>> = const { Cell::new(None) };
}

/// The panic payload of a body whose async runtime could not be built: an infrastructure
/// failure inside the case's process (`crashed`), never the system panicking.
#[derive(Debug)]
pub(crate) struct RuntimeUnavailable(pub(crate) String);

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
        Err(err) => std::panic::panic_any(RuntimeUnavailable(format!(
            "failed to start the tokio runtime of an async fault case: {err}"
        ))),
    };
    runtime.block_on(async {
        let started = tokio::time::Instant::now();
        let output = future.await;
        if case.paused_time {
            VIRTUAL_MS.with(|ms| ms.set(Some(started.elapsed().as_secs_f64() * 1000.0)));
        }
        output
    })
}

/// The virtual time of the last paused-clock body run on this thread, taking it.
pub(crate) fn take_virtual_ms() -> Option<f64> {
    VIRTUAL_MS.with(Cell::take)
}
