//! `control` / `control = healthy_fn`: the run that must complete without the fault, or the case
//! proves nothing. `parse.rs` checks what a control cannot go with, `expand.rs` emits it.

use proc_macro2::Span;
use syn::{Expr, ExprPath, Lit};

use crate::value::Arg;

/// What a case's control run runs.
pub(crate) enum Control {
    /// `control`: the body itself, with every fault the attribute injects removed.
    WithoutFaults,
    /// `control = healthy_fn`: this fn, the same operation on good input, for faults the body
    /// injects itself.
    Healthy(ExprPath),
}

/// `control` alone, or `control = path::to::healthy_fn`, with the span of the key.
pub(super) fn control(arg: &Arg) -> syn::Result<(Control, Span)> {
    let control = match &arg.value {
        None => Control::WithoutFaults,
        Some(Expr::Path(path)) => Control::Healthy(path.clone()),
        Some(other) => return Err(syn::Error::new_spanned(other, not_a_path(arg, other))),
    };
    Ok((control, arg.span))
}

/// The error for a value that is not a path, with the path a string literal names, if it does.
fn not_a_path(arg: &Arg, value: &Expr) -> String {
    let unquoted = match value {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => lit.parse::<syn::Path>().ok().map(|_| lit.value()),
        _ => None,
    };
    let hint = unquoted
        .map(|path| format!("; write the path without quotes: `{} = {path}`", arg.key))
        .unwrap_or_default();
    format!(
        "{} takes the path of a fn that runs the same operation on good input, as in `{}` or `{key} = crate::fixtures::healthy`, or no value: `{key}` alone runs the body without the faults the attribute injects{hint}",
        arg.subject(),
        arg.example,
        key = arg.key,
    )
}
