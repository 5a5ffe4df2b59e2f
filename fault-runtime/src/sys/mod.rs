//! What differs between operating systems, in one place: signal names, the environment block, the process tree
//! (child subreaper, finding and killing descendants), pidfds, socket credentials, inherited
//! descriptors, the fork server's fork, unnamed files, removing directory trees, the
//! namespaces and mounts of containers, and the seccomp filters of syscall faults.

#[cfg(not(unix))]
compile_error!(
    "fault-runtime isolates cases with Unix processes, sockets and signals; only Unix targets are supported"
);

mod credentials;
pub(crate) mod environ;
mod fds;
#[cfg(target_os = "linux")]
pub(crate) mod fork;
mod fs;
#[cfg(target_os = "linux")]
pub(crate) mod mount_attr;
#[cfg(target_os = "linux")]
pub(crate) mod namespaces;
mod pidfd;
pub(crate) mod process_tree;
#[cfg(target_os = "linux")]
pub(crate) mod seccomp;
mod signal;
mod timeout;
mod unnamed_file;

pub(crate) use credentials::{pass_credentials, writer};
pub(crate) use fds::{close_fds_except, close_inherited_fds};
pub(crate) use fs::remove_dir;
pub(crate) use pidfd::{pidfd, pidfds_work};
pub(crate) use signal::signal_name;
pub(crate) use timeout::poll_timeout;
pub(crate) use unnamed_file::link_unnamed;
