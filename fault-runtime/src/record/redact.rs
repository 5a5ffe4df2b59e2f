//! Redacting secrets from everything the framework writes or prints.
//!
//! A value is secret when it belongs to a variable a case passes through (`env_pass`), or to a
//! variable whose name marks a secret (it contains `TOKEN`, `SECRET`, `PASSWORD`, `PASSWD`,
//! `PRIVATE`, `CREDENTIAL` or `API_KEY`, or ends in `_KEY`, in any case). Every occurrence of
//! such a value is replaced by `[redacted]` in records (messages, errors, output tails),
//! summaries, reports and the terminal. Values shorter than [`MIN_SECRET_LEN`] characters are
//! left alone: replacing `1` or `on` everywhere would destroy the output and protect nothing.

use std::borrow::Cow;
use std::ffi::OsStr;

/// What a secret value is replaced with.
pub(crate) const REDACTED: &str = "[redacted]";

/// The shortest value that is redacted.
pub(crate) const MIN_SECRET_LEN: usize = 6;

/// Parts of a variable name that mark its value as secret.
const SECRET_MARKS: [&str; 7] = [
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PRIVATE",
    "CREDENTIAL",
    "API_KEY",
];

/// Whether a variable's name marks its value as secret.
pub(crate) fn marks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.ends_with("_KEY") || SECRET_MARKS.iter().any(|mark| upper.contains(mark))
}

/// The secret values to take out of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redactor {
    /// Longest first, so a secret containing another is replaced whole.
    values: Vec<String>,
}

impl Redactor {
    /// The values of this process's environment that are secret by name or are passed through
    /// on purpose (`passed`).
    pub fn from_env<'a>(passed: impl IntoIterator<Item = &'a str>) -> Self {
        let passed: Vec<&str> = passed.into_iter().collect();
        let mut redactor = Redactor::default();
        for (name, value) in std::env::vars_os() {
            let Some(name) = name.to_str() else { continue };
            if marks_secret(name) || passed.contains(&name) {
                redactor.add_os(&value);
            }
        }
        redactor
    }

    /// Adds a secret value.
    pub fn add(&mut self, value: &str) {
        if value.chars().count() < MIN_SECRET_LEN || self.values.iter().any(|v| v == value) {
            return;
        }
        let at = self
            .values
            .iter()
            .position(|v| v.len() < value.len())
            .unwrap_or(self.values.len());
        self.values.insert(at, value.to_owned());
    }

    /// Adds a secret value that may not be UTF-8 (only its UTF-8 form can appear in text).
    pub fn add_os(&mut self, value: &OsStr) {
        if let Some(value) = value.to_str() {
            self.add(value);
        }
    }

    /// This redactor with `other`'s values too.
    pub fn with(&self, other: &Redactor) -> Redactor {
        let mut merged = self.clone();
        for value in &other.values {
            merged.add(value);
        }
        merged
    }

    /// Whether there is nothing to redact.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with every secret value replaced.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for value in &self.values {
            if out.contains(value.as_str()) {
                out = Cow::Owned(out.replace(value.as_str(), REDACTED));
            }
        }
        out
    }

    /// Redacts every string in a JSON document, keys included.
    pub fn redact_json(&self, value: &mut serde_json::Value) {
        if self.is_empty() {
            return;
        }
        match value {
            serde_json::Value::String(text) => {
                if let Cow::Owned(clean) = self.redact(text) {
                    *text = clean;
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.redact_json(item);
                }
            }
            serde_json::Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    self.redact_json(&mut item);
                    map.insert(self.redact(&key).into_owned(), item);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mark_secrets_in_any_case() {
        for name in [
            "GITHUB_TOKEN",
            "db_password",
            "AWS_SECRET_ACCESS_KEY",
            "SSH_KEY",
            "Stripe_Api_Key",
            "MY_PASSWD",
            "PRIVATE_PEM",
            "GOOGLE_APPLICATION_CREDENTIALS",
        ] {
            assert!(marks_secret(name), "{name}");
        }
        for name in ["PATH", "HOME", "KEYBOARD", "MONKEY", "RUST_LOG"] {
            assert!(!marks_secret(name), "{name}");
        }
    }

    #[test]
    fn every_occurrence_is_replaced_longest_first_and_short_values_stay() {
        let mut redactor = Redactor::default();
        redactor.add("hunter2");
        redactor.add("hunter2-extended");
        redactor.add("abc");
        assert_eq!(
            redactor.redact("hunter2 then hunter2-extended, abc"),
            "[redacted] then [redacted], abc"
        );
        assert!(matches!(redactor.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_strings_are_redacted_at_every_depth() {
        let mut redactor = Redactor::default();
        redactor.add("s3cr3t-value");
        let mut doc = serde_json::json!({
            "observed": {"message": "token s3cr3t-value rejected"},
            "errors": [{"message": "s3cr3t-value"}],
            "count": 3
        });
        redactor.redact_json(&mut doc);
        assert_eq!(
            doc,
            serde_json::json!({
                "observed": {"message": "token [redacted] rejected"},
                "errors": [{"message": "[redacted]"}],
                "count": 3
            })
        );
    }
}
