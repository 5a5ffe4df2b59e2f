//! `repeat = N`: N copies of a case, each in its own process and sandbox, run concurrently;
//! their outcomes must agree.

use crate::Gate;

use crate::record::{CopyOutcome, RepeatReport, Verdict};

impl RepeatReport {
    /// Tallies `(verdict, code, gate)` of every copy.
    pub(crate) fn tally(
        outcomes: impl IntoIterator<Item = (Verdict, Option<String>, Option<Gate>)>,
    ) -> Self {
        let mut distribution: Vec<CopyOutcome> = Vec::new();
        let mut copies = 0;
        for (verdict, code, gate) in outcomes {
            copies += 1;
            match distribution
                .iter_mut()
                .find(|o| o.verdict == verdict && o.code == code && o.gate == gate)
            {
                Some(seen) => seen.count += 1,
                None => distribution.push(CopyOutcome {
                    verdict,
                    code,
                    gate,
                    count: 1,
                }),
            }
        }
        distribution.sort_by_key(|outcome| std::cmp::Reverse(outcome.count));
        RepeatReport {
            copies,
            agreed: distribution.len() <= 1,
            distribution,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_agree_only_on_verdict_code_and_gate_together() {
        let same = RepeatReport::tally((0..5).map(|_| {
            (
                Verdict::Refused,
                Some("X".to_owned()),
                Some(Gate::Number(4)),
            )
        }));
        assert!(same.agreed);
        assert_eq!(same.copies, 5);
        assert_eq!(same.distribution[0].count, 5);
        let split = RepeatReport::tally([
            (
                Verdict::Refused,
                Some("X".to_owned()),
                Some(Gate::Number(4)),
            ),
            (
                Verdict::Refused,
                Some("X".to_owned()),
                Some(Gate::Number(5)),
            ),
            (
                Verdict::Refused,
                Some("X".to_owned()),
                Some(Gate::Number(4)),
            ),
        ]);
        assert!(!split.agreed);
        assert_eq!(split.distribution[0].count, 2, "most frequent first");
        assert_eq!(split.distribution[1].gate, Some(Gate::Number(5)));
    }
}
