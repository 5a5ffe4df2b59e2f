//! Arming a case's syscall faults in its own process: the filter goes on right before the
//! body, so calls count from the body's start, and its listener goes to the supervisor, which
//! answers every watched call of this process and of everything it starts.

use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;

/// Why the case's syscall faults could not be armed.
#[derive(Debug)]
pub(crate) enum NotArmed {
    /// The kernel lacks what they need: the case is `missing_dependency`.
    Unavailable(String),
    /// Something else went wrong: the case could not be set up.
    Failed(String),
}

/// Moves the report channel to a high descriptor number before anything else is opened, so
/// that a file a started program opens is unlikely to share its number (calls on that number
/// are exempt in every process of the case).
pub(crate) fn move_channel_high(channel: UnixStream) -> UnixStream {
    const HIGHEST: u64 = 1023;
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile)
        .current
        .unwrap_or(HIGHEST + 1);
    let Some(target) = limit.min(HIGHEST + 1).checked_sub(1).filter(|fd| *fd > 2) else {
        return channel;
    };
    match rustix::io::fcntl_dupfd_cloexec(&channel, target as i32) {
        Ok(moved) => UnixStream::from(moved),
        Err(_) => channel,
    }
}

/// Installs the filter for `specs` and sends its listener on `channel`; returns the listener,
/// which this process keeps open until it exits.
#[cfg(target_os = "linux")]
pub(crate) fn arm(specs: &[String], channel: &UnixStream) -> Result<OwnedFd, NotArmed> {
    use std::mem::MaybeUninit;
    use std::os::fd::{AsFd, AsRawFd};

    use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags};

    use crate::isolate::syscalls::rules;
    use crate::sys::seccomp::{self, Watched};

    let rules = rules::resolve(specs).map_err(NotArmed::Failed)?;
    let mut watched: Vec<Watched> = Vec::with_capacity(rules.len());
    for rule in &rules {
        if !watched.iter().any(|w| w.nr == rule.nr) {
            watched.push(Watched {
                nr: rule.nr,
                fd_first: rule.fd_first,
            });
        }
    }
    let exempt = [0, 1, 2, channel.as_raw_fd() as u32];
    // Everything the send needs is ready before the filter goes on: from then until the
    // supervisor holds the listener, a watched call would wait for an answer nobody can give.
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let listener =
        seccomp::install(&watched, &exempt).map_err(|why| NotArmed::Unavailable(why.0))?;
    let fds = [listener.as_fd()];
    let mut control = SendAncillaryBuffer::new(&mut space);
    if !control.push(SendAncillaryMessage::ScmRights(&fds)) {
        return Err(NotArmed::Failed(
            "no room to send the syscall filter's listener".to_owned(),
        ));
    }
    rustix::net::sendmsg(
        channel,
        &[std::io::IoSlice::new(b"\n")],
        &mut control,
        SendFlags::empty(),
    )
    .map_err(|err| {
        NotArmed::Failed(format!(
            "sending the syscall filter's listener to the supervisor failed: {err}"
        ))
    })?;
    Ok(listener)
}

/// Syscall faults need seccomp user notification, which only Linux has.
#[cfg(not(target_os = "linux"))]
pub(crate) fn arm(_specs: &[String], _channel: &UnixStream) -> Result<OwnedFd, NotArmed> {
    Err(NotArmed::Unavailable(format!(
        "syscall faults need Linux (seccomp user notification); this is {}",
        std::env::consts::OS
    )))
}
