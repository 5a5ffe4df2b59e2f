//! `ToolSpecError`: every refusal, with a stable code and the gate that issued it.

use crate::{FailedAttempt, Gate, SideEffects};

/// Why a tool was refused. The [`code`](ToolSpecError::code) is stable and machine-readable;
/// the `Display` text is for people and never contains a secret value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolSpecError {
    /// Gate 2: the tool id is not lowercase kebab-case.
    #[error(
        "tool id `{tool_id}` is invalid: use 1-64 lowercase letters, digits and `-`, starting with a letter"
    )]
    InvalidToolId {
        /// The rejected id.
        tool_id: String,
    },

    /// Gate 2: the endpoint is not an `http` or `https` URL with a host.
    #[error("endpoint `{endpoint}` is not an http(s) URL with a host")]
    InvalidEndpoint {
        /// The rejected endpoint.
        endpoint: String,
    },

    /// Gate 2: a credential name is not an UPPER_SNAKE environment variable name.
    #[error("credential name `{name}` is invalid: use UPPER_SNAKE_CASE")]
    InvalidCredentialName {
        /// The rejected name.
        name: String,
    },

    /// Gate 2: a credential is listed twice.
    #[error("credential `{name}` is listed more than once")]
    DuplicateCredential {
        /// The repeated name.
        name: String,
    },

    /// Gate 3: a control tool is set to run remotely.
    #[error("control tool `{tool_id}` must run locally: control tools steer the platform itself")]
    ControlMustRunLocal {
        /// The refused tool.
        tool_id: String,
    },

    /// Gate 3: a control tool declares writes.
    #[error(
        "control tool `{tool_id}` may not write: move the write into a compute tool, where it is metered and audited"
    )]
    ControlToolWrites {
        /// The refused tool.
        tool_id: String,
    },

    /// Gate 4: a remote tool names no adapter, so nothing mediates its external access.
    #[error(
        "remote tool `{tool_id}` has no adapter_id: remote tools reach services through an adapter"
    )]
    RemoteRequiresAdapter {
        /// The refused tool.
        tool_id: String,
    },

    /// Gate 4 or startup: the adapter is not registered.
    #[error("adapter `{adapter_id}` is not registered")]
    UnknownAdapter {
        /// The unknown id.
        adapter_id: String,
        /// Where it was found: gate 4 for a spec, `Startup` for a start request.
        gate: Gate,
    },

    /// Gate 4: an adapter is named without an operation to call.
    #[error("adapter `{adapter_id}` is set but adapter_operation is missing")]
    MissingAdapterOperation {
        /// The adapter named.
        adapter_id: String,
    },

    /// Gate 4: an operation is named without an adapter to call it on.
    #[error("adapter_operation `{operation}` is set but adapter_id is missing")]
    OperationWithoutAdapter {
        /// The orphaned operation.
        operation: String,
    },

    /// Gate 4: the adapter does not offer the operation.
    #[error("adapter `{adapter_id}` has no operation `{operation}`; valid operations: {valid}")]
    InvalidAdapterOperation {
        /// The adapter named.
        adapter_id: String,
        /// The operation it does not offer.
        operation: String,
        /// The operations it does offer, comma-separated.
        valid: String,
    },

    /// Gate 4: the tool's execution mode cannot reach the adapter's side of the boundary.
    #[error("tool `{tool_id}` crosses the {crossing} boundary through adapter `{adapter_id}`")]
    BoundaryViolation {
        /// The refused tool.
        tool_id: String,
        /// The adapter on the other side.
        adapter_id: String,
        /// Which way it crosses, e.g. `LOCAL→CLOUD`.
        crossing: &'static str,
    },

    /// Gate 4: the operation has a stronger effect than the tool declares.
    #[error(
        "operation `{operation}` has side effect {effect:?} but the tool declares only {declared:?}"
    )]
    UndeclaredSideEffect {
        /// The operation called.
        operation: String,
        /// Its effect.
        effect: SideEffects,
        /// What the tool declared.
        declared: SideEffects,
    },

    /// Gate 4: the endpoint reaches a cloud service directly instead of through its adapter.
    #[error(
        "endpoint `{endpoint}` reaches a cloud service directly: call it through adapter `{adapter_id}`"
    )]
    DirectCloudUrlForbidden {
        /// The refused endpoint.
        endpoint: String,
        /// The adapter that owns the service.
        adapter_id: String,
    },

    /// Gate 5: a required credential is not one the tool's adapter supplies.
    #[error("credential `{name}` cannot be resolved: {}", resolution_hint(.adapter_id.as_deref()))]
    UnresolvedCredential {
        /// The unresolved credential.
        name: String,
        /// The tool's adapter, if it has one.
        adapter_id: Option<String>,
    },

    /// Startup: variables the adapter needs are unset or empty.
    #[error("adapter `{adapter_id}` cannot start: missing environment variable(s) {}", .missing.join(", "))]
    EnvVarMissing {
        /// The adapter that cannot start.
        adapter_id: String,
        /// Every missing variable, in registry order.
        missing: Vec<&'static str>,
    },

    /// Runtime: the adapter call outlived its timeout.
    #[error("adapter `{adapter_id}` did not answer `{operation}` within {timeout_ms} ms")]
    AdapterTimeout {
        /// The adapter called.
        adapter_id: String,
        /// The operation called.
        operation: String,
        /// The timeout it outlived.
        timeout_ms: u128,
    },

    /// Runtime: every attempt of the call failed transiently.
    #[error(
        "adapter `{adapter_id}` failed `{operation}` on all {} attempts; giving up",
        .attempts.len()
    )]
    RetryExhausted {
        /// The adapter called.
        adapter_id: String,
        /// The operation called.
        operation: String,
        /// Every failed attempt, in order, with its backoff.
        attempts: Vec<FailedAttempt>,
    },

    /// Post-exec: the critic rejected the tool's output; what the tool wrote was rolled back.
    #[error("the critic rejected the output of `{tool_id}`: {reason}; rolled back {}", .rolled_back.join(", "))]
    CriticRejection {
        /// The tool whose output was rejected.
        tool_id: String,
        /// Why.
        reason: String,
        /// The paths the compensating rollback removed.
        rolled_back: Vec<String>,
    },

    /// Post-exec: the tool's artifact could not be written.
    #[error("failed to write the artifact {path}: {reason}")]
    ArtifactWriteFailed {
        /// The artifact's path.
        path: String,
        /// The I/O error.
        reason: String,
    },

    /// Startup: a variable is set but unusable.
    #[error("adapter `{adapter_id}` cannot start: environment variable {var} {reason}")]
    EnvVarInvalid {
        /// The adapter that cannot start.
        adapter_id: String,
        /// The unusable variable.
        var: &'static str,
        /// What is wrong with it (never its value).
        reason: &'static str,
    },
}

