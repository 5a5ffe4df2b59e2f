//! "Did you mean" hints for near misses in option names and values.

/// The closest of `choices` to `given`, when it is close enough to be a typo.
pub(crate) fn closest<'a>(given: &str, choices: &[&'a str]) -> Option<&'a str> {
    choices
        .iter()
        .map(|choice| (strsim::jaro_winkler(given, choice), *choice))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, choice)| choice)
}

/// `choices` as a readable list: `` `a`, `b`, `c` ``.
pub(crate) fn list(choices: &[&str]) -> String {
    choices
        .iter()
        .map(|choice| format!("`{choice}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentence shown for an unknown value: a hint when one fits, then every valid choice and,
/// when there is one, the escape hatch (`or_else`).
pub(crate) fn unknown(what: &str, given: &str, choices: &[&str], or_else: Option<&str>) -> String {
    let hint = closest(given, choices)
        .map(|choice| format!("; did you mean `{choice}`?"))
        .unwrap_or_default();
    let or_else = or_else
        .map(|text| format!(", or {text}"))
        .unwrap_or_default();
    format!(
        "unknown {what} `{given}`{hint} (valid choices: {}{or_else})",
        list(choices)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["expect", "gate", "halt", "severity"];
        assert_eq!(closest("gat", &keys), Some("gate"));
        assert_eq!(closest("expct", &keys), Some("expect"));
        assert_eq!(closest("sevrity", &keys), Some("severity"));
        assert_eq!(closest("banana", &keys), None);
    }
}
