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
//! case with the same view ([`warm`]). [`run`] strings these together. When this machine
//! refuses a step, [`availability`] names the setting that allows it. Elsewhere than on Linux,
//! every container case says that containers need Linux namespaces (`unsupported.rs`).

pub(crate) mod availability;
#[cfg(target_os = "linux")]
mod changes;
#[cfg(target_os = "linux")]
mod hidden;
#[cfg(target_os = "linux")]
mod init;
#[cfg(target_os = "linux")]
mod layout;
#[cfg(target_os = "linux")]
mod messages;
#[cfg(target_os = "linux")]
mod mountinfo;
#[cfg(target_os = "linux")]
pub(crate) mod run;
#[cfg(not(target_os = "linux"))]
#[path = "unsupported.rs"]
pub(crate) mod run;
#[cfg(target_os = "linux")]
mod setup;
#[cfg(target_os = "linux")]
mod start;
#[cfg(target_os = "linux")]
mod warm;
#[cfg(target_os = "linux")]
mod watch;
