//! Gate 2: each field is well-formed on its own, before any rule relates fields to each other.

use std::collections::HashSet;

use crate::spec::url_host;
use crate::{ToolSpec, ToolSpecError};

const MAX_TOOL_ID_LEN: usize = 64;

/// Refuses the first malformed field: tool id, endpoint, then credential names.
pub(crate) fn check(spec: &ToolSpec) -> Result<(), ToolSpecError> {
    if !is_tool_id(&spec.tool_id) {
        return Err(ToolSpecError::InvalidToolId {
            tool_id: spec.tool_id.clone(),
        });
    }
    if let Some(endpoint) = spec
        .endpoint
        .as_deref()
        .filter(|url| url_host(url).is_none())
    {
        return Err(ToolSpecError::InvalidEndpoint {
            endpoint: endpoint.to_owned(),
        });
    }
    let mut seen = HashSet::new();
    for name in &spec.credentials_required {
        if !is_env_name(name) {
            return Err(ToolSpecError::InvalidCredentialName { name: name.clone() });
        }
        if !seen.insert(name) {
            return Err(ToolSpecError::DuplicateCredential { name: name.clone() });
        }
    }
    Ok(())
}

/// Lowercase kebab-case: ids end up in URLs, metric names and file names unescaped.
fn is_tool_id(id: &str) -> bool {
    id.len() <= MAX_TOOL_ID_LEN
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// UPPER_SNAKE_CASE: credentials are resolved as environment variables.
fn is_env_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gate;

    fn refusal(spec: &ToolSpec) -> (&'static str, Gate) {
        let err = check(spec).expect_err("gate 2 must refuse");
        (err.code(), err.gate())
    }

    #[test]
    fn accepts_well_formed_fields() {
        let spec = ToolSpec::remote("vector-search-2")
            .with_endpoint("https://tools.internal.example/search")
            .with_credential("QDRANT_API_KEY")
            .with_credential("QDRANT_URL");
        assert_eq!(check(&spec), Ok(()));
    }

    #[test]
    fn refuses_malformed_tool_ids() {
        let too_long = "a".repeat(MAX_TOOL_ID_LEN + 1);
        for id in [
            "", "Vector", "9lives", "-x", "x-", "a--b", "a_b", "a b", &too_long,
        ] {
            let spec = ToolSpec::remote(id);
            assert_eq!(refusal(&spec), ("INVALID_TOOL_ID", Gate::Shape), "{id:?}");
        }
    }

    #[test]
    fn refuses_an_endpoint_that_is_not_an_http_url() {
        for url in [
            "qdrant.io",
            "ftp://files.example",
            "https://",
            "http://a b/",
        ] {
            let spec = ToolSpec::remote("t").with_endpoint(url);
            assert_eq!(refusal(&spec), ("INVALID_ENDPOINT", Gate::Shape), "{url}");
        }
    }

    #[test]
    fn refuses_bad_and_repeated_credential_names() {
        let spec = ToolSpec::remote("t").with_credential("qdrant_api_key");
        assert_eq!(refusal(&spec), ("INVALID_CREDENTIAL_NAME", Gate::Shape));
        let spec = ToolSpec::remote("t")
            .with_credential("QDRANT_API_KEY")
            .with_credential("QDRANT_API_KEY");
        assert_eq!(refusal(&spec), ("DUPLICATE_CREDENTIAL", Gate::Shape));
    }
}
