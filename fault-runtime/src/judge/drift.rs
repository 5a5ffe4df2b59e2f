//! `drift`: a known, not-yet-hardened case. Failing as today is the predicted `drift`; passing
//! means the mark is stale (`drift_resolved`).

use crate::declare::CaseDef;

use crate::record::Verdict;
use crate::record::clock;

/// A verdict after the `drift` mark, with the behaviour verdict the mark absorbed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Drifted {
    /// The verdict reported.
    pub(crate) verdict: Verdict,
    /// The behaviour verdict `drift` stands in for, when it does.
    pub(crate) absorbed: Option<Verdict>,
}

/// Applies the case's `drift` mark to `verdict`, given every verdict that applied (`applicable`).
///
/// Drift absorbs behaviour verdicts only, and only when no infrastructure verdict applies at
/// all, whatever its rank: a drift case whose refusal has the wrong code and, under strict
/// mode, an unreported gate is `unverified`, because the harness could not verify what it
/// was asked to, and that is never the predicted failure. With `drift_verdict`, only that
/// verdict is absorbed: any other failure stays, the highest-ranking one reported. Past
/// `drift_until` the predicted failure is `drift_expired`.
pub(crate) fn drift(def: &CaseDef, verdict: Verdict, applicable: &[Verdict]) -> Drifted {
    drift_on(def, verdict, applicable, &clock::today())
}

/// [`drift`] on the day `today` (`YYYY-MM-DD`).
fn drift_on(def: &CaseDef, verdict: Verdict, applicable: &[Verdict], today: &str) -> Drifted {
    let plain = Drifted {
        verdict,
        absorbed: None,
    };
    if def.drift.is_none() {
        return plain;
    }
    if matches!(verdict, Verdict::Refused | Verdict::Degraded) {
        return Drifted {
            verdict: Verdict::DriftResolved,
            absorbed: None,
        };
    }
    let failing = || std::iter::once(verdict).chain(applicable.iter().copied());
    if let Some(kept) = failing().find(|v| !v.is_behaviour()) {
        return Drifted {
            verdict: kept,
            absorbed: None,
        };
    }
    if let Some(predicted) = def.drift_verdict.map(Verdict::predicted) {
        if let Some(other) = failing().filter(|v| *v != predicted).min() {
            return Drifted {
                verdict: other,
                absorbed: None,
            };
        }
    }
    let expired = def.drift_until.is_some_and(|until| today > until);
    Drifted {
        verdict: if expired {
            Verdict::DriftExpired
        } else {
            Verdict::Drift
        },
        absorbed: Some(verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRIFTING: CaseDef = CaseDef {
        drift: Some("not hardened yet"),
        ..crate::declare::TEST_CASE
    };

    #[test]
    fn drift_absorbs_behaviour_failures_and_names_them() {
        for behaviour in [
            Verdict::SilentAcceptance,
            Verdict::WrongCode,
            Verdict::NoRollback,
            Verdict::Panicked,
        ] {
            let drifted = drift(&DRIFTING, behaviour, &[behaviour]);
            assert_eq!(drifted.verdict, Verdict::Drift);
            assert_eq!(drifted.absorbed, Some(behaviour));
        }
        assert_eq!(
            drift(&DRIFTING, Verdict::Refused, &[]).verdict,
            Verdict::DriftResolved
        );
    }

    #[test]
    fn drift_never_absorbs_when_any_infrastructure_verdict_applies() {
        for infrastructure in [
            Verdict::Hung,
            Verdict::Crashed,
            Verdict::LeakedProcess,
            Verdict::NotExercised,
            Verdict::Nondeterministic,
        ] {
            assert_eq!(
                drift(&DRIFTING, infrastructure, &[infrastructure]).verdict,
                infrastructure
            );
        }
        let mixed = drift(
            &DRIFTING,
            Verdict::WrongCode,
            &[Verdict::WrongCode, Verdict::Unverified],
        );
        assert_eq!(mixed.verdict, Verdict::Unverified);
        assert_eq!(mixed.absorbed, None);
    }

    #[test]
    fn a_drift_verdict_absorbs_only_the_predicted_failure() {
        let predicting = CaseDef {
            drift_verdict: Some(crate::declare::DriftVerdict::SideEffects),
            ..DRIFTING
        };
        let today = "2026-12-02";
        let predicted = drift_on(
            &predicting,
            Verdict::SideEffects,
            &[Verdict::SideEffects],
            today,
        );
        assert_eq!(
            (predicted.verdict, predicted.absorbed),
            (Verdict::Drift, Some(Verdict::SideEffects))
        );
        let other = drift_on(
            &predicting,
            Verdict::WrongCode,
            &[Verdict::WrongCode],
            today,
        );
        assert_eq!((other.verdict, other.absorbed), (Verdict::WrongCode, None));
        // The predicted failure beside another: the other stays a failure.
        let both = drift_on(
            &predicting,
            Verdict::WrongCode,
            &[Verdict::WrongCode, Verdict::SideEffects],
            today,
        );
        assert_eq!(both.verdict, Verdict::WrongCode);
        let behind = CaseDef {
            drift_verdict: Some(crate::declare::DriftVerdict::WrongCode),
            ..DRIFTING
        };
        let both = drift_on(
            &behind,
            Verdict::WrongCode,
            &[Verdict::WrongCode, Verdict::SideEffects],
            today,
        );
        assert_eq!((both.verdict, both.absorbed), (Verdict::SideEffects, None));
    }

    #[test]
    fn past_drift_until_the_predicted_failure_is_drift_expired() {
        let dated = CaseDef {
            drift_until: Some("2026-12-01"),
            ..DRIFTING
        };
        let on = |today| drift_on(&dated, Verdict::WrongCode, &[Verdict::WrongCode], today);
        assert_eq!(
            on("2026-12-01").verdict,
            Verdict::Drift,
            "the last day still absorbs"
        );
        let expired = on("2026-12-02");
        assert_eq!(
            (expired.verdict, expired.absorbed),
            (Verdict::DriftExpired, Some(Verdict::WrongCode))
        );
        // A passing case is drift_resolved whatever the date; other failures stay as they are.
        assert_eq!(
            drift_on(&dated, Verdict::Refused, &[], "2030-01-01").verdict,
            Verdict::DriftResolved
        );
        assert_eq!(
            drift_on(&dated, Verdict::Hung, &[Verdict::Hung], "2030-01-01").verdict,
            Verdict::Hung
        );
    }

    #[test]
    fn an_unmarked_case_keeps_its_verdict() {
        let case = crate::declare::TEST_CASE;
        assert_eq!(
            drift(&case, Verdict::WrongCode, &[Verdict::WrongCode]).verdict,
            Verdict::WrongCode
        );
    }
}
