//! Known-good specs. Unit tests prove each passes every gate; each fault case breaks exactly one
//! thing in one of them, so its refusal can only come from the fault it injects.

use crate::{SideEffects, ToolSpec};

/// A remote tool searching Qdrant through its adapter.
pub(crate) fn vector_search() -> ToolSpec {
    ToolSpec::remote("vector-search")
        .with_adapter("qdrant-vector", "search")
        .with_side_effects(SideEffects::Read)
        .with_credential("QDRANT_API_KEY")
}

/// A local control tool reading a file through the local adapter.
#[cfg(test)]
pub(crate) fn read_config() -> ToolSpec {
    ToolSpec::local("read-config")
        .with_adapter("local-fs", "read_file")
        .with_side_effects(SideEffects::Read)
}

/// A remote tool uploading an artifact to R2 through its adapter.
pub(crate) fn artifact_upload() -> ToolSpec {
    ToolSpec::remote("artifact-upload")
        .with_adapter("cloudflare-r2", "put_object")
        .with_side_effects(SideEffects::Write)
}
