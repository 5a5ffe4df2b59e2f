//! Batches: many payloads validated at once, sequentially or on several threads, with the same
//! outcome for every artifact either way, in input order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::{Entry, Gate, PayloadError, validate_payload};

/// A batch with at least one malformed artifact: a batch is accepted whole or not at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("batch rejected: {} of {total} artifacts are malformed; first: {}", .rejected.len(), first_rejection(.rejected))]
pub struct BatchRejected {
    /// How many artifacts the batch had.
    pub total: usize,
    /// Each malformed artifact's position and refusal, in input order.
    pub rejected: Vec<(usize, PayloadError)>,
}

fn first_rejection(rejected: &[(usize, PayloadError)]) -> String {
    rejected.first().map_or_else(
        || "none".to_owned(),
        |(index, error)| format!("artifact {index}: {} ({error})", error.code()),
    )
}

impl BatchRejected {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        "BATCH_REJECTED"
    }

    /// Batches are refused by validation.
    pub fn gate(&self) -> Gate {
        Gate::Validation
    }
}

/// Validates every artifact in order, then refuses an id already used by an earlier valid
/// artifact (`DUPLICATE_ID`).
pub fn validate_batch(artifacts: &[Vec<u8>]) -> Vec<Result<Entry, PayloadError>> {
    let outcomes = artifacts
        .iter()
        .map(|artifact| validate_payload(artifact))
        .collect();
    refuse_repeated_ids(outcomes)
}

