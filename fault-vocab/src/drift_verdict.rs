//! The verdicts a `drift` mark can predict.

vocabulary! {
    /// The one verdict a `drift` case is expected to fail with (`drift_verdict`): a behaviour
    /// verdict, which judges what the system did. Any other failure stays a failure.
    pub enum DriftVerdict: "behaviour verdict" {
        Panicked = "panicked", "The body panicked instead of refusing.";
        SilentAcceptance = "silent_acceptance", "The operation succeeded where a refusal was expected.";
        WrongCode = "wrong_code", "Refused, but with another code.";
        WrongGate = "wrong_gate", "Refused with the right code at another gate.";
        WrongSeverity = "wrong_severity", "Refused with the right code, but not with the declared severity.";
        ExcessRetries = "excess_retries", "The refusal reported more attempts than allowed, or none.";
        SideEffects = "side_effects", "Something changed that the case must leave untouched.";
        NoRollback = "no_rollback", "A rollback was expected, but state was not restored or none was reported.";
    }
}
