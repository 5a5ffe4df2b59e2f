//! Telling fault harnesses from other test binaries, and collecting their cases.
//!
//! A test binary that links fault-runtime's harness carries its marker (see [`super::marker`]):
//! that, and only that, makes it a fault harness. Other binaries are never run. Each fault
//! harness is asked for its cases ([`super::handshake`]), several at a time; one that does not
//! answer stops the run: a harness is never silently dropped.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use fault_runtime::listing::{ListedCase, ListedSite, Listing};

use super::handshake::ask;
use super::marker::links_harness;
use super::workspace::TestBinary;
use crate::errors::Error;

/// A test binary that is a fault harness, with its cases.
#[derive(Debug, Clone)]
pub(crate) struct Harness {
    /// The executable and where it comes from.
    pub(crate) binary: TestBinary,
    /// Its cases, sorted by id.
    pub(crate) cases: Vec<ListedCase>,
    /// The `fault_runtime::fail_point!` sites linked into it, by name: what its cases can arm.
    pub(crate) sites: Vec<ListedSite>,
}

impl Harness {
    /// `package::target`, how reports and records name a harness.
    pub(crate) fn label(&self) -> String {
        self.binary.label()
    }
}

/// Finds the fault harnesses among `binaries` and lists their cases, several at a time.
pub(crate) fn harnesses(binaries: Vec<TestBinary>) -> Result<Vec<Harness>, Error> {
    let mut candidates = Vec::new();
    for binary in binaries {
        let links = links_harness(&binary.path).map_err(|source| Error::Read {
            path: binary.path.clone(),
            source,
        })?;
        if links {
            candidates.push(binary);
        }
    }
    let answers = ask_all(&candidates);
    let mut harnesses = Vec::new();
    for (answer, binary) in answers.into_iter().zip(candidates) {
        let listing = answer?;
        if listing.cases.is_empty() {
            return Err(Error::EmptyHarness {
                harness: binary.label(),
                binary: binary.path.display().to_string(),
            });
        }
        harnesses.push(Harness {
            binary,
            cases: listing.cases,
            sites: listing.failpoint_sites,
        });
    }
    Ok(harnesses)
}

/// Each candidate's answer to the handshake, in candidate order, asked one per CPU at a time.
fn ask_all(candidates: &[TestBinary]) -> Vec<Result<Listing, Error>> {
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let next = AtomicUsize::new(0);
    let answers = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(candidates.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(binary) = candidates.get(index) else {
                        return;
                    };
                    let answer = ask(binary);
                    answers
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push((index, answer));
                }
            });
        }
    });
    let mut answers = answers.into_inner().unwrap_or_else(PoisonError::into_inner);
    answers.sort_by_key(|(index, _)| *index);
    answers.into_iter().map(|(_, answer)| answer).collect()
}
