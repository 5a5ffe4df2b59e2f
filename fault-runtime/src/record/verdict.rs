//! Verdicts: the public names of every way a case can end, in one table.
//!
//! The table below is the single source of truth: the enum, its docs, the contract names,
//! their meanings, pass/fail status, class and precedence are all derived from it; tests hold
//! the schema, the README and the rustdoc to it. How a verdict is
//! decided lives in [`judge`](crate::judge).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a verdict is about, for `drift` and for readers grouping failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// The case passed.
    Pass,
    /// The system under test behaved wrongly; a `drift` mark may absorb it.
    Behaviour,
    /// The case could not prove anything (it hung, crashed, leaked, was not exercised, …);
    /// never absorbed by `drift`.
    Infrastructure,
    /// About the `drift` mark itself.
    Drift,
    /// A verdict name this version does not know (a record from a newer runtime): failed.
    Unknown,
}

macro_rules! verdicts {
    ($( $variant:ident = $name:literal, $class:ident, $meaning:literal; )+) => {
        /// How a case ended. The names are a public contract: records, reports and filters use
        /// them.
        ///
        /// Variants are declared passing first, then failing in precedence order: when several
        /// apply to one run, the earliest wins.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Verdict {
            $( #[doc = $meaning] $variant, )+
            /// A verdict name this version does not know, read from a record written by a newer
            /// runtime. It counts as failed; this version never writes it.
            Unknown,
        }

        impl Verdict {
            /// Every verdict this version writes: the passing ones, then the failing ones in
            /// precedence order.
            pub const ALL: &'static [Verdict] = &[$(Verdict::$variant),+];

            /// The contract name, e.g. `silent_acceptance`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Verdict::$variant => $name,)+
                    Verdict::Unknown => "unknown",
                }
            }

            /// One line saying what the verdict means.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Verdict::$variant => $meaning,)+
                    Verdict::Unknown => "a verdict this version of fault-runtime does not know; counted as failed",
                }
            }

            /// What the verdict is about.
            pub fn class(self) -> Class {
                match self {
                    $(Verdict::$variant => Class::$class,)+
                    Verdict::Unknown => Class::Unknown,
                }
            }
        }
    };
}

verdicts! {
    Refused = "refused", Pass,
        "refused with the expected code; every expectation held";
    Degraded = "degraded", Pass,
        "the operation continued and reported the expected code as a warning";
    Drift = "drift", Pass,
        "a known, not-yet-hardened case failed as predicted";
    Hung = "hung", Infrastructure,
        "the watchdog killed the case's processes";
    Crashed = "crashed", Infrastructure,
        "the case's process ended without reporting a verdict";
    LeakedProcess = "leaked_process", Infrastructure,
        "a process the case started was still alive after the body ended";
    MissingDependency = "missing_dependency", Infrastructure,
        "something the case needs is absent on this machine";
    NotExercised = "not_exercised", Infrastructure,
        "an armed fault never fired: the case proved nothing";
    Vacuous = "vacuous", Infrastructure,
        "the control run (without the fault) refused too, or could not complete: the case proves nothing";
    Panicked = "panicked", Behaviour,
        "the body panicked instead of refusing";
    SilentAcceptance = "silent_acceptance", Behaviour,
        "the operation succeeded where a refusal was expected";
    WrongCode = "wrong_code", Behaviour,
        "refused, but with another code";
    WrongGate = "wrong_gate", Behaviour,
        "refused with the right code at another gate";
    WrongSeverity = "wrong_severity", Behaviour,
        "refused with the right code, but not with the declared severity";
    ExcessRetries = "excess_retries", Behaviour,
        "the refusal reported more attempts than `attempts` allows, or none";
    Unverified = "unverified", Infrastructure,
        "strict mode: a claim of the case could not be verified";
    SideEffects = "side_effects", Behaviour,
        "something changed that the case must leave untouched";
    NoRollback = "no_rollback", Behaviour,
        "`rollback` was expected, but state was not restored or no rollback was reported";
    Nondeterministic = "nondeterministic", Infrastructure,
        "the `repeat` copies disagreed on verdict, code or gate";
    DriftResolved = "drift_resolved", Drift,
        "a `drift` case now passes: remove the mark";
    DriftExpired = "drift_expired", Drift,
        "a `drift` case past its `drift_until` date: harden it, or move the date with a reason";
}

