//! Adapter startup: an adapter refuses to start unless every variable it needs is present.
//!
//! Checking eagerly at startup turns a missing secret into one loud refusal with the variable's
//! name, instead of a failure on the first call that needs it, possibly hours later.

use std::collections::BTreeMap;
use std::fmt;

use crate::adapters::{Adapter, find_adapter};
use crate::{Gate, ToolSpecError};

/// An adapter whose configuration is complete, holding the values it was started with.
pub struct StartedAdapter {
    adapter: &'static Adapter,
    env: BTreeMap<&'static str, String>,
}

impl StartedAdapter {
    /// The adapter that started.
    pub fn adapter(&self) -> &'static Adapter {
        self.adapter
    }

    /// The value a startup variable had, for the adapter's client to connect with.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }
}

/// Lists variable names only: values are often secrets and `Debug` output ends up in logs.
impl fmt::Debug for StartedAdapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartedAdapter")
            .field("adapter", &self.adapter.id)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Starts `adapter_id` with its configuration from the process environment.
pub fn start_adapter(adapter_id: &str) -> Result<StartedAdapter, ToolSpecError> {
    start_adapter_with(adapter_id, |name| std::env::var(name).ok())
}

/// Starts `adapter_id` with its configuration from `env`, for callers that resolve variables
/// from somewhere other than the process environment (a secrets store, a test).
///
/// Refuses, at gate `STARTUP`: an unregistered adapter (`UNKNOWN_ADAPTER`); unset or empty
/// variables, all of them named at once (`ENV_VAR_MISSING`); a `*_URL` variable that is not an
/// `https://` URL (`ENV_VAR_INVALID`). Unset and empty are the same: an exported empty secret
/// is as unusable as a missing one.
pub fn start_adapter_with(
    adapter_id: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<StartedAdapter, ToolSpecError> {
    let adapter = find_adapter(adapter_id).ok_or_else(|| ToolSpecError::UnknownAdapter {
        adapter_id: adapter_id.to_owned(),
        gate: Gate::Startup,
    })?;
    let mut values = BTreeMap::new();
    let mut missing = Vec::new();
    for &var in adapter.startup_env {
        match env(var).filter(|value| !value.trim().is_empty()) {
            Some(value) => {
                values.insert(var, value);
            }
            None => missing.push(var),
        }
    }
    if !missing.is_empty() {
        return Err(ToolSpecError::EnvVarMissing {
            adapter_id: adapter.id.to_owned(),
            missing,
        });
    }
    if let Some((&var, _)) = values
        .iter()
        .find(|(var, value)| var.ends_with("_URL") && !value.starts_with("https://"))
    {
        return Err(ToolSpecError::EnvVarInvalid {
            adapter_id: adapter.id.to_owned(),
            var,
            reason: "must be an https:// URL",
        });
    }
    Ok(StartedAdapter {
        adapter,
        env: values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUPABASE_ENV: [(&str, &str); 3] = [
        ("SUPABASE_URL", "https://project-ref.supabase.co"),
        ("SUPABASE_ANON_KEY", "anon-key"),
        ("SUPABASE_PASSWORD", "s3cret-password"),
    ];

    fn from(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    fn without(var: &str) -> Vec<(&'static str, &'static str)> {
        SUPABASE_ENV
            .into_iter()
            .filter(|(k, _)| *k != var)
            .collect()
    }

    #[test]
    fn supabase_starts_with_all_three_variables() {
        let started = start_adapter_with("supabase-postgres", from(&SUPABASE_ENV))
            .expect("all three variables are set");
        assert_eq!(started.adapter().id, "supabase-postgres");
        assert_eq!(
            started.var("SUPABASE_URL"),
            Some("https://project-ref.supabase.co")
        );
        assert_eq!(started.var("SUPABASE_PASSWORD"), Some("s3cret-password"));
    }

    #[test]
    fn each_missing_variable_is_refused_by_name() {
        for (var, _) in SUPABASE_ENV {
            let err = start_adapter_with("supabase-postgres", from(&without(var))).unwrap_err();
            assert_eq!((err.code(), err.gate()), ("ENV_VAR_MISSING", Gate::Startup));
            assert_eq!(
                err,
                ToolSpecError::EnvVarMissing {
                    adapter_id: "supabase-postgres".into(),
                    missing: vec![var],
                }
            );
        }
    }

    #[test]
    fn an_empty_variable_counts_as_missing() {
        let mut env = without("SUPABASE_PASSWORD");
        env.push(("SUPABASE_PASSWORD", "  "));
        let err = start_adapter_with("supabase-postgres", from(&env)).unwrap_err();
        assert_eq!(err.code(), "ENV_VAR_MISSING");
    }

    #[test]
    fn every_missing_variable_is_named_at_once() {
        let err = start_adapter_with("supabase-postgres", from(&[])).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_PASSWORD")
        );
    }

    #[test]
    fn a_url_variable_must_be_https() {
        let mut env = without("SUPABASE_URL");
        env.push(("SUPABASE_URL", "http://project-ref.supabase.co"));
        let err = start_adapter_with("supabase-postgres", from(&env)).unwrap_err();
        assert_eq!((err.code(), err.gate()), ("ENV_VAR_INVALID", Gate::Startup));
        assert!(
            !err.to_string().contains("project-ref"),
            "no values in messages"
        );
    }

    #[test]
    fn an_unknown_adapter_is_refused_at_startup() {
        let err = start_adapter_with("redis", from(&[])).unwrap_err();
        assert_eq!((err.code(), err.gate()), ("UNKNOWN_ADAPTER", Gate::Startup));
    }

    #[test]
    fn a_local_adapter_needs_no_environment() {
        assert!(start_adapter_with("local-fs", from(&[])).is_ok());
    }

    #[test]
    fn debug_output_holds_no_values() {
        let started = start_adapter_with("supabase-postgres", from(&SUPABASE_ENV)).unwrap();
        let debug = format!("{started:?}");
        assert!(debug.contains("SUPABASE_PASSWORD"));
        assert!(!debug.contains("s3cret-password"));
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::fault_case;

    use super::{StartedAdapter, start_adapter, start_adapter_with};
    use crate::ToolSpecError;

    /// Missing env var
    ///
    /// The case's environment holds SUPABASE_URL and SUPABASE_ANON_KEY but not
    /// SUPABASE_PASSWORD; the adapter's own startup check reads it and must refuse. The
    /// case's environment is hermetic and never held the password, so a control that only
    /// stops removing it would refuse too: the control supplies it.
    #[fault_case(
        id = "fault-3",
        gate = "STARTUP",
        expect = "ENV_VAR_MISSING",
        halt,
        severity = "critical",
        category = "configuration",
        fault = "missing_env_var",
        recovery = "Set SUPABASE_PASSWORD in the adapter's environment and restart it",
        env = [
            ("SUPABASE_URL", "https://project-ref.supabase.co"),
            ("SUPABASE_ANON_KEY", "anon-key"),
        ],
        env_remove = ["SUPABASE_PASSWORD"],
        control = started_with_the_password,
        tags = ["startup", "adapters"],
    )]
    fn missing_env_var() -> Result<StartedAdapter, ToolSpecError> {
        start_adapter("supabase-postgres")
    }

    /// The control of fault-3: the same startup check, reading the case's environment with
    /// SUPABASE_PASSWORD supplied. The adapter must start, so the refusal comes from the
    /// missing password and not from the two variables the case sets.
    fn started_with_the_password() -> Result<StartedAdapter, ToolSpecError> {
        start_adapter_with("supabase-postgres", |name| match name {
            "SUPABASE_PASSWORD" => Some("s3cret-password".to_owned()),
            _ => std::env::var(name).ok(),
        })
    }
}
