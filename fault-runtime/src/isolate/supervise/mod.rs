//! Running one case in a process of its own: a per-worker supervisor starts it, watches it,
//! and kills everything it started before the case counts as over.
//!
//! The stages: the harness's [`Worker`] sends a request over [`wire`] to its supervisor
//! ([`supervisor`]), which starts the case's process ([`case_process`]) — forked from its
//! [`fork_server`] through [`forks`], or exec'd — reads its report from a
//! channel that names its writer ([`report_channel`]), and finds and kills what the case left
//! ([`process_tree`](crate::sys::process_tree)).

pub(crate) mod case_process;
mod codec;
#[cfg(target_os = "linux")]
pub(crate) mod fork_server;
#[cfg(target_os = "linux")]
mod forks;
pub(crate) mod image;
mod markers;
pub(crate) mod report_channel;
pub(crate) mod supervisor;
pub(crate) mod syscall_faults;
mod wake;
pub(crate) mod wire;
pub(crate) mod worker;

pub(crate) use image::Image;
pub(crate) use markers::{FORK_SERVER_VAR, SUPERVISOR_VAR};
pub(crate) use supervisor::serve;
pub(crate) use wire::ReportEnd;
pub(crate) use worker::{Exit, Spawn, Worker};
