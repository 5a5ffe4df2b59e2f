//! The environment variables `startup` reads, and the API token it refuses to start without.

use std::ffi::OsString;
use std::fmt;

use crate::StartupError;
pub use crate::interface::{CONFIG_VAR, TOKEN_VAR};

/// The API token. Its `Debug` output hides the value, which would otherwise end up in logs.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(String);

impl ApiToken {
    /// The token itself, for the client that authenticates with it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// Reads the token through `var` (`std::env::var_os` in the binary). Unset, empty, blank and
/// non-UTF-8 are all refused: a token that cannot be sent is as missing as an absent one, and
/// finding out at startup beats finding out on the first request.
pub fn api_token(var: impl Fn(&str) -> Option<OsString>) -> Result<ApiToken, StartupError> {
    let missing = |problem| StartupError::EnvVarMissing {
        var: TOKEN_VAR,
        problem,
    };
    let value = var(TOKEN_VAR).ok_or_else(|| missing("is not set"))?;
    let value = value
        .into_string()
        .map_err(|_| missing("is not valid UTF-8"))?;
    if value.trim().is_empty() {
        return Err(missing("is empty"));
    }
    Ok(ApiToken(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(value: Option<&str>) -> Result<ApiToken, StartupError> {
        api_token(|name| {
            assert_eq!(name, TOKEN_VAR);
            value.map(OsString::from)
        })
    }

    fn problem(value: Option<&str>) -> String {
        let err = token(value).unwrap_err();
        assert_eq!(err.code(), "ENV_VAR_MISSING");
        err.to_string()
    }

    #[test]
    fn a_set_token_is_accepted_as_is() {
        assert_eq!(token(Some("t0ken")).unwrap().expose(), "t0ken");
    }

    #[test]
    fn unset_empty_and_blank_are_missing() {
        assert_eq!(
            problem(None),
            "environment variable STARTUP_API_TOKEN is not set"
        );
        assert_eq!(
            problem(Some("")),
            "environment variable STARTUP_API_TOKEN is empty"
        );
        assert_eq!(
            problem(Some(" \t")),
            "environment variable STARTUP_API_TOKEN is empty"
        );
    }

    #[test]
    fn a_non_utf8_token_is_missing() {
        use std::os::unix::ffi::OsStringExt;

        let err = api_token(|_| Some(OsString::from_vec(vec![0xff]))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment variable STARTUP_API_TOKEN is not valid UTF-8"
        );
    }

    #[test]
    fn debug_output_hides_the_token() {
        let debug = format!("{:?}", token(Some("s3cret")).unwrap());
        assert!(!debug.contains("s3cret"), "{debug}");
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::{fault_case, process};

    use crate::fault_support::{APP_CONF, startup};

    /// Missing API token
    ///
    /// git is on PATH and the config is valid; only STARTUP_API_TOKEN is absent, so the refusal
    /// can only come from the token check. The token is set as in every other case and then
    /// removed, so the control, which keeps it, must report ready.
    #[fault_case(
        id = "startup-1",
        gate = "STARTUP",
        expect = "ENV_VAR_MISSING",
        halt,
        severity = "critical",
        category = "credential",
        fault = "missing_env_var",
        recovery = "Export STARTUP_API_TOKEN with the service's API token and start again",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        env_remove = ["STARTUP_API_TOKEN"],
        control,
        requires = ["git"],
        tags = ["startup", "env"],
    )]
    fn missing_api_token() -> process::Run {
        startup(&["--config", APP_CONF, "check"])
    }
}
