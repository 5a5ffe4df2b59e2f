//! Starting a process in new Linux namespaces: `clone3` (or `clone`) with namespace flags, the
//! only way for a process to be the first of a new PID namespace from the start.

use std::io;

/// The namespaces a container case gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Namespaces {
    /// A network namespace of its own, with only its own loopback.
    pub(crate) network: bool,
}

/// Which side of [`clone_into`] this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Forked {
    /// The parent, with the child's pid.
    Parent(u32),
    /// The child: the first process (pid 1) of the new namespaces.
    Child,
}

/// Starts a copy of this process in new user, mount, PID, IPC and UTS namespaces (and a
/// network namespace when asked), like `fork`.
///
/// # Safety
/// The calling process must be single-threaded: the child is a copy of the calling thread
/// only, and runs arbitrary code (allocation included) afterwards.
pub(crate) unsafe fn clone_into(namespaces: Namespaces) -> io::Result<Forked> {
    let mut flags = libc::CLONE_NEWUSER
        | libc::CLONE_NEWNS
        | libc::CLONE_NEWPID
        | libc::CLONE_NEWIPC
        | libc::CLONE_NEWUTS;
    if namespaces.network {
        flags |= libc::CLONE_NEWNET;
    }
    /// `struct clone_args` of clone3(2), up to `tls`, the fields every kernel with clone3 has.
    #[repr(C)]
    struct CloneArgs {
        flags: u64,
        pidfd: u64,
        child_tid: u64,
        parent_tid: u64,
        exit_signal: u64,
        stack: u64,
        stack_size: u64,
        tls: u64,
    }
    let args = CloneArgs {
        flags: flags as u64,
        pidfd: 0,
        child_tid: 0,
        parent_tid: 0,
        exit_signal: libc::SIGCHLD as u64,
        stack: 0,
        stack_size: 0,
        tls: 0,
    };
    // SAFETY: clone3 with no stack and no CLONE_VM duplicates the calling thread like fork(2):
    // the child gets a copy-on-write copy of the address space and continues from here. The
    // caller guarantees there is no other thread whose locks the child could inherit held.
    let mut pid = unsafe {
        libc::syscall(
            libc::SYS_clone3,
            &args as *const CloneArgs,
            std::mem::size_of::<CloneArgs>(),
        )
    };
    if pid < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::ENOSYS) {
        // Kernels before 5.3, and seccomp policies that hide clone3, have only clone(2). Its
        // first two arguments are the flags and the stack, swapped on s390.
        let (first, second) = if cfg!(target_arch = "s390x") {
            (0, (flags | libc::SIGCHLD) as u64)
        } else {
            ((flags | libc::SIGCHLD) as u64, 0)
        };
        // SAFETY: as above, with a null stack: the child continues on a copy of this stack.
        pid = unsafe { libc::syscall(libc::SYS_clone, first, second, 0u64, 0u64, 0u64) };
    }
    match pid {
        -1 => Err(io::Error::last_os_error()),
        0 => Ok(Forked::Child),
        pid => Ok(Forked::Parent(pid as u32)),
    }
}
