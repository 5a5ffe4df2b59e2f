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
/// harness verify more (gate, severity, retries, rollback) and explain more (the message).
///
/// # Deriving it
///
/// `#[derive(Refusal)]` writes the impl from `#[refusal(...)]` attributes, the way thiserror's
/// `#[error]` writes `Display`:
///
/// ```
/// use fault_runtime::{Attempt, Gate, Refusal, RollbackReport, Severity};
///
/// #[derive(Debug, Refusal)]
/// #[refusal(gate = 4)] // the gate of every variant that names none
/// enum SpecError {
///     #[refusal(code = "REMOTE_REQUIRES_ADAPTER", message = "remote tool `{tool_id}` has no adapter")]
///     MissingAdapter { tool_id: String },
///
///     #[refusal(code = "ENV_VAR_MISSING", gate = "STARTUP", severity = "critical")]
///     EnvVarMissing(&'static str),
///
///     #[refusal(code = "RETRY_EXHAUSTED", message = "gave up on `{0}`")]
///     RetryExhausted(String, #[refusal(attempts)] Vec<Attempt>),
///
///     #[refusal(code = "CRITIC_REJECTION")]
///     CriticRejection {
///         #[refusal(rollback)]
///         undone: RollbackReport,
///     },
///
///     /// Every answer comes from the wrapped refusal.
///     #[refusal(transparent)]
///     Io(std::io::Error),
/// }
///
/// let missing = SpecError::MissingAdapter { tool_id: "vector-search".into() };
/// assert_eq!(missing.code(), "REMOTE_REQUIRES_ADAPTER");
/// assert_eq!(missing.gate(), Some(Gate::Number(4)));
/// assert_eq!(missing.severity(), None);
/// assert_eq!(missing.message().as_deref(), Some("remote tool `vector-search` has no adapter"));
///
/// let at_startup = SpecError::EnvVarMissing("SUPABASE_URL");
/// assert_eq!(at_startup.gate(), Some(Gate::label("STARTUP")));
/// assert_eq!(at_startup.severity(), Some(Severity::Critical));
///
/// let retried = SpecError::RetryExhausted("search".into(), vec![Attempt::new(1, "TIMEOUT", None)]);
/// assert_eq!(retried.attempts().len(), 1);
///
/// let rejected = SpecError::CriticRejection { undone: RollbackReport::compensating(["out.json"]) };
/// assert_eq!(rejected.rollback(), Some(RollbackReport::compensating(["out.json"])));
///
/// let io = SpecError::Io(std::io::ErrorKind::NotFound.into());
/// assert_eq!((io.code(), io.gate()), ("NotFound", None));
/// ```
///
/// | attribute | written on | answers |
/// |---|---|---|
/// | `code = "CODE"` | each variant, or the struct; required unless `transparent` | [`code`](Refusal::code) |
/// | `gate = 4` / `gate = "STARTUP"` | a variant or the struct; on the enum, the default of every variant | [`gate`](Refusal::gate) |
/// | `severity = "critical"` | as `gate`; `critical`, `error`, `warning` or `info` | [`severity`](Refusal::severity) |
/// | `message = "… {field} … {0:?}"` | a variant or the struct: a format string over its fields | [`message`](Refusal::message) |
/// | `message` alone | as `gate`: the type's `Display` text | [`message`](Refusal::message) |
/// | `transparent` | a variant or struct with exactly one field, itself a `Refusal`, and no other key | every method, from that field |
/// | `#[refusal(attempts)]` | a field of type `Vec<Attempt>` | [`attempts`](Refusal::attempts) |
/// | `#[refusal(rollback)]` | a field of type `Option<RollbackReport>` or `RollbackReport` | [`rollback`](Refusal::rollback) |
///
/// What no attribute answers keeps the trait's default (`None`, no attempts). The generated
/// impl is one `match` per answered method and names only `Refusal`, `Gate`, `Severity`,
/// `Attempt` and `RollbackReport`, so it compiles in production code that links only the
/// contract. A variant without `code`, an unknown or repeated key, an unknown severity, a code
/// that is not a string literal, `transparent` with other keys or on other than one field, a
/// `{name}` in `message` that is not a field, and unions are compile errors at the offending
/// token, listing what would be accepted.
///
/// # Implementing it by hand
///
/// When an answer is computed rather than declared (a gate read from a field, a severity that
/// follows the gate), write the impl:
///
/// ```
/// use fault_runtime::{Gate, Refusal};
///
/// enum SpecError {
///     UnknownAdapter { at_startup: bool },
/// }
///
/// impl Refusal for SpecError {
///     fn code(&self) -> &str {
///         "UNKNOWN_ADAPTER"
///     }
///
///     fn gate(&self) -> Option<Gate> {
///         let SpecError::UnknownAdapter { at_startup } = self;
///         Some(if *at_startup { Gate::label("STARTUP") } else { Gate::Number(4) })
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

/// A boxed or borrowed refusal answers as the refusal itself. Written out, not generated by a
/// macro, because compile errors list these impls to users.
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
