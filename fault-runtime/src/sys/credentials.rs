//! Socket credentials: which process wrote a chunk, as the kernel attests it.

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

/// The pid that wrote a chunk, as the kernel attached it.
#[cfg(target_os = "linux")]
pub(crate) fn writer(control: &mut RecvAncillaryBuffer<'_>) -> Option<u32> {
    control.drain().find_map(|message| match message {
        rustix::net::RecvAncillaryMessage::ScmCredentials(credentials) => {
            Some(credentials.pid.as_raw_nonzero().get() as u32)
        }
        _ => None,
    })
}

/// Elsewhere chunks carry no writer, and only the process group bounds who can write.
#[cfg(not(target_os = "linux"))]
pub(crate) fn writer(_control: &mut RecvAncillaryBuffer<'_>) -> Option<u32> {
    None
}
