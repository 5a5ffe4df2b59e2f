//! A case process forked from the fork server: it makes itself exactly what an exec'd case
//! process starts as, then runs its case the same way.
//!
//! Before anything of the case runs, and before any thread exists, it takes from its
//! supervisor the case's request and its descriptors, and sets up what `exec` would have
//! given it: stdin from `/dev/null`, stdout and stderr the supervisor's pipes, the report
//! channel and no other descriptor, the case's complete environment (nothing of the fork
//! server's left), the sandbox as working directory, and a process group of its own. Signal
//! dispositions and mask, umask and limits are the fork server's, which are the ones an
//! exec'd process of the harness binary starts with.

use std::ffi::OsString;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, IntoRawFd, OwnedFd};

use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags};

use crate::child::report::{CHILD_SETUP_FAILED, REPORT_FD_VAR};
use crate::isolate::supervise::wire::RunCase;

/// Becomes the case the supervisor sends on `socket`, runs it and exits as an exec'd case
/// process would have.
pub(crate) fn become_case(socket: OwnedFd) -> ! {
    let code = match set_up(socket) {
        Ok(()) => crate::child::entry::case_process_code().unwrap_or(CHILD_SETUP_FAILED),
        Err(why) => {
            eprintln!("faults: the forked case process could not be set up: {why}");
            CHILD_SETUP_FAILED
        }
    };
    // As returning from `main` does: flushes stdout, runs exit handlers.
    std::process::exit(i32::from(code))
}

/// Takes the request and descriptors from `socket` and applies them.
fn set_up(socket: OwnedFd) -> io::Result<()> {
    let _ = rustix::process::setpgid(None, None);
    // Stdin was the fork server's end of its control socket: held while this process waits
    // for its case, it would hide the fork server's death from the supervisor.
    let null = std::fs::File::open("/dev/null")?;
    rustix::stdio::dup2_stdin(&null)?;
    let (request, fds) = receive(&socket)?;
    drop(socket);
    let [stdout, stderr, report]: [OwnedFd; 3] = fds.try_into().map_err(|fds: Vec<OwnedFd>| {
        io::Error::other(format!("{} descriptors, not 3", fds.len()))
    })?;
    rustix::stdio::dup2_stdout(&stdout)?;
    rustix::stdio::dup2_stderr(&stderr)?;
    drop((null, stdout, stderr));
    crate::sys::close_fds_except(Some(report.as_raw_fd()));
    // Named in the environment, where the case's entry takes it over, as an exec'd one does.
    let report_fd = report.into_raw_fd();
    let old: Vec<OsString> = std::env::vars_os().map(|(name, _)| name).collect();
    // SAFETY: this process has one thread, forked from the single-threaded fork server, and
    // starts none before the case runs: nothing can read the environment concurrently.
    unsafe {
        for name in old {
            std::env::remove_var(name);
        }
        for (name, value) in &request.vars {
            std::env::set_var(name, value);
        }
        std::env::set_var(REPORT_FD_VAR, report_fd.to_string());
    }
    std::env::set_current_dir(&request.cwd)
}

/// The supervisor's one message: the request, with stdout, stderr and the report channel.
fn receive(socket: &OwnedFd) -> io::Result<(RunCase, Vec<OwnedFd>)> {
    // The message's length, without taking it: a buffer of exactly that size, where one large
    // enough for any would be a fresh mapping for each case.
    let length = loop {
        match rustix::net::recv(
            socket.as_fd(),
            &mut [0u8; 0],
            RecvFlags::PEEK | RecvFlags::TRUNC,
        ) {
            Ok((_, length)) => break length,
            Err(rustix::io::Errno::INTR) => {}
            Err(err) => return Err(err.into()),
        }
    };
    let mut buf = vec![0u8; length];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(3))];
    let mut ancillary = RecvAncillaryBuffer::new(&mut space);
    let received = loop {
        match rustix::net::recvmsg(
            socket.as_fd(),
            &mut [io::IoSliceMut::new(&mut buf)],
            &mut ancillary,
            RecvFlags::CMSG_CLOEXEC,
        ) {
            Ok(received) => break received,
            Err(rustix::io::Errno::INTR) => {}
            Err(err) => return Err(err.into()),
        }
    };
    let mut fds = Vec::new();
    for message in ancillary.drain() {
        if let RecvAncillaryMessage::ScmRights(rights) = message {
            fds.extend(rights);
        }
    }
    if received.bytes == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the supervisor sent no case",
        ));
    }
    Ok((RunCase::decode(&buf[..received.bytes])?, fds))
}
