//! The `Refusal` trait: what a system under test says when it refuses.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use crate::Attempt;

use crate::Gate;

use crate::RollbackReport;

use crate::Severity;

/// An error that is a deliberate refusal, identified by a stable code.
///
/// A case body returns `Result<T, E>` with `E: Refusal`; `Err(e)` is the refusal and `e.code()`
/// must equal the case's `expect`. Only [`code`](Refusal::code) is required; the rest lets the
/// harness verify more (the gate) and explain more (the message).
///
/// ```
/// use fault_runtime::{Gate, Refusal};
///
/// enum SpecError {
///     MissingAdapter,
///     BadOperation(String),
/// }
///
/// impl Refusal for SpecError {
///     fn code(&self) -> &str {
///         match self {
///             SpecError::MissingAdapter => "REMOTE_REQUIRES_ADAPTER",
///             SpecError::BadOperation(_) => "INVALID_ADAPTER_OPERATION",
///         }
///     }
///
///     fn gate(&self) -> Option<Gate> {
///         Some(Gate::Number(4))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `Refusal`, so the harness cannot read a refusal code from it",
    label = "the error type of a fault case must implement `fault_runtime::Refusal`",
    note = "implement it with `impl fault_runtime::Refusal for {Self} {{ fn code(&self) -> &str {{ ... }} }}`, or return an error type that does"
)]
pub trait Refusal {
    /// The stable, machine-readable code of this refusal, e.g. `REMOTE_REQUIRES_ADAPTER`.
    fn code(&self) -> &str;

    /// The gate that refused, when the system knows it; `None` leaves the gate unverified.
    fn gate(&self) -> Option<Gate> {
        None
    }

    /// The severity the system assigned to the refusal, when it has one.
    fn severity(&self) -> Option<Severity> {
        None
    }

    /// A human-readable explanation, shown in failures and records.
    fn message(&self) -> Option<String> {
        None
    }

    /// Every attempt when the refused operation was retried, in order (`retry_history`); a case
    /// with `attempts = N` fails when more than N are reported, or none.
    fn attempts(&self) -> Vec<Attempt> {
        Vec::new()
    }

    /// The rollback the system ran before refusing; a case with `rollback` needs one.
    fn rollback(&self) -> Option<RollbackReport> {
        None
    }
}

impl<R: Refusal + ?Sized> Refusal for Box<R> {
    fn code(&self) -> &str {
        (**self).code()
    }

    fn gate(&self) -> Option<Gate> {
        (**self).gate()
    }

    fn severity(&self) -> Option<Severity> {
        (**self).severity()
    }

    fn message(&self) -> Option<String> {
        (**self).message()
    }

    fn attempts(&self) -> Vec<Attempt> {
        (**self).attempts()
    }

    fn rollback(&self) -> Option<RollbackReport> {
        (**self).rollback()
    }
}

impl<R: Refusal + ?Sized> Refusal for &R {
    fn code(&self) -> &str {
        (**self).code()
    }

    fn gate(&self) -> Option<Gate> {
        (**self).gate()
    }

    fn severity(&self) -> Option<Severity> {
        (**self).severity()
    }

    fn message(&self) -> Option<String> {
        (**self).message()
    }

    fn attempts(&self) -> Vec<Attempt> {
        (**self).attempts()
    }

    fn rollback(&self) -> Option<RollbackReport> {
        (**self).rollback()
    }
}

/// The code is the `ErrorKind` name (`NotFound`, `PermissionDenied`, …); no gate is reported.
impl Refusal for std::io::Error {
    fn code(&self) -> &str {
        error_kind_name(self.kind())
    }

    fn message(&self) -> Option<String> {
        Some(self.to_string())
    }
}

/// The `Debug` name of an `ErrorKind` as a `&'static str`.
///
/// `ErrorKind` is non-exhaustive, so names come from its `Debug` form rather than a match that
/// would go stale; each distinct name is interned once, so memory stays bounded by the number of
/// kinds.
fn error_kind_name(kind: std::io::ErrorKind) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let name = format!("{kind:?}");
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(interned) = names.get(name.as_str()) {
        return interned;
    }
    let interned: &'static str = Box::leak(name.into_boxed_str());
    names.insert(interned);
    interned
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn io_error_code_is_the_kind_name() {
        let err = Error::new(ErrorKind::NotFound, "no such adapter");
        assert_eq!(err.code(), "NotFound");
        assert_eq!(err.gate(), None);
        assert_eq!(err.message().as_deref(), Some("no such adapter"));
        assert_eq!(
            Error::from(ErrorKind::PermissionDenied).code(),
            "PermissionDenied"
        );
    }

    #[test]
    fn kind_names_are_interned_once() {
        let a = Error::from(ErrorKind::TimedOut);
        let b = Error::from(ErrorKind::TimedOut);
        assert!(std::ptr::eq(a.code(), b.code()));
    }

    #[test]
    fn boxed_refusals_forward_everything() {
        struct Custom;
        impl Refusal for Custom {
            fn code(&self) -> &str {
                "CUSTOM"
            }
            fn gate(&self) -> Option<Gate> {
                Some(Gate::label("STARTUP"))
            }
        }
        let boxed: Box<dyn Refusal> = Box::new(Custom);
        assert_eq!(boxed.code(), "CUSTOM");
        assert_eq!(boxed.gate(), Some(Gate::label("STARTUP")));
    }
}
