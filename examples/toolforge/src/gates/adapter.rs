//! Gate 4: the adapter exists and offers the operation, and the tool stays on its side of the
//! local/cloud boundary, reaching cloud services only through their adapters.

use crate::adapters::{Adapter, Operation, adapter_for_host, find_adapter};
use crate::spec::url_host;
use crate::{ExecutionMode, Gate, ToolSpec, ToolSpecError};

/// The adapter operation a spec is bound to, once gate 4 has accepted it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding {
    pub(crate) adapter: &'static Adapter,
    pub(crate) operation: &'static Operation,
}

/// Resolves the spec's adapter binding (`None` for a local tool without one), refusing a
/// missing, unknown or unoffered one, a boundary crossing, an undeclared side effect, or an
/// endpoint on a cloud service's host.
pub(crate) fn check(spec: &ToolSpec) -> Result<Option<Binding>, ToolSpecError> {
    let binding = bind(spec)?;
    refuse_direct_cloud_url(spec)?;
    Ok(binding)
}

fn bind(spec: &ToolSpec) -> Result<Option<Binding>, ToolSpecError> {
    let Some(adapter_id) = spec.adapter_id.as_deref() else {
        if spec.execution_mode == ExecutionMode::Remote {
            return Err(ToolSpecError::RemoteRequiresAdapter {
                tool_id: spec.tool_id.clone(),
            });
        }
        if let Some(operation) = &spec.adapter_operation {
            return Err(ToolSpecError::OperationWithoutAdapter {
                operation: operation.clone(),
            });
        }
        return Ok(None);
    };
    let adapter = find_adapter(adapter_id).ok_or_else(|| ToolSpecError::UnknownAdapter {
        adapter_id: adapter_id.to_owned(),
        gate: Gate::Adapter,
    })?;
    refuse_boundary_crossing(spec, adapter)?;
    let Some(name) = spec.adapter_operation.as_deref() else {
        return Err(ToolSpecError::MissingAdapterOperation {
            adapter_id: adapter.id.to_owned(),
        });
    };
    let operation =
        adapter
            .operation(name)
            .ok_or_else(|| ToolSpecError::InvalidAdapterOperation {
                adapter_id: adapter.id.to_owned(),
                operation: name.to_owned(),
                valid: adapter.operation_names().join(", "),
            })?;
    if operation.effect > spec.side_effects {
        return Err(ToolSpecError::UndeclaredSideEffect {
            operation: name.to_owned(),
            effect: operation.effect,
            declared: spec.side_effects,
        });
    }
    Ok(Some(Binding { adapter, operation }))
}

/// Local tools run inside the local trust boundary with no cloud credentials; remote executors
/// have no access to the requester's machine. Each side uses only its own adapters.
fn refuse_boundary_crossing(spec: &ToolSpec, adapter: &Adapter) -> Result<(), ToolSpecError> {
    let crossing = match (spec.execution_mode, adapter.cloud) {
        (ExecutionMode::Local, true) => "LOCAL→CLOUD",
        (ExecutionMode::Remote, false) => "REMOTE→LOCAL",
        _ => return Ok(()),
    };
    Err(ToolSpecError::BoundaryViolation {
        tool_id: spec.tool_id.clone(),
        adapter_id: adapter.id.to_owned(),
        crossing,
    })
}

