//! What kind of fault a case injects.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

vocabulary! {
    /// The fault's class, for filtering and the fault matrix. Labels outside the built-in set
    /// are the project's own, written `custom:<label>`.
    pub enum Category: "category" {
        Validation = "validation", "Malformed or inconsistent input.";
        Configuration = "configuration", "Missing or wrong configuration.";
        Boundary = "boundary", "Crossing a boundary the design forbids.";
        Credential = "credential", "Missing or wrong credentials.";
        Execution = "execution", "Failure while running: timeouts, retries, I/O.";
        Critic = "critic", "Output rejected by a reviewing step.";
    }
    /// A label the project defines itself, written `custom:<label>`.
    custom Custom(Cow<'static, str>)
}

/// What marks a category label as the project's own: `custom:storage`.
pub const CUSTOM_PREFIX: &str = "custom:";

impl Category {
    /// A custom category in `const` context, as a case's static description holds it (one read
    /// back from a record owns its label). The label is not checked here: the attribute checks
    /// it at compile time.
    pub const fn custom(label: &'static str) -> Self {
        Category::Custom(Cow::Borrowed(label))
    }

    /// The name used in attributes, records and reports; custom labels keep their `custom:` mark.
    pub fn name(&self) -> String {
        match self {
            Category::Custom(label) => format!("{CUSTOM_PREFIX}{label}"),
            builtin => builtin.builtin_name().unwrap_or_default().to_owned(),
        }
    }

    /// Whether `label` may follow `custom:`: lowercase letters, digits, `-` and `_`, so labels
    /// stay filterable and never clash by case.
    pub fn is_valid_label(label: &str) -> bool {
        !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    }
}

/// Why a string is not a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryError {
    /// Neither a built-in name nor `custom:<label>`.
    Unknown(String),
    /// `custom:` followed by a label [`Category::is_valid_label`] refuses.
    BadLabel(String),
}

impl fmt::Display for CategoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CategoryError::Unknown(name) => write!(
                f,
                "unknown category `{name}` (valid: {}, or `{CUSTOM_PREFIX}<label>`)",
                Category::NAMES.join(", ")
            ),
            CategoryError::BadLabel(label) => write!(
                f,
                "custom category label `{label}` must be lowercase letters, digits, `-` or `_`"
            ),
        }
    }
}

impl std::error::Error for CategoryError {}

impl FromStr for Category {
    type Err = CategoryError;

    fn from_str(name: &str) -> Result<Self, CategoryError> {
        if let Some(label) = name.strip_prefix(CUSTOM_PREFIX) {
            return if Category::is_valid_label(label) {
                Ok(Category::Custom(Cow::Owned(label.to_owned())))
            } else {
                Err(CategoryError::BadLabel(label.to_owned()))
            };
        }
        Category::BUILT_IN
            .into_iter()
            .find(|category| category.builtin_name() == Some(name))
            .ok_or_else(|| CategoryError::Unknown(name.to_owned()))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;

        impl serde::de::Visitor<'_> for Name {
            type Value = Category;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a category name or `custom:<label>`")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Category, E> {
                name.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_and_custom_names_round_trip() {
        for category in Category::BUILT_IN {
            assert_eq!(category.name().parse::<Category>(), Ok(category.clone()));
        }
        let custom: Category = "custom:storage".parse().unwrap();
        assert_eq!(custom, Category::custom("storage"));
        assert_eq!(custom.name(), "custom:storage");
        assert_eq!(Category::Validation.to_string(), "validation");
        assert_eq!(Category::custom("x").variant_name(), "Custom");
    }

    #[test]
    fn unknown_names_and_bad_labels_say_what_is_valid() {
        assert_eq!(
            "storage".parse::<Category>().unwrap_err().to_string(),
            "unknown category `storage` (valid: validation, configuration, boundary, credential, execution, critic, or `custom:<label>`)"
        );
        assert_eq!(
            "custom:Bad Label".parse::<Category>(),
            Err(CategoryError::BadLabel("Bad Label".into()))
        );
        assert!(!Category::is_valid_label(""));
        assert!(Category::is_valid_label("io-retry_2"));
    }

    #[test]
    fn serializes_as_the_name_and_reads_back_owned() {
        let json = serde_json::to_string(&Category::custom("storage")).unwrap();
        assert_eq!(json, r#""custom:storage""#);
        let back: Category = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Category::custom("storage"));
        let back: Category = serde_json::from_str(r#""critic""#).unwrap();
        assert_eq!(back, Category::Critic);
    }
}
