//! What a case body produced, and which return types can produce it.

use serde::{Deserialize, Serialize};

use crate::Attempt;

use crate::Gate;

use crate::Refusal;

use crate::RollbackReport;

use crate::Severity;

/// The result of running a case body once: the system accepted the fault, refused it, or could
/// not be judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The operation completed: the fault was accepted.
    Accepted(Acceptance),
    /// The operation was refused.
    Refused(RefusalReport),
    /// The system's own process died (e.g. of a signal) instead of refusing: `crashed`.
    Crashed {
        /// How it died.
        message: String,
    },
    /// Something the case needs to exercise the system is missing, e.g. the system's binary:
    /// `missing_dependency`.
    Unavailable {
        /// What is missing.
        message: String,
    },
    /// The system's own Rust program panicked instead of refusing: `panicked`.
    Panicked {
        /// The `panicked at` line and the panic's message.
        message: String,
    },
}

/// What completed where a refusal was expected, as far as it can be shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// The value the operation returned: its `Debug` form, or its type's name when it has none.
    #[serde(default)]
    pub shown: Option<String>,
    /// The exit code of a program that exited 0 where it should have refused.
    #[serde(default)]
    pub exit_code: Option<i32>,
}

impl Outcome {
    /// An acceptance with nothing more to show.
    pub fn accepted() -> Outcome {
        Outcome::Accepted(Acceptance::default())
    }

    /// This outcome, with `shown` as the value it accepted when it is an acceptance that does not
    /// show one yet.
    pub fn showing(self, shown: Option<String>) -> Outcome {
        match self {
            Outcome::Accepted(Acceptance {
                shown: None,
                exit_code,
            }) => Outcome::Accepted(Acceptance { shown, exit_code }),
            other => other,
        }
    }
}

/// How long a shown accepted value may be; a longer one is cut with `…`.
const SHOWN_CHARS: usize = 200;

/// The accepted value of a body's result, found at compile time by the most specific impl
/// (autoref specialization): `Debug` of an `Ok` value when its type has it
/// ([`ShowDebug`]), else the type's name ([`ShowTypeName`]), else nothing ([`ShowNothing`]).
/// `#[fault_case]` calls `(&&&AcceptedValue(&value)).shown()`.
pub struct AcceptedValue<'a, R>(pub &'a R);

/// [`AcceptedValue`] of an `Ok` whose type is `Debug`.
pub trait ShowDebug {
    /// The value's `Debug` form.
    fn shown(&self) -> Option<String>;
}

/// [`AcceptedValue`] of an `Ok` whose type is not `Debug`.
pub trait ShowTypeName {
    /// The value's type name.
    fn shown(&self) -> Option<String>;
}

/// [`AcceptedValue`] of a result that is not a `Result`: the outcome shows itself.
pub trait ShowNothing {
    /// Nothing.
    fn shown(&self) -> Option<String>;
}

impl<T: std::fmt::Debug, E> ShowDebug for &&AcceptedValue<'_, Result<T, E>> {
    fn shown(&self) -> Option<String> {
        let value = self.0.as_ref().ok()?;
        let text = format!("{value:?}");
        Some(match text.chars().count() > SHOWN_CHARS {
            true => text.chars().take(SHOWN_CHARS - 1).chain(['…']).collect(),
            false => text,
        })
    }
}

impl<T, E> ShowTypeName for &AcceptedValue<'_, Result<T, E>> {
    fn shown(&self) -> Option<String> {
        self.0.as_ref().ok()?;
        Some(format!("a `{}`", std::any::type_name::<T>()))
    }
}

impl<R> ShowNothing for AcceptedValue<'_, R> {
    fn shown(&self) -> Option<String> {
        None
    }
}

/// A refusal as observed, detached from the error type that carried it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusalReport {
    /// The refusal code.
    pub code: String,
    /// The gate the system reported, if any.
    pub gate: Option<Gate>,
    /// The severity the system reported, if any.
    pub severity: Option<Severity>,
    /// The system's explanation, if any.
    pub message: Option<String>,
    /// Every attempt of the refused operation, when it was retried.
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    /// The rollback the system ran, if any.
    #[serde(default)]
    pub rollback: Option<RollbackReport>,
    /// The exit code of the program whose exit was the refusal, for process outcomes.
    #[serde(default)]
    pub exit_code: Option<i32>,
    /// Where a process outcome's code was found in the program's output.
    #[serde(default)]
    pub found_in: Option<FoundIn>,
}

