//! Checking the canaries' records against their predicted verdicts.

use std::path::Path;

use fault_runtime::record::{RunRecord, Verdict};

use super::catalog::{
    CANARIES, HARNESS, Needs, OUTSIDE_WRITE, OUTSIDE_WRITE_CANARY, SECRET, SECRET_CANARY,
};

/// What the records say of one canary.
#[derive(Debug)]
pub(crate) struct Judged {
    /// The canary's case id.
    pub(crate) id: &'static str,
    /// What it does wrong on purpose.
    pub(crate) misbehaviour: &'static str,
    /// The verdict it must get.
    pub(crate) expected: Verdict,
    /// What its record shows.
    pub(crate) observed: Observed,
    /// What it needs of the machine that the machine may not allow.
    pub(crate) needs: Needs,
    /// Why it could not run: this machine does not allow what it needs.
    pub(crate) unavailable: Option<String>,
}

/// What a canary's record shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Observed {
    /// This run wrote no readable record of it.
    NoRecord,
    /// Its record holds the secret that must stay out of every record.
    SecretLeaked,
    /// What it wrote outside its container's sandbox reached the machine.
    ReachedTheMachine,
    /// It could not run: what it needs is unavailable here.
    Unavailable,
    /// Its record's verdict.
    Verdict(Verdict),
}

impl Judged {
    /// Whether the harness caught the misbehaviour: the predicted verdict, nothing leaked.
    pub(crate) fn caught(&self) -> bool {
        self.observed == Observed::Verdict(self.expected)
    }

    /// Whether it says nothing about this machine's isolation: a canary whose needs (containers,
    /// syscall faults) this machine does not allow.
    pub(crate) fn skipped(&self) -> bool {
        self.observed == Observed::Unavailable
    }
}

/// Every canary, judged by the record run `run_id` wrote into `records`.
pub(crate) fn judge(records: &Path, run_id: &str) -> Vec<Judged> {
    CANARIES
        .iter()
        .map(|canary| {
            let (observed, unavailable) = observe(records, run_id, canary.id, canary.needs);
            Judged {
                id: canary.id,
                misbehaviour: canary.misbehaviour,
                expected: canary.expected,
                needs: canary.needs,
                observed,
                unavailable,
            }
        })
        .collect()
}

/// What the record of canary `id` shows, and why a canary with needs could not run; a record
/// of another run is no record.
fn observe(records: &Path, run_id: &str, id: &str, needs: Needs) -> (Observed, Option<String>) {
    let path = records.join(RunRecord::file_name(id, HARNESS));
    let record = RunRecord::read(&path)
        .ok()
        .filter(|record| record.run_id == run_id);
    let Some(record) = record else {
        return (Observed::NoRecord, None);
    };
    if needs != Needs::Nothing && record.verdict == Verdict::MissingDependency {
        return (Observed::Unavailable, record.observed.message.clone());
    }
    let leaked_secret = id == SECRET_CANARY
        && std::fs::read_to_string(&path).map_or(true, |text| text.contains(SECRET));
    let observed = if leaked_secret {
        Observed::SecretLeaked
    } else if id == OUTSIDE_WRITE_CANARY && Path::new(OUTSIDE_WRITE).exists() {
        Observed::ReachedTheMachine
    } else {
        Observed::Verdict(record.verdict)
    };
    (observed, None)
}
