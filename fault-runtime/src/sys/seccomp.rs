//! Seccomp user notification: a filter that hands chosen syscalls of a process (and of
//! everything it starts) to a supervisor, which lets each call run or fails it with an errno.
//!
//! The case's process installs the filter on itself right before its body ([`install`]) and
//! passes the listener to its supervisor, which answers every call ([`Listener`]). Calls whose
//! first argument is an exempt file descriptor (stdio, the report channel) are let through by
//! the filter itself and never reach the supervisor.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// The audit architecture of the target: the filter lets calls of any other ABI (a 32-bit
/// program started by the case) run untouched, since their numbers mean other syscalls.
#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: Option<u32> = Some(0xC000_003E);
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: Option<u32> = Some(0xC000_00B7);
#[cfg(target_arch = "riscv64")]
const AUDIT_ARCH: Option<u32> = Some(0xC000_00F3);
#[cfg(target_arch = "x86")]
const AUDIT_ARCH: Option<u32> = Some(0x4000_0003);
#[cfg(target_arch = "arm")]
const AUDIT_ARCH: Option<u32> = Some(0x4000_0028);
#[cfg(target_arch = "s390x")]
const AUDIT_ARCH: Option<u32> = Some(0x8000_0016);
#[cfg(target_arch = "loongarch64")]
const AUDIT_ARCH: Option<u32> = Some(0xC000_0102);
#[cfg(all(target_arch = "powerpc64", target_endian = "little"))]
const AUDIT_ARCH: Option<u32> = Some(0xC000_0015);
#[cfg(all(target_arch = "powerpc64", target_endian = "big"))]
const AUDIT_ARCH: Option<u32> = Some(0x8000_0015);
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "x86",
    target_arch = "arm",
    target_arch = "s390x",
    target_arch = "loongarch64",
    target_arch = "powerpc64"
)))]
const AUDIT_ARCH: Option<u32> = None;

/// Syscall numbers at or above this are the x32 ABI on x86_64: let through like other ABIs.
#[cfg(target_arch = "x86_64")]
const X32_SYSCALL_BIT: Option<u32> = Some(0x4000_0000);
#[cfg(not(target_arch = "x86_64"))]
const X32_SYSCALL_BIT: Option<u32> = None;

/// Offsets into `struct seccomp_data`.
const NR_OFFSET: u32 = 0;
const ARCH_OFFSET: u32 = 4;
/// The low 32 bits of the first argument: the kernel reads a descriptor as an `int`.
#[cfg(target_endian = "little")]
const ARG0_OFFSET: u32 = 16;
#[cfg(target_endian = "big")]
const ARG0_OFFSET: u32 = 20;

/// `SECCOMP_IOCTL_NOTIF_SET_FLAGS`' flag that wakes the supervisor on the CPU of the calling
/// process (Linux 6.6), which cuts a round trip from tens of microseconds to a few.
const SYNC_WAKE_UP: libc::c_ulong = 1;

/// One syscall the filter hands to the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Watched {
    /// Its number on the target.
    pub(crate) nr: u32,
    /// Its first argument is a file descriptor: exempt descriptors are let through.
    pub(crate) fd_first: bool,
}

/// Why a filter could not be installed: what the kernel refused, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unavailable(pub(crate) String);

