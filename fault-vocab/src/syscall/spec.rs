//! One syscall fault as `syscalls = [...]` writes it: `name:ERRNO`, `name:ERRNO@N` or
//! `name:ERRNO@N..`.

use std::fmt;
use std::str::FromStr;

use crate::syscall::{is_errno, is_syscall};

/// Which calls of the syscall fail, counting from 1 from the start of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Every call.
    Always,
    /// Only the Nth.
    Nth(u64),
    /// The Nth and every later one.
    From(u64),
}

impl When {
    /// Whether call number `call` (from 1) fails.
    pub const fn fails(self, call: u64) -> bool {
        match self {
            When::Always => true,
            When::Nth(n) => call == n,
            When::From(n) => call >= n,
        }
    }
}

/// A parsed `name:ERRNO[@N[..]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyscallSpec {
    /// The syscall's name, as Linux names it (`write`, `openat`).
    pub syscall: String,
    /// The errno it fails with (`ENOSPC`).
    pub errno: String,
    /// Which calls fail.
    pub when: When,
}

/// Why a spec was refused; its text says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// Not `name:ERRNO`.
    Shape(String),
    /// No architecture of Linux has a syscall of this name.
    UnknownSyscall(String),
    /// Linux has no errno of this name.
    UnknownErrno(String),
    /// `@N` is not a whole number of at least 1.
    BadCount(String),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Shape(spec) => write!(
                f,
                "`{spec}` is not a syscall fault: write `name:ERRNO`, `name:ERRNO@N` (only the Nth call) or `name:ERRNO@N..` (the Nth and every later one), as in `\"write:ENOSPC@3\"`"
            ),
            SpecError::UnknownSyscall(name) => write!(f, "Linux has no syscall `{name}`"),
            SpecError::UnknownErrno(name) => write!(f, "Linux has no errno `{name}`"),
            SpecError::BadCount(count) => write!(
                f,
                "`@{count}` is not a call number: calls count from 1, as in `@3` or `@3..`"
            ),
        }
    }
}

impl std::error::Error for SpecError {}

impl FromStr for SyscallSpec {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Self, SpecError> {
        let shape = || SpecError::Shape(spec.to_owned());
        let (syscall, rest) = spec.split_once(':').ok_or_else(shape)?;
        let (errno, when) = match rest.split_once('@') {
            None => (rest, When::Always),
            Some((errno, count)) => {
                let (digits, from) = match count.strip_suffix("..") {
                    Some(digits) => (digits, true),
                    None => (count, false),
                };
                let n: u64 = digits
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| SpecError::BadCount(count.to_owned()))?;
                (errno, if from { When::From(n) } else { When::Nth(n) })
            }
        };
        if syscall.is_empty() || errno.is_empty() {
            return Err(shape());
        }
        if !is_syscall(syscall) {
            return Err(SpecError::UnknownSyscall(syscall.to_owned()));
        }
        if !is_errno(errno) {
            return Err(SpecError::UnknownErrno(errno.to_owned()));
        }
        Ok(SyscallSpec {
            syscall: syscall.to_owned(),
            errno: errno.to_owned(),
            when,
        })
    }
}

impl fmt::Display for SyscallSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.syscall, self.errno)?;
        match self.when {
            When::Always => Ok(()),
            When::Nth(n) => write!(f, "@{n}"),
            When::From(n) => write!(f, "@{n}.."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_and_writes_it_back() {
        for (text, when) in [
            ("fsync:EIO", When::Always),
            ("write:ENOSPC@3", When::Nth(3)),
            ("openat:EACCES@2..", When::From(2)),
        ] {
            let spec: SyscallSpec = text.parse().unwrap();
            assert_eq!(spec.when, when);
            assert_eq!(spec.to_string(), text);
        }
    }

    #[test]
    fn counts_calls_from_one() {
        assert!(When::Nth(3).fails(3) && !When::Nth(3).fails(4));
        assert!(When::From(2).fails(2) && When::From(2).fails(9) && !When::From(2).fails(1));
        assert!(When::Always.fails(1));
    }

    #[test]
    fn refuses_what_is_not_a_spec() {
        let err = |text: &str| text.parse::<SyscallSpec>().unwrap_err();
        assert_eq!(err("write"), SpecError::Shape("write".into()));
        assert_eq!(err("wirte:EIO"), SpecError::UnknownSyscall("wirte".into()));
        assert_eq!(
            err("write:ENOSPACE"),
            SpecError::UnknownErrno("ENOSPACE".into())
        );
        assert_eq!(err("write:EIO@0"), SpecError::BadCount("0".into()));
        assert_eq!(err("write:EIO@x.."), SpecError::BadCount("x..".into()));
    }
}
