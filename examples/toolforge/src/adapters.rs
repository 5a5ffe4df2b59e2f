//! The adapter registry: the only way a tool reaches an external service.
//!
//! Each adapter lists the operations it offers, whether it talks to a cloud service (and which
//! hosts that service owns), and the environment it needs to start. Gates 4 and 5 and the
//! startup check all read this one table, so what validation accepts and what startup demands
//! cannot drift apart.

use crate::SideEffects;

/// A registered adapter.
#[derive(Debug, PartialEq, Eq)]
pub struct Adapter {
    /// The id a `ToolSpec` names in `adapter_id`.
    pub id: &'static str,
    /// Whether the adapter talks to a cloud service; local tools may not use such adapters.
    pub cloud: bool,
    /// The operations a tool may call.
    pub operations: &'static [Operation],
    /// Environment variables that must be set (and non-empty) for the adapter to start.
    pub startup_env: &'static [&'static str],
    /// Domains of the service behind the adapter (each covers its subdomains): an endpoint on
    /// one of them bypasses the adapter.
    pub hosts: &'static [&'static str],
}

/// One operation an adapter offers.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// The name a `ToolSpec` gives in `adapter_operation`.
    pub name: &'static str,
    /// The effect calling it has, which the tool must declare.
    pub effect: SideEffects,
}

const fn read(name: &'static str) -> Operation {
    Operation {
        name,
        effect: SideEffects::Read,
    }
}

const fn write(name: &'static str) -> Operation {
    Operation {
        name,
        effect: SideEffects::Write,
    }
}

/// Every adapter the platform knows.
pub static ADAPTERS: &[Adapter] = &[
    Adapter {
        id: "qdrant-vector",
        cloud: true,
        operations: &[
            read("search"),
            write("upsert"),
            write("create_collection"),
            read("health_check"),
        ],
        startup_env: &["QDRANT_URL", "QDRANT_API_KEY"],
        hosts: &["qdrant.io", "qdrant.tech"],
    },
    Adapter {
        id: "supabase-postgres",
        cloud: true,
        operations: &[
            read("query"),
            write("insert"),
            write("update"),
            write("delete"),
        ],
        startup_env: &["SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_PASSWORD"],
        hosts: &["supabase.co", "supabase.com"],
    },
    Adapter {
        id: "cloudflare-r2",
        cloud: true,
        operations: &[
            write("put_object"),
            read("get_object"),
            write("delete_object"),
            read("list_objects"),
        ],
        startup_env: &["R2_ACCOUNT_ID", "R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY"],
        hosts: &["r2.cloudflarestorage.com", "r2.dev"],
    },
    Adapter {
        id: "local-fs",
        cloud: false,
        operations: &[read("read_file"), write("write_file"), read("list_dir")],
        startup_env: &[],
        hosts: &[],
    },
];

/// The registered adapter with this id.
pub fn find_adapter(id: &str) -> Option<&'static Adapter> {
    ADAPTERS.iter().find(|adapter| adapter.id == id)
}

/// The cloud adapter whose service owns `host`, if any: reaching that host means reaching the
/// service, so it must go through this adapter.
pub fn adapter_for_host(host: &str) -> Option<&'static Adapter> {
    ADAPTERS.iter().find(|adapter| adapter.owns_host(host))
}

impl Adapter {
    /// The operation with this name, if the adapter offers it.
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The names of the operations the adapter offers, for messages that list the valid choices.
    pub fn operation_names(&self) -> Vec<&'static str> {
        self.operations.iter().map(|op| op.name).collect()
    }

    /// Whether `host` (lowercase) is one of the adapter's domains or a subdomain of one.
    pub fn owns_host(&self, host: &str) -> bool {
        self.hosts.iter().any(|domain| {
            host == *domain
                || host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.ends_with('.'))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn finds_registered_adapters_only() {
        assert_eq!(find_adapter("qdrant-vector").map(|a| a.cloud), Some(true));
        assert_eq!(find_adapter("local-fs").map(|a| a.cloud), Some(false));
        assert_eq!(find_adapter("QDRANT-VECTOR"), None);
        assert_eq!(find_adapter("redis"), None);
    }

    #[test]
    fn the_registry_is_consistent() {
        let ids: HashSet<_> = ADAPTERS.iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), ADAPTERS.len(), "adapter ids are unique");
        for adapter in ADAPTERS {
            let names: HashSet<_> = adapter.operation_names().into_iter().collect();
            assert_eq!(names.len(), adapter.operations.len(), "{}", adapter.id);
            assert!(!adapter.operations.is_empty(), "{}", adapter.id);
            assert_eq!(adapter.cloud, !adapter.hosts.is_empty(), "{}", adapter.id);
        }
    }

    #[test]
    fn supabase_needs_its_three_variables() {
        let supabase = find_adapter("supabase-postgres").unwrap();
        assert_eq!(
            supabase.startup_env,
            ["SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_PASSWORD"]
        );
        assert_eq!(
            supabase.operation("query").unwrap().effect,
            SideEffects::Read
        );
        assert_eq!(
            supabase.operation("insert").unwrap().effect,
            SideEffects::Write
        );
        assert_eq!(supabase.operation("search"), None);
    }

    #[test]
    fn hosts_match_domains_and_subdomains_only() {
        let owner = |host| adapter_for_host(host).map(|a| a.id);
        assert_eq!(owner("supabase.co"), Some("supabase-postgres"));
        assert_eq!(owner("abc.supabase.co"), Some("supabase-postgres"));
        assert_eq!(
            owner("x.eu-central.aws.cloud.qdrant.io"),
            Some("qdrant-vector")
        );
        assert_eq!(
            owner("acct.r2.cloudflarestorage.com"),
            Some("cloudflare-r2")
        );
        assert_eq!(owner("notsupabase.co"), None);
        assert_eq!(owner("supabase.co.example.com"), None);
        assert_eq!(owner("localhost"), None);
    }
}
