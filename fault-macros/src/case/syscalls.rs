//! `syscalls = ["fsync:EIO", "write:ENOSPC@3", "openat:EACCES@2.."]`: each spec checked against
//! the syscall and errno names of Linux, with the closest name for a typo.

use fault_vocab::syscall::{self, SpecError, SyscallSpec};
use proc_macro2::Span;

use super::lists::string_list;
use crate::suggest;
use crate::value::Arg;

/// The specs, each checked, with its span for the check against a syscall `sweep`.
pub(super) fn syscalls(arg: &Arg) -> syn::Result<Vec<(SyscallSpec, Span)>> {
    string_list(arg)?
        .iter()
        .map(|lit| {
            let spec: SyscallSpec = lit
                .value()
                .parse()
                .map_err(|err| syn::Error::new(lit.span(), explain(arg, &err)))?;
            Ok((spec, lit.span()))
        })
        .collect()
}

/// The error for a refused spec, with the closest known name for an unknown one.
pub(super) fn explain(arg: &Arg, err: &SpecError) -> String {
    let hint = |given: &str, names: Vec<&str>| {
        suggest::closest(given, &names)
            .map(|name| format!("; did you mean `{name}`?"))
            .unwrap_or_default()
    };
    let detail = match err {
        SpecError::UnknownSyscall(name) => {
            format!("{err}{}", hint(name, syscall::syscall_names().collect()))
        }
        SpecError::UnknownErrno(name) => {
            format!("{err}{}", hint(name, syscall::errno_names().collect()))
        }
        _ => err.to_string(),
    };
    format!("{}: {detail}", arg.subject())
}