/// The output line a process outcome's code was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundIn {
    /// The stream the line was on.
    pub stream: Stream,
    /// The line, trimmed and cut to 500 characters.
    pub line: String,
}

/// An output stream of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

impl Stream {
    /// `stdout` or `stderr`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

impl RefusalReport {
    /// A refusal with `code` and nothing else reported.
    pub fn new(code: impl Into<String>) -> Self {
        RefusalReport {
            code: code.into(),
            gate: None,
            severity: None,
            message: None,
            attempts: Vec::new(),
            rollback: None,
            exit_code: None,
            found_in: None,
        }
    }

    /// Captures everything a [`Refusal`] reports.
    pub fn of<R: Refusal + ?Sized>(refusal: &R) -> Self {
        RefusalReport {
            code: refusal.code().to_owned(),
            gate: refusal.gate(),
            severity: refusal.severity(),
            message: refusal.message(),
            attempts: refusal.attempts(),
            rollback: refusal.rollback(),
            exit_code: None,
            found_in: None,
        }
    }
}

/// A type a `#[fault_case]` fn may return.
///
/// Implemented for `Result<T, E>` with `E: Refusal` (`Err` is the refusal, `Ok` means the fault
/// was silently accepted) and for process outcomes: [`std::process::Output`] and
/// [`process::Run`](crate::api::process::Run). The case's expected code is passed in, so a
/// process outcome can look for it in the program's output. It is public so compile errors can name it;
/// fault-runtime implements it for every return type it can judge.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the result of a fault case",
    label = "a `#[fault_case]` fn returns `Result<T, E>` with `E: fault_runtime::Refusal`, or a process outcome (`std::process::Output`, `fault_runtime::process::Run`)",
    note = "return the operation's result so the harness can see whether it was refused, e.g. `-> Result<(), MyError>`"
)]
pub trait IntoOutcome {
    /// Converts the body's return value into an [`Outcome`].
    fn into_outcome(self, expect: &str) -> Outcome;
}

impl<T, E: Refusal> IntoOutcome for Result<T, E> {
    fn into_outcome(self, _expect: &str) -> Outcome {
        match self {
            Ok(_) => Outcome::accepted(),
            Err(refusal) => Outcome::Refused(RefusalReport::of(&refusal)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_is_acceptance_and_err_is_a_refusal() {
        let accepted: Result<(), std::io::Error> = Ok(());
        assert_eq!(accepted.into_outcome("CODE"), Outcome::accepted());
        let refused: Result<(), std::io::Error> =
            Err(std::io::Error::from(std::io::ErrorKind::NotFound));
        let Outcome::Refused(report) = refused.into_outcome("CODE") else {
            panic!("an Err must be a refusal");
        };
        assert_eq!(report.code, "NotFound");
        assert_eq!(report.gate, None);
    }

    struct Opaque;

    #[test]
    // The three borrows are how `#[fault_case]` picks the most specific impl.
    #[allow(clippy::needless_borrow)]
    fn an_accepted_value_shows_its_debug_form_else_its_type() {
        let debug: Result<Vec<u8>, std::io::Error> = Ok(vec![1, 2]);
        assert_eq!(
            (&&&AcceptedValue(&debug)).shown().as_deref(),
            Some("[1, 2]")
        );
        let opaque: Result<Opaque, std::io::Error> = Ok(Opaque);
        assert_eq!(
            (&&&AcceptedValue(&opaque)).shown(),
            Some(format!("a `{}`", std::any::type_name::<Opaque>()))
        );
        let refused: Result<u8, std::io::Error> = Err(std::io::ErrorKind::NotFound.into());
        assert_eq!((&&&AcceptedValue(&refused)).shown(), None);
        assert_eq!((&&&AcceptedValue(&())).shown(), None);
        let long: Result<String, std::io::Error> = Ok("x".repeat(500));
        let shown = (&&&AcceptedValue(&long)).shown().unwrap();
        assert_eq!(shown.chars().count(), SHOWN_CHARS);
        assert!(shown.ends_with('…'));
    }
}
