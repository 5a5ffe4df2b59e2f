//! Checking the canaries' records against their predicted verdicts.

use std::path::Path;

use fault_runtime::record::{RunRecord, Verdict};

use super::catalog::{CANARIES, HARNESS, SECRET, SECRET_CANARY};

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
}

/// What a canary's record shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Observed {
    /// This run wrote no readable record of it.
    NoRecord,
    /// Its record holds the secret that must stay out of every record.
    SecretLeaked,
    /// Its record's verdict.
    Verdict(Verdict),
}

impl Judged {
    /// Whether the harness caught the misbehaviour: the predicted verdict, nothing leaked.
    pub(crate) fn caught(&self) -> bool {
        self.observed == Observed::Verdict(self.expected)
    }
}

/// Every canary, judged by the record run `run_id` wrote into `records`.
pub(crate) fn judge(records: &Path, run_id: &str) -> Vec<Judged> {
    CANARIES
        .iter()
        .map(|&(id, misbehaviour, expected)| Judged {
            id,
            misbehaviour,
            expected,
            observed: observe(records, run_id, id),
        })
        .collect()
}

/// What the record of canary `id` shows; a record of another run is no record.
fn observe(records: &Path, run_id: &str, id: &str) -> Observed {
    let path = records.join(RunRecord::file_name(id, HARNESS));
    let record = RunRecord::read(&path)
        .ok()
        .filter(|record| record.run_id == run_id);
    let Some(record) = record else {
        return Observed::NoRecord;
    };
    let leaked_secret = id == SECRET_CANARY
        && std::fs::read_to_string(&path).map_or(true, |text| text.contains(SECRET));
    if leaked_secret {
        Observed::SecretLeaked
    } else {
        Observed::Verdict(record.verdict)
    }
}
