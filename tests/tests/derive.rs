//! What `#[derive(Refusal)]` answers, method by method, for enums, structs, transparent
//! wrappers and generic types, and that a derived refusal reaches the harness whole.

use fault_runtime::__private::{Outcome, registry};
use fault_runtime::{Attempt, Gate, Refusal, RollbackReport, Severity, fault_case};

#[derive(Debug, Refusal)]
#[refusal(gate = 4, message)]
enum SpecError {
    /// Takes the enum's gate and `Display` message.
    #[refusal(code = "REMOTE_REQUIRES_ADAPTER")]
    MissingAdapter { tool_id: String },

    /// Overrides both, with a format string over named fields.
    #[refusal(
        code = "UNKNOWN_ADAPTER",
        gate = "STARTUP",
        severity = "critical",
        message = "adapter `{adapter_id}` is not registered ({known:?} are)"
    )]
    UnknownAdapter {
        adapter_id: String,
        known: Vec<&'static str>,
    },

    /// Tuple fields by position, the history marked.
    #[refusal(
        code = "RETRY_EXHAUSTED",
        severity = "error",
        message = "`{0}` failed {1} times"
    )]
    RetryExhausted(String, u32, #[refusal(attempts)] Vec<Attempt>),

    /// A rollback held as an `Option`.
    #[refusal(code = "CRITIC_REJECTION")]
    CriticRejection {
        #[refusal(rollback)]
        rolled_back: Option<RollbackReport>,
    },

    /// A field named with a keyword, shown by its bare name.
    #[refusal(code = "BAD_TYPE", message = "type `{type}` is unknown")]
    BadType { r#type: String },

    /// Every answer from the wrapped refusal.
    #[refusal(transparent)]
    Io(std::io::Error),
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecError::MissingAdapter { tool_id } => {
                write!(f, "remote tool `{tool_id}` has no adapter")
            }
            other => write!(f, "{other:?}"),
        }
    }
}

#[test]
fn an_enum_answers_per_variant_with_the_enum_defaults_underneath() {
    let missing = SpecError::MissingAdapter {
        tool_id: "vector-search".into(),
    };
    assert_eq!(missing.code(), "REMOTE_REQUIRES_ADAPTER");
    assert_eq!(missing.gate(), Some(Gate::Number(4)));
    assert_eq!(missing.severity(), None);
    assert_eq!(
        missing.message().as_deref(),
        Some("remote tool `vector-search` has no adapter")
    );
    assert!(missing.attempts().is_empty());
    assert_eq!(missing.rollback(), None);

    let unknown = SpecError::UnknownAdapter {
        adapter_id: "redis".into(),
        known: vec!["postgres"],
    };
    assert_eq!(unknown.code(), "UNKNOWN_ADAPTER");
    assert_eq!(unknown.gate(), Some(Gate::label("STARTUP")));
    assert_eq!(unknown.severity(), Some(Severity::Critical));
    assert_eq!(
        unknown.message().as_deref(),
        Some(r#"adapter `redis` is not registered (["postgres"] are)"#)
    );
}

#[test]
fn marked_fields_answer_attempts_and_rollback() {
    let history = vec![
        Attempt::new(1, "TIMEOUT", Some(std::time::Duration::from_millis(10))),
        Attempt::new(2, "TIMEOUT", None),
    ];
    let exhausted = SpecError::RetryExhausted("search".into(), 2, history.clone());
    assert_eq!(exhausted.attempts(), history);
    assert_eq!(exhausted.severity(), Some(Severity::Error));
    assert_eq!(
        exhausted.message().as_deref(),
        Some("`search` failed 2 times")
    );

    let report = RollbackReport::compensating(["out/result.json"]);
    let rejected = SpecError::CriticRejection {
        rolled_back: Some(report.clone()),
    };
    assert_eq!(rejected.rollback(), Some(report));
    assert_eq!(
        SpecError::CriticRejection { rolled_back: None }.rollback(),
        None
    );

    let bad = SpecError::BadType {
        r#type: "blob".into(),
    };
    assert_eq!(bad.message().as_deref(), Some("type `blob` is unknown"));
}

#[test]
fn a_transparent_variant_delegates_every_method() {
    let io = SpecError::Io(std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        "no write access",
    ));
    assert_eq!(io.code(), "PermissionDenied");
    assert_eq!(io.gate(), None, "not the enum's default gate");
    assert_eq!(io.message().as_deref(), Some("no write access"));
    assert_eq!(io.severity(), None);
}

