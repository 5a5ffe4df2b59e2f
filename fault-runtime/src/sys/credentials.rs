//! Socket credentials: which process wrote a chunk, as the kernel attests it, and the
//! descriptors passed with it.

use std::io;
use std::os::fd::OwnedFd;

use rustix::net::RecvAncillaryBuffer;

/// Asks the kernel to attach the writer's pid to every chunk received on `socket`.
pub(crate) fn pass_credentials(socket: &OwnedFd) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    rustix::net::sockopt::set_socket_passcred(socket, true)?;
    #[cfg(not(target_os = "linux"))]
    let _ = socket;
    Ok(())
}

/// The pid that wrote a chunk, as the kernel attached it, and the descriptors sent with it
/// (owned now: dropping them closes them).
#[cfg(target_os = "linux")]
pub(crate) fn writer(control: &mut RecvAncillaryBuffer<'_>) -> (Option<u32>, Vec<OwnedFd>) {
    let (mut writer, mut fds) = (None, Vec::new());
    for message in control.drain() {
        match message {
            rustix::net::RecvAncillaryMessage::ScmCredentials(credentials) => {
                writer = Some(credentials.pid.as_raw_nonzero().get() as u32);
            }
            rustix::net::RecvAncillaryMessage::ScmRights(rights) => fds.extend(rights),
            _ => {}
        }
    }
    (writer, fds)
}

/// Elsewhere chunks carry no writer, and only the process group bounds who can write.
#[cfg(not(target_os = "linux"))]
pub(crate) fn writer(control: &mut RecvAncillaryBuffer<'_>) -> (Option<u32>, Vec<OwnedFd>) {
    let fds = control
        .drain()
        .flat_map(|message| match message {
            rustix::net::RecvAncillaryMessage::ScmRights(rights) => rights.collect(),
            _ => Vec::new(),
        })
        .collect();
    (None, fds)
}
