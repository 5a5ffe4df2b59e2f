//! The names Linux gives its syscalls and its errors, for `syscalls = ["write:ENOSPC@3"]`: the
//! attribute checks them on the host (any name some architecture has), the harness resolves a
//! syscall to its number on the architecture it was built for.

mod spec;

pub use spec::{SpecError, SyscallSpec, When};

/// Every syscall of every architecture: a name, then its number per architecture (`-` where
/// the architecture lacks it), in the columns the header line names.
const SYSCALLS: &str = include_str!("syscalls.tsv");

/// Every errno name, one per line.
const ERRNOS: &str = include_str!("errno.txt");

/// The data lines of a generated table.
fn lines(table: &'static str) -> impl Iterator<Item = &'static str> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
}

/// Every syscall name Linux has on some architecture.
pub fn syscall_names() -> impl Iterator<Item = &'static str> {
    lines(SYSCALLS).filter_map(|line| line.split('\t').next())
}

/// Every errno name of Linux (`ENOSPC`, `EIO`, …).
pub fn errno_names() -> impl Iterator<Item = &'static str> {
    lines(ERRNOS)
}

/// Whether some architecture of Linux has a syscall of this name.
pub fn is_syscall(name: &str) -> bool {
    syscall_names().any(|known| known == name)
}

/// Whether Linux has an errno of this name.
pub fn is_errno(name: &str) -> bool {
    errno_names().any(|known| known == name)
}

/// The number of syscall `name` on `arch` (a `target_arch` name, as
/// `std::env::consts::ARCH` gives it); `None` when that architecture lacks it or the table does
/// not know the architecture.
pub fn syscall_number(name: &str, arch: &str) -> Option<i64> {
    let header = SYSCALLS
        .lines()
        .find(|line| line.starts_with("# syscall\t"))?;
    let column = header.split('\t').skip(1).position(|known| known == arch)?;
    let line = lines(SYSCALLS).find(|line| line.split('\t').next() == Some(name))?;
    line.split('\t').nth(column + 1)?.parse().ok()
}

/// The architectures the table has numbers for.
pub fn architectures() -> impl Iterator<Item = &'static str> {
    SYSCALLS
        .lines()
        .find(|line| line.starts_with("# syscall\t"))
        .into_iter()
        .flat_map(|header| header.split('\t').skip(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_those_of_each_architecture() {
        assert_eq!(syscall_number("write", "x86_64"), Some(1));
        assert_eq!(syscall_number("write", "aarch64"), Some(64));
        assert_eq!(syscall_number("openat", "x86_64"), Some(257));
        assert_eq!(
            syscall_number("open", "aarch64"),
            None,
            "aarch64 has only openat"
        );
        assert_eq!(syscall_number("write", "vax"), None);
        assert!(
            is_syscall("open"),
            "a name some architecture has is a syscall"
        );
        assert!(!is_syscall("wirte"));
        assert!(architectures().any(|arch| arch == "riscv64"));
    }

    #[test]
    fn errno_names_are_linux_s() {
        for name in ["EIO", "ENOSPC", "EACCES", "EAGAIN", "EINTR", "ENOSYS"] {
            assert!(is_errno(name), "{name}");
        }
        assert!(!is_errno("ENOSPACE"));
    }

    #[test]
    fn this_architecture_is_in_the_table() {
        assert!(
            architectures().any(|arch| arch == std::env::consts::ARCH),
            "{} has no syscall numbers in the table",
            std::env::consts::ARCH
        );
    }
}