/// A struct: the attribute sits on the struct; a plain `RollbackReport` field.
#[derive(Debug, Refusal)]
#[refusal(
    code = "LEDGER_INCONSISTENT",
    gate = "CONSISTENCY",
    message = "{path}: {why}"
)]
struct Inconsistent {
    path: String,
    why: &'static str,
    #[refusal(rollback)]
    restored: RollbackReport,
}

#[test]
fn a_struct_answers_from_its_own_attribute() {
    let err = Inconsistent {
        path: "ledger.bin".into(),
        why: "ghost entry",
        restored: RollbackReport::snapshot(["ledger.bin"]),
    };
    assert_eq!(err.code(), "LEDGER_INCONSISTENT");
    assert_eq!(err.gate(), Some(Gate::label("CONSISTENCY")));
    assert_eq!(err.message().as_deref(), Some("ledger.bin: ghost entry"));
    assert_eq!(
        err.rollback(),
        Some(RollbackReport::snapshot(["ledger.bin"]))
    );
    assert!(err.attempts().is_empty());
}

/// Generic wrappers: the bound on the wrapped type is inferred.
#[derive(Debug, Refusal)]
#[refusal(transparent)]
struct Wrapped<E>(E);

#[derive(Debug, Refusal)]
enum Layered<E> {
    #[refusal(transparent)]
    Inner(Box<E>),
    #[refusal(code = "OUTER")]
    Outer,
}

#[test]
fn generic_wrappers_delegate_to_what_they_wrap() {
    let inner = SpecError::MissingAdapter {
        tool_id: "x".into(),
    };
    let wrapped = Wrapped(inner);
    assert_eq!(wrapped.code(), "REMOTE_REQUIRES_ADAPTER");
    assert_eq!(wrapped.gate(), Some(Gate::Number(4)));
    let layered: Layered<Wrapped<SpecError>> = Layered::Inner(Box::new(wrapped));
    assert_eq!(layered.code(), "REMOTE_REQUIRES_ADAPTER");
    assert_eq!(Layered::<std::io::Error>::Outer.code(), "OUTER");
    assert_eq!(Layered::<std::io::Error>::Outer.gate(), None);
}

/// An enum with no variants can never be a refusal, but still derives.
#[derive(Debug, Refusal)]
enum Never {}

#[test]
fn an_empty_enum_derives() {
    fn is_refusal<R: Refusal>() {}
    is_refusal::<Never>();
}

/// A case returning a derived refusal: the harness sees every answer.
#[fault_case(expect = "UNKNOWN_ADAPTER", gate = "STARTUP", severity = "critical")]
fn derived_refusal_reaches_the_harness() -> Result<(), SpecError> {
    Err(SpecError::UnknownAdapter {
        adapter_id: "redis".into(),
        known: Vec::new(),
    })
}

#[test]
fn the_harness_reads_a_derived_refusal() {
    let cases = registry::cases().expect("ids are unique");
    let case = cases
        .iter()
        .find(|case| case.def.fn_name == "derived_refusal_reaches_the_harness")
        .expect("the case is registered");
    let Outcome::Refused(report) = (case.def.body)(case.def) else {
        panic!("the body refuses");
    };
    assert_eq!(report.code, "UNKNOWN_ADAPTER");
    assert_eq!(report.gate, Some(Gate::label("STARTUP")));
    assert_eq!(report.severity, Some(Severity::Critical));
    assert_eq!(
        report.message.as_deref(),
        Some("adapter `redis` is not registered ([] are)")
    );
}
