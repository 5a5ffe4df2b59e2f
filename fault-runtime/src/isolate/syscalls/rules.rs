//! A case's syscall faults, resolved for the target: each spec's syscall number, errno number
//! and the calls it fails. The case's process builds its filter from them and its supervisor
//! answers calls with them, both from the same list of specs.

use fault_vocab::syscall::{SyscallSpec, When, syscall_number};

use crate::isolate::syscalls::errno;

/// Syscalls whose first argument is a file descriptor: called on an exempt one (stdio, the
/// report channel), they are neither counted nor failed.
const FD_FIRST: &[&str] = &[
    "_llseek",
    "accept",
    "accept4",
    "bind",
    "close",
    "connect",
    "copy_file_range",
    "dup",
    "dup2",
    "dup3",
    "epoll_ctl",
    "fadvise64",
    "fadvise64_64",
    "fallocate",
    "fchdir",
    "fchmod",
    "fchown",
    "fchown32",
    "fcntl",
    "fcntl64",
    "fdatasync",
    "fgetxattr",
    "flistxattr",
    "flock",
    "fremovexattr",
    "fsetxattr",
    "fstat",
    "fstat64",
    "fstatfs",
    "fstatfs64",
    "fsync",
    "ftruncate",
    "ftruncate64",
    "getdents",
    "getdents64",
    "getpeername",
    "getsockname",
    "getsockopt",
    "ioctl",
    "listen",
    "lseek",
    "pread64",
    "preadv",
    "preadv2",
    "pwrite64",
    "pwritev",
    "pwritev2",
    "read",
    "readahead",
    "readv",
    "recv",
    "recvfrom",
    "recvmmsg",
    "recvmsg",
    "send",
    "sendfile",
    "sendfile64",
    "sendmmsg",
    "sendmsg",
    "sendto",
    "setsockopt",
    "shutdown",
    "splice",
    "sync_file_range",
    "syncfs",
    "tee",
    "vmsplice",
    "write",
    "writev",
];

/// One syscall fault, ready to install and to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The spec as written (`write:ENOSPC@3`).
    pub(crate) spec: String,
    /// The syscall's number on the target.
    pub(crate) nr: u32,
    /// The errno's number on the target.
    pub(crate) errno: i32,
    /// Which calls fail.
    pub(crate) when: When,
    /// Its first argument is a file descriptor.
    pub(crate) fd_first: bool,
}

/// Resolves every spec for the target, or says which one cannot be: a name the attribute
/// accepted (some architecture of Linux has it) that this target lacks.
pub(crate) fn resolve<S: AsRef<str>>(specs: &[S]) -> Result<Vec<Rule>, String> {
    specs.iter().map(|spec| rule(spec.as_ref())).collect()
}

fn rule(text: &str) -> Result<Rule, String> {
    let spec: SyscallSpec = text
        .parse()
        .map_err(|err| format!("syscall fault `{text}`: {err}"))?;
    let arch = std::env::consts::ARCH;
    let nr = syscall_number(&spec.syscall, arch)
        .and_then(|nr| u32::try_from(nr).ok())
        .ok_or_else(|| {
            format!(
                "syscall fault `{text}`: {arch} has no syscall `{}` (other architectures do); fail the call this target makes instead",
                spec.syscall
            )
        })?;
    let errno = errno::number(&spec.errno).ok_or_else(|| {
        format!(
            "syscall fault `{text}`: {arch} has no errno `{}`",
            spec.errno
        )
    })?;
    Ok(Rule {
        spec: text.to_owned(),
        nr,
        errno,
        when: spec.when,
        fd_first: FD_FIRST.contains(&spec.syscall.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fd_first_syscall_is_a_linux_syscall() {
        for name in FD_FIRST {
            assert!(fault_vocab::syscall::is_syscall(name), "{name}");
        }
        assert!(FD_FIRST.windows(2).all(|pair| pair[0] < pair[1]), "sorted");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn specs_resolve_to_the_target_s_numbers() {
        let rules = resolve(&["write:ENOSPC@3", "openat:EACCES@2..", "fsync:EIO"]).unwrap();
        assert_eq!(
            rules[0],
            Rule {
                spec: "write:ENOSPC@3".into(),
                nr: 1,
                errno: libc::ENOSPC,
                when: When::Nth(3),
                fd_first: true,
            }
        );
        assert_eq!((rules[1].nr, rules[1].fd_first), (257, false));
        assert_eq!(rules[2].when, When::Always);
        let missing = resolve(&["_llseek:EIO"]).unwrap_err();
        assert!(
            missing.contains("x86_64 has no syscall `_llseek`"),
            "{missing}"
        );
    }
}
