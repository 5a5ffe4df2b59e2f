//! `sweep = "write:ENOSPC"` / `sweep = "failpoints"`, and the list of codes a sweep's runs may
//! end with (`expect = ["LEDGER_IO", "LEDGER_FULL"]`); `parse.rs` checks what cannot go with a
//! sweep.

use fault_vocab::syscall::{SpecError, SyscallSpec};
use syn::{Expr, ExprArray};

use super::lists::string_list;
use super::syscalls::explain;
use crate::suggest;
use crate::value::Arg;

/// The word of `sweep = "failpoints"`.
const FAILPOINTS: &str = "failpoints";

/// What a sweep runs the case over, one run per injection point.
pub(crate) enum Sweep {
    /// `sweep = "write:ENOSPC"`: run N fails the Nth call of the syscall with the errno.
    Syscall(SyscallSpec),
    /// `sweep = "failpoints"`: each failpoint site the case reaches fails in a run of its own.
    Failpoints,
}

impl Sweep {
    /// The option as written, for messages: `sweep = "write:ENOSPC"`.
    pub(crate) fn written(&self) -> String {
        match self {
            Sweep::Syscall(spec) => format!("sweep = \"{spec}\""),
            Sweep::Failpoints => format!("sweep = \"{FAILPOINTS}\""),
        }
    }
}

/// `expect = [...]` as written: the codes after the first, and the list, for the error when
/// the case has no sweep.
pub(crate) struct CodeList {
    /// The further codes a sweep's runs may end with (`CaseDef::expect_also`).
    pub(crate) also: Vec<String>,
    /// The list as written.
    pub(crate) list: ExprArray,
}

/// `sweep = "failpoints"` or `sweep = "SYSCALL:ERRNO"`, names checked like `syscalls` checks
/// them; a call number is refused, since the sweep counts through the calls itself.
pub(super) fn sweep(arg: &Arg) -> syn::Result<Sweep> {
    let lit = arg.string()?;
    let value = lit.value();
    if value == FAILPOINTS {
        return Ok(Sweep::Failpoints);
    }
    let (fault, pin) = match value.split_once('@') {
        Some((fault, pin)) => (fault, Some(pin)),
        None => (value.as_str(), None),
    };
    let error = |message: String| syn::Error::new(lit.span(), message);
    let spec: SyscallSpec = fault.parse().map_err(|err| match err {
        SpecError::Shape(_) => error(neither(arg, &value)),
        err => error(explain(arg, &err)),
    })?;
    match pin {
        None => Ok(Sweep::Syscall(spec)),
        Some(pin) => {
            // The spec the user wrote, when it is a valid pinned fault; else a pinned example.
            let pinned = match value.parse::<SyscallSpec>() {
                Ok(_) => value.clone(),
                Err(_) => format!("{spec}@3"),
            };
            Err(error(format!(
                "{}: `@{pin}` picks a call, but a sweep picks N itself: run N fails the Nth call, for N = 1, 2, … until a run in which the fault no longer fires; write `sweep = \"{spec}\"`, or pin one run without a sweep: `syscalls = [\"{pinned}\"]`",
                arg.subject()
            )))
        }
    }
}

/// The error for a sweep that is neither form, with `failpoints` for a near miss.
fn neither(arg: &Arg, value: &str) -> String {
    let hint = suggest::closest(value, &[FAILPOINTS])
        .map(|word| format!("; did you mean `{word}`?"))
        .unwrap_or_default();
    format!(
        "{} takes `\"{FAILPOINTS}\"` (each failpoint site the case reaches fails, one run each) or `\"SYSCALL:ERRNO\"` (run N fails the Nth call), as in `{}`; `{value}` is neither{hint}",
        arg.subject(),
        arg.example
    )
}

/// `expect = "CODE"`, or `expect = ["A", "B"]` (a sweep's): the first code, and the list when
/// one was given. Each code is checked like a single one; the list is non-empty, each code in
/// it once.
pub(super) fn expect(arg: &Arg) -> syn::Result<(String, Option<CodeList>)> {
    let Ok(Expr::Array(list)) = arg.expr() else {
        return Ok((arg.code()?, None));
    };
    let mut codes = string_list(arg)?
        .iter()
        .map(|lit| arg.code_of(lit))
        .collect::<syn::Result<Vec<_>>>()?
        .into_iter();
    let Some(first) = codes.next() else {
        return Err(syn::Error::new_spanned(
            list,
            format!(
                "{} lists no code; a sweep lists the codes its runs may refuse with, as in `expect = [\"LEDGER_IO\", \"LEDGER_FULL\"]`",
                arg.subject()
            ),
        ));
    };
    let list = CodeList {
        also: codes.collect(),
        list: list.clone(),
    };
    Ok((first, Some(list)))
}
