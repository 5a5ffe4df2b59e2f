//! Running one case in a process of its own: a per-worker supervisor starts it, watches it,
//! and kills everything it started before the case counts as over.
//!
//! The stages: the harness's [`Worker`] sends a request over [`wire`] to its supervisor
//! ([`supervisor`]), which starts the case's process ([`case_process`]), reads its report from a
//! channel that names its writer ([`report_channel`]), and finds and kills what the case left
//! ([`tree`]).

#[cfg(not(unix))]
compile_error!(
    "fault-runtime isolates cases with Unix processes, sockets and signals; only Unix targets are supported"
);

mod case_process;
mod image;
mod report_channel;
mod supervisor;
pub(crate) mod tree;
mod unix;
mod wire;
mod worker;

pub(crate) use image::Image;
pub(crate) use supervisor::{SUPERVISOR_VAR, serve};
pub(crate) use tree::become_subreaper;
pub(crate) use unix::signal_name;
pub(crate) use wire::ReportEnd;
pub(crate) use worker::{Exit, Spawn, Worker};
