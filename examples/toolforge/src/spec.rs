//! `ToolSpec`: what a tool author declares, before any gate has looked at it.

/// Where a tool runs. The boundary between the two is what gate 4 enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExecutionMode {
    /// On the worker that requested it, inside the local trust boundary: no cloud access.
    Local,
    /// On the platform's remote executors, which reach cloud services through adapters only.
    Remote,
}

/// What a tool is for, which decides the policy gate 3 applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceClass {
    /// Steers the platform itself (routing, scheduling, inspection): local and never writing.
    Control,
    /// Does the actual work, metered and audited: may run remotely and may write.
    Compute,
}

/// The strongest effect a tool may have outside itself, declared up front so it can be audited.
///
/// Ordered: `None < Read < Write`. A tool must declare at least the effect of its adapter
/// operation; declaring more is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SideEffects {
    /// Pure computation on its inputs.
    None,
    /// Reads external state.
    Read,
    /// Creates, changes or deletes external state.
    Write,
}

/// A tool's declaration, as submitted. Nothing here is trusted until `validate` accepts it.
///
/// Fields are public so a spec can be written as a literal or derived from another one with
/// struct update syntax; the constructors give the common starting points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolSpec {
    /// Stable identifier: lowercase letters, digits and `-`, starting with a letter.
    pub tool_id: String,
    /// Where the tool runs.
    pub execution_mode: ExecutionMode,
    /// What the tool is for.
    pub resource_class: ResourceClass,
    /// The registered adapter the tool calls; required for remote tools.
    pub adapter_id: Option<String>,
    /// The adapter operation the tool calls; must be one the adapter offers.
    pub adapter_operation: Option<String>,
    /// The strongest external effect the tool may have.
    pub side_effects: SideEffects,
    /// Credential names (environment variable names) the tool needs from its adapter.
    pub credentials_required: Vec<String>,
    /// Where the tool's own service listens, for tools served over HTTP. Never a cloud service:
    /// those are reached through their adapter.
    pub endpoint: Option<String>,
}

impl ToolSpec {
    /// A remote compute tool with no adapter yet; bind one with [`ToolSpec::with_adapter`].
    pub fn remote(tool_id: impl Into<String>) -> Self {
        Self::new(tool_id, ExecutionMode::Remote, ResourceClass::Compute)
    }

    /// A local control tool: the most restricted kind, with no side effects declared.
    pub fn local(tool_id: impl Into<String>) -> Self {
        Self::new(tool_id, ExecutionMode::Local, ResourceClass::Control)
    }

    fn new(tool_id: impl Into<String>, mode: ExecutionMode, class: ResourceClass) -> Self {
        ToolSpec {
            tool_id: tool_id.into(),
            execution_mode: mode,
            resource_class: class,
            adapter_id: None,
            adapter_operation: None,
            side_effects: SideEffects::None,
            credentials_required: Vec::new(),
            endpoint: None,
        }
    }

    /// Binds the tool to `operation` of the adapter `adapter_id`.
    #[must_use]
    pub fn with_adapter(mut self, adapter_id: &str, operation: &str) -> Self {
        self.adapter_id = Some(adapter_id.to_owned());
        self.adapter_operation = Some(operation.to_owned());
        self
    }

    /// Declares the strongest external effect the tool may have.
    #[must_use]
    pub fn with_side_effects(mut self, side_effects: SideEffects) -> Self {
        self.side_effects = side_effects;
        self
    }

    /// Sets the resource class, e.g. to make a local tool a compute tool.
    #[must_use]
    pub fn with_resource_class(mut self, resource_class: ResourceClass) -> Self {
        self.resource_class = resource_class;
        self
    }

    /// Adds a credential the tool needs from its adapter.
    #[must_use]
    pub fn with_credential(mut self, name: &str) -> Self {
        self.credentials_required.push(name.to_owned());
        self
    }

    /// Sets the URL where the tool's own service listens.
    #[must_use]
    pub fn with_endpoint(mut self, url: &str) -> Self {
        self.endpoint = Some(url.to_owned());
        self
    }
}

/// The lowercased host of an `http` or `https` URL, or `None` when `url` is not one.
///
/// Gate 2 uses it to reject malformed endpoints and gate 4 to find which service an endpoint
/// really reaches, so userinfo, ports, IPv6 brackets, letter case and a trailing root dot are
/// all stripped before hosts are compared.
pub(crate) fn url_host(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']')?.0,
        None => host_port.split(':').next()?,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_start_from_the_expected_defaults() {
        let remote = ToolSpec::remote("vector-search");
        assert_eq!(remote.execution_mode, ExecutionMode::Remote);
        assert_eq!(remote.resource_class, ResourceClass::Compute);
        let local = ToolSpec::local("read-config");
        assert_eq!(local.execution_mode, ExecutionMode::Local);
        assert_eq!(local.resource_class, ResourceClass::Control);
        for spec in [remote, local] {
            assert_eq!(spec.adapter_id, None);
            assert_eq!(spec.adapter_operation, None);
            assert_eq!(spec.side_effects, SideEffects::None);
            assert!(spec.credentials_required.is_empty());
            assert_eq!(spec.endpoint, None);
        }
    }

    #[test]
    fn builders_set_their_fields() {
        let spec = ToolSpec::local("embed")
            .with_adapter("local-fs", "read_file")
            .with_side_effects(SideEffects::Read)
            .with_resource_class(ResourceClass::Compute)
            .with_credential("A_KEY")
            .with_endpoint("http://127.0.0.1:8080/embed");
        assert_eq!(spec.adapter_id.as_deref(), Some("local-fs"));
        assert_eq!(spec.adapter_operation.as_deref(), Some("read_file"));
        assert_eq!(spec.side_effects, SideEffects::Read);
        assert_eq!(spec.resource_class, ResourceClass::Compute);
        assert_eq!(spec.credentials_required, ["A_KEY"]);
        assert_eq!(
            spec.endpoint.as_deref(),
            Some("http://127.0.0.1:8080/embed")
        );
    }

    #[test]
    fn side_effects_are_ordered_by_strength() {
        assert!(SideEffects::None < SideEffects::Read);
        assert!(SideEffects::Read < SideEffects::Write);
    }

    #[test]
    fn url_host_normalises_what_would_hide_a_host() {
        let host = |url| url_host(url);
        assert_eq!(
            host("https://x.supabase.co/rest").as_deref(),
            Some("x.supabase.co")
        );
        assert_eq!(
            host("HTTPS://X.Supabase.CO.:443/").as_deref(),
            Some("x.supabase.co")
        );
        assert_eq!(
            host("https://user:pw@db.qdrant.io").as_deref(),
            Some("db.qdrant.io")
        );
        assert_eq!(host("http://[::1]:8080/x").as_deref(), Some("::1"));
        assert_eq!(
            host("http://localhost?q=a.supabase.co").as_deref(),
            Some("localhost")
        );
    }

    #[test]
    fn url_host_rejects_what_is_not_an_http_url() {
        for url in [
            "ftp://example.com",
            "example.com",
            "https://",
            "https:///path",
            "http://a b",
        ] {
            assert_eq!(url_host(url), None, "{url}");
        }
    }
}