/// An endpoint on a cloud service's host would bypass the adapter's credentials, auditing and
/// boundary checks.
fn refuse_direct_cloud_url(spec: &ToolSpec) -> Result<(), ToolSpecError> {
    let Some(endpoint) = &spec.endpoint else {
        return Ok(());
    };
    match url_host(endpoint).and_then(|host| adapter_for_host(&host)) {
        Some(owner) => Err(ToolSpecError::DirectCloudUrlForbidden {
            endpoint: endpoint.clone(),
            adapter_id: owner.id.to_owned(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::ADAPTERS;
    use crate::samples::{read_config, vector_search};
    use crate::{ResourceClass, SideEffects, validate};

    /// Runs the whole pipeline, so a refusal here also proves gates 2 and 3 let the spec through.
    fn refusal(spec: &ToolSpec) -> (&'static str, Gate) {
        let err = validate(spec).expect_err("the pipeline must refuse");
        (err.code(), err.gate())
    }

    fn set(adapter: Option<&str>, operation: Option<&str>, base: ToolSpec) -> ToolSpec {
        ToolSpec {
            adapter_id: adapter.map(str::to_owned),
            adapter_operation: operation.map(str::to_owned),
            ..base
        }
    }

    #[test]
    fn every_operation_of_every_adapter_passes_validation() {
        for adapter in ADAPTERS {
            for operation in adapter.operations {
                let base = if adapter.cloud {
                    ToolSpec::remote("any-tool")
                } else {
                    ToolSpec::local("any-tool").with_resource_class(ResourceClass::Compute)
                };
                let spec = base
                    .with_adapter(adapter.id, operation.name)
                    .with_side_effects(operation.effect);
                let tool = validate(&spec).unwrap_or_else(|err| {
                    panic!("{}.{} refused: {err}", adapter.id, operation.name)
                });
                assert_eq!(tool.adapter().map(|a| a.id), Some(adapter.id));
                assert_eq!(tool.operation().map(|op| op.name), Some(operation.name));
            }
        }
    }

    #[test]
    fn a_local_tool_needs_no_adapter() {
        let spec = ToolSpec::local("format-json");
        assert_eq!(check(&spec).map(|b| b.is_none()), Ok(true));
    }

    #[test]
    fn an_endpoint_on_a_non_cloud_host_is_allowed() {
        let spec = read_config().with_endpoint("http://127.0.0.1:8080/v1/embed");
        assert!(validate(&spec).is_ok());
    }

    #[test]
    fn a_remote_tool_without_adapter_is_refused() {
        let spec = ToolSpec {
            adapter_id: None,
            ..vector_search()
        };
        assert_eq!(refusal(&spec), ("REMOTE_REQUIRES_ADAPTER", Gate::Adapter));
    }

    #[test]
    fn an_operation_the_adapter_does_not_offer_is_refused() {
        let spec = ToolSpec {
            adapter_operation: Some("query".into()),
            ..vector_search()
        };
        assert_eq!(refusal(&spec), ("INVALID_ADAPTER_OPERATION", Gate::Adapter));
        let err = validate(&spec).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("search, upsert, create_collection, health_check")
        );
    }

    #[test]
    fn a_local_tool_on_a_cloud_adapter_is_refused() {
        let spec = ToolSpec {
            execution_mode: ExecutionMode::Local,
            ..vector_search()
        };
        assert_eq!(refusal(&spec), ("BOUNDARY_VIOLATION", Gate::Adapter));
        assert!(
            validate(&spec)
                .unwrap_err()
                .to_string()
                .contains("LOCAL→CLOUD")
        );
    }

    #[test]
    fn a_remote_tool_on_a_local_adapter_is_refused() {
        let spec = ToolSpec {
            execution_mode: ExecutionMode::Remote,
            resource_class: ResourceClass::Compute,
            ..read_config()
        };
        assert_eq!(refusal(&spec), ("BOUNDARY_VIOLATION", Gate::Adapter));
        assert!(
            validate(&spec)
                .unwrap_err()
                .to_string()
                .contains("REMOTE→LOCAL")
        );
    }

    #[test]
    fn an_endpoint_on_a_cloud_host_is_refused() {
        for url in [
            "https://abc-123.eu-central.aws.cloud.qdrant.io:6333/collections/docs/points/search",
            "https://abcdefgh.supabase.co/rest/v1/documents",
            "HTTPS://acct.R2.cloudflarestorage.com./bucket/key",
        ] {
            let spec = read_config().with_endpoint(url);
            assert_eq!(
                refusal(&spec),
                ("DIRECT_CLOUD_URL_FORBIDDEN", Gate::Adapter),
                "{url}"
            );
        }
    }

    #[test]
    fn the_other_adapter_faults_are_refused_with_their_own_codes() {
        let cases = [
            (
                set(None, Some("read_file"), ToolSpec::local("t")),
                "OPERATION_WITHOUT_ADAPTER",
            ),
            (
                set(Some("redis"), Some("get"), vector_search()),
                "UNKNOWN_ADAPTER",
            ),
            (
                set(Some("qdrant-vector"), None, vector_search()),
                "MISSING_ADAPTER_OPERATION",
            ),
            (
                set(Some("qdrant-vector"), Some("upsert"), vector_search()),
                "UNDECLARED_SIDE_EFFECT",
            ),
        ];
        for (spec, code) in cases {
            assert_eq!(refusal(&spec), (code, Gate::Adapter));
        }
    }

    #[test]
    fn declaring_a_stronger_effect_than_needed_is_allowed() {
        let spec = vector_search().with_side_effects(SideEffects::Write);
        assert!(validate(&spec).is_ok());
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::fault_case;

    use crate::samples::vector_search;
    use crate::{ExecutionMode, ToolSpec, ToolSpecError, ValidatedTool, validate};

    /// Missing adapter_id
    ///
    /// A remote tool with no adapter would reach its service with nothing mediating the access.
    #[fault_case(
        id = "fault-1",
        gate = 4,
        expect = "REMOTE_REQUIRES_ADAPTER",
        halt,
        severity = "error",
        category = "validation",
        fault = "missing_adapter_id",
        recovery = "Set adapter_id to a registered adapter that offers the tool's operation",
        control = valid_remote_spec,
        tags = ["adapters"],
    )]
    fn missing_adapter_id() -> Result<ValidatedTool, ToolSpecError> {
        validate(&ToolSpec {
            adapter_id: None,
            ..vector_search()
        })
    }

    /// Invalid adapter_operation
    ///
    /// `query` is a real operation, of another adapter: it must not be accepted for Qdrant.
    #[fault_case(
        id = "fault-2",
        gate = 4,
        expect = "INVALID_ADAPTER_OPERATION",
        halt,
        severity = "error",
        category = "validation",
        fault = "invalid_adapter_operation",
        recovery = "Set adapter_operation to one of the operations the adapter lists",
        control = valid_remote_spec,
        tags = ["adapters"],
    )]
    fn invalid_adapter_operation() -> Result<ValidatedTool, ToolSpecError> {
        validate(&ToolSpec {
            adapter_operation: Some("query".into()),
            ..vector_search()
        })
    }

    /// LOCAL→CLOUD access
    ///
    /// The same Qdrant search, switched to local execution: local tools may not use cloud
    /// adapters.
    #[fault_case(
        id = "fault-4",
        gate = 4,
        expect = "BOUNDARY_VIOLATION",
        halt,
        severity = "error",
        category = "boundary",
        fault = "local_to_cloud_access",
        recovery = "Run the tool remotely, or bind it to a local adapter",
        control = valid_remote_spec,
        tags = ["boundary", "adapters"],
    )]
    fn local_to_cloud_access() -> Result<ValidatedTool, ToolSpecError> {
        validate(&ToolSpec {
            execution_mode: ExecutionMode::Local,
            ..vector_search()
        })
    }

    /// Direct cloud URL
    ///
    /// An endpoint on Qdrant Cloud's host would bypass the adapter's credentials and auditing.
    #[fault_case(
        id = "fault-5",
        gate = 4,
        expect = "DIRECT_CLOUD_URL_FORBIDDEN",
        halt,
        severity = "error",
        category = "boundary",
        fault = "direct_cloud_url",
        recovery = "Remove the cloud URL from endpoint and call the service through its adapter",
        control = valid_remote_spec,
        tags = ["boundary"],
    )]
    fn direct_cloud_url() -> Result<ValidatedTool, ToolSpecError> {
        validate(&vector_search().with_endpoint(
            "https://abc-123.eu-central.aws.cloud.qdrant.io:6333/collections/docs/points/search",
        ))
    }

    /// The control of every case above: the Qdrant search each one breaks one thing in,
    /// unbroken. It must validate, so each refusal comes from the one thing its case changed.
    fn valid_remote_spec() -> Result<ValidatedTool, ToolSpecError> {
        validate(&vector_search())
    }
}
