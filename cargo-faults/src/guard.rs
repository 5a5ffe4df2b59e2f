//! The production guard: fault injection never starts where the environment says production.

use crate::errors::Error;

/// Variables that name the deployment environment.
const VARIABLES: [&str; 3] = ["ENVIRONMENT", "APP_ENV", "RUST_ENV"];

/// Values that mean production.
const PRODUCTION: [&str; 2] = ["production", "prod"];

/// Refuses when the environment says production, unless the user allowed it explicitly.
pub(crate) fn check(allow_production: bool) -> Result<(), Error> {
    check_with(allow_production, |name| std::env::var(name).ok())
}

/// [`check`] with the environment behind `lookup`, so tests need not change the real one.
fn check_with(allow: bool, lookup: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
    if allow {
        return Ok(());
    }
    for var in VARIABLES {
        if let Some(value) = lookup(var) {
            if PRODUCTION.contains(&value.trim().to_ascii_lowercase().as_str()) {
                return Err(Error::Production { var, value });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        let pairs = pairs.to_vec();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn refuses_every_production_spelling() {
        for (var, value) in [
            ("ENVIRONMENT", "production"),
            ("APP_ENV", "prod"),
            ("RUST_ENV", "Production"),
        ] {
            let err = check_with(false, env(&[(var, value)]))
                .unwrap_err()
                .to_string();
            assert!(err.contains(&format!("{var}={value}")), "{err}");
            assert!(err.contains("--allow-production"), "{err}");
        }
    }

    #[test]
    fn runs_elsewhere_or_when_allowed() {
        assert!(check_with(false, env(&[("ENVIRONMENT", "staging")])).is_ok());
        assert!(check_with(false, env(&[])).is_ok());
        assert!(check_with(true, env(&[("APP_ENV", "prod")])).is_ok());
    }
}