/// Installs, on the calling thread, a filter that hands every call of `watched` to a
/// supervisor, except fd-first calls on one of `exempt`; returns the listener to pass on.
///
/// Must run while the process has one thread: threads started earlier keep running unfiltered.
/// Sets `no_new_privs`, which the kernel requires of an unprivileged filter (programs the case
/// starts cannot gain privileges through set-user-ID bits).
pub(crate) fn install(watched: &[Watched], exempt: &[u32]) -> Result<OwnedFd, Unavailable> {
    let Some(arch) = AUDIT_ARCH else {
        return Err(Unavailable(format!(
            "syscall faults are not supported on {}",
            std::env::consts::ARCH
        )));
    };
    let program = program(arch, watched, exempt);
    let fprog = libc::sock_fprog {
        len: u16::try_from(program.len()).map_err(|_| {
            Unavailable("too many syscall faults for one seccomp filter".to_owned())
        })?,
        filter: program.as_ptr().cast_mut(),
    };
    rustix::thread::set_no_new_privs(true)
        .map_err(|err| Unavailable(format!("prctl(PR_SET_NO_NEW_PRIVS) failed: {err}")))?;
    // SAFETY: `fprog` points at `program`, which outlives the call; the kernel copies the
    // filter before returning and writes nothing through the pointer.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            libc::SECCOMP_FILTER_FLAG_NEW_LISTENER,
            &fprog as *const libc::sock_fprog,
        )
    };
    if fd < 0 {
        let err = io::Error::last_os_error();
        return Err(Unavailable(match err.raw_os_error() {
            Some(libc::ENOSYS) => "seccomp is not available in this kernel (CONFIG_SECCOMP_FILTER)".to_owned(),
            Some(libc::EINVAL) => "seccomp user notification is not available (it needs Linux 5.0 or later with CONFIG_SECCOMP_FILTER)".to_owned(),
            Some(libc::EBUSY) => "another seccomp filter with a listener is already installed in this process (only one may be; is the harness itself run under a supervisor that uses one?)".to_owned(),
            _ => format!("installing the seccomp filter failed: {err}"),
        }));
    }
    // SAFETY: a successful `seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER)` returns a new
    // descriptor that nothing else owns.
    let listener = unsafe { OwnedFd::from_raw_fd(fd as libc::c_int) };
    Ok(listener)
}

/// The filter: other ABIs and unwatched syscalls run; watched ones go to the supervisor unless
/// their first argument is exempt. Every branch ends in its own `ret`, so no jump is long.
fn program(arch: u32, watched: &[Watched], exempt: &[u32]) -> Vec<libc::sock_filter> {
    let load = |offset| stmt(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, offset);
    let allow = || stmt(libc::BPF_RET | libc::BPF_K, libc::SECCOMP_RET_ALLOW);
    let notify = || stmt(libc::BPF_RET | libc::BPF_K, libc::SECCOMP_RET_USER_NOTIF);
    let mut program = vec![load(ARCH_OFFSET), jeq(arch, 1, 0), allow(), load(NR_OFFSET)];
    if let Some(bit) = X32_SYSCALL_BIT {
        program.extend([jump(libc::BPF_JGE, bit, 0, 1), allow()]);
    }
    // Jumps are at most 255 instructions long: a handful of exempt descriptors fits.
    let exempt = &exempt[..exempt.len().min(250)];
    for call in watched {
        if call.fd_first && !exempt.is_empty() {
            // load arg0; a `jeq` per exempt fd, each matching one landing on `allow`; `notify`.
            let checks = exempt.len();
            program.push(jeq(call.nr, 0, (checks + 3) as u8));
            program.push(load(ARG0_OFFSET));
            for (i, fd) in exempt.iter().enumerate() {
                let last = i + 1 == checks;
                program.push(jeq(*fd, (checks - 1 - i) as u8, u8::from(last)));
            }
            program.push(allow());
            program.push(notify());
        } else {
            program.extend([jeq(call.nr, 0, 1), notify()]);
        }
    }
    program.push(allow());
    program
}

fn stmt(code: u32, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code: code as u16,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(op: u32, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter {
        code: (libc::BPF_JMP | op | libc::BPF_K) as u16,
        jt,
        jf,
        k,
    }
}

fn jeq(k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    jump(libc::BPF_JEQ, k, jt, jf)
}

/// One call the filter handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Call {
    /// The notification's id, to answer it.
    pub(crate) id: u64,
    /// The calling process, as this process's PID namespace sees it.
    pub(crate) pid: u32,
    /// The syscall's number.
    pub(crate) nr: u32,
}

/// How the supervisor answers a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Let the call run as if nothing had watched it.
    Continue,
    /// Fail it with this errno, without running it.
    Fail(i32),
}

/// The supervisor's end of a filter.
#[derive(Debug)]
pub(crate) struct Listener(OwnedFd);

impl Listener {
    /// Takes a listener received from the case's process, asking the kernel to wake this
    /// process on the caller's CPU where it can (Linux 6.6); without that, calls are only
    /// slower.
    pub(crate) fn new(fd: OwnedFd) -> Self {
        // SAFETY: an ioctl on a descriptor this process owns, with a plain integer argument.
        unsafe {
            libc::ioctl(
                fd.as_raw_fd(),
                libc::SECCOMP_IOCTL_NOTIF_SET_FLAGS as _,
                SYNC_WAKE_UP,
            )
        };
        Listener(fd)
    }

