//! `drift`: a known, not-yet-hardened case. Failing as today is the predicted `drift`; passing
//! means the mark is stale (`drift_resolved`).

use crate::declare::CaseDef;

use crate::record::Verdict;

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
/// was asked to, and that is never the predicted failure.
pub(crate) fn drift(def: &CaseDef, verdict: Verdict, applicable: &[Verdict]) -> Drifted {
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
    let infrastructure = std::iter::once(&verdict)
        .chain(applicable)
        .find(|v| !v.is_behaviour());
    if let Some(&kept) = infrastructure {
        return Drifted {
            verdict: kept,
            absorbed: None,
        };
    }
    Drifted {
        verdict: Verdict::Drift,
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
    fn an_unmarked_case_keeps_its_verdict() {
        let case = crate::declare::TEST_CASE;
        assert_eq!(
            drift(&case, Verdict::WrongCode, &[Verdict::WrongCode]).verdict,
            Verdict::WrongCode
        );
    }
}
