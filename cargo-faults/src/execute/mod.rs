//! Execution: running the selected cases. Each harness runs once with the run's [`settings`]
//! ([`runner`], [`harness`]); its libtest events drive the [`progress`] display, and each case's
//! result comes from the record it wrote ([`collect`]).

mod collect;
mod finished;
pub(crate) mod harness;
mod progress;
pub(crate) mod runner;
pub(crate) mod settings;