fn resolution_hint(adapter_id: Option<&str>) -> String {
    match adapter_id {
        Some(id) => format!("adapter `{id}` does not supply it"),
        None => "the tool has no adapter to supply it".to_owned(),
    }
}

impl ToolSpecError {
    /// The stable UPPER_SNAKE code, for machines: logs, alerts and fault cases match on it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidToolId { .. } => "INVALID_TOOL_ID",
            Self::InvalidEndpoint { .. } => "INVALID_ENDPOINT",
            Self::InvalidCredentialName { .. } => "INVALID_CREDENTIAL_NAME",
            Self::DuplicateCredential { .. } => "DUPLICATE_CREDENTIAL",
            Self::ControlMustRunLocal { .. } => "CONTROL_MUST_RUN_LOCAL",
            Self::ControlToolWrites { .. } => "CONTROL_TOOL_WRITES",
            Self::RemoteRequiresAdapter { .. } => "REMOTE_REQUIRES_ADAPTER",
            Self::UnknownAdapter { .. } => "UNKNOWN_ADAPTER",
            Self::MissingAdapterOperation { .. } => "MISSING_ADAPTER_OPERATION",
            Self::OperationWithoutAdapter { .. } => "OPERATION_WITHOUT_ADAPTER",
            Self::InvalidAdapterOperation { .. } => "INVALID_ADAPTER_OPERATION",
            Self::BoundaryViolation { .. } => "BOUNDARY_VIOLATION",
            Self::UndeclaredSideEffect { .. } => "UNDECLARED_SIDE_EFFECT",
            Self::DirectCloudUrlForbidden { .. } => "DIRECT_CLOUD_URL_FORBIDDEN",
            Self::UnresolvedCredential { .. } => "UNRESOLVED_CREDENTIAL",
            Self::EnvVarMissing { .. } => "ENV_VAR_MISSING",
            Self::EnvVarInvalid { .. } => "ENV_VAR_INVALID",
            Self::AdapterTimeout { .. } => "ADAPTER_TIMEOUT",
            Self::RetryExhausted { .. } => "RETRY_EXHAUSTED",
            Self::CriticRejection { .. } => "CRITIC_REJECTION",
            Self::ArtifactWriteFailed { .. } => "ARTIFACT_WRITE_FAILED",
        }
    }

    /// The gate that issued the refusal.
    pub fn gate(&self) -> Gate {
        match self {
            Self::InvalidToolId { .. }
            | Self::InvalidEndpoint { .. }
            | Self::InvalidCredentialName { .. }
            | Self::DuplicateCredential { .. } => Gate::Shape,
            Self::ControlMustRunLocal { .. } | Self::ControlToolWrites { .. } => Gate::Policy,
            Self::UnknownAdapter { gate, .. } => *gate,
            Self::RemoteRequiresAdapter { .. }
            | Self::MissingAdapterOperation { .. }
            | Self::OperationWithoutAdapter { .. }
            | Self::InvalidAdapterOperation { .. }
            | Self::BoundaryViolation { .. }
            | Self::UndeclaredSideEffect { .. }
            | Self::DirectCloudUrlForbidden { .. } => Gate::Adapter,
            Self::UnresolvedCredential { .. } => Gate::Credentials,
            Self::EnvVarMissing { .. } | Self::EnvVarInvalid { .. } => Gate::Startup,
            Self::AdapterTimeout { .. } | Self::RetryExhausted { .. } => Gate::Runtime,
            Self::CriticRejection { .. } | Self::ArtifactWriteFailed { .. } => Gate::PostExec,
        }
    }
}

