//! Gate 3: the resource class allows the tool's execution mode and side effects.

use crate::{ExecutionMode, ResourceClass, SideEffects, ToolSpec, ToolSpecError};

/// Control tools steer the platform itself, so they run locally (the platform keeps control
/// when the network does not) and never write (writes belong to metered, audited compute).
pub(crate) fn check(spec: &ToolSpec) -> Result<(), ToolSpecError> {
    if spec.resource_class != ResourceClass::Control {
        return Ok(());
    }
    if spec.execution_mode == ExecutionMode::Remote {
        return Err(ToolSpecError::ControlMustRunLocal {
            tool_id: spec.tool_id.clone(),
        });
    }
    if spec.side_effects == SideEffects::Write {
        return Err(ToolSpecError::ControlToolWrites {
            tool_id: spec.tool_id.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gate;

    #[test]
    fn compute_tools_may_run_anywhere_and_write() {
        for spec in [
            ToolSpec::remote("t"),
            ToolSpec::local("t").with_resource_class(ResourceClass::Compute),
        ] {
            assert_eq!(check(&spec.with_side_effects(SideEffects::Write)), Ok(()));
        }
    }

    #[test]
    fn control_tools_may_read_locally() {
        let spec = ToolSpec::local("t").with_side_effects(SideEffects::Read);
        assert_eq!(check(&spec), Ok(()));
    }

    #[test]
    fn refuses_a_remote_control_tool() {
        let spec = ToolSpec::remote("t").with_resource_class(ResourceClass::Control);
        let err = check(&spec).unwrap_err();
        assert_eq!(
            (err.code(), err.gate()),
            ("CONTROL_MUST_RUN_LOCAL", Gate::Policy)
        );
    }

    #[test]
    fn refuses_a_writing_control_tool() {
        let spec = ToolSpec::local("t").with_side_effects(SideEffects::Write);
        let err = check(&spec).unwrap_err();
        assert_eq!(
            (err.code(), err.gate()),
            ("CONTROL_TOOL_WRITES", Gate::Policy)
        );
    }
}
