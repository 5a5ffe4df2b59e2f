//! The list values of `#[fault_case]`: environment variables, tags, hidden and required things.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Lit, LitStr};

use crate::value::Arg;

/// Env names the runtime reserves for talking to the case's process.
const RESERVED_ENV_PREFIX: &str = "__FAULTS_";

/// Prefix of a required environment variable in `requires`.
const REQUIRES_ENV: &str = "env:";

/// Prefix of a required file in `requires`.
const REQUIRES_FILE: &str = "file:";

/// The string literal `expr` is, or `None`.
fn string_lit(expr: Expr) -> Option<LitStr> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => Some(lit),
        _ => None,
    }
}

/// The elements of `key = [...]`, or an error saying the option takes a list of `what`.
fn elements(arg: &Arg, what: &str) -> syn::Result<Vec<Expr>> {
    match arg.expr()? {
        Expr::Array(array) => Ok(array.elems.iter().cloned().collect()),
        other => Err(syn::Error::new_spanned(
            other,
            format!(
                "{} takes a list of {what}, as in `{}`",
                arg.subject(),
                arg.example
            ),
        )),
    }
}

/// The string literals of `key = ["a", "b"]`, each given once.
pub(super) fn string_list(arg: &Arg) -> syn::Result<Vec<LitStr>> {
    let items = elements(arg, "strings")?
        .into_iter()
        .map(|elem| {
            let span = elem.span();
            string_lit(elem).ok_or_else(|| {
                syn::Error::new(
                    span,
                    format!(
                        "{} takes string literals, as in `{}`",
                        arg.subject(),
                        arg.example
                    ),
                )
            })
        })
        .collect::<syn::Result<Vec<_>>>()?;
    unique(arg, &items)?;
    Ok(items)
}

/// Rejects a second occurrence of the same string in one list option.
fn unique(arg: &Arg, items: &[LitStr]) -> syn::Result<()> {
    for (index, item) in items.iter().enumerate() {
        if items[..index]
            .iter()
            .any(|seen| seen.value() == item.value())
        {
            return Err(syn::Error::new(
                item.span(),
                format!("`{}` appears twice in {}", item.value(), arg.subject()),
            ));
        }
    }
    Ok(())
}

/// A name that can be set in a process environment and is not the runtime's own.
fn env_name(arg: &Arg, name: &str, span: Span) -> syn::Result<String> {
    if name.is_empty() || name.contains(['=', '\0']) {
        return Err(syn::Error::new(
            span,
            format!(
                "{} needs environment variable names: non-empty, without `=` or NUL",
                arg.subject()
            ),
        ));
    }
    if name.starts_with(RESERVED_ENV_PREFIX) {
        return Err(syn::Error::new(
            span,
            format!(
                "environment variables starting with `{RESERVED_ENV_PREFIX}` are reserved for the faults runtime; pick another name"
            ),
        ));
    }
    Ok(name.to_owned())
}

/// `env_remove = ["K"]`, `env_pass = ["K"]`.
pub(super) fn env_names(arg: &Arg) -> syn::Result<Vec<String>> {
    string_list(arg)?
        .iter()
        .map(|lit| env_name(arg, &lit.value(), lit.span()))
        .collect()
}

/// `env = [("K", "v"), ...]`.
pub(super) fn env_pairs(arg: &Arg) -> syn::Result<Vec<(String, String)>> {
    let mut names: Vec<LitStr> = Vec::new();
    let mut pairs = Vec::new();
    for elem in elements(arg, "(name, value) pairs")? {
        let span = elem.span();
        let pair = match elem {
            Expr::Tuple(tuple) if tuple.elems.len() == 2 => {
                let mut lits = tuple.elems.into_iter().map(string_lit);
                lits.next().flatten().zip(lits.next().flatten())
            }
            _ => None,
        };
        let Some((name, value)) = pair else {
            return Err(syn::Error::new(
                span,
                format!(
                    "{} takes (name, value) pairs of string literals, as in `{}`",
                    arg.subject(),
                    arg.example
                ),
            ));
        };
        pairs.push((env_name(arg, &name.value(), name.span())?, value.value()));
        names.push(name);
    }
    unique(arg, &names)?;
    Ok(pairs)
}

