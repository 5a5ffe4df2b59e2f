//! Failpoints: arming fail-rs failpoints in a case's process, and counting hits where the
//! system under test uses [`fail_point!`](crate::fail_point!).
//!
//! fail-rs keeps its configuration per process and serializes tests through a global scenario
//! lock; each case has a process of its own, so cases arm failpoints with `fail::cfg` directly
//! and run in parallel. Plain `fail::fail_point!` keeps working, but only the forwarding macro
//! can tell that an armed failpoint was never reached.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use serde::{Deserialize, Serialize};

/// A `fault_runtime::fail_point!` in the code, registered at compile time: the harness knows
/// this failpoint can report hits even if it is never reached.
#[derive(Debug)]
pub struct FailpointSite {
    /// The failpoint's name.
    pub name: &'static str,
    /// `file!()` of the site.
    pub file: &'static str,
    /// `line!()` of the site.
    pub line: u32,
}

inventory::collect!(FailpointSite);

fn hits() -> &'static Mutex<HashMap<&'static str, u64>> {
    static HITS: OnceLock<Mutex<HashMap<&'static str, u64>>> = OnceLock::new();
    HITS.get_or_init(Default::default)
}

/// Counts one pass through a `fault_runtime::fail_point!` site.
pub fn record_hit(name: &'static str) {
    *hits()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(name)
        .or_default() += 1;
}

/// How often an armed failpoint was reached in a case's process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailpointReport {
    /// The failpoint's name.
    pub name: String,
    /// Its fail-rs actions.
    pub actions: String,
    /// Whether a `fault_runtime::fail_point!` site with this name exists, so hits are counted.
    pub observed: bool,
    /// How often it was reached; `None` where only plain `fail::fail_point!` uses it.
    pub hits: Option<u64>,
}

/// Arms every failpoint of the case; a spec fail-rs rejects is an error before the body runs.
pub(crate) fn arm(failpoints: &[(&str, &str)]) -> Result<(), String> {
    for (name, actions) in failpoints {
        fail::cfg(*name, actions)
            .map_err(|why| format!("fail-rs rejected failpoint `{name}={actions}`: {why}"))?;
    }
    Ok(())
}

/// The hits of every armed failpoint after the body ran.
pub(crate) fn report(failpoints: &[(&str, &str)]) -> Vec<FailpointReport> {
    let counted = hits().lock().unwrap_or_else(PoisonError::into_inner);
    failpoints
        .iter()
        .map(|(name, actions)| {
            let observed = inventory::iter::<FailpointSite>
                .into_iter()
                .any(|site| site.name == *name);
            FailpointReport {
                name: (*name).to_owned(),
                actions: (*actions).to_owned(),
                observed,
                hits: observed.then(|| counted.get(name).copied().unwrap_or(0)),
            }
        })
        .collect()
}

/// A fail-rs failpoint that also counts its hits, so an armed failpoint that is never reached
/// fails its case as `not_exercised` instead of passing without having injected anything.
///
/// Takes the same forms as `fail::fail_point!`, with a string literal name:
///
/// ```
/// fn append(record: &[u8]) -> std::io::Result<()> {
///     fault_runtime::fail_point!("ledger.write", |_| Err(std::io::Error::other("injected")));
///     let _ = record;
///     Ok(())
/// }
/// # append(b"x").unwrap();
/// ```
///
/// The failpoints are compiled in through fail-rs's `failpoints` feature, which depending on
/// `fault-runtime` turns on.
#[macro_export]
macro_rules! fail_point {
    ($name:literal) => {{
        $crate::__failpoint_site!($name);
        $crate::__private::fail::fail_point!($name);
    }};
    ($name:literal, $e:expr) => {{
        $crate::__failpoint_site!($name);
        $crate::__private::fail::fail_point!($name, $e);
    }};
    ($name:literal, $cond:expr, $e:expr) => {{
        $crate::__failpoint_site!($name);
        $crate::__private::fail::fail_point!($name, $cond, $e);
    }};
}

/// Registers a failpoint site and counts the pass; used by [`fail_point!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __failpoint_site {
    ($name:literal) => {
        $crate::__private::inventory::submit! {
            $crate::__private::FailpointSite { name: $name, file: ::core::file!(), line: ::core::line!() }
        }
        $crate::__private::record_hit($name);
    };
}