/// Whether a verdict counts as a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The case proved the system refuses as it should.
    Passed,
    /// The case found a problem, or proved nothing.
    Failed,
}

impl Verdict {
    /// Whether this verdict passes: `refused`, `degraded` and `drift` do.
    pub fn status(self) -> Status {
        match self.class() {
            Class::Pass => Status::Passed,
            _ => Status::Failed,
        }
    }

    /// Whether this verdict judges the system's behaviour (which a `drift` mark absorbs),
    /// rather than whether the case could prove anything at all.
    pub fn is_behaviour(self) -> bool {
        self.class() == Class::Behaviour
    }

    /// The verdict a `drift_verdict` names.
    pub fn predicted(predicted: crate::declare::DriftVerdict) -> Verdict {
        Verdict::from_name(predicted.as_str()).unwrap_or(Verdict::Unknown)
    }

    /// The verdict named `name`, if this version knows it.
    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.iter().copied().find(|v| v.as_str() == name)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A name this version does not know reads as [`Verdict::Unknown`], never as an error: a
/// reader must count it as failed, not drop the record.
impl<'de> Deserialize<'de> for Verdict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Ok(Verdict::from_name(&name).unwrap_or(Verdict::Unknown))
    }
}

impl Status {
    /// The contract name: `passed` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_read_as_failed() {
        for verdict in Verdict::ALL {
            let json = serde_json::to_string(verdict).unwrap();
            assert_eq!(json, format!("\"{}\"", verdict.as_str()));
            assert_eq!(serde_json::from_str::<Verdict>(&json).unwrap(), *verdict);
        }
        let future: Verdict = serde_json::from_str("\"quarantined\"").unwrap();
        assert_eq!(future, Verdict::Unknown);
        assert_eq!(future.status(), Status::Failed);
    }

    #[test]
    fn only_refused_degraded_and_drift_pass() {
        let passing: Vec<&str> = Verdict::ALL
            .iter()
            .filter(|v| v.status() == Status::Passed)
            .map(|v| v.as_str())
            .collect();
        assert_eq!(passing, ["refused", "degraded", "drift"]);
    }

    #[test]
    fn the_precedence_is_the_documented_one() {
        let failing: Vec<&str> = Verdict::ALL
            .iter()
            .filter(|v| v.status() == Status::Failed)
            .map(|v| v.as_str())
            .collect();
        assert_eq!(
            failing,
            [
                "hung",
                "crashed",
                "leaked_process",
                "missing_dependency",
                "not_exercised",
                "vacuous",
                "panicked",
                "silent_acceptance",
                "wrong_code",
                "wrong_gate",
                "wrong_severity",
                "excess_retries",
                "unverified",
                "side_effects",
                "no_rollback",
                "nondeterministic",
                "drift_resolved",
                "drift_expired",
            ]
        );
    }

    #[test]
    fn a_drift_can_predict_exactly_the_behaviour_verdicts() {
        let behaviour: Vec<&str> = Verdict::ALL
            .iter()
            .filter(|v| v.is_behaviour())
            .map(|v| v.as_str())
            .collect();
        let predictable: Vec<&str> = crate::declare::DriftVerdict::ALL
            .iter()
            .map(|v| v.as_str())
            .collect();
        assert_eq!(predictable, behaviour);
        for predicted in crate::declare::DriftVerdict::ALL {
            assert_eq!(Verdict::predicted(predicted).as_str(), predicted.as_str());
        }
    }
}
