//! Gates: the named or numbered checkpoints where a pipeline may refuse.

use std::borrow::Cow;
use std::fmt;

/// Where a refusal happens: a numbered pipeline gate (`4`) or a labelled one (`"STARTUP"`).
///
/// A case declares the gate it expects; a [`Refusal`](crate::Refusal) may report the gate it came
/// from, and the two must agree. In records a gate is a JSON number or string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Gate {
    /// A numbered gate, e.g. gate 4 of a validation pipeline.
    Number(u32),
    /// A labelled gate, e.g. `STARTUP` or `POST-EXEC`.
    Label(Cow<'static, str>),
}

impl Gate {
    /// A labelled gate from a static label; usable in `const` context.
    pub const fn label(label: &'static str) -> Self {
        Gate::Label(Cow::Borrowed(label))
    }

    /// Whether `observed` is this gate. A number and a label of the same digits agree, so a
    /// system that reports gates as strings can still be checked against `gate = 4`.
    pub fn matches(&self, observed: &Gate) -> bool {
        match (self, observed) {
            (Gate::Number(a), Gate::Number(b)) => a == b,
            (Gate::Label(a), Gate::Label(b)) => a == b,
            (Gate::Number(n), Gate::Label(l)) | (Gate::Label(l), Gate::Number(n)) => l
                .parse::<u32>()
                .is_ok_and(|parsed| parsed == *n && *l == parsed.to_string()),
        }
    }
}

impl From<u32> for Gate {
    fn from(number: u32) -> Self {
        Gate::Number(number)
    }
}

impl From<&'static str> for Gate {
    fn from(label: &'static str) -> Self {
        Gate::label(label)
    }
}

impl From<String> for Gate {
    fn from(label: String) -> Self {
        Gate::Label(Cow::Owned(label))
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gate::Number(number) => write!(f, "{number}"),
            Gate::Label(label) => f.write_str(label),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_digit_labels_agree_but_nothing_else_does() {
        assert!(Gate::Number(4).matches(&Gate::Number(4)));
        assert!(Gate::Number(4).matches(&Gate::label("4")));
        assert!(Gate::label("4").matches(&Gate::Number(4)));
        assert!(!Gate::Number(4).matches(&Gate::label("04")));
        assert!(!Gate::Number(4).matches(&Gate::Number(5)));
        assert!(!Gate::label("STARTUP").matches(&Gate::label("startup")));
    }
}
