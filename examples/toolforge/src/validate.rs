//! The validation pipeline: gates 2 to 5 in order, and the `ValidatedTool` only it can produce.

use crate::adapters::{Adapter, Operation};
use crate::gates::{adapter, credentials, policy, shape};
use crate::{ToolSpec, ToolSpecError};

/// A spec that passed every gate, with its adapter binding and credentials resolved.
///
/// Its fields are private, so holding one is proof that `validate` accepted the spec.
#[derive(Debug, Clone)]
pub struct ValidatedTool {
    spec: ToolSpec,
    binding: Option<adapter::Binding>,
    credentials: Vec<&'static str>,
}

impl ValidatedTool {
    /// The accepted spec.
    pub fn spec(&self) -> &ToolSpec {
        &self.spec
    }

    /// The adapter the tool calls; `None` for a local tool without one.
    pub fn adapter(&self) -> Option<&'static Adapter> {
        self.binding.map(|b| b.adapter)
    }

    /// The adapter operation the tool calls.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.binding.map(|b| b.operation)
    }

    /// The credentials to hand the tool at run time: only those it declared.
    pub fn credentials(&self) -> &[&'static str] {
        &self.credentials
    }
}

/// Runs gates 2 (shape), 3 (policy), 4 (adapter and boundary) and 5 (credentials) in order and
/// stops at the first refusal, so each refusal names the earliest gate the spec fails.
///
/// Pure: reads neither the environment nor the file system, so validation gives the same answer
/// wherever it runs. The environment is checked when the adapter starts (`start_adapter`).
pub fn validate(spec: &ToolSpec) -> Result<ValidatedTool, ToolSpecError> {
    shape::check(spec)?;
    policy::check(spec)?;
    let binding = adapter::check(spec)?;
    let credentials = credentials::check(spec, binding.map(|b| b.adapter))?;
    Ok(ValidatedTool {
        spec: spec.clone(),
        binding,
        credentials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{read_config, vector_search};
    use crate::{ExecutionMode, Gate, SideEffects};

    #[test]
    fn a_valid_remote_spec_passes() {
        let tool = validate(&vector_search()).expect("the remote sample is valid");
        assert_eq!(tool.spec(), &vector_search());
        assert_eq!(tool.adapter().map(|a| a.id), Some("qdrant-vector"));
        assert_eq!(tool.operation().map(|op| op.name), Some("search"));
        assert_eq!(tool.credentials(), ["QDRANT_API_KEY"]);
    }

    #[test]
    fn a_valid_local_spec_passes() {
        let tool = validate(&read_config()).expect("the local sample is valid");
        assert_eq!(tool.spec().execution_mode, ExecutionMode::Local);
        assert_eq!(tool.adapter().map(|a| a.id), Some("local-fs"));
        assert!(tool.credentials().is_empty());
    }

    #[test]
    fn a_pure_local_tool_passes() {
        let tool = validate(&ToolSpec::local("format-json")).expect("a pure local tool is valid");
        assert_eq!(tool.adapter(), None);
        assert_eq!(tool.operation(), None);
    }

    #[test]
    fn the_earliest_failing_gate_refuses() {
        let broken_everywhere = ToolSpec {
            tool_id: "Vector Search".into(),
            adapter_id: None,
            side_effects: SideEffects::Write,
            ..vector_search()
        };
        assert_eq!(
            validate(&broken_everywhere).unwrap_err().gate(),
            Gate::Shape
        );
        let from_gate_4 = ToolSpec {
            tool_id: "vector-search".into(),
            credentials_required: vec!["NOT_SUPPLIED".into()],
            ..broken_everywhere
        };
        assert_eq!(validate(&from_gate_4).unwrap_err().gate(), Gate::Adapter);
    }
}