/// Lets a `#[fault_case]` return `Result<_, ToolSpecError>`: the harness checks the code and
/// the gate, and records the message. A refusal at startup is critical (nothing can run); any
/// other refusal stops one tool and is an error.
///
/// It lives here, next to the type, because Rust's orphan rule allows it nowhere else (not in
/// `tests/faults.rs`); the crate depends on `fault-runtime` without its `harness` feature, so a
/// release build carries only this trait. Written by hand rather than derived: the code and gate
/// are `ToolSpecError`'s own API; `UnknownAdapter`'s gate is a field; the severity follows the
/// gate; and the attempts and the rollback are built from the pipeline's own types.
impl fault_runtime::Refusal for ToolSpecError {
    fn code(&self) -> &str {
        ToolSpecError::code(self)
    }

    fn gate(&self) -> Option<fault_runtime::Gate> {
        let gate = ToolSpecError::gate(self);
        gate.number()
            .map(fault_runtime::Gate::Number)
            .or_else(|| gate.label().map(fault_runtime::Gate::label))
    }

    fn severity(&self) -> Option<fault_runtime::Severity> {
        Some(match ToolSpecError::gate(self) {
            Gate::Startup => fault_runtime::Severity::Critical,
            _ => fault_runtime::Severity::Error,
        })
    }

    fn message(&self) -> Option<String> {
        Some(self.to_string())
    }

    fn attempts(&self) -> Vec<fault_runtime::Attempt> {
        let Self::RetryExhausted { attempts, .. } = self else {
            return Vec::new();
        };
        attempts
            .iter()
            .map(|a| fault_runtime::Attempt::new(a.number, a.code, a.backoff))
            .collect()
    }

