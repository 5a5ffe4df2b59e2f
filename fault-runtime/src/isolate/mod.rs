//! The parent's side of one case: the sandbox and environment it starts in, what it requires,
//! the PATH view that hides programs, and the supervised process it runs in ([`supervise`]) —
//! or, for `isolation = "none"`, the harness's own process ([`in_process`]).

pub(crate) mod capture;
pub(crate) mod container;
pub(crate) mod environment;
pub(crate) mod in_process;
pub(crate) mod interrupt;
mod observation;
pub(crate) mod observe;
pub(crate) mod path_view;
pub(crate) mod requirements;
mod resources;
mod run_faults;
pub(crate) mod sandbox;
pub(crate) mod supervise;
pub(crate) mod syscalls;

pub(crate) use observation::Observation;
pub(crate) use resources::Resources;
pub(crate) use run_faults::RunFaults;
#[cfg(target_os = "linux")]
pub(crate) use supervise::fork_server;
pub(crate) use supervise::{
    Exit, FORK_SERVER_VAR, Image, ReportEnd, SUPERVISOR_VAR, Spawn, Worker, serve,
};