    /// The next call waiting for an answer; `None` when the caller is already gone. Call only
    /// when the listener polled readable: it blocks otherwise.
    pub(crate) fn receive(&self) -> io::Result<Option<Call>> {
        // SAFETY: `seccomp_notif` is plain data; the kernel requires it zeroed.
        let mut notif: libc::seccomp_notif = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: `notif` is a valid, writable `seccomp_notif` for the kernel to fill.
            let done = unsafe {
                libc::ioctl(
                    self.0.as_raw_fd(),
                    libc::SECCOMP_IOCTL_NOTIF_RECV as _,
                    &mut notif as *mut libc::seccomp_notif,
                )
            };
            if done == 0 {
                return Ok(Some(Call {
                    id: notif.id,
                    pid: notif.pid,
                    nr: notif.data.nr as u32,
                }));
            }
            let err = io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ENOENT) => return Ok(None),
                _ => return Err(err),
            }
        }
    }

    /// Answers `call`; a caller killed meanwhile needs no answer.
    pub(crate) fn answer(&self, call: &Call, answer: Answer) -> io::Result<()> {
        let (error, flags) = match answer {
            Answer::Continue => (0, libc::SECCOMP_USER_NOTIF_FLAG_CONTINUE as u32),
            Answer::Fail(errno) => (-errno, 0),
        };
        let mut response = libc::seccomp_notif_resp {
            id: call.id,
            val: 0,
            error,
            flags,
        };
        loop {
            // SAFETY: `response` is a valid `seccomp_notif_resp` the kernel only reads.
            let done = unsafe {
                libc::ioctl(
                    self.0.as_raw_fd(),
                    libc::SECCOMP_IOCTL_NOTIF_SEND as _,
                    &mut response as *mut libc::seccomp_notif_resp,
                )
            };
            if done == 0 {
                return Ok(());
            }
            let err = io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ENOENT) => return Ok(()),
                _ => return Err(err),
            }
        }
    }
}

impl AsFd for Listener {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ret(program: &[libc::sock_filter], data: (u32, u32, u32)) -> u32 {
        // A tiny interpreter of the instructions `program` uses, to check the jumps.
        let (arch, nr, arg0) = data;
        let (mut acc, mut pc) = (0u32, 0usize);
        loop {
            let insn = program[pc];
            let code = u32::from(insn.code);
            pc += 1;
            if code == libc::BPF_LD | libc::BPF_W | libc::BPF_ABS {
                acc = match insn.k {
                    ARCH_OFFSET => arch,
                    NR_OFFSET => nr,
                    ARG0_OFFSET => arg0,
                    other => panic!("load of offset {other}"),
                };
            } else if code == libc::BPF_RET | libc::BPF_K {
                return insn.k;
            } else {
                let taken = match code & !(libc::BPF_JMP | libc::BPF_K) {
                    op if op == libc::BPF_JEQ => acc == insn.k,
                    op if op == libc::BPF_JGE => acc >= insn.k,
                    op => panic!("jump op {op}"),
                };
                pc += usize::from(if taken { insn.jt } else { insn.jf });
            }
        }
    }

    #[test]
    fn the_filter_hands_over_watched_calls_except_on_exempt_descriptors() {
        let Some(arch) = AUDIT_ARCH else { return };
        let watched = [
            Watched {
                nr: 1,
                fd_first: true,
            },
            Watched {
                nr: 74,
                fd_first: false,
            },
        ];
        let program = program(arch, &watched, &[0, 1, 2, 900]);
        let notify = libc::SECCOMP_RET_USER_NOTIF;
        let allow = libc::SECCOMP_RET_ALLOW;
        assert_eq!(ret(&program, (arch, 1, 5)), notify, "write to fd 5");
        for exempt in [0, 1, 2, 900] {
            assert_eq!(ret(&program, (arch, 1, exempt)), allow, "write to {exempt}");
        }
        assert_eq!(ret(&program, (arch, 74, 1)), notify, "not fd-first");
        assert_eq!(ret(&program, (arch, 3, 5)), allow, "unwatched");
        assert_eq!(ret(&program, (arch ^ 1, 1, 5)), allow, "another ABI");
        if let Some(bit) = X32_SYSCALL_BIT {
            assert_eq!(ret(&program, (arch, bit | 1, 5)), allow, "x32");
        }
    }
}