    fn rollback(&self) -> Option<fault_runtime::RollbackReport> {
        match self {
            Self::CriticRejection { rolled_back, .. } => Some(
                fault_runtime::RollbackReport::compensating(rolled_back.iter().cloned()),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_of_each() -> Vec<ToolSpecError> {
        let s = String::new;
        vec![
            ToolSpecError::InvalidToolId { tool_id: s() },
            ToolSpecError::InvalidEndpoint { endpoint: s() },
            ToolSpecError::InvalidCredentialName { name: s() },
            ToolSpecError::DuplicateCredential { name: s() },
            ToolSpecError::ControlMustRunLocal { tool_id: s() },
            ToolSpecError::ControlToolWrites { tool_id: s() },
            ToolSpecError::RemoteRequiresAdapter { tool_id: s() },
            ToolSpecError::UnknownAdapter {
                adapter_id: s(),
                gate: Gate::Adapter,
            },
            ToolSpecError::MissingAdapterOperation { adapter_id: s() },
            ToolSpecError::OperationWithoutAdapter { operation: s() },
            ToolSpecError::InvalidAdapterOperation {
                adapter_id: s(),
                operation: s(),
                valid: s(),
            },
            ToolSpecError::BoundaryViolation {
                tool_id: s(),
                adapter_id: s(),
                crossing: "LOCAL→CLOUD",
            },
            ToolSpecError::UndeclaredSideEffect {
                operation: s(),
                effect: SideEffects::Write,
                declared: SideEffects::Read,
            },
            ToolSpecError::DirectCloudUrlForbidden {
                endpoint: s(),
                adapter_id: s(),
            },
            ToolSpecError::UnresolvedCredential {
                name: s(),
                adapter_id: None,
            },
            ToolSpecError::EnvVarMissing {
                adapter_id: s(),
                missing: vec!["A"],
            },
            ToolSpecError::EnvVarInvalid {
                adapter_id: s(),
                var: "A_URL",
                reason: "",
            },
            ToolSpecError::AdapterTimeout {
                adapter_id: s(),
                operation: s(),
                timeout_ms: 1000,
            },
            ToolSpecError::RetryExhausted {
                adapter_id: s(),
                operation: s(),
                attempts: Vec::new(),
            },
            ToolSpecError::CriticRejection {
                tool_id: s(),
                reason: s(),
                rolled_back: Vec::new(),
            },
            ToolSpecError::ArtifactWriteFailed {
                path: s(),
                reason: s(),
            },
        ]
    }

    #[test]
    fn codes_are_unique_upper_snake_case() {
        let errors = one_of_each();
        let mut codes: Vec<_> = errors.iter().map(ToolSpecError::code).collect();
        for code in &codes {
            assert!(
                code.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{code}"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
    }

    #[test]
    fn messages_name_what_to_fix() {
        let err = ToolSpecError::UnresolvedCredential {
            name: "QDRANT_API_KEY".into(),
            adapter_id: Some("local-fs".into()),
        };
        assert_eq!(
            err.to_string(),
            "credential `QDRANT_API_KEY` cannot be resolved: adapter `local-fs` does not supply it"
        );
        let err = ToolSpecError::EnvVarMissing {
            adapter_id: "supabase-postgres".into(),
            missing: vec!["SUPABASE_URL", "SUPABASE_PASSWORD"],
        };
        assert_eq!(
            err.to_string(),
            "adapter `supabase-postgres` cannot start: missing environment variable(s) SUPABASE_URL, SUPABASE_PASSWORD"
        );
    }

    #[cfg(feature = "fault-cases")]
    #[test]
    fn the_refusal_reports_code_gate_severity_and_message() {
        use fault_runtime::{Gate as FaultGate, Refusal, Severity};

        let expected = [
            ("INVALID_TOOL_ID", FaultGate::Number(2), Severity::Error),
            ("CONTROL_TOOL_WRITES", FaultGate::Number(3), Severity::Error),
            (
                "REMOTE_REQUIRES_ADAPTER",
                FaultGate::Number(4),
                Severity::Error,
            ),
            (
                "UNRESOLVED_CREDENTIAL",
                FaultGate::Number(5),
                Severity::Error,
            ),
            (
                "ENV_VAR_MISSING",
                FaultGate::label("STARTUP"),
                Severity::Critical,
            ),
        ];
        let errors = one_of_each();
        for (code, gate, severity) in expected {
            let err = errors.iter().find(|e| e.code() == code).unwrap();
            assert_eq!(Refusal::code(err), code);
            assert_eq!(Refusal::gate(err), Some(gate), "{code}");
            assert_eq!(Refusal::severity(err), Some(severity), "{code}");
            assert_eq!(Refusal::message(err), Some(err.to_string()), "{code}");
        }
        let at_startup = ToolSpecError::UnknownAdapter {
            adapter_id: "redis".into(),
            gate: Gate::Startup,
        };
        assert_eq!(
            Refusal::gate(&at_startup),
            Some(FaultGate::label("STARTUP"))
        );
    }
}