/// [`validate_batch`] on `threads` threads (at least one, at most one per artifact).
///
/// Threads take artifacts one at a time from a shared counter, so a slow artifact does not hold
/// up a fixed share of the batch; outcomes are put back in input order, and ids are checked for
/// repeats only afterwards, in that order. So the result is the sequential one, whatever the
/// scheduling.
pub fn validate_batch_concurrent(
    artifacts: &[Vec<u8>],
    threads: usize,
) -> Vec<Result<Entry, PayloadError>> {
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, artifacts.len().max(1));
    let mut indexed: Vec<(usize, Result<Entry, PayloadError>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(artifact) = artifacts.get(index) else {
                            return done;
                        };
                        done.push((index, validate_payload(artifact)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    indexed.sort_unstable_by_key(|(index, _)| *index);
    refuse_repeated_ids(indexed.into_iter().map(|(_, outcome)| outcome).collect())
}

/// The entries of a batch in which every artifact is valid; otherwise `BATCH_REJECTED`, naming
/// every malformed artifact. A batch is accepted whole or not at all.
pub fn accept_batch(
    outcomes: Vec<Result<Entry, PayloadError>>,
) -> Result<Vec<Entry>, BatchRejected> {
    let total = outcomes.len();
    let mut entries = Vec::with_capacity(total);
    let mut rejected = Vec::new();
    for (index, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Ok(entry) => entries.push(entry),
            Err(error) => rejected.push((index, error)),
        }
    }
    if rejected.is_empty() {
        Ok(entries)
    } else {
        Err(BatchRejected { total, rejected })
    }
}

/// Refuses each valid entry whose id an earlier valid entry of the batch already has.
fn refuse_repeated_ids(
    outcomes: Vec<Result<Entry, PayloadError>>,
) -> Vec<Result<Entry, PayloadError>> {
    let mut first_use = HashMap::new();
    outcomes
        .into_iter()
        .enumerate()
        .map(|(index, outcome)| {
            let entry = outcome?;
            match first_use.get(&entry.id) {
                Some(&first) => Err(PayloadError::DuplicateId {
                    id: entry.id,
                    first,
                }),
                None => {
                    first_use.insert(entry.id.clone(), index);
                    Ok(entry)
                }
            }
        })
        .collect()
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::fault_case;

    use super::{accept_batch, validate_batch, validate_batch_concurrent};
    use crate::claims::CaseError;
    use crate::{Entry, PayloadError, fixtures};

    /// Duplicate id in a batch
    ///
    /// Two valid payloads share an id: the second must be refused, not merged or overwritten.
    #[fault_case(
        id = "ledger-21",
        gate = "VALIDATION",
        expect = "DUPLICATE_ID",
        halt,
        severity = "error",
        category = "validation",
        fault = "duplicate_id_in_batch",
        recovery = "Give each entry of the batch an id of its own",
        control = distinct_ids_in_batch,
        tags = ["payload", "batch"],
    )]
    fn duplicate_id_in_batch() -> Result<Vec<Entry>, PayloadError> {
        let artifacts = [fixtures::valid("tx-1"), fixtures::valid("tx-1")];
        validate_batch(&artifacts).into_iter().collect()
    }

    /// The control of `ledger-21`: the same two valid payloads, the second under an id of its
    /// own. Both must validate, so the case's refusal comes from the shared id alone.
    fn distinct_ids_in_batch() -> Result<Vec<Entry>, PayloadError> {
        let artifacts = [fixtures::valid("tx-1"), fixtures::valid("tx-2")];
        validate_batch(&artifacts).into_iter().collect()
    }

    /// 100 concurrent validations
    ///
    /// A deterministic mix of 100 valid, malformed and repeated-id artifacts is validated on
    /// 2, 4, 8 and 16 threads and sequentially. Any difference between the outcomes is
    /// `NONDETERMINISTIC_VALIDATION`; otherwise the batch is refused whole, with its count of
    /// bad artifacts. The whole case runs in 100 processes at once (`repeat = 100`), and every
    /// copy must refuse the same way.
    #[fault_case(
        id = "ledger-22",
        gate = "VALIDATION",
        expect = "BATCH_REJECTED",
        halt,
        severity = "error",
        category = "validation",
        fault = "malformed_artifacts_in_concurrent_batch",
        recovery = "Fix or drop the artifacts listed in the refusal, then submit the batch again",
        repeat = 100,
        control = concurrent_validation_of_a_valid_batch,
        tags = ["payload", "batch", "concurrency"],
    )]
    fn concurrent_validation() -> Result<Vec<Entry>, CaseError> {
        validate_everywhere(&fixtures::mixed_batch(100))
    }

    /// The control of `ledger-22`: 100 valid artifacts with ids of their own, validated the
    /// same way on 2, 4, 8 and 16 threads and sequentially. The outcomes must agree and the
    /// batch be accepted whole, so the case's refusal comes from its bad artifacts.
    fn concurrent_validation_of_a_valid_batch() -> Result<Vec<Entry>, CaseError> {
        validate_everywhere(&fixtures::valid_batch(100))
    }

    /// Validates `artifacts` sequentially and on 2, 4, 8 and 16 threads: any difference is
    /// `NONDETERMINISTIC_VALIDATION`, otherwise the batch is accepted or refused whole.
    fn validate_everywhere(artifacts: &[Vec<u8>]) -> Result<Vec<Entry>, CaseError> {
        let sequential = validate_batch(artifacts);
        for threads in [2, 4, 8, 16] {
            let concurrent = validate_batch_concurrent(artifacts, threads);
            if concurrent != sequential {
                let differing: Vec<_> = (0..artifacts.len())
                    .filter(|&i| concurrent.get(i) != sequential.get(i))
                    .collect();
                return Err(CaseError::NondeterministicValidation(format!(
                    "on {threads} threads, {} artifacts differ from the sequential outcome, first {:?}",
                    differing.len(),
                    &differing[..differing.len().min(10)]
                )));
            }
        }
        Ok(accept_batch(sequential)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, MALFORMATIONS};

    fn codes(outcomes: &[Result<Entry, PayloadError>]) -> Vec<&'static str> {
        outcomes
            .iter()
            .map(|outcome| outcome.as_ref().map_or_else(PayloadError::code, |_| "OK"))
            .collect()
    }

    #[test]
    fn outcomes_are_per_artifact_and_in_input_order() {
        let artifacts = [
            fixtures::valid("tx-1"),
            fixtures::empty(),
            fixtures::valid("tx-2"),
            fixtures::negative_amount(),
        ];
        let outcomes = validate_batch(&artifacts);
        assert_eq!(
            codes(&outcomes),
            ["OK", "EMPTY_PAYLOAD", "OK", "NEGATIVE_AMOUNT"]
        );
        assert_eq!(outcomes[2].as_ref().unwrap().id, "tx-2");
    }

    #[test]
    fn a_repeated_id_points_at_its_first_use() {
        let artifacts = [
            fixtures::valid("tx-1"),
            fixtures::valid("tx-2"),
            fixtures::valid("tx-1"),
        ];
        assert_eq!(
            validate_batch(&artifacts)[2],
            Err(PayloadError::DuplicateId {
                id: "tx-1".into(),
                first: 0
            })
        );
    }

    #[test]
    fn a_refused_artifact_does_not_claim_its_id() {
        let artifacts = [fixtures::negative_amount(), fixtures::valid("tx-1")];
        assert_eq!(
            codes(&validate_batch(&artifacts)),
            ["NEGATIVE_AMOUNT", "OK"]
        );
    }

    #[test]
    fn concurrent_and_sequential_outcomes_are_identical() {
        let artifacts = fixtures::mixed_batch(257);
        let sequential = validate_batch(&artifacts);
        for threads in [0, 1, 2, 3, 8, 64, 1000] {
            assert_eq!(
                validate_batch_concurrent(&artifacts, threads),
                sequential,
                "{threads} threads"
            );
        }
        assert_eq!(validate_batch_concurrent(&[], 4), []);
    }

    #[test]
    fn the_mixed_batch_holds_every_malformation_and_repeated_ids() {
        let outcomes = validate_batch(&fixtures::mixed_batch(100));
        let codes = codes(&outcomes);
        for fixture in MALFORMATIONS {
            assert!(codes.contains(&fixture.code), "{}", fixture.code);
        }
        assert!(codes.contains(&"DUPLICATE_ID"));
        assert!(codes.iter().filter(|&&c| c == "OK").count() >= 50);
    }

    #[test]
    fn a_batch_is_accepted_whole_or_refused_with_every_bad_artifact() {
        let good = [fixtures::valid("tx-1"), fixtures::valid("tx-2")];
        assert_eq!(accept_batch(validate_batch(&good)).map(|e| e.len()), Ok(2));

        let outcomes = validate_batch(&fixtures::mixed_batch(100));
        let bad = outcomes.iter().filter(|o| o.is_err()).count();
        let refusal = accept_batch(outcomes).unwrap_err();
        assert_eq!(refusal.total, 100);
        assert_eq!(refusal.rejected.len(), bad);
        assert!(refusal.to_string().starts_with(&format!(
            "batch rejected: {bad} of 100 artifacts are malformed"
        )));
    }

    #[test]
    fn a_rejected_batch_names_its_count_and_first_rejection() {
        let rejected = BatchRejected {
            total: 10,
            rejected: vec![(3, PayloadError::Empty), (7, PayloadError::EmptyId)],
        };
        assert_eq!(rejected.code(), "BATCH_REJECTED");
        assert_eq!(
            rejected.to_string(),
            "batch rejected: 2 of 10 artifacts are malformed; first: artifact 3: EMPTY_PAYLOAD (payload is empty)"
        );
    }
}
