//! `isolation = "container"`: the case's process in new user, mount, PID, IPC and UTS
//! namespaces (and a network namespace of its own with `network = "none"`), seeing a
//! copy-on-write view of the machine in which hidden paths do not exist, with its own `/proc`.
//!
//! The stages: the supervisor plans the view once from the machine's mounts ([`layout`],
//! [`mountinfo`]), resolves the case's hidden paths ([`hidden`]), and clones the container's
//! first process ([`start`]), which builds the view ([`setup`]) and starts the case's process
//! in it ([`init`]), telling the supervisor over a socket ([`messages`]); the supervisor waits
//! ([`watch`]) and reads what the case changed outside its sandbox ([`changes`]). Then it kills
//! the namespace — or, when the case left nothing anywhere, keeps the container for the next
//! case with the same view ([`warm`]). [`run`] strings these together. Whether this machine allows any of it is found out once per run
//! ([`availability`]).

pub(crate) mod availability;
mod changes;
mod hidden;
mod init;
pub(crate) mod layout;
mod messages;
mod mountinfo;
pub(crate) mod run;
mod setup;
mod start;
mod warm;
mod watch;
