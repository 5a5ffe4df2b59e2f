//! How serious a fault is.

vocabulary! {
    /// How serious the fault is. `critical` and `error` cases expect a refusal; `warning` and
    /// `info` cases expect the operation to continue and report the code as a warning.
    #[derive(PartialOrd, Ord, Default)]
    pub enum Severity: "severity" {
        Critical = "critical", "The system cannot run at all: refuse at startup.";
        #[default]
        Error = "error", "The operation must be refused (the default).";
        Warning = "warning", "Degraded but continuing behaviour.";
        Info = "info", "Informational: continuing behaviour worth recording.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_list_the_valid_ones_when_unknown() {
        for severity in Severity::ALL {
            assert_eq!(severity.as_str().parse::<Severity>(), Ok(severity));
            assert_eq!(severity.to_string(), severity.as_str());
        }
        let err = "fatal".parse::<Severity>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown severity `fatal` (valid: critical, error, warning, info)"
        );
        assert_eq!(Severity::default(), Severity::Error);
        assert!(Severity::Critical < Severity::Info, "most serious first");
    }

    #[test]
    fn variants_carry_their_rust_name_and_meaning() {
        assert_eq!(Severity::Critical.variant_name(), "Critical");
        assert_eq!(
            Severity::Warning.meaning(),
            "Degraded but continuing behaviour."
        );
    }

    #[test]
    fn serializes_as_the_name_string() {
        assert_eq!(
            serde_json::to_string(&Severity::ALL).unwrap(),
            r#"["critical","error","warning","info"]"#
        );
        let back: Severity = serde_json::from_str(r#""warning""#).unwrap();
        assert_eq!(back, Severity::Warning);
        let err = serde_json::from_str::<Severity>(r#""fatal""#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown variant `fatal`, expected one of `critical`"),
            "{err}"
        );
    }
}
