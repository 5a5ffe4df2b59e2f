//! The verdict of a case over all its copies: each copy decided on its own, `repeat` copies
//! required to agree, then a `drift` mark applied.

use crate::Gate;
use crate::declare::CaseDef;
use crate::judge::{Decision, Evidence, Reason, Strictness, decide, drift};
use crate::record::{ControlReport, RepeatReport, SweepRun, SweepSites, Verdict};

/// The verdict of a case and what it rests on.
#[derive(Debug)]
pub(crate) struct Judgement {
    /// The verdict, after `repeat` and `drift`.
    pub(crate) verdict: Verdict,
    /// The first copy's decision, with `nondeterministic` ahead of it when the copies disagreed.
    pub(crate) decision: Decision,
    /// What `drift` absorbed.
    pub(crate) absorbed: Option<Verdict>,
    /// How the copies of a repeated case ended.
    pub(crate) repeat: Option<RepeatReport>,
    /// A sweep's runs, in order.
    pub(crate) sweep: Vec<SweepRun>,
    /// The sites a failpoint sweep reached and did not reach.
    pub(crate) sweep_sites: Option<SweepSites>,
    /// How the case's control run ended, when it had one or was asked for one.
    pub(crate) control: Option<ControlReport>,
}

/// One copy's evidence, with the code and gate its refusal reported.
pub(crate) struct Copy<'a> {
    /// What the copy's verdict is decided from.
    pub(crate) evidence: Evidence<'a>,
    /// The refusal code it observed.
    pub(crate) code: Option<String>,
    /// The gate it observed.
    pub(crate) gate: Option<Gate>,
}

/// Judges every copy of `def` (at least one); a repeated case passes only if all agree.
pub(crate) fn judge(def: &CaseDef, copies: Vec<Copy<'_>>, strictness: Strictness) -> Judgement {
    let repeated = copies.len() > 1;
    let mut decisions = Vec::with_capacity(copies.len());
    let mut outcomes = Vec::with_capacity(copies.len());
    for copy in copies {
        let decision = decide(def, &copy.evidence, strictness);
        outcomes.push((decision.verdict, copy.code, copy.gate));
        decisions.push(decision);
    }
    let repeat = repeated.then(|| RepeatReport::tally(outcomes));
    let mut decision = decisions
        .into_iter()
        .next()
        .expect("a case is judged on at least one copy");
    if let Some(report) = repeat.as_ref().filter(|report| !report.agreed) {
        decision.overrule(Verdict::Nondeterministic, Reason::Disagreed(report.clone()));
    }
    let drifted = drift(def, decision.verdict, &decision.applicable());
    Judgement {
        verdict: drifted.verdict,
        decision,
        absorbed: drifted.absorbed,
        repeat,
        sweep: Vec::new(),
        sweep_sites: None,
        control: None,
    }
}
