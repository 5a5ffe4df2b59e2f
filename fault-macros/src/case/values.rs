//! The values only `#[fault_case]` has: category, timeout, failpoints and resource limits.

use std::time::Duration;

use fault_vocab::{CUSTOM_PREFIX, Category, CategoryError};

use super::{failpoints, size};
use crate::suggest;
use crate::value::Arg;

/// The smallest `memory_limit`: below it the case's process cannot even start its body.
const MIN_MEMORY: u64 = 16 << 20;

/// The smallest `open_files`: the case's process holds stdin, stdout, stderr and its report.
const MIN_OPEN_FILES: u64 = 5;

/// A built-in category, or `custom:<label>` with a label the vocabulary accepts.
pub(super) fn category(arg: &Arg) -> syn::Result<Category> {
    let lit = arg.string()?;
    lit.value().parse().map_err(|err| {
        let message = match err {
            CategoryError::BadLabel(_) => format!(
                "a custom {what} is `{CUSTOM_PREFIX}<label>` with a label of lowercase letters, digits, `-` or `_`, as in `category = \"{CUSTOM_PREFIX}storage\"`",
                what = arg.what("category")
            ),
            CategoryError::Unknown(name) => suggest::unknown(
                &arg.what("category"),
                &name,
                &Category::NAMES,
                Some(&format!("a label of your own written `{CUSTOM_PREFIX}<label>`")),
            ),
        };
        syn::Error::new(lit.span(), message)
    })
}

/// A duration of at least a millisecond, in humantime syntax.
pub(super) fn timeout(arg: &Arg) -> syn::Result<Duration> {
    let lit = arg.string()?;
    match humantime::parse_duration(&lit.value()) {
        Ok(duration) if duration >= Duration::from_millis(1) => Ok(duration),
        Ok(_) => Err(syn::Error::new(
            lit.span(),
            format!(
                "{} must be at least 1ms, as in `{}`",
                arg.subject(),
                arg.example
            ),
        )),
        Err(err) => Err(syn::Error::new(
            lit.span(),
            format!(
                "{} is not a duration ({err}); write it as in `{}`, `\"1500ms\"` or `\"2m\"`",
                arg.subject(),
                arg.example
            ),
        )),
    }
}

/// A fail-rs spec, checked with the grammar fail-rs applies at run time.
pub(super) fn failpoints(arg: &Arg) -> syn::Result<Vec<failpoints::Failpoint>> {
    let lit = arg.string()?;
    failpoints::parse(&lit.value()).map_err(|why| {
        syn::Error::new(
            lit.span(),
            format!("{} is not a fail-rs spec: {why}", arg.subject()),
        )
    })
}

/// A byte size large enough for the case's process to start.
pub(super) fn memory_limit(arg: &Arg) -> syn::Result<u64> {
    let lit = arg.string()?;
    let bytes = size::parse(&lit.value())
        .map_err(|why| syn::Error::new(lit.span(), format!("{}: {why}", arg.subject())))?;
    if bytes < MIN_MEMORY {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "{} must be at least 16MiB: the case's process needs that much address space to start",
                arg.subject()
            ),
        ));
    }
    Ok(bytes)
}

/// A descriptor limit that leaves room for what the case's process holds anyway.
pub(super) fn open_files(arg: &Arg) -> syn::Result<u64> {
    arg.count(
        MIN_OPEN_FILES,
        None,
        ": the case's process holds stdin, stdout, stderr and its report",
    )
}
