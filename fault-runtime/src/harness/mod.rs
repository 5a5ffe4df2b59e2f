//! The libtest-compatible front end: reads the run's settings, lists and selects the cases,
//! runs each through [`case_run`] (a `sweep` case through [`sweep`]) and writes its record.

pub(crate) mod case_run;
pub(crate) mod context;
pub(crate) mod libtest;
pub mod listing;
pub(crate) mod recording;
pub(crate) mod selection;
pub(crate) mod settings;
pub(crate) mod sweep;
pub mod vars;
