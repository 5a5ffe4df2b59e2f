//! The case process: one case, run exactly once, in a process of its own.
//!
//! [`entry`] takes over when the harness binary starts as a case process, applies the case's
//! [`limits`] and [`failpoint`]s, runs the body ([`async_body`] for an `async fn`) and writes
//! its [`report`] for the parent to judge. A case process forked from the fork server first
//! makes itself what an exec'd one starts as ([`forked`]).

pub(crate) mod async_body;
pub(crate) mod entry;
pub(crate) mod failpoint;
#[cfg(target_os = "linux")]
pub(crate) mod forked;
pub(crate) mod limits;
mod panic_site;
pub(crate) mod report;
mod syscalls;
pub(crate) mod warnings;
