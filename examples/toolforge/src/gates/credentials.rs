//! Gate 5: every credential a tool requires resolves to a variable its adapter supplies.
//!
//! Secrets live with adapters, which read them at startup; a tool only names which of its
//! adapter's credentials it uses. A credential no adapter supplies would be unset at run time.

use crate::adapters::Adapter;
use crate::{ToolSpec, ToolSpecError};

/// The required credentials as the registry spells them, in the spec's order.
pub(crate) fn check(
    spec: &ToolSpec,
    adapter: Option<&'static Adapter>,
) -> Result<Vec<&'static str>, ToolSpecError> {
    spec.credentials_required
        .iter()
        .map(|name| {
            adapter
                .and_then(|a| a.startup_env.iter().copied().find(|var| var == name))
                .ok_or_else(|| ToolSpecError::UnresolvedCredential {
                    name: name.clone(),
                    adapter_id: adapter.map(|a| a.id.to_owned()),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::find_adapter;
    use crate::samples::{read_config, vector_search};
    use crate::{Gate, validate};

    #[test]
    fn resolves_credentials_the_adapter_supplies() {
        let spec = vector_search().with_credential("QDRANT_URL");
        let qdrant = find_adapter("qdrant-vector");
        assert_eq!(
            check(&spec, qdrant),
            Ok(vec!["QDRANT_API_KEY", "QDRANT_URL"])
        );
        assert_eq!(check(&read_config(), find_adapter("local-fs")), Ok(vec![]));
    }

    #[test]
    fn refuses_a_credential_of_another_adapter() {
        let spec = vector_search().with_credential("SUPABASE_PASSWORD");
        let err = validate(&spec).unwrap_err();
        assert_eq!(
            (err.code(), err.gate()),
            ("UNRESOLVED_CREDENTIAL", Gate::Credentials)
        );
        assert!(
            err.to_string()
                .contains("adapter `qdrant-vector` does not supply it")
        );
    }

    #[test]
    fn refuses_any_credential_when_there_is_no_adapter() {
        let spec = ToolSpec::local("t").with_credential("API_TOKEN");
        let err = validate(&spec).unwrap_err();
        assert_eq!(
            (err.code(), err.gate()),
            ("UNRESOLVED_CREDENTIAL", Gate::Credentials)
        );
    }
}
