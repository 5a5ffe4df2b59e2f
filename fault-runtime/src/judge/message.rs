//! What happened to a case, in words: the `observed.message` of its record, rendered from the
//! reason its verdict was decided for.

use crate::declare::CaseDef;
use crate::judge::Judgement;
use crate::record::Verdict;

/// The message for the judged case: the circumstance of the run or the winning verdict's
/// reason, framed by the `drift` mark when there is one.
pub(crate) fn message(def: &CaseDef, judgement: &Judgement) -> Option<String> {
    let told = judgement.absorbed.unwrap_or(judgement.verdict);
    let plain = judgement.decision.reason().map(ToString::to_string);
    match (judgement.verdict, def.drift) {
        (Verdict::Drift, Some(why)) => Some(format!(
            "known drift ({why}); still failing as {told}: {}",
            plain.as_deref().unwrap_or("as predicted")
        )),
        (Verdict::DriftResolved, Some(why)) => Some(format!(
            "the case passes although marked `drift = \"{why}\"`: remove the mark{}",
            plain
                .filter(|p| !p.is_empty())
                .map(|p| format!(" ({p})"))
                .unwrap_or_default()
        )),
        _ => plain,
    }
}