/// `tags = ["phase7"]`: labels without spaces or commas, so filters can list them.
pub(super) fn tags(arg: &Arg) -> syn::Result<Vec<String>> {
    string_list(arg)?
        .iter()
        .map(|lit| {
            let tag = lit.value();
            if tag.is_empty() || tag.chars().any(|c| c.is_whitespace() || c == ',') {
                Err(syn::Error::new(
                    lit.span(),
                    "a `fault_case` tag is a non-empty label without spaces or commas",
                ))
            } else {
                Ok(tag)
            }
        })
        .collect()
}

/// A program name to look up in PATH: no directory part.
fn program(arg: &Arg, lit: &LitStr) -> syn::Result<String> {
    let name = lit.value();
    if name.is_empty() || name.contains(['/', '\0']) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "{} takes program names as found in PATH, as in `\"git\"`, not paths",
                arg.subject()
            ),
        ));
    }
    Ok(name)
}

/// `hide = ["git", "/etc/app.toml"]`: program names, and absolute paths of files and
/// directories, each with its span; `parse.rs` checks that paths come with a container.
pub(super) fn hide(arg: &Arg) -> syn::Result<Vec<(String, Span)>> {
    string_list(arg)?
        .iter()
        .map(|lit| {
            let entry = lit.value();
            if entry.starts_with('/') {
                absolute_path(arg, lit)?;
            } else if entry.contains('/') {
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "`{entry}` is a relative path: {} takes program names as found in PATH, as in `\"git\"`, or absolute paths of files and directories, as in `\"/etc/app.toml\"`; give a program name or an absolute path",
                        arg.subject()
                    ),
                ));
            } else {
                program(arg, lit)?;
            }
            Ok((entry, lit.span()))
        })
        .collect()
}

/// An absolute path to hide: one file or directory, written plainly, so the path hidden is the
/// path written.
fn absolute_path(arg: &Arg, lit: &LitStr) -> syn::Result<()> {
    let path = lit.value();
    let example = "as in `\"/etc/app.toml\"`";
    let message = if path.contains('\0') {
        format!("{}: a path cannot contain NUL", arg.subject())
    } else if path == "/" {
        format!(
            "{} cannot hide `/`, the whole filesystem; name a file or directory under it, {example}",
            arg.subject()
        )
    } else {
        let problem = path[1..].split('/').find_map(|component| match component {
            "" => Some("an empty component (`//` or a trailing `/`)".to_owned()),
            "." | ".." => Some(format!("a `{component}` component")),
            _ => None,
        });
        match problem {
            Some(problem) => format!(
                "the path `{path}` in {} has {problem}; write the path of a file or directory plainly, without `//`, `.`, `..` or a trailing `/`, {example}",
                arg.subject()
            ),
            None => return Ok(()),
        }
    };
    Err(syn::Error::new(lit.span(), message))
}

/// `requires = ["sh", "env:NAME", "file:PATH"]`, each with its span.
pub(super) fn requires(arg: &Arg) -> syn::Result<Vec<(String, Span)>> {
    string_list(arg)?
        .iter()
        .map(|lit| {
            let value = lit.value();
            if let Some(name) = value.strip_prefix(REQUIRES_ENV) {
                env_name(arg, name, lit.span())?;
            } else if let Some(path) = value.strip_prefix(REQUIRES_FILE) {
                if path.is_empty() {
                    return Err(syn::Error::new(
                        lit.span(),
                        format!("`{REQUIRES_FILE}` needs a path, as in `{}`", arg.example),
                    ));
                }
            } else {
                program(arg, lit)?;
            }
            Ok((value, lit.span()))
        })
        .collect()
}
