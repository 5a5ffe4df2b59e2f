//! The variables that tell a process of the harness binary what it was started as, besides a
//! case process: a supervisor, or a supervisor's fork server. Defined on every platform, so
//! that a program embedding fault cases can route such a process anywhere.

/// Marks a process started by a harness to be a supervisor.
pub(crate) const SUPERVISOR_VAR: &str = "__FAULTS_SUPERVISOR";

/// Marks a process started by a supervisor to be its fork server.
pub(crate) const FORK_SERVER_VAR: &str = "__FAULTS_FORK_SERVER";
